import {
  ASCII,
  AT,
  C_EMOJI,
  C_IGNORE,
  C_KEYCAP,
  C_MODIFIER,
  C_REGIONAL,
  C_WORD,
  C_ZWJ,
  charInfo,
  DIGIT,
  HASH,
  isDigitCode,
  LEET,
  LOWER,
  OTHER,
  SPACE,
  UNDERSCORE,
  UPPER,
} from './chars';
import { knownWords, segmentCached } from './hashtag';
import { NUMBER_TAKING_WORDS, squeeze } from './lexicon/slang';
import { canonicalise, canonicalWord, MAX_KEY_LENGTH } from './word-form';

// Turns raw Indonesian social-media text into tokens the matcher can look up, each with offsets
// into the ORIGINAL string (UTF-16 code units, as String.prototype.slice uses) so a finding
// highlights exactly what the user sees. One forward pass, no backtracking, no recursion: the
// work is linear in the text whatever it contains. This module is the lexer; the character
// tables are in chars.ts, hashtag splitting in hashtag.ts, word forms in word-form.ts.

export { canonicalWord, MAX_KEY_LENGTH };

export type TokenKind = 'word' | 'number' | 'emoji' | 'hashtag' | 'mention' | 'url';

export interface Token {
  kind: TokenKind;
  /** Offset of the first code unit in the original text. */
  start: number;
  /** Offset just past the last code unit in the original text. */
  end: number;
  /** Readable canonical form: case-folded, NFKC, letters for digits, slang resolved. */
  norm: string;
  /** Matching key: `norm` with letter runs squeezed; empty when the token can never match. */
  key: string;
  /** Numeric value of a number or number word, else -1. */
  value: number;
  /** Every letter was upper case in the original (acronyms such as AMIN). */
  caps: boolean;
  /** A word or number split out of a hashtag. */
  inTag: boolean;
}

export interface NormaliseOptions {
  /** Extra words for splitting run-together hashtags (the matcher passes its vocabulary). */
  words?: ReadonlySet<string>;
}

/** Raw characters kept per word; the rest of an unbroken run is skipped, not stored. */
const MAX_RAW_WORD = 256;
const MAX_URL = 256;

const KINDS: readonly TokenKind[] = ['word', 'number', 'emoji', 'hashtag', 'mention', 'url'];
const WORD = 0;
const NUMBER = 1;
const EMOJI = 2;
const HASHTAG = 3;
const MENTION = 4;
const URL = 5;

// Keys get small integer ids, the same for every text (until the table is renewed, see
// keyIdEpoch), so the matcher can keep what a key means in a plain array indexed by id instead
// of hashing the key string per token. Repeated words take their id from the word cache below.
const MAX_KEY_IDS = 1 << 16;
let keyIds = new Map<string, number>();
let keyIdGeneration = 0;

/** Id of a non-empty key, or -1 once the table is full (renewed before the next text). */
function keyId(key: string): number {
  if (key === '') return -1;
  let id = keyIds.get(key);
  if (id === undefined) {
    if (keyIds.size >= MAX_KEY_IDS) return -1;
    id = keyIds.size;
    keyIds.set(key, id);
  }
  return id;
}

/** Changes whenever key ids are reassigned; ids are only comparable within one generation. */
export function keyIdEpoch(): number {
  return keyIdGeneration;
}

/**
 * The tokens of one text as parallel arrays, filled in place and reused from text to text: the
 * matcher reads them without a Token object per token. `normalise` turns them into Tokens.
 */
export class TokenBuffer {
  count = 0;
  kinds = new Uint8Array(64);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  values = new Int32Array(64);
  /** Bit 1: caps, bit 2: inTag. */
  flags = new Uint8Array(64);
  /** Key ids (see keyId), -1 for an empty key or a full id table. */
  ids = new Int32Array(64);
  norms: string[] = [];
  keys: string[] = [];
  /** Four single letters in a row were pushed (see mergeSpelledOut), and the current row's length. */
  spelled = false;
  private singles = 0;

  clear(): void {
    this.count = 0;
    this.spelled = false;
    this.singles = 0;
  }

