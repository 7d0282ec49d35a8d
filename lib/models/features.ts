import { normalise, type Token } from '../rules/normalise';

// Turns a text into hashed features for a model pack: word unigrams and bigrams and character
// n-grams of Netra's own normalised tokens (lib/rules/normalise.ts), so colloquial spelling, leet
// and emoji are read the same way the rules read them. Features are hashed into a fixed number of
// buckets, so a model pack carries weights per bucket and no list of words or n-grams at all.

/** How a model pack turns text into features (stored in the pack, so old packs keep working). */
export interface FeatureSettings {
  /** log2 of the number of weight buckets. */
  bits: number;
  /** Seed of the hash (a pack trained with one seed only works with it). */
  hashSeed: number;
  /** Word n-gram lengths, e.g. [1, 2]. */
  wordNgrams: number[];
  /** Smallest and largest character n-gram of a word (with boundary marks), e.g. [3, 5]. */
  charNgrams: [number, number];
}

/** The features of one text: bucket ids, their values, and for each the token it came from. */
export interface Features {
  tokens: Token[];
  /** Bucket of each feature occurrence. */
  buckets: Int32Array;
  /** The first token the occurrence covers, and the last. */
  from: Int32Array;
  to: Int32Array;
  /** Every occurrence has this value: 1 / sqrt(occurrences), so long and short posts weigh alike. */
  value: number;
  count: number;
}

/**
 * Words the shared data sets write in place of what they removed (USER for a handle, URL for a
 * link) and the retweet mark: on real pages these are mentions and links, which are no features.
 */
const DATA_ARTEFACTS: ReadonlySet<string> = new Set(['user', 'url', 'rt']);

const WORD_KINDS: ReadonlySet<Token['kind']> = new Set(['word', 'number', 'emoji', 'hashtag']);

/** Most tokens read from one text; a longer (hostile) text is judged on its first ones. */
export const MAX_MODEL_TOKENS = 2000;

const FNV_PRIME = 0x01000193;

/** FNV-1a over code units [start, end) of `s`, started from `h`. */
function fnv(h: number, s: string, start: number, end: number): number {
  for (let k = start; k < end; k++) {
    h ^= s.charCodeAt(k);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

/** A final mix so nearby inputs spread over the buckets (murmur3's finaliser). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The tokens a model reads: words, numbers, emoji and hashtags, without the data sets' placeholders. */
export function modelTokens(text: string): Token[] {
  const out: Token[] = [];
  for (const token of normalise(text)) {
    if (out.length >= MAX_MODEL_TOKENS) break;
    if (!WORD_KINDS.has(token.kind) || token.key === '' || DATA_ARTEFACTS.has(token.key)) continue;
    out.push(token);
  }
  return out;
}

/** Hashed features of a text under the given settings. */
export function extractFeatures(text: string, settings: FeatureSettings): Features {
  return featuresOfTokens(modelTokens(text), settings);
}

/** Hashed features of already normalised tokens. */
export function featuresOfTokens(tokens: Token[], settings: FeatureSettings): Features {
  const mask = (1 << settings.bits) - 1;
  const seed = (0x811c9dc5 ^ settings.hashSeed) | 0;
  const [minChar, maxChar] = settings.charNgrams;
  const buckets: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const add = (h: number, a: number, b: number) => {
    buckets.push(mix(h) & mask);
    from.push(a);
    to.push(b);
  };
  const unigram = new Int32Array(tokens.length);
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    const key = token.key;
    // Kinds are hashed apart: a word and a hashtag of the same letters are different features.
    const u = fnv(fnv(seed, token.kind, 0, token.kind.length), key, 0, key.length);
    unigram[t] = u;
    if (settings.wordNgrams.includes(1)) add(u, t, t);
    if (token.kind !== 'word' || maxChar === 0) continue;
    const padded = `\u0002${key}\u0003`;
    for (let n = minChar; n <= maxChar; n++) {
      if (n > padded.length) break;
      for (let k = 0; k + n <= padded.length; k++) add(fnv(seed ^ (n * 0x9e3779b1), padded, k, k + n), t, t);
    }
  }
  for (const n of settings.wordNgrams) {
    if (n < 2) continue;
    for (let t = 0; t + n <= tokens.length; t++) {
      let h = seed ^ Math.imul(n, 0x27d4eb2f);
      for (let j = t; j < t + n; j++) h = Math.imul(h ^ unigram[j]!, FNV_PRIME);
      add(h, t, t + n - 1);
    }
  }
  const count = buckets.length;
  return {
    tokens,
    buckets: Int32Array.from(buckets),
    from: Int32Array.from(from),
    to: Int32Array.from(to),
    value: count > 0 ? 1 / Math.sqrt(count) : 0,
    count,
  };
}
