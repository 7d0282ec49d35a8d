// Scores the rules engine on labelled Indonesian text (npm run eval).
//
//   ../shared/data/hate-speech/ibrohim2019-dev.csv         HS → hate_speech, Abusive → abusive
//   ../shared/data/hate-speech/ibrohim2018-three-labels.csv  Label 2/3 → abusive
//   tests/corpus/campaign.jsonl                             candidate_support, money_politics
//
// Prints precision, recall and F1 per category and the false-flag rate on posts labelled with
// none of the evaluated categories. `--errors N` also prints N false positives and N misses per
// category, for looking at what the rules get wrong (fix the rule, not the example).

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import {
  BASE_PACKS,
  CAMPAIGN_PACKS,
  type Category,
  classify,
  compileMatcher,
  type Matcher,
} from '../lib/rules';
import { combine, scoreText } from '../lib/models/model';
import { loadModelPacks, type ModelPack } from '../lib/models/pack';
import { SHIPPED_MODEL_PACKS } from '../lib/models/packs';
import { splitIndices } from '../lib/models/train';
import { setClassifyHook } from '../lib/rules';
import { loadTweets, loadWritten, scoreStances } from './eval-stance';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SHARED = `${ROOT}../shared/data/hate-speech/`;

interface Example {
  id: string;
  text: string;
  labels: Set<Category>;
}