  push(
    kind: number,
    start: number,
    end: number,
    norm: string,
    key: string,
    value: number,
    caps: boolean,
    inTag: boolean,
    id: number,
  ): void {
    const k = this.count;
    if (k === this.starts.length) this.grow();
    this.kinds[k] = kind;
    this.starts[k] = start;
    this.ends[k] = end;
    this.values[k] = value;
    this.flags[k] = (caps ? 1 : 0) | (inTag ? 2 : 0);
    this.ids[k] = id;
    if (end - start === 1 && kind === WORD && !inTag && norm.length === 1) {
      if (++this.singles >= 4) this.spelled = true;
    } else this.singles = 0;
    if (k < this.norms.length) {
      this.norms[k] = norm;
      this.keys[k] = key;
    } else {
      this.norms.push(norm);
      this.keys.push(key);
    }
    this.count = k + 1;
  }

  /** Appends token k of another buffer. */
  copy(from: TokenBuffer, k: number): void {
    this.push(
      from.kinds[k]!,
      from.starts[k]!,
      from.ends[k]!,
      from.norms[k]!,
      from.keys[k]!,
      from.values[k]!,
      (from.flags[k]! & 1) !== 0,
      (from.flags[k]! & 2) !== 0,
      from.ids[k]!,
    );
  }

  /** Tokens it holds without growing. */
  capacity(): number {
    return this.starts.length;
  }

  caps(k: number): boolean {
    return (this.flags[k]! & 1) !== 0;
  }

  token(k: number): Token {
    return {
      kind: KINDS[this.kinds[k]!]!,
      start: this.starts[k]!,
      end: this.ends[k]!,
      norm: this.norms[k]!,
      key: this.keys[k]!,
      value: this.values[k]!,
      caps: (this.flags[k]! & 1) !== 0,
      inTag: (this.flags[k]! & 2) !== 0,
    };
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const grown = <T extends Uint8Array | Int32Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.kinds = grown(this.kinds, new Uint8Array(size));
    this.starts = grown(this.starts, new Int32Array(size));
    this.ends = grown(this.ends, new Int32Array(size));
    this.values = grown(this.values, new Int32Array(size));
    this.flags = grown(this.flags, new Uint8Array(size));
    this.ids = grown(this.ids, new Int32Array(size));
  }
}

function pushWord(
  out: TokenBuffer,
  start: number,
  end: number,
  lower: string,
  caps: boolean,
  inTag: boolean,
): void {
  const form = canonicalise(lower);
  out.push(WORD, start, end, form.norm, form.key, form.value, caps, inTag, keyId(form.key));
}

function pushNumber(out: TokenBuffer, start: number, end: number, digits: string, inTag: boolean) {
  const value = digits.length <= 6 ? Number.parseInt(digits, 10) : -1;
  const key = digits.length <= MAX_KEY_LENGTH ? digits : '';
  out.push(NUMBER, start, end, digits, key, value, false, inTag, keyId(key));
}

/**
 * Emits one run of letters and digits. `pos[k]` is the original offset of mapped character k
 * (null when the run is plain ASCII and offsets are simply start + k).
 */
