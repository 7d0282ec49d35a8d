// The part of the rules engine a content script needs: rebuild a compiled matcher and classify
// texts. Importing this module (rather than index.ts) keeps the stemmer, its dictionary, the
// zod schema and the shipped packs out of the content-script bundle.

import type { MatcherData } from './compile';
import { type Classification, Matcher, validateMatcherData } from './matcher';

export type { Category, Severity } from './categories';
export type { MatcherData } from './compile';
export type { Classification, Finding, Matcher, Verdict } from './matcher';
export { normalise, type Token, type TokenKind } from './normalise';

/** Rebuilds a matcher from serialised data; throws a clear error if the data is not usable. */
export function deserialiseMatcher(data: unknown): Matcher {
  return new Matcher(validateMatcherData(data));
}

/** The matcher as plain JSON-compatible data, for storage or a message to a content script. */
export function serialiseMatcher(matcher: Matcher): MatcherData {
  return matcher.data;
}

/** Finds what a text says against the matcher's rules: findings, per-category verdicts, flagged categories. */
export function classify(matcher: Matcher, text: string): Classification {
  return matcher.classify(text);
}
