// The rules engine's public API. Pure: no DOM, no extension APIs. Only the background, the
// options page and the tools use it: content scripts get verdicts from the background.

import { CATEGORIES, type Category, SEVERITIES, type Severity } from './categories';
import { compileMatcherData, type MatcherData } from './compile';
import {
  type Classification,
  type Finding,
  Matcher,
  type CategoryVerdict,
  validateMatcherData,
} from './matcher';
import type { Pack, PackError } from './pack';

export { FLAG_THRESHOLD, SEVERITY_WEIGHT } from './matcher';
export { normalise, type Token, type TokenKind } from './normalise';
export { loadPacks, PackSchema, packJsonSchema, parsePack } from './pack';
export { BASE_PACKS, CAMPAIGN_PACKS } from './packs';
export { parsePattern } from './pattern';
export type {
  Category,
  Classification,
  Finding,
  Matcher,
  MatcherData,
  Pack,
  PackError,
  Severity,
  CategoryVerdict,
};
export { CATEGORIES, SEVERITIES };

/** Compiles validated packs (in priority order: the first campaign pack wins a shared ballot number). */
export function compileMatcher(packs: readonly Pack[]): Matcher {
  return new Matcher(compileMatcherData(packs));
}

/** Rebuilds a matcher from serialised data; throws a clear error if the data is not usable. */
export function deserialiseMatcher(data: unknown): Matcher {
  return new Matcher(validateMatcherData(data));
}

/** The matcher as plain JSON-compatible data, for storage or a message to a content script. */
export function serialiseMatcher(matcher: Matcher): MatcherData {
  return matcher.data;
}

/** Adds to the rules' classification of a text (the model packs, lib/models, use it). */
export type ClassifyHook = (text: string, rules: Classification) => Classification;

const hooks = new WeakMap<Matcher, ClassifyHook>();

/**
 * Makes classify() pass this matcher's results through `hook` (null: the rules alone). The
 * background sets the enabled model packs here, so every caller of classify() gets the combined
 * verdict without knowing about models (issue #19).
 */
export function setClassifyHook(matcher: Matcher, hook: ClassifyHook | null): void {
  if (hook) hooks.set(matcher, hook);
  else hooks.delete(matcher);
}

/** Finds what a text says against the matcher's rules (and its hook's models): findings, verdicts, flagged categories. */
export function classify(matcher: Matcher, text: string): Classification {
  const rules = matcher.classify(text);
  const hook = hooks.get(matcher);
  return hook ? hook(text, rules) : rules;
}