function emitWordRun(
  out: TokenBuffer,
  start: number,
  end: number,
  mapped: string,
  pos: number[] | null,
  caps: boolean,
  inTag: boolean,
  knownDigits = -1,
) {
  let digits = knownDigits;
  if (digits < 0) {
    digits = 0;
    for (let k = 0; k < mapped.length; k++) if (isDigitCode(mapped.charCodeAt(k))) digits++;
  }
  if (digits === 0) {
    pushWord(out, start, end, mapped, caps, inTag);
    return;
  }
  if (digits === mapped.length) {
    pushNumber(out, start, end, mapped, inTag);
    return;
  }
  // A digit with letters on both sides is a letter in disguise (c0bl0s, pil1h); digits at the
  // edges are numbers glued to a word (no2, paslon02, 2periode).
  let internal = false;
  let leetable = true;
  for (let k = 0; k < mapped.length; k++) {
    const ch = mapped[k]!;
    if (!isDigitCode(mapped.charCodeAt(k))) continue;
    if (LEET[ch] === undefined) leetable = false;
    if (k > 0 && k < mapped.length - 1) {
      const before = mapped.charCodeAt(k - 1);
      const after = mapped.charCodeAt(k + 1);
      if (!isDigitCode(before) && !isDigitCode(after)) internal = true;
    }
  }
  if (internal && leetable) {
    let word = '';
    for (let k = 0; k < mapped.length; k++) word += LEET[mapped[k]!] ?? mapped[k];
    pushWord(out, start, end, word, caps, inTag);
    return;
  }
  const runs: [number, number][] = [];
  let a = 0;
  for (let k = 1; k <= mapped.length; k++) {
    if (k === mapped.length || isDigitCode(mapped.charCodeAt(k)) !== isDigitCode(mapped.charCodeAt(a))) {
      runs.push([a, k]);
      a = k;
    }
  }
  if (runs.length === 2) {
    const [letters, tail] = runs as [[number, number], [number, number]];
    const word = mapped.slice(letters[0], letters[1]);
    const isRedup =
      !isDigitCode(mapped.charCodeAt(0)) &&
      mapped.slice(tail[0], tail[1]) === '2' &&
      word.length >= 3 &&
      !NUMBER_TAKING_WORDS.has(canonicalWord(word).key);
    if (isRedup) {
      // "teman2" is teman-teman: the 2 marks reduplication, not a number.
      pushWord(out, start, end, word, caps, inTag);
      return;
    }
  }
  for (const [from, to] of runs) {
    const s = pos ? pos[from]! : start + from;
    const e = to === mapped.length ? end : pos ? pos[to]! : start + to;
    const piece = mapped.slice(from, to);
    if (isDigitCode(piece.charCodeAt(0))) pushNumber(out, s, Math.max(e, s + 1), piece, inTag);
    else pushWord(out, s, Math.max(e, s + 1), piece, caps, inTag);
  }
}

function isWordStartAscii(cls: number): boolean {
  return cls === LOWER || cls === UPPER || cls === DIGIT;
}

/** Whether `text` has `word` (lower-case ASCII) at `i`, ignoring case; no slice per call. */
function hasAsciiAt(text: string, i: number, word: string): boolean {
  if (i + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(i + k);
    if ((c >= 65 && c <= 90 ? c | 0x20 : c) !== word.charCodeAt(k)) return false;
  }
  return true;
}

function startsWithUrl(text: string, i: number): boolean {
  const c = text.charCodeAt(i) | 0x20;
  if (c === 104 /* h */) {
    if (!hasAsciiAt(text, i, 'http')) return false;
    return hasAsciiAt(text, i + 4, '://') || hasAsciiAt(text, i + 4, 's://');
  }
  if (c === 119 /* w */) return hasAsciiAt(text, i, 'www.');
  return false;
}

function isKeycapAt(text: string, j: number): boolean {
  const next = text.charCodeAt(j + 1);
  return next === 0x20e3 || (next === 0xfe0f && text.charCodeAt(j + 2) === 0x20e3);
}

/**
 * Whether the `@` at `j`, in a word that began at `start`, is an email address's ("humas@kpu.go.id"):
 * at least two characters before it, then two or more dot-separated labels of ASCII letters,
 * digits and hyphens, the last of two or more letters and not followed by a letter or digit. Such
 * an @ is not a disguised "a" ("b@ngsat", "b@ngsat.lu": one letter before the @).
 */
function isEmailAt(text: string, start: number, j: number): boolean {
  if (j - start < 2) return false;
  const n = text.length;
  let k = j + 1;
  let labels = 0;
  for (;;) {
    const from = k;
    let lettersOnly = true;
    while (k < n) {
      const c = text.charCodeAt(k);
      const cls = c < 128 ? ASCII[c] : -1;
      if (cls === LOWER || cls === UPPER) k++;
      else if (cls === DIGIT || c === 45 /* - */) {
        lettersOnly = false;
        k++;
      } else break;
    }
    if (k === from) return false;
    labels++;
    const next = text.charCodeAt(k);
    const after = k + 1 < n ? text.charCodeAt(k + 1) : NaN;
    // Another label follows a dot only when a letter or digit comes right after it.
    if (
      next === 46 /* . */ &&
      after < 128 &&
      (ASCII[after] === LOWER || ASCII[after] === UPPER || ASCII[after] === DIGIT)
    ) {
      k++;
      continue;
    }
    return labels >= 2 && lettersOnly && k - from >= 2;
  }
}

function positions(from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k < to; k++) out.push(k);
  return out;
}

