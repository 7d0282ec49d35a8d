import { normalise } from './normalise';

// The pattern language of rule packs. A pattern is a phrase: terms separated by spaces, each
// term one or more alternatives separated by `|`, each matching exactly one normalised token.
// It is deliberately not a regular expression: every term compiles to hash-table keys, so a
// remote pack can neither backtrack nor make matching slower than one pass over the tokens.
//
//   word        the word, after the same normalisation as texts (slang, elongation, case)
//   word*       any word starting with it (at least 3 letters before the star)
//   ~root       any affixed form of the root: ~dukung = mendukung, didukung, dukungan, ...
//   2           the number 2 written any way: 2, 02, dua, 2️⃣
//   02          exactly "02" (ballot-number style)
//   {num}       any number from 0 to 99
//   ?           any single token
//   #tag #tag*  a hashtag (case and underscores ignored), or one starting with it
//   @akun @ak*  a mention of an account, or of one starting with it
//   ✌           an emoji (skin tones and variation selectors ignored)
//   {candidate} any reference to a candidate of the active campaign packs; must stand alone

export const MAX_PHRASE_TERMS = 8;
export const MAX_ALTERNATIVES = 100;
export const MAX_PATTERN_LENGTH = 1000;
const MIN_PREFIX = 3;

export type Alt =
  | { kind: 'word'; key: string }
  | { kind: 'prefix'; key: string }
  | { kind: 'stem'; root: string }
  | { kind: 'number'; value: number }
  | { kind: 'exact'; key: string }
  | { kind: 'anyNumber' }
  | { kind: 'any' }
  | { kind: 'hashtag'; key: string; prefix: boolean }
  | { kind: 'mention'; key: string; prefix: boolean }
  | { kind: 'emoji'; key: string }
  | { kind: 'caps'; key: string };

export type ParsedPattern = { kind: 'phrase'; terms: Alt[][] } | { kind: 'candidate' };

export type ParseResult = { ok: true; pattern: ParsedPattern } | { ok: false; message: string };

const HANDLE = /^[a-z0-9_.]+$/;
const TAG = /^[\p{L}\p{Nd}_]+$/u;
const ROOT = /^[a-z]+$/;
const NOT_WORD_OR_EMOJI = /[^\p{L}\p{N}\p{M}\p{Extended_Pictographic}\p{Emoji_Component}-]/u;

function parseAlt(alt: string): Alt | string {
  if (alt === '') return 'empty alternative (check for a stray "|")';
  if (alt === '?') return { kind: 'any' };
  if (alt === '{num}') return { kind: 'anyNumber' };
  if (alt.startsWith('{')) {
    if (alt === '{candidate}') return '{candidate} must be a pattern on its own';
    return `unknown placeholder "${alt}" (use {num} or {candidate})`;
  }
  if (alt.startsWith('~')) {
    const root = alt.slice(1).toLowerCase();
    if (!ROOT.test(root)) return `stem "${alt}" must be ~ followed by letters a-z`;
    return { kind: 'stem', root };
  }
  const prefix = alt.endsWith('*') && alt.length > 1;
  const body = prefix ? alt.slice(0, -1) : alt;
  if (body.includes('*')) return `"${alt}": * is only allowed at the end of a term`;
  if (body.startsWith('#')) {
    const tag = body.slice(1).replace(/_/g, '');
    if (!TAG.test(tag)) return `hashtag "${alt}" may contain only letters, digits and _`;
    const token = normalise(body)[0];
    if (token?.kind !== 'hashtag' || token.key === '') return `hashtag "${alt}" is not usable`;
    return { kind: 'hashtag', key: token.key, prefix };
  }
  if (body.startsWith('@')) {
    const handle = body.slice(1).toLowerCase();
    if (!HANDLE.test(handle)) return `account "${alt}" may contain only letters, digits, _ and .`;
    return { kind: 'mention', key: `@${handle}`, prefix };
  }
  if (/^[0-9]+$/.test(body)) {
    if (prefix) return `"${alt}": numbers cannot take *`;
    if (body.length > 1 && body.startsWith('0')) return { kind: 'exact', key: body };
    if (body.length > 6) return `number "${alt}" is too long`;
    return { kind: 'number', value: Number.parseInt(body, 10) };
  }
  if (NOT_WORD_OR_EMOJI.test(body)) {
    return `"${alt}" contains characters that are not letters, digits or emoji (patterns are not regular expressions)`;
  }
  const tokens = normalise(body);
  if (tokens.length !== 1) {
    return `"${alt}" is ${tokens.length === 0 ? 'empty' : 'more than one word'} after normalisation; separate words with a space`;
  }
  const token = tokens[0]!;
  if (token.kind === 'emoji') {
    if (prefix) return `"${alt}": emoji cannot take *`;
    return { kind: 'emoji', key: token.key };
  }
  if (token.kind !== 'word' || token.key === '') return `"${alt}" is not a usable word`;
  if (prefix) {
    if (token.key.length < MIN_PREFIX) return `prefix "${alt}" needs at least ${MIN_PREFIX} letters`;
    return { kind: 'prefix', key: token.key };
  }
  return { kind: 'word', key: token.key };
}

