// Character tables of the normaliser: a class per ASCII code, and for every other code point
// its class and the lower-case letters it stands for (NFKC, marks dropped), computed once and
// cached. Constants, not enums: the lexer's loops compare them per character.

// ASCII classes.
export const OTHER = 0;
export const SPACE = 1;
export const LOWER = 2;
export const UPPER = 3;
export const DIGIT = 4;
export const HASH = 5;
export const AT = 6;
export const UNDERSCORE = 7;

/** The class of each ASCII code. */
export const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 97 && c <= 122) ASCII[c] = LOWER;
  else if (c >= 65 && c <= 90) ASCII[c] = UPPER;
  else if (c >= 48 && c <= 57) ASCII[c] = DIGIT;
  else if (c === 35) ASCII[c] = HASH;
  else if (c === 64) ASCII[c] = AT;
  else if (c === 95) ASCII[c] = UNDERSCORE;
  else if (c <= 32 || c === 127) ASCII[c] = SPACE;
  else ASCII[c] = OTHER;
}

// Non-ASCII classes.
export const C_WORD = 1;
export const C_EMOJI = 2;
export const C_MODIFIER = 3; // skin tones, variation selectors: belong to the emoji before them
export const C_ZWJ = 4;
export const C_KEYCAP = 5;
export const C_REGIONAL = 6;
export const C_IGNORE = 7; // zero-width and format characters that hide inside words to dodge filters
export const C_SEPARATOR = 8;

export interface CharInfo {
  cls: number;
  /** Lower-case letters and ASCII digits this character stands for (C_WORD only). */
  map: string;
  upper: boolean;
}

const charCache = new Map<number, CharInfo>();
const CHAR_CACHE_LIMIT = 20_000;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;
const FORMAT = /[\p{Cf}\p{Mn}\p{Me}]/u;
const MARKS = /\p{M}/gu;
const NOT_WORD = /[^\p{L}\p{Nd}]/gu;

function computeCharInfo(cp: number): CharInfo {
  if ((cp >= 0x1f3fb && cp <= 0x1f3ff) || cp === 0xfe0f || cp === 0xfe0e) {
    return { cls: C_MODIFIER, map: '', upper: false };
  }
  if (cp === 0x200d) return { cls: C_ZWJ, map: '', upper: false };
  if (cp === 0x20e3) return { cls: C_KEYCAP, map: '', upper: false };
  if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return { cls: C_REGIONAL, map: '', upper: false };
  const ch = String.fromCodePoint(cp);
  if (PICTOGRAPHIC.test(ch)) return { cls: C_EMOJI, map: '', upper: false };
  // NFKC folds fullwidth and "mathematical bold" letters (a favourite way around filters) to
  // plain ones; decomposing and dropping marks then lets "cöblos" meet "coblos".
  const folded = ch.normalize('NFKD').replace(MARKS, '').normalize('NFKC');
  const lower = folded.toLowerCase().replace(NOT_WORD, '');
  if (lower.length > 0 && LETTER_OR_DIGIT.test(folded)) {
    return { cls: C_WORD, map: lower, upper: folded !== folded.toLowerCase() };
  }
  if (FORMAT.test(ch)) return { cls: C_IGNORE, map: '', upper: false };
  return { cls: C_SEPARATOR, map: '', upper: false };
}

/** The class and letters of a non-ASCII code point (cached). */
export function charInfo(cp: number): CharInfo {
  let info = charCache.get(cp);
  if (!info) {
    info = computeCharInfo(cp);
    if (charCache.size < CHAR_CACHE_LIMIT) charCache.set(cp, info);
  }
  return info;
}

/** Digits that stand for letters inside a word (c0bl0s, pil1h). */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '6': 'g',
  '7': 't',
  '8': 'b',
  '9': 'g',
};

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