// Canonical forms of plain words seen recently, in a direct-mapped cache keyed by a hash taken
// while scanning: a word seen before (most are: feeds repeat their vocabulary) costs one compare
// of its letters, with no substring, no lexicon lookup, and the very same key string as last time
// (so the matcher's own cache compares it by reference). Canonical forms depend only on the word.
const WORD_CACHE = 8192;
// One object per entry: a hit reads one entry, not one slot in each of several arrays.
class CachedWord {
  constructor(
    readonly word: string,
    readonly norm: string,
    readonly key: string,
    readonly value: number,
    readonly id: number,
  ) {}
}
const wordCache: (CachedWord | undefined)[] = new Array<CachedWord | undefined>(WORD_CACHE).fill(undefined);

/**
 * What scanRun read: one object per text, filled again for every run (a run is scanned per
 * word, so no result object per call).
 */
class ScannedRun {
  /** Where the run ends. */
  end = 0;
  /** Its lower-case letters and digits (empty on a word-cache hit). */
  mapped = '';
  /** The original offset of each mapped character; null when that is start + k. */
  pos: number[] | null = null;
  /** Per mapped character, whether it was upper case (with `withCase` only). */
  upper: boolean[] | null = null;
  caps = false;
  digits = 0;
  /** The word cache's entry for this run, if it has one; else the slot to fill (-1: none). */
  hit: CachedWord | undefined = undefined;
  store = -1;
}

/**
 * Reads one run of word characters from `i`. `withCase` keeps per-character case (hashtags
 * need it for camel-case splitting); `underscore` lets `_` through as a separator-in-place.
 */
function scanRun(text: string, i: number, withCase: boolean, underscore: boolean, run: ScannedRun): void {
  const n = text.length;
  const start = i;
  let ascii = true;
  let mapped = '';
  let pos: number[] | null = null;
  const upper: boolean[] | null = withCase ? [] : null;
  let uppers = 0;
  let lowers = 0;
  let digits = 0;
  let kept = 0;
  // Runs of one letter are stored at most three long: enough for collapseElongation to see an
  // elongation, and "dukuuuu...uung" of any length still fits under MAX_RAW_WORD. (Plain code,
  // no closures: this loop runs for every character of every post.)
  let runChar = -1;
  let runLen = 0;
  let hash = 0;
  let j = i;
  if (upper === null) {
    // Most runs are plain ASCII letters: this loop does for them exactly what the general one
    // below would, with fewer tests per character, and hands over at the first other character
    // (or a fourth repeat of a letter).
    while (j < n) {
      const c = text.charCodeAt(j);
      const code = c >= 97 && c <= 122 ? c : c >= 65 && c <= 90 ? c | 0x20 : -1;
      if (code < 0) break;
      if (code === runChar) {
        if (runLen === 3) break;
        runLen++;
      } else {
        runChar = code;
        runLen = 1;
      }
      if (code === c) lowers++;
      else uppers++;
      hash = Math.imul(hash ^ code, 0x01000193);
      j++;
    }
    kept = Math.min(j - start, MAX_RAW_WORD);
  }
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c < 128) {
      const cls = ASCII[c]!;
      let ch = '';
      if (cls === LOWER) lowers++;
      else if (cls === UPPER) uppers++;
      else if (cls === DIGIT) {
        if (isKeycapAt(text, j)) break;
        digits++;
      } else if (cls === UNDERSCORE && underscore) {
        // kept as a hard boundary for the hashtag splitter
      } else if (cls === AT && j > start && j + 1 < n && ASCII[text.charCodeAt(j + 1)] === LOWER) {
        // b@ngsat: an @ between letters is an "a" in disguise (not in an email address)
        const prev = text.charCodeAt(j - 1);
        if (prev < 128 && (ASCII[prev] === LOWER || ASCII[prev] === UPPER) && !isEmailAt(text, start, j))
          ch = 'a';
        else break;
      } else break;
      const code = ch !== '' ? 97 : cls === UPPER ? c | 0x20 : c;
      hash = Math.imul(hash ^ code, 0x01000193);
      if (code === runChar) runLen++;
      else {
        runChar = code;
        runLen = 1;
      }
      if (kept < MAX_RAW_WORD) {
        if (runLen > 3 || ch !== '') {
          if (ascii) {
            ascii = false;
            mapped = text.slice(start, j).toLowerCase();
            pos = positions(start, j);
          }
        }
        if (runLen <= 3) {
          if (!ascii) {
            mapped += ch !== '' ? ch : text[j]!.toLowerCase();
            pos!.push(j);
          }
          if (upper) upper.push(cls === UPPER);
          kept++;
        }
      }
      j++;
      continue;
    }
    const cp = text.codePointAt(j)!;
    const len = cp > 0xffff ? 2 : 1;
    const info = charInfo(cp);
    if (info.cls === C_WORD) {
      if (kept < MAX_RAW_WORD) {
        if (ascii) {
          ascii = false;
          mapped = text.slice(start, j).toLowerCase();
          pos = positions(start, j);
        }
        for (let k = 0; k < info.map.length; k++) {
          const code = info.map.charCodeAt(k);
          if (code === runChar) runLen++;
          else {
            runChar = code;
            runLen = 1;
          }
          if (runLen > 3) continue;
          if (isDigitCode(code)) digits++;
          mapped += info.map[k];
          pos!.push(j);
          if (upper) upper.push(info.upper);
        }
        kept++;
      }
      if (info.upper) uppers++;
      else lowers++;
    } else if ((info.cls === C_IGNORE || info.cls === C_ZWJ) && j > start) {
      if (ascii && kept < MAX_RAW_WORD) {
        ascii = false;
        mapped = text.slice(start, j).toLowerCase();
        pos = positions(start, j);
      }
    } else break;
    j += len;
  }
  let hit: CachedWord | undefined;
  let store = -1;
  if (ascii) {
    const stop = start + Math.min(kept, j - start);
    if (digits === 0 && !withCase && stop === j) {
      // Letters only: the word cache may know it already.
      const slot = (hash ^ (hash >>> 15)) & (WORD_CACHE - 1);
      const entry = wordCache[slot];
      const cached = entry?.word;
      const length = j - start;
      if (cached !== undefined && cached.length === length) {
        let k = 0;
        while (k < length) {
          const c = text.charCodeAt(start + k);
          if (cached.charCodeAt(k) !== (c >= 65 && c <= 90 ? c | 0x20 : c)) break;
          k++;
        }
        if (k === length) hit = entry;
      }
      if (hit === undefined) store = slot;
    }
    if (hit === undefined) mapped = text.slice(start, stop).toLowerCase();
  }
  run.end = j;
  run.mapped = mapped;
  run.pos = pos;
  run.upper = upper;
  run.caps = uppers >= 2 && lowers === 0;
  run.digits = digits;
  run.hit = hit;
  run.store = store;
}

