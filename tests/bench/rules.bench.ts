// Rules engine benchmark: throughput against a naive baseline measured in the same run, and
// growth on adversarial inputs. Run alone with `npx tsx tests/bench/rules.bench.ts`, or call
// main() from the combined bench. Timings on shared machines are noisy, so what matters are the
// ratios printed next to each figure, not the absolute numbers.

import { fileURLToPath } from 'node:url';
import { BASE_PACKS, classify, compileMatcher, type Pack, serialiseMatcher } from '../../lib/rules';
import { loadPacks } from '../../lib/rules/pack';
import { type Alt, parsePattern } from '../../lib/rules/pattern';

const POSTS = 10_000;
const BASELINE_POSTS = 1_000;
const CANDIDATES = 1_000; // five terms each: 5,000 candidate terms

/** Deterministic pseudo-random numbers (mulberry32), so every run sees the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVERYDAY = (
  'saya kamu kita mereka yang dan di ke dari untuk dengan pada ini itu sudah belum akan bisa mau ' +
  'hari ini besok kemarin pagi siang malam makan minum kerja kantor rumah jalan macet hujan panas ' +
  'teman keluarga anak ibu bapak guru sekolah kampus pasar harga beras cabai bensin motor mobil ' +
  'bagus keren mantap lucu sedih senang capek semangat terima kasih selamat ulang tahun sehat ' +
  'acara rapat laporan kegiatan pelayanan masyarakat desa kota kabupaten dinas program bantuan ' +
  'yg gak ga udah banget aja dong sih nih deh kok lho wkwk hehe btw otw gimana kenapa kapan'
).split(' ');
const POLITICAL = (
  'pemilu pilkada pilpres capres paslon debat kampanye coblos pilih dukung menang presiden ' +
  'gubernur partai relawan survei suara tps kpu bawaslu nomor urut periode salam jari'
).split(' ');
const EXTRAS = [
  '✌️',
  '👍🏽',
  '🙏',
  '😂',
  '#PemiluDamai',
  '#JumatBerkah',
  '@kpu_ri',
  'https://t.co/xYz12',
  '02',
  '2024',
];
const SYLLABLES = 'ba bu di de ga go ha ja ka ko la li ma mi na no pa ra ri sa su ta to wa wi ya yo'.split(
  ' ',
);

function syllableName(rnd: () => number, parts: number): string {
  let name = '';
  for (let k = 0; k < parts; k++) name += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
  return name[0]!.toUpperCase() + name.slice(1);
}

/** A campaign pack with CANDIDATES candidates of five terms each (name, 2 nicknames, hashtag, account). */
export function generateCampaignPack(seed = 7): Pack {
  const rnd = random(seed);
  const used = new Set<string>();
  const candidates: Record<string, unknown>[] = [];
  while (candidates.length < CANDIDATES) {
    const first = syllableName(rnd, 3);
    const last = syllableName(rnd, 3);
    const id = `${first}-${last}`.toLowerCase();
    if (used.has(id)) continue;
    used.add(id);
    const k: number = candidates.length;
    candidates.push({
      id,
      name: `${first} ${last}`,
      ...(k < 99 ? { number: k + 1 } : {}),
      names: [`${first} ${last}`],
      nicknames: [`${first}${syllableName(rnd, 1).toLowerCase()}`, `Bang ${last}`],
      hashtags: [`#${first}${last}Menang`],
      accounts: [`@${first.toLowerCase()}_${last.toLowerCase()}`],
    });
  }
  const { packs, errors } = loadPacks([
    {
      source: 'generated',
      json: {
        id: 'bench.campaign',
        version: '1.0.0',
        language: 'id',
        kind: 'campaign',
        candidates,
        rules: [],
      },
    },
  ]);
  if (errors.length > 0) throw new Error(JSON.stringify(errors.slice(0, 3)));
  return packs[0]!;
}

