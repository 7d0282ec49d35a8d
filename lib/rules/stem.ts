import { Stemmer } from 'sastrawijs';

// Indonesian affixes, handled at COMPILE time. A rule term `~dukung` is expanded into the surface
// forms of the root (mendukung, didukung, dukungan, pendukung, dukungannya, ngedukung, ...) and
// every candidate form is checked with the Sastrawi stemmer (sastrawijs: the Nazief-Adriani /
// ECS algorithm with Sastrawi's ~30,000-root dictionary, MIT). Checking generated forms against
// a full dictionary keeps false friends out ("perdana" is a word of its own, not per- + dana),
// and doing it at compile time means the content script never loads the stemmer or its
// dictionary: matching an inflected word is one hash lookup.

let stemmer: Stemmer | undefined;

function getStemmer(): Stemmer {
  if (!stemmer) stemmer = new Stemmer();
  return stemmer;
}

const stemCache = new Map<string, string>();

/** Sastrawi stem of one lower-case word (memoised; compile-time and tooling use). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = getStemmer().stem(word);
    if (stemCache.size < 200_000) stemCache.set(word, s);
  }
  return s;
}

/** Whether Sastrawi's dictionary knows the word as a root of its own. */
export function isDictionaryWord(word: string): boolean {
  return getStemmer().find(word);
}

const PARTICLES = ['', 'nya', 'lah', 'ku', 'mu'];
const VOWELS = 'aeiou';

function isVowel(ch: string | undefined): boolean {
  return ch !== undefined && VOWELS.includes(ch);
}

/**
 * The nasal prefix meN-/peN- joined to a root by the usual sound rules (mem+bela, men+dukung,
 * meny+sikat with s dropped, meng+ajak, me+lanjut, menge+cat). For k, p, s, t both the standard
 * form (memilih) and the one people also write (mempilih, mengkampanyekan) are produced; the
 * stemmer check drops the ones that do not stem back.
 */
function nasalised(head: 'me' | 'pe', root: string): string[] {
  const first = root[0] ?? '';
  const rest = root.slice(1);
  const out: string[] = [];
  if (isVowel(first)) out.push(`${head}ng${root}`);
  else if ('bfv'.includes(first)) out.push(`${head}m${root}`);
  else if (first === 'p') out.push(`${head}m${rest}`, `${head}m${root}`);
  else if ('mnlrwy'.includes(first)) out.push(`${head}${root}`);
  else if ('cdjz'.includes(first)) out.push(`${head}n${root}`);
  else if (first === 't') out.push(`${head}n${rest}`, `${head}n${root}`);
  else if (first === 's') out.push(`${head}ny${rest}`, `${head}n${root}`);
  else if (first === 'k') out.push(`${head}ng${rest}`, `${head}ng${root}`);
  else out.push(`${head}ng${root}`);
  let vowelGroups = 0;
  for (let k = 0; k < root.length; k++) if (isVowel(root[k]) && !isVowel(root[k - 1])) vowelGroups++;
  if (vowelGroups <= 1) out.push(`${head}nge${root}`);
  return out;
}

/** [base, suffixes] pairs of the standard affix combinations worth looking for in posts. */
function standardBases(root: string): [string, string[]][] {
  const ber = root.startsWith('r') ? `be${root}` : `ber${root}`;
  const ter = root.startsWith('r') ? `te${root}` : `ter${root}`;
  return [
    [root, ['', 'kan', 'an', 'i']],
    ...nasalised('me', root).map((b): [string, string[]] => [b, ['', 'kan', 'i']]),
    ...nasalised('pe', root).map((b): [string, string[]] => [b, ['', 'an']]),
    [`di${root}`, ['', 'kan', 'i']],
    [ter, ['', 'kan']],
    [ber, ['', 'an']],
    [`ke${root}`, ['an']],
  ];
}

/** Jakarta-style nasal prefix and -in suffix: milih, nyoblos, ngajak, ngedukung, coblosin. */
function colloquialBases(root: string): string[] {
  const first = root[0] ?? '';
  const rest = root.slice(1);
  const out = [`nge${root}`, `ke${root}`, root, `di${root}`];
  if (first === 'p') out.push(`m${rest}`);
  else if (first === 'k') out.push(`ng${rest}`);
  else if (first === 't') out.push(`n${rest}`);
  else if (first === 's' || first === 'c') out.push(`ny${rest}`);
  else if (isVowel(first)) out.push(`ng${root}`);
  return out;
}

const inflectionCache = new Map<string, string[]>();

/**
 * Surface forms of an Indonesian root: standard affixes verified by the stemmer, plus colloquial
 * ones that are not dictionary words in their own right. Always includes the root.
 */
export function inflections(root: string): string[] {
  const cached = inflectionCache.get(root);
  if (cached) return cached;
  const forms = new Set<string>([root]);
  for (const [base, suffixes] of standardBases(root)) {
    for (const suffix of suffixes) {
      for (const particle of PARTICLES) {
        const form = base + suffix + particle;
        if (!forms.has(form) && stem(form) === root) forms.add(form);
      }
    }
  }
  for (const base of colloquialBases(root)) {
    for (const suffix of ['', 'in']) {
      for (const particle of PARTICLES) {
        const form = base + suffix + particle;
        if (forms.has(form) || isDictionaryWord(form)) continue;
        const s = stem(form);
        if (s === root || s === form) forms.add(form);
      }
    }
  }
  const list = [...forms];
  inflectionCache.set(root, list);
  return list;
}

/**
 * Spellings of a word with some vowels dropped (pilih → pilh, plih; goblok → gblk), the way
 * people type in a hurry. Variants shorter than four letters, or that `isTaken` or the dictionary
 * know as words of their own, are left out: "tolol" must not produce "tol" (a toll road).
 */
export function vowelDropVariants(word: string, isTaken: (w: string) => boolean): string[] {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return [];
  const positions: number[] = [];
  for (let k = 1; k < word.length; k++) if (VOWELS.includes(word[k]!)) positions.push(k);
  if (positions.length === 0 || positions.length > 4) return [];
  const out: string[] = [];
  for (let mask = 1; mask < 1 << positions.length; mask++) {
    let variant = '';
    for (let k = 0; k < word.length; k++) {
      const p = positions.indexOf(k);
      if (p >= 0 && mask & (1 << p)) continue;
      variant += word[k];
    }
    // The last letter stays: shorthand drops inner vowels ("partai" must not yield "part").
    if (variant.length < 4 || variant.at(-1) !== word.at(-1)) continue;
    if (isTaken(variant) || isDictionaryWord(variant)) continue;
    out.push(variant);
  }
  return out;
}