function isTagChar(text: string, j: number): boolean {
  const c = text.charCodeAt(j);
  if (Number.isNaN(c)) return false;
  if (c < 128) {
    const cls = ASCII[c]!;
    return cls === LOWER || cls === UPPER || cls === DIGIT || cls === UNDERSCORE;
  }
  return charInfo(text.codePointAt(j)!).cls === C_WORD;
}

function isMentionChar(c: number): boolean {
  if (c >= 128 || Number.isNaN(c)) return false;
  const cls = ASCII[c]!;
  return cls === LOWER || cls === UPPER || cls === DIGIT || cls === UNDERSCORE;
}

function isWordCharBefore(text: string, i: number): boolean {
  if (i === 0) return false;
  const c = text.charCodeAt(i - 1);
  if (c < 128) return isWordStartAscii(ASCII[c]!);
  return charInfo(text.codePointAt(i - 1)!).cls === C_WORD;
}

/** Tokenises and normalises one text; see Token for what each field holds. */
export function normalise(text: string, options: NormaliseOptions = {}): Token[] {
  const buffer = normaliseInto(text, options, new TokenBuffer(), new TokenBuffer());
  const tokens: Token[] = [];
  for (let k = 0; k < buffer.count; k++) tokens.push(buffer.token(k));
  return tokens;
}

/**
 * normalise() into reusable buffers: `out` and `spare` are both overwritten, and the one
 * returned holds the tokens (the merging passes copy from one to the other).
 */
