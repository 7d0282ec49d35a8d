import { slangLexicon, squeeze } from './lexicon/slang';
import { commonWordList } from './lexicon/words';
import { isDigitCode } from './chars';

// Splitting a run-together hashtag into the words it is made of (#ayocoblosdulu → ayo coblos
// dulu): hard cuts at `_`, digits and camel case, then a small dynamic programme over the
// built-in dictionary and the matcher's vocabulary. Cached: feeds repeat the same hashtags.

/** Hashtags longer than this are split only at case and digit boundaries. */
export const MAX_SEGMENT = 64;

/**
 * Splits a hashtag body into word pieces: hard cuts at `_`, letter/digit changes and
 * lower→upper case changes; inside each chunk a small dynamic programme prefers known words
 * (dictionary segmentation: #ayocoblosdulu → ayo coblos dulu). Returns [from, to) ranges.
 */
export function segmentHashtag(
  body: string,
  upper: readonly boolean[] | null,
  known: (word: string) => boolean,
): [number, number][] {
  const pieces: [number, number][] = [];
  const chunks: [number, number][] = [];
  let a = 0;
  for (let k = 0; k <= body.length; k++) {
    if (k === body.length || body[k] === '_') {
      if (k > a) chunks.push([a, k]);
      a = k + 1;
      continue;
    }
    if (k > a) {
      const typeChange = isDigitCode(body.charCodeAt(k)) !== isDigitCode(body.charCodeAt(k - 1));
      const camel =
        upper !== null && upper[k] === true && upper[k - 1] === false && !isDigitCode(body.charCodeAt(k - 1));
      if (typeChange || camel) {
        chunks.push([a, k]);
        a = k;
      }
    }
  }
  const camelCase = chunks.length > 1 && upper !== null && upper.some((u) => u) && upper.some((u) => !u);
  for (const [from, to] of chunks) {
    if (isDigitCode(body.charCodeAt(from)) || to - from > MAX_SEGMENT || to - from <= 3) {
      pieces.push([from, to]);
      continue;
    }
    // Whoever wrote #JumatBerkah already split it: a chunk in one case (or Capitalised) within
    // a camel-case hashtag is a word. Only run-together stretches need the search.
    if (camelCase && upper !== null) {
      let switches = 0;
      for (let k = from + 2; k < to; k++) if (upper[k] !== upper[k - 1]) switches++;
      if (switches === 0) {
        pieces.push([from, to]);
        continue;
      }
    }
    const whole = body.slice(from, to);
    if (known(whole) || known(squeeze(whole))) {
      pieces.push([from, to]);
      continue;
    }
    for (const piece of segmentChunk(whole, known)) pieces.push([from + piece[0], from + piece[1]]);
  }
  return pieces;
}

/** Cheapest split of one chunk: known words cost 1 (short ones more), unknown stretches more per letter. */
function segmentChunk(s: string, known: (word: string) => boolean): [number, number][] {
  const n = s.length;
  const cost = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const back = new Int32Array(n + 1);
  cost[0] = 0;
  for (let j = 1; j <= n; j++) {
    for (let i = 0; i < j; i++) {
      if (cost[i] === Number.POSITIVE_INFINITY) continue;
      const piece = s.slice(i, j);
      const len = j - i;
      let c: number;
      if (len <= 24 && (known(piece) || known(squeeze(piece)))) c = len >= 3 ? 1 : 1.6;
      else c = 1 + 0.25 * len;
      if (cost[i]! + c < cost[j]!) {
        cost[j] = cost[i]! + c;
        back[j] = i;
      }
    }
  }
  const out: [number, number][] = [];
  for (let j = n; j > 0; j = back[j]!) out.push([back[j]!, j]);
  return out.reverse();
}

const knownCache = new WeakMap<ReadonlySet<string>, (word: string) => boolean>();
let knownDefault: ((word: string) => boolean) | undefined;

/** The segmentation dictionary: built-in words and slang, plus the caller's vocabulary. */
export function knownWords(extra: ReadonlySet<string> | undefined): (word: string) => boolean {
  if (!extra) {
    if (!knownDefault) {
      const all = new Set([...commonWordList(), ...slangLexicon().keys()]);
      knownDefault = (w) => all.has(w);
    }
    return knownDefault;
  }
  let known = knownCache.get(extra);
  if (!known) {
    // One set, one lookup per candidate piece: splitting runs a small search per hashtag.
    const all = new Set([...commonWordList(), ...slangLexicon().keys(), ...extra]);
    known = (w) => all.has(w);
    knownCache.set(extra, known);
  }
  return known;
}

const segmentCache = new WeakMap<(word: string) => boolean, Map<string, [number, number][]>>();
const SEGMENT_CACHE_LIMIT = 4096;

/** segmentHashtag with a bounded cache per dictionary: feeds repeat the same hashtags all day. */
export function segmentCached(
  original: string,
  body: string,
  upper: readonly boolean[] | null,
  known: (word: string) => boolean,
): [number, number][] {
  let cache = segmentCache.get(known);
  if (!cache) {
    cache = new Map();
    segmentCache.set(known, cache);
  }
  const hit = cache.get(original);
  if (hit && hit.length > 0 && hit[hit.length - 1]![1] === body.length) return hit;
  const pieces = segmentHashtag(body, upper, known);
  if (original.length <= MAX_SEGMENT) {
    if (cache.size >= SEGMENT_CACHE_LIMIT) cache.clear();
    cache.set(original, pieces);
  }
  return pieces;
}
