// The rules engine's public API. Pure: no DOM, no extension APIs. compileMatcher (which loads the
// stemmer and its dictionary) belongs in the background or the options page; content scripts
// should import from ./runtime (deserialiseMatcher, classify, normalise) to stay small.

import { CATEGORIES, type Category, SEVERITIES, type Severity } from './categories';
import { compileMatcherData, type MatcherData } from './compile';
import { type Classification, type Finding, Matcher, type Verdict } from './matcher';
import type { Pack, PackError } from './pack';

export { FLAG_THRESHOLD, SEVERITY_WEIGHT } from './matcher';
export {
  classify,
  deserialiseMatcher,
  normalise,
  serialiseMatcher,
  type Token,
  type TokenKind,
} from './runtime';
export { loadPacks, PackSchema, packJsonSchema, parsePack } from './pack';
export { BASE_PACKS, CAMPAIGN_PACKS } from './packs';
export { parsePattern } from './pattern';
export type { Category, Classification, Finding, Matcher, MatcherData, Pack, PackError, Severity, Verdict };
export { CATEGORIES, SEVERITIES };

/** Compiles validated packs (in priority order: the first campaign pack wins a shared ballot number). */
export function compileMatcher(packs: readonly Pack[]): Matcher {
  return new Matcher(compileMatcherData(packs));
}