export function normaliseInto(
  text: string,
  options: NormaliseOptions,
  out: TokenBuffer,
  spare: TokenBuffer,
): TokenBuffer {
  if (keyIds.size >= MAX_KEY_IDS) {
    // Renewed between texts, never during one: the ids of one text are always comparable.
    keyIds = new Map();
    keyIdGeneration++;
    wordCache.fill(undefined);
  }
  out.clear();
  const run = new ScannedRun();
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const cls = ASCII[c]!;
      if (cls === SPACE || cls === OTHER || cls === UNDERSCORE) {
        if ((c === 58 || c === 59) && !isDigitCode(text.charCodeAt(i - 1))) {
          const end = scanEmoticon(text, i, out);
          if (end > i) {
            i = end;
            continue;
          }
        }
        if ((c === 35 || c === 42) && isKeycapAt(text, i)) i += text.charCodeAt(i + 1) === 0xfe0f ? 3 : 2;
        else i++;
        continue;
      }
      if (cls === DIGIT && isKeycapAt(text, i)) {
        const len = text.charCodeAt(i + 1) === 0xfe0f ? 3 : 2;
        pushNumber(out, i, i + len, text[i]!, false);
        i += len;
        continue;
      }
      if (cls === HASH) {
        if (isTagChar(text, i + 1) && !isWordCharBefore(text, i)) {
          i = scanHashtag(text, i, out, knownWords(options.words), run);
        } else i++;
        continue;
      }
      if (cls === AT) {
        if (isMentionChar(text.charCodeAt(i + 1)) && !isWordCharBefore(text, i)) {
          i = scanMention(text, i, out);
        } else i++;
        continue;
      }
      if (startsWithUrl(text, i) && !isWordCharBefore(text, i)) {
        i = scanUrl(text, i, out);
        continue;
      }
      scanRun(text, i, false, false, run);
      const hit = run.hit;
      if (hit !== undefined) {
        out.push(WORD, i, run.end, hit.norm, hit.key, hit.value, run.caps, false, hit.id);
        i = run.end;
        continue;
      }
      // Digits kept past MAX_RAW_WORD are not counted, so the count is only trusted when 0.
      emitWordRun(out, i, run.end, run.mapped, run.pos, run.caps, false, run.digits === 0 ? 0 : -1);
      if (run.store >= 0) {
        // A letters-only run went straight to pushWord: the token it pushed holds its forms.
        const last = out.count - 1;
        wordCache[run.store] = new CachedWord(
          run.mapped,
          out.norms[last]!,
          out.keys[last]!,
          out.values[last]!,
          out.ids[last]!,
        );
      }
      i = run.end;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const info = charInfo(cp);
    if (info.cls === C_WORD) {
      scanRun(text, i, false, false, run);
      // Digits kept past MAX_RAW_WORD are not counted, so the count is only trusted when 0.
      emitWordRun(out, i, run.end, run.mapped, run.pos, run.caps, false, run.digits === 0 ? 0 : -1);
      i = run.end;
    } else if (info.cls === C_EMOJI) {
      i = scanEmoji(text, i, out);
    } else if (info.cls === C_REGIONAL) {
      const next = text.codePointAt(i + len);
      if (next !== undefined && next >= 0x1f1e6 && next <= 0x1f1ff) {
        const flag = text.slice(i, i + len + 2);
        out.push(EMOJI, i, i + len + 2, flag, flag, -1, false, false, keyId(flag));
        i += len + 2;
      } else i += len;
    } else i += len;
  }
  const merged = mergeSpelledOut(text, out, spare);
  if (!text.includes('*')) return merged;
  return mergeCensored(text, merged, merged === out ? spare : out, options.words, knownWords(options.words));
}

/** What follows the colon of a text emoticon, lower-cased, and the key it gets. */
const EMOTICONS: Readonly<Record<string, string>> = {
  v: ':v',
  ')': ':)',
  '(': ':(',
  d: ':d',
  p: ':p',
};

/**
 * A text emoticon at `i` (":v", ":V", ":vvv", ":)", ":-(", ";p", ":'(", ":D") becomes one emoji
 * token, so the "v" of ":v" (laughter) is not read as a word. Returns where it ends, or `i` when
 * there is none. Letter faces need a boundary after them: "Catatan:vaksin" stays words.
 */