interface Score {
  category: Category;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Rows of a CSV file with a header line. */
export function readCsv(file: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  return parsed.data;
}

/** The 2018 set keeps literal "\n" and UTF-8 bytes written as \xNN escapes; decode both. */
export function decodeEscapes(text: string): string {
  return text
    .replace(/\\n/g, ' ')
    .replace(/(?:\\x[0-9a-fA-F]{2})+/g, (run) =>
      Buffer.from(run.replace(/\\x/g, ''), 'hex').toString('utf8'),
    );
}

const HS_TARGETS = [
  'HS_Individual',
  'HS_Group',
  'HS_Religion',
  'HS_Race',
  'HS_Physical',
  'HS_Gender',
  'HS_Other',
];

function loadIbrohim2019(): (Example & { targets: string[] })[] {
  return readCsv(`${SHARED}ibrohim2019-dev.csv`).map((row) => {
    const labels = new Set<Category>();
    if (row.HS === '1') labels.add('hate_speech');
    if (row.Abusive === '1') labels.add('abusive');
    return {
      id: row.id ?? '',
      text: row.text ?? '',
      labels,
      targets: HS_TARGETS.filter((t) => row[t] === '1'),
    };
  });
}

/**
 * Netra's hate_speech is about groups, SARA and the state (DOMAIN.md); the data set's HS also
 * counts insults aimed at one person, which Netra files under abusive. Recall per target shows both.
 */
function recallByTarget(matcher: Matcher, data: (Example & { targets: string[] })[]): void {
  const parts = HS_TARGETS.map((target) => {
    const rows = data.filter((e) => e.targets.includes(target));
    const hit = rows.filter((e) => classify(matcher, e.text).categories.includes('hate_speech')).length;
    return `${target.slice(3)} ${pct(hit / rows.length).trim()} of ${rows.length}`;
  });
  console.log(`  hate_speech recall by HS target: ${parts.join(', ')}`);
}

function loadIbrohim2018(): Example[] {
  return readCsv(`${SHARED}ibrohim2018-three-labels.csv`).map((row, k) => {
    const labels = new Set<Category>();
    if (row.Label === '2' || row.Label === '3') labels.add('abusive');
    return { id: String(k + 1), text: decodeEscapes(row.Tweet ?? ''), labels };
  });
}

function loadCorpus(): Example[] {
  return readFileSync(`${ROOT}tests/corpus/campaign.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as { id: string; text: string; labels: Category[] };
      return { id: row.id, text: row.text, labels: new Set(row.labels) };
    });
}

const pct = (x: number) => (Number.isNaN(x) ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

/** Scores one data set for the given categories and prints a table. */
export function score(
  name: string,
  matcher: Matcher,
  examples: Example[],
  categories: Category[],
  errors = 0,
): { scores: Score[]; falseFlagRate: number } {
  const predicted = examples.map((e) => new Set(classify(matcher, e.text).categories));
  const scores = categories.map((category): Score => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    examples.forEach((e, k) => {
      const gold = e.labels.has(category);
      const got = predicted[k]!.has(category);
      if (gold && got) tp++;
      else if (got) fp++;
      else if (gold) fn++;
    });
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    return { category, tp, fp, fn, precision, recall, f1: (2 * precision * recall) / (precision + recall) };
  });
  const neither = examples
    .map((e, k) => [e, predicted[k]!] as const)
    .filter(([e]) => categories.every((c) => !e.labels.has(c)));
  const falseFlags = neither.filter(([, got]) => categories.some((c) => got.has(c))).length;
  const falseFlagRate = falseFlags / neither.length;
  console.log(`\n${name} (${examples.length} posts)`);
  console.log('  category            precision  recall      F1    TP    FP    FN');
  for (const s of scores) {
    console.log(
      `  ${s.category.padEnd(18)} ${pct(s.precision)}  ${pct(s.recall)}  ${pct(s.f1)} ${String(s.tp).padStart(5)} ${String(s.fp).padStart(5)} ${String(s.fn).padStart(5)}`,
    );
  }
  console.log(
    `  false flags on posts labelled neither: ${falseFlags} of ${neither.length} (${pct(falseFlagRate).trim()})`,
  );
  if (errors > 0) {
    for (const category of categories) {
      const show = (kind: string, pick: (gold: boolean, got: boolean) => boolean) => {
        const list = examples
          .filter((e, k) => pick(e.labels.has(category), predicted[k]!.has(category)))
          .slice(0, errors);
        for (const e of list) {
          const findings = classify(matcher, e.text)
            .findings.filter((f) => f.category === category)
            .map((f) => `${f.ruleId}:"${f.match}"`)
            .join(' ');
          console.log(
            `    ${kind} ${category} [${e.id}] ${e.text.slice(0, 160).replace(/\s+/g, ' ')}  ${findings}`,
          );
        }
      };
      show('FP', (gold, got) => !gold && got);
      show('FN', (gold, got) => gold && !got);
    }
  }
  return { scores, falseFlagRate };
}

/** A matcher whose classify() adds the model packs' judgement (as the extension does). */
function withModels(packs: Parameters<typeof compileMatcher>[0], models: readonly ModelPack[]): Matcher {
  const matcher = compileMatcher(packs);
  setClassifyHook(matcher, (text, rules) => combine(rules, scoreText(models, text)));
  return matcher;
}

/**
 * Rules alone, model alone and combined, on data the models never saw: the held-out test split
 * of ibrohim2019-dev (the seed and split sizes the packs record) and all of ibrohim2018.
 */
function scoreModels(results: Record<string, { scores: Score[]; falseFlagRate: number }>): void {
  const { packs: models, errors } = loadModelPacks(
    SHIPPED_MODEL_PACKS.map((json, k) => ({ source: `model-${k}`, json })),
  );
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.pack} ${e.path}: ${e.message}`).join('; '));
  const ways: [string, Matcher][] = [
    ['rules', compileMatcher(BASE_PACKS)],
    ['model', withModels([], models)],
    ['rules + model', withModels(BASE_PACKS, models)],
  ];
  if (existsSync(`${SHARED}ibrohim2019-dev.csv`)) {
    const data = loadIbrohim2019();
    const { seed, validation, test } = models[0]!.json.provenance.split;
    const split = splitIndices(data.length, seed, validation / data.length, test / data.length);
    if (split.test.length !== test)
      throw new Error('the data set no longer matches the split the models record');
    const held = split.test.map((k) => data[k]!);
    for (const [name, matcher] of ways) {
      results[`ibrohim2019 test ${name}`] = score(
        `ibrohim2019-dev held-out test split (seed ${seed}; the models never saw it), ${name}`,
        matcher,
        held,
        ['hate_speech', 'abusive'],
      );
    }
  }
  // Neutral election texts (news, questions, fact-checks, announcements; written by the project).
  const neutral = readFileSync(`${ROOT}tests/corpus/stance/written.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; kind: string; text: string })
    .filter((row) => row.kind.startsWith('neutral'));
  console.log(
    `\nneutral election texts (tests/corpus/stance/written.jsonl, ${neutral.length}): hate_speech / abusive flags`,
  );
  const byDefault = withModels(
    BASE_PACKS,
    models.filter((m) => m.json.enabledByDefault),
  );
  for (const [name, matcher] of [
    ...ways,
    ['rules + the models on by default', byDefault] as [string, Matcher],
  ]) {
    const flagged = (c: Category) =>
      neutral.filter((row) => classify(matcher, row.text).categories.includes(c)).length;
    console.log(`  ${name.padEnd(36)} hate_speech ${flagged('hate_speech')}, abusive ${flagged('abusive')}`);
  }

  if (existsSync(`${SHARED}ibrohim2018-three-labels.csv`)) {
    const data = loadIbrohim2018();
    for (const [name, matcher] of ways) {
      results[`ibrohim2018 ${name}`] = score(
        `ibrohim2018-three-labels (never used in training), ${name}`,
        matcher,
        data,
        ['abusive'],
      );
    }
  }
}

/** Runs every evaluation whose data is present; returns the scores for a combined report. */
export function main(
  argv: string[] = process.argv.slice(2),
): Record<string, { scores: Score[]; falseFlagRate: number }> {
  const errorsAt = argv.indexOf('--errors');
  const errors = errorsAt >= 0 ? Number(argv[errorsAt + 1] ?? 10) : 0;
  const started = performance.now();
  const results: Record<string, { scores: Score[]; falseFlagRate: number }> = {};
  const base = compileMatcher(BASE_PACKS);
  const pilpres2019 = compileMatcher([
    CAMPAIGN_PACKS.find((p) => p.id === 'campaign.pilpres-2019')!,
    ...BASE_PACKS,
  ]);
  const allCampaigns = compileMatcher([...CAMPAIGN_PACKS, ...BASE_PACKS]);

  if (existsSync(`${SHARED}ibrohim2019-dev.csv`)) {
    const data = loadIbrohim2019();
    results['ibrohim2019 base'] = score(
      'ibrohim2019-dev, base packs',
      base,
      data,
      ['hate_speech', 'abusive'],
      errors,
    );
    recallByTarget(base, data);
    results['ibrohim2019 +2019'] = score(
      'ibrohim2019-dev, base packs + campaign.pilpres-2019 (tweets are from 2018-19)',
      pilpres2019,
      data,
      ['hate_speech', 'abusive'],
    );
  } else
    console.log(
      `skipped: ${SHARED}ibrohim2019-dev.csv not found (the shared data sets live beside the repo)`,
    );

  if (existsSync(`${SHARED}ibrohim2018-three-labels.csv`)) {
    results.ibrohim2018 = score(
      'ibrohim2018-three-labels, base packs (labels 2 and 3 = abusive)',
      base,
      loadIbrohim2018(),
      ['abusive'],
      errors,
    );
  } else console.log(`skipped: ${SHARED}ibrohim2018-three-labels.csv not found`);

  if (!argv.includes('--no-models')) scoreModels(results);

  const corpus = loadCorpus();
  results.corpus = score(
    'tests/corpus/campaign.jsonl, base packs + all shipped campaign packs',
    allCampaigns,
    corpus,
    ['candidate_support', 'money_politics'],
    errors,
  );
  results['corpus base'] = score('tests/corpus/campaign.jsonl, base packs only', base, corpus, [
    'candidate_support',
    'money_politics',
  ]);
  const stanceOnly = argv.includes('--stance');
  scoreStances(
    "tests/corpus/stance/written.jsonl, base packs + the text's campaign pack",
    loadWritten(ROOT),
    errors,
  );
  const tweets = loadTweets(ROOT, SHARED);
  if (tweets.examples.length > 0) {
    scoreStances(
      `ibrohim2019-dev tweets labelled for stance (tests/corpus/stance/tweets-2019.labels.jsonl${tweets.mismatched ? `; ${tweets.mismatched} rows whose text no longer matches left out` : ''})`,
      tweets.examples,
      errors,
    );
  } else console.log('skipped: the stance labels of the shared tweets (shared data not found)');
  void stanceOnly;
  console.log(`\neval took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