/** Posts of 8-40 tokens: mostly everyday talk, some politics, emoji, tags, links and names. */
export function generatePosts(count: number, campaign: Pack, seed = 11): string[] {
  const rnd = random(seed);
  const names = campaign.candidates!.flatMap((c) => [...c.nicknames, ...c.names]);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const posts: string[] = [];
  for (let p = 0; p < count; p++) {
    const length = 8 + Math.floor(rnd() * 33);
    const words: string[] = [];
    for (let k = 0; k < length; k++) {
      const r = rnd();
      if (r < 0.8) words.push(pick(EVERYDAY));
      else if (r < 0.9) words.push(pick(POLITICAL));
      else if (r < 0.97) words.push(pick(EXTRAS));
      else words.push(pick(names));
    }
    if (rnd() < 0.3) words[0] = words[0]![0]!.toUpperCase() + words[0]!.slice(1);
    posts.push(`${words.join(' ')}${rnd() < 0.5 ? '.' : '!'}`);
  }
  return posts;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function altToRegExp(alt: Alt): string {
  switch (alt.kind) {
    case 'word':
    case 'exact':
    case 'emoji':
      return escapeRegExp(alt.key);
    case 'prefix':
      return `${escapeRegExp(alt.key)}\\w*`;
    case 'stem':
      // What a hand-written rule would do for an affixed word: the root anywhere in a word.
      return `\\w*${escapeRegExp(alt.root)}\\w*`;
    case 'number':
      return String(alt.value);
    case 'anyNumber':
      return '\\d{1,2}';
    case 'any':
      return '\\S+';
    case 'hashtag':
    case 'mention':
      return `${escapeRegExp(alt.key)}${alt.prefix ? '\\w*' : ''}`;
    case 'caps':
      return escapeRegExp(alt.key.toUpperCase());
  }
}

/**
 * The naive approach the engine replaces: one RegExp per pattern and per candidate term, each
 * run over the raw text in turn (no normalisation and no conditions, so it does less than the
 * engine). Plain \b word boundaries and the i flag keep V8's regexp engine on its fast path.
 */
export function naivePatterns(packs: readonly Pack[]): RegExp[] {
  const sources: string[] = [];
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const patterns = [
        rule.anyOf,
        ...[rule.allOf, rule.notWith, rule.notAfter, rule.notBefore].flatMap((cs) =>
          (cs ?? []).map((c) => c.anyOf),
        ),
      ];
      for (const p of patterns.flat()) {
        const parsed = parsePattern(p);
        if (!parsed.ok || parsed.pattern.kind !== 'phrase') continue;
        sources.push(parsed.pattern.terms.map((t) => `(?:${t.map(altToRegExp).join('|')})`).join('\\s+'));
      }
    }
    for (const c of pack.candidates ?? []) {
      for (const term of [
        ...c.names,
        ...c.nicknames,
        ...c.hashtags,
        ...c.accounts,
        ...c.parties,
        ...c.slogans,
      ]) {
        sources.push(escapeRegExp(term));
      }
    }
  }
  return sources.map((s) => new RegExp(`\\b${s}\\b`, 'i'));
}

/**
 * CPU milliseconds spent by this process running fn. On a shared machine wall time mostly
 * measures the other processes; CPU time is what "posts per second on one core" means.
 */