function scanEmoticon(text: string, i: number, out: TokenBuffer): number {
  let j = i + 1;
  const mid = text.charCodeAt(j);
  if (mid === 45 /* - */ || mid === 39 /* ' */) j++;
  const c = text.charCodeAt(j);
  if (Number.isNaN(c)) return i;
  const face = String.fromCharCode(c >= 65 && c <= 90 ? c | 0x20 : c);
  const key = EMOTICONS[face];
  if (key === undefined) return i;
  j++;
  if (face === 'v') while ((text.charCodeAt(j) | 0x20) === 118) j++;
  if (face === 'v' || face === 'd' || face === 'p') {
    // A letter face needs a boundary after it, and "p"/"d" must not start a word (":pilih").
    const next = text.charCodeAt(j);
    if (
      !Number.isNaN(next) &&
      (next >= 128 ? charInfo(text.codePointAt(j)!).cls === C_WORD : isWordStartAscii(ASCII[next]!))
    )
      return i;
  }
  out.push(EMOJI, i, j, key, key, -1, false, false, keyId(key));
  return j;
}

const VOWELS = ['a', 'i', 'u', 'e', 'o'];
const MAX_CENSORED = 2;
/** Masked groups tried per text: a hostile text of asterisks costs no more than this many. */
const MAX_CENSORED_TRIES = 64;

/**
 * Joins words masked with asterisks ("anj*ng", "b*bi", "k*nt*l") back into the word they hide:
 * each `*` between letters stands for one vowel, and the first spelling the matcher's vocabulary
 * (then the built-in dictionary) knows wins. Nothing known, nothing joined: "a*b" and "5*3" stay.
 */
function mergeCensored(
  text: string,
  tokens: TokenBuffer,
  out: TokenBuffer,
  vocabulary: ReadonlySet<string> | undefined,
  known: (word: string) => boolean,
): TokenBuffer {
  out.clear();
  let tries = 0;
  let k = 0;
  const count = tokens.count;
  while (k < count) {
    let m = k;
    while (
      tries < MAX_CENSORED_TRIES &&
      m + 1 < count &&
      m - k < MAX_CENSORED &&
      isCensorable(tokens, m) &&
      isCensorable(tokens, m + 1) &&
      tokens.starts[m + 1] === tokens.ends[m]! + 1 &&
      text.charCodeAt(tokens.ends[m]!) === 42 /* * */
    ) {
      m++;
    }
    if (m > k) tries++;
    const word = m > k ? uncensor(text, tokens, k, m, vocabulary, known) : null;
    if (word === null) {
      out.copy(tokens, k);
      k++;
      continue;
    }
    pushWord(out, tokens.starts[k]!, tokens.ends[m]!, word, false, false);
    k = m + 1;
  }
  return out;
}

function isCensorable(t: TokenBuffer, k: number): boolean {
  return t.kinds[k] === WORD && (t.flags[k]! & 2) === 0;
}

/** The known word tokens k..m spell with each asterisk between them read as a vowel, or null. */
function uncensor(
  text: string,
  tokens: TokenBuffer,
  k: number,
  m: number,
  vocabulary: ReadonlySet<string> | undefined,
  known: (word: string) => boolean,
): string | null {
  const parts: string[] = [];
  for (let q = k; q <= m; q++) parts.push(text.slice(tokens.starts[q], tokens.ends[q]).toLowerCase());
  let candidates = [parts[0]!];
  for (let q = 1; q < parts.length; q++) {
    const next: string[] = [];
    for (const c of candidates) for (const v of VOWELS) next.push(c + v + parts[q]!);
    candidates = next;
  }
  if (vocabulary) for (const c of candidates) if (vocabulary.has(c)) return c;
  for (const c of candidates) if (known(c)) return c;
  return null;
}

function scanHashtag(
  text: string,
  i: number,
  out: TokenBuffer,
  known: (w: string) => boolean,
  run: ScannedRun,
): number {
  scanRun(text, i + 1, true, true, run);
  const body = run.mapped;
  const plain = body.replace(/_/g, '');
  const key = plain.length > 0 && plain.length <= MAX_KEY_LENGTH ? `#${squeeze(plain)}` : '';
  out.push(HASHTAG, i, run.end, `#${body}`, key, -1, false, false, keyId(key));
  for (const [from, to] of segmentCached(text.slice(i + 1, run.end), body, run.upper, known)) {
    const piece = body.slice(from, to);
    const pieceUpper = run.upper?.slice(from, to) ?? [];
    const caps = piece.length >= 2 && pieceUpper.every((u, k) => u || isDigitCode(piece.charCodeAt(k)));
    const s = run.pos ? run.pos[from]! : i + 1 + from;
    const e = Math.max(to >= body.length ? run.end : run.pos ? run.pos[to]! : i + 1 + to, s + 1);
    const pos = run.pos ? run.pos.slice(from, to) : null;
    emitWordRun(out, s, e, piece, pos, caps, true);
  }
  return run.end;
}

