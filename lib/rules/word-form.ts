import { NUMBER_WORDS, slangLexicon, squeeze } from './lexicon/slang';

// A word's canonical forms: elongation collapsed ("dukuuung" → "dukung"), slang and number words
// resolved through one lexicon, and the squeezed key the matcher looks up.

/** Longest word (after squeezing elongations) that can still match; longer ones are noise. */
export const MAX_KEY_LENGTH = 48;

/** Collapses runs of three or more of the same letter to one: elongation for emphasis. */
function collapseElongation(word: string): string {
  let found = false;
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2)) {
      found = true;
      break;
    }
  }
  if (!found) return word;
  let out = '';
  let i = 0;
  while (i < word.length) {
    const c = word.charCodeAt(i);
    let j = i + 1;
    while (j < word.length && word.charCodeAt(j) === c) j++;
    out += j - i >= 3 ? word[i] : word.slice(i, j);
    i = j;
  }
  return out;
}

const NUMBER_WORD_MAP = new Map<string, number>(Object.entries(NUMBER_WORDS));

/** A word's canonical forms: readable `norm`, matching `key` (empty: never matches), number value. */
export class WordForm {
  constructor(
    readonly norm: string,
    readonly key: string,
    readonly value: number,
  ) {}
}

let lexicon: Map<string, WordForm> | undefined;
// A bit per (first letter, last letter, length): most words are not slang, and this answers
// that without hashing the word (the hash is the expensive part of a Map lookup on a new string).
let lexiconFilter: Uint8Array | undefined;

function filterIndex(word: string): number {
  return ((word.charCodeAt(0) * 31 + word.charCodeAt(word.length - 1)) * 17 + word.length) & 0xffff;
}

function mayBeInLexicon(word: string): boolean {
  if (!lexiconFilter) wordLexicon();
  return word.length > 0 && lexiconFilter![filterIndex(word)] === 1;
}

/** Slang and number words in one table: one lookup per word. */
function wordLexicon(): Map<string, WordForm> {
  if (!lexicon) {
    lexicon = new Map();
    for (const [variant, canonical] of slangLexicon()) {
      const key = squeeze(canonical);
      lexicon.set(variant, new WordForm(canonical, key, NUMBER_WORD_MAP.get(key) ?? -1));
    }
    for (const [word, value] of NUMBER_WORD_MAP) {
      if (!lexicon.has(word)) lexicon.set(word, new WordForm(word, word, value));
    }
    lexiconFilter = new Uint8Array(0x10000);
    for (const key of lexicon.keys()) lexiconFilter[filterIndex(key)] = 1;
  }
  return lexicon;
}

/** The canonical forms of one lower-case word, the way texts and packs both see it. */
export function canonicalise(lower: string): WordForm {
  let repeats = false;
  for (let k = 1; k < lower.length; k++) {
    if (lower.charCodeAt(k) === lower.charCodeAt(k - 1)) {
      repeats = true;
      break;
    }
  }
  const word = repeats ? collapseElongation(lower) : lower;
  if (word.length > MAX_KEY_LENGTH * 2) return new WordForm(word.slice(0, MAX_KEY_LENGTH), '', -1);
  const squeezed = repeats ? squeeze(word) : word;
  if (squeezed.length > MAX_KEY_LENGTH) return new WordForm(word, '', -1);
  const entry = mayBeInLexicon(squeezed) ? (lexicon ?? wordLexicon()).get(squeezed) : undefined;
  if (entry === undefined) return new WordForm(word, squeezed, -1);
  // A word that is its own canonical form keeps its spelling (elongation collapsed).
  return entry.key === squeezed && entry.norm === squeezed
    ? new WordForm(word, entry.key, entry.value)
    : entry;
}

/** Canonical form and key of one lower-case word, the way texts and packs both see it. */
export function canonicalWord(lower: string): { norm: string; key: string } {
  const form = canonicalise(lower);
  return { norm: form.norm, key: form.key };
}