function time(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Runs the benchmark and prints its figures; returns them for a combined report. */
export function main(): Record<string, number> {
  const figures: Record<string, number> = {};
  const campaign = generateCampaignPack();
  const packs = [campaign, ...BASE_PACKS];
  const termCount = campaign.candidates!.reduce(
    (n, c) => n + c.names.length + c.nicknames.length + c.hashtags.length + c.accounts.length,
    0,
  );
  let matcher = compileMatcher(packs);
  const compileMs = median([0, 1, 2].map(() => time(() => (matcher = compileMatcher(packs)))));
  const dataKb = JSON.stringify(serialiseMatcher(matcher)).length / 1024;
  const posts = generatePosts(POSTS, campaign);
  const tokens = posts.reduce((n, p) => n + p.split(' ').length, 0);
  console.log('rules engine benchmark');
  console.log(
    `  packs: ${packs.length} (${BASE_PACKS.reduce((n, p) => n + p.rules.length, 0)} base rules, ${campaign.candidates!.length} candidates, ${termCount} candidate terms)`,
  );
  console.log(`  compile: ${fmt(compileMs)} ms, serialised matcher ${fmt(dataKb)} KB`);
  console.log(`  posts: ${fmt(POSTS)} generated, ${fmt(tokens / POSTS, 1)} words each on average`);

  // Warm up, then take the best of several passes: the least disturbed by other processes.
  let flagged = 0;
  for (const post of posts.slice(0, 2_000)) classify(matcher, post);
  const passes = [0, 1, 2, 3, 4].map(() =>
    time(() => {
      flagged = 0;
      for (const post of posts) if (classify(matcher, post).categories.length > 0) flagged++;
    }),
  );
  const engineMs = Math.min(...passes);
  const enginePerSec = (POSTS / engineMs) * 1000;

  const regexes = naivePatterns(packs);
  const sample = posts.slice(0, BASELINE_POSTS);
  let hits = 0;
  for (const post of sample.slice(0, 20)) for (const re of regexes) re.test(post);
  const baselineMs = Math.min(
    ...[0, 1].map(() =>
      time(() => {
        hits = 0;
        for (const post of sample) for (const re of regexes) if (re.test(post)) hits++;
      }),
    ),
  );
  const baselinePerSec = (BASELINE_POSTS / baselineMs) * 1000;
  figures.enginePostsPerSec = enginePerSec;
  figures.baselinePostsPerSec = baselinePerSec;
  figures.speedup = enginePerSec / baselinePerSec;
  figures.compileMs = compileMs;
  console.log('  throughput (posts per CPU-second, i.e. on one core; best of 5 passes):');
  console.log(
    `    engine   ${fmt(enginePerSec).padStart(10)} posts/s   (${fmt(flagged)} of ${fmt(POSTS)} posts flagged)`,
  );
  console.log(
    `    baseline ${fmt(baselinePerSec).padStart(10)} posts/s   (${fmt(regexes.length)} RegExps in turn over ${BASELINE_POSTS} posts, ${fmt(hits)} hits)`,
  );
  console.log(`    engine / baseline: ${fmt(figures.speedup, 1)}× (target ≥ 20×); target ≥ 100,000 posts/s`);

  console.log('  adversarial inputs (CPU ms, best of 3; linear growth means ×2 and ×4):');
  const MB = 1 << 20;
  const repeatTo = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const inputs: [string, (size: number) => string][] = [
    [
      'near-matches (phrase prefixes, anchors without conditions)',
      (n) => repeatTo('mohon doa salam dua serangan kadal all harga coblos pilih dukung paslon ', n),
    ],
    ['one unbroken token', (n) => repeatTo('dukung', n)],
    ['letters without spaces, mixed case and digits', (n) => repeatTo('AbCd3fGh1jKlMn0pQrStUvWxYz', n)],
    ['emoji run with skin tones', (n) => repeatTo('✌️👍🏽☝🏿🫰', n)],
    ['spelled-out letters', (n) => repeatTo('a n j i n g ', n)],
    ['hashtags', (n) => repeatTo('#2019GantiPresiden #ayocoblosdulu ', n)],
    ['asterisk-masked words and text emoticons', (n) => repeatTo('k*nt*l*x*y anj*ng a*b*c :v:V:) ', n)],
  ];
  for (const [name, make] of inputs) {
    const ms = [1, 2, 4].map((factor) => {
      const text = make(factor * MB);
      return Math.min(...[0, 1, 2].map(() => time(() => classify(matcher, text))));
    });
    const [one, two, four] = ms as [number, number, number];
    figures[`adversarial:${name}`] = one;
    console.log(
      `    ${name.padEnd(56)} 1 MB ${fmt(one).padStart(5)} ms   2 MB ${fmt(two).padStart(5)} ms (×${fmt(two / one, 1)})   4 MB ${fmt(four).padStart(5)} ms (×${fmt(four / one, 1)})`,
    );
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