function scanMention(text: string, i: number, out: TokenBuffer): number {
  let j = i + 1;
  const n = text.length;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (isMentionChar(c)) j++;
    else if (c === 46 /* . */ && isMentionChar(text.charCodeAt(j + 1))) j++;
    else break;
  }
  const handle = text.slice(i, Math.min(j, i + 1 + MAX_KEY_LENGTH)).toLowerCase();
  const key = j - i - 1 <= MAX_KEY_LENGTH ? handle : '';
  out.push(MENTION, i, j, handle, key, -1, false, false, keyId(key));
  return j;
}

function scanUrl(text: string, i: number, out: TokenBuffer): number {
  let j = i;
  const n = text.length;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c <= 32 || c === 34 || c === 60 || c === 62 || c === 0x3000) break;
    j++;
  }
  const norm = text.slice(i, Math.min(j, i + MAX_URL)).toLowerCase();
  out.push(URL, i, j, norm, '', -1, false, false, -1);
  return j;
}

function scanEmoji(text: string, i: number, out: TokenBuffer): number {
  const n = text.length;
  let j = i;
  let norm = '';
  let joined = 0;
  const first = text.codePointAt(j)!;
  norm += String.fromCodePoint(first);
  j += first > 0xffff ? 2 : 1;
  while (j < n) {
    const cp = text.codePointAt(j)!;
    const len = cp > 0xffff ? 2 : 1;
    const info = cp < 128 ? null : charInfo(cp);
    if (info?.cls === C_MODIFIER || info?.cls === C_KEYCAP) {
      // Skin tones and presentation selectors change how it looks, not what it says.
      j += len;
      continue;
    }
    if (info?.cls === C_ZWJ && joined < 8) {
      const next = text.codePointAt(j + 1);
      if (next !== undefined && next >= 128 && charInfo(next).cls === C_EMOJI) {
        norm += `\u200d${String.fromCodePoint(next)}`;
        j += 1 + (next > 0xffff ? 2 : 1);
        joined++;
        continue;
      }
    }
    break;
  }
  out.push(EMOJI, i, j, norm, norm, -1, false, false, keyId(norm));
  return j;
}

const SPELL_GAP = new Set([' ', '.', '-', '*', '_']);

function isSingle(t: TokenBuffer, k: number): boolean {
  return (
    t.kinds[k] === WORD &&
    (t.flags[k]! & 2) === 0 &&
    t.ends[k]! - t.starts[k]! === 1 &&
    t.norms[k]!.length === 1
  );
}

/**
 * Joins letters spelled out one by one ("a n j i n g", "k.a.m.p.r.e.t") back into a word: four
 * letters at least, so initials stay as they are, and one separator throughout a word. Returns
 * `tokens` when there is nothing to join, else `out` with the joined tokens.
 */
function mergeSpelledOut(text: string, tokens: TokenBuffer, out: TokenBuffer): TokenBuffer {
  if (!tokens.spelled) return tokens;
  const count = tokens.count;
  out.clear();
  let k = 0;
  while (k < count) {
    let m = k;
    const gap = text[tokens.ends[k]!];
    while (
      m + 1 < count &&
      isSingle(tokens, m) &&
      isSingle(tokens, m + 1) &&
      tokens.starts[m + 1]! - tokens.ends[m]! === 1 &&
      text[tokens.ends[m]!] === gap &&
      SPELL_GAP.has(gap!)
    ) {
      m++;
    }
    if (m - k + 1 >= 4) {
      let word = '';
      for (let q = k; q <= m; q++) word += tokens.norms[q]!;
      pushWord(out, tokens.starts[k]!, tokens.ends[m]!, word, false, false);
      k = m + 1;
    } else {
      out.copy(tokens, k);
      k++;
    }
  }
  return out;
}
