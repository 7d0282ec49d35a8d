// Stance figures for `npm run eval`: which candidate, which way, and no stance on neutral texts.
//
//   tests/corpus/stance/written.jsonl             posts written for Netra, with their labels
//   tests/corpus/stance/tweets-2019.labels.jsonl  labels of real tweets in ../shared/data (by row
//                                                 and SHA-1 of the text: the texts stay there)
//
// For each set, with the base packs and the set's campaign pack (as `rules classify --pack`):
// - coverage: share of partisan texts (labelled with a stance) given a stance on a labelled
//   candidate;
// - direction: among the stances given on a labelled candidate, the share whose direction is right;
// - neutral flags: share of neutral texts flagged candidate_support or candidate_attack — with the
//   set's pack, and with every shipped campaign pack active at once.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { BASE_PACKS, CAMPAIGN_PACKS, classify, compileMatcher, type Matcher } from '../lib/rules';

type Direction = 'support' | 'attack';

export interface StanceExample {
  id: string;
  pack: string;
  kind: string;
  text: string;
  stances: { candidate: string; stance: Direction }[];
}

export interface StanceScore {
  partisan: number;
  covered: number;
  given: number;
  right: number;
  neutral: number;
  neutralFlagged: number;
  neutralFlaggedAllPacks: number;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '-');

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** The written set. */
export function loadWritten(root: string): StanceExample[] {
  return readJsonl<StanceExample>(`${root}tests/corpus/stance/written.jsonl`);
}

/** The labelled real tweets, joined with their texts in the shared data; rows whose text changed are left out. */
export function loadTweets(root: string, shared: string): { examples: StanceExample[]; mismatched: number } {
  const labels = `${root}tests/corpus/stance/tweets-2019.labels.jsonl`;
  const csv = `${shared}ibrohim2019-dev.csv`;
  if (!existsSync(labels) || !existsSync(csv)) return { examples: [], mismatched: 0 };
  const rows = Papa.parse<Record<string, string>>(readFileSync(csv, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  let mismatched = 0;
  const examples: StanceExample[] = [];
  for (const label of readJsonl<Omit<StanceExample, 'id' | 'text'> & { row: number; sha1: string }>(labels)) {
    const text = rows[label.row]?.text ?? '';
    if (createHash('sha1').update(text).digest('hex') !== label.sha1) {
      mismatched++;
      continue;
    }
    examples.push({
      id: `row-${label.row}`,
      pack: label.pack,
      kind: label.kind,
      text,
      stances: label.stances,
    });
  }
  return { examples, mismatched };
}

function partisanFlagged(categories: readonly string[]): boolean {
  return categories.includes('candidate_support') || categories.includes('candidate_attack');
}

/** Scores one set; prints its table and, with `errors`, that many misses of each kind. */
export function scoreStances(name: string, examples: StanceExample[], errors = 0): StanceScore {
  const matchers = new Map<string, Matcher>();
  const matcherFor = (packId: string): Matcher => {
    let m = matchers.get(packId);
    if (!m) {
      const pack = CAMPAIGN_PACKS.find((p) => p.id === packId);
      if (!pack) throw new Error(`${name}: no shipped campaign pack "${packId}"`);
      m = compileMatcher([pack, ...BASE_PACKS]);
      matchers.set(packId, m);
    }
    return m;
  };
  const everything = compileMatcher([...CAMPAIGN_PACKS, ...BASE_PACKS]);
  const s: StanceScore = {
    partisan: 0,
    covered: 0,
    given: 0,
    right: 0,
    neutral: 0,
    neutralFlagged: 0,
    neutralFlaggedAllPacks: 0,
  };
  const misses: string[] = [];
  const wrongWay: string[] = [];
  const falseFlags: string[] = [];
  const byKind = new Map<string, [number, number]>();
  for (const e of examples) {
    const result = classify(matcherFor(e.pack), e.text);
    const got = result.stances
      .filter((st) => st.candidate)
      .map((st) => [st.candidate!.id, st.stance] as const);
    const show = () =>
      `[${e.id}] ${e.text.slice(0, 150).replace(/\s+/g, ' ')}  gold ${JSON.stringify(e.stances.map((g) => `${g.stance}:${g.candidate}`))} got ${JSON.stringify(got.map(([c, d]) => `${d}:${c}`))} ${result.findings
        .filter((f) => f.category.startsWith('candidate_'))
        .map((f) => `${f.ruleId}:"${f.match}"`)
        .join(' ')}`;
    if (e.stances.length === 0) {
      s.neutral++;
      const flagged = partisanFlagged(result.categories);
      const all = partisanFlagged(classify(everything, e.text).categories);
      if (flagged) {
        s.neutralFlagged++;
        falseFlags.push(show());
      }
      if (all) s.neutralFlaggedAllPacks++;
      const k = byKind.get(e.kind) ?? [0, 0];
      byKind.set(e.kind, [k[0] + 1, k[1] + (all || flagged ? 1 : 0)]);
      continue;
    }
    s.partisan++;
    const gold = new Map(e.stances.map((g) => [g.candidate, g.stance]));
    if (got.some(([c]) => gold.has(c))) s.covered++;
    else misses.push(show());
    for (const [candidate, direction] of got) {
      if (!gold.has(candidate)) continue;
      s.given++;
      if (gold.get(candidate) === direction) s.right++;
      else wrongWay.push(show());
    }
  }
  console.log(`\n${name} (${examples.length} texts: ${s.partisan} partisan, ${s.neutral} neutral)`);
  console.log(
    `  stance on a labelled candidate: ${s.covered} of ${s.partisan} partisan texts (${pct(s.covered / s.partisan)})`,
  );
  console.log(
    `  direction right: ${s.right} of ${s.given} stances given on labelled candidates (${pct(s.right / s.given)})`,
  );
  console.log(
    `  partisan flags on neutral texts: ${s.neutralFlagged} of ${s.neutral} (${pct(s.neutralFlagged / s.neutral)}); with every shipped campaign pack: ${s.neutralFlaggedAllPacks} (${pct(s.neutralFlaggedAllPacks / s.neutral)})`,
  );
  if (byKind.size > 0) {
    const kinds = [...byKind].map(([kind, [n, f]]) => `${kind} ${f}/${n}`).join(', ');
    console.log(`  flagged neutral texts by kind: ${kinds}`);
  }
  if (errors > 0) {
    for (const line of wrongWay.slice(0, errors)) console.log(`    WRONG WAY ${line}`);
    for (const line of falseFlags.slice(0, errors)) console.log(`    NEUTRAL FLAGGED ${line}`);
    for (const line of misses.slice(0, errors)) console.log(`    MISSED ${line}`);
  }
  return s;
}