/** Parses one pattern string; errors are plain sentences for the pack author. */
export function parsePattern(source: string): ParseResult {
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, message: `pattern longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  const parts = source
    .trim()
    .split(/\s+/)
    .filter((p) => p.length > 0);
  if (parts.length === 0) return { ok: false, message: 'empty pattern' };
  if (parts.includes('{candidate}')) {
    if (parts.length === 1) return { ok: true, pattern: { kind: 'candidate' } };
    return {
      ok: false,
      message: '{candidate} must be a pattern on its own; combine it with allOf and within',
    };
  }
  if (parts.length > MAX_PHRASE_TERMS) {
    return { ok: false, message: `a phrase may have at most ${MAX_PHRASE_TERMS} terms` };
  }
  const terms: Alt[][] = [];
  for (const part of parts) {
    const alts = part.split('|');
    if (alts.length > MAX_ALTERNATIVES) {
      return { ok: false, message: `"${part}" has more than ${MAX_ALTERNATIVES} alternatives` };
    }
    const term: Alt[] = [];
    for (const alt of alts) {
      const parsed = parseAlt(alt);
      if (typeof parsed === 'string') return { ok: false, message: parsed };
      term.push(parsed);
    }
    terms.push(term);
  }
  if (terms.every((t) => t.some((a) => a.kind === 'any'))) {
    return { ok: false, message: 'a phrase needs at least one term that is not ?' };
  }
  if (terms[0]!.some((a) => a.kind === 'any') || terms.at(-1)!.some((a) => a.kind === 'any')) {
    return { ok: false, message: '? may only stand between other terms' };
  }
  return { ok: true, pattern: { kind: 'phrase', terms } };
}

/**
 * Turns free text from a campaign pack (a name, a slogan) into a phrase of literal terms, the
 * way the text itself would be tokenised. Returns null when nothing matchable is left.
 */
export function phraseFromText(text: string): Alt[][] | null {
  const tokens = normalise(text).filter((t) => t.key !== '' && !t.inTag && t.kind !== 'url');
  if (tokens.length === 0 || tokens.length > MAX_PHRASE_TERMS) return null;
  return tokens.map((t): Alt[] => {
    if (t.kind === 'hashtag') return [{ kind: 'hashtag', key: t.key, prefix: false }];
    if (t.kind === 'mention') return [{ kind: 'mention', key: t.key, prefix: false }];
    if (t.kind === 'emoji') return [{ kind: 'emoji', key: t.key }];
    if (t.kind === 'number') return [{ kind: 'exact', key: t.key }];
    return [{ kind: 'word', key: t.key }];
  });
}
