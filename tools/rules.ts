// Command-line access to the rules engine (npm run --silent rules -- <command>).
//
//   classify [--pack FILE]... [--no-base] [--no-models]
//                                           JSON Lines {"id","text"} on stdin → one result line each;
//                                           the shipped model packs (lib/models) join the rules
//   check-pack FILE                          validate a pack and run its examples; exit 1 on any error
//   schema                                   print the pack JSON Schema (source of lib/rules/pack.schema.json)

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { combine, isModelFinding, scoreText } from '../lib/models/model';
import { loadModelPacks } from '../lib/models/pack';
import { SHIPPED_MODEL_PACKS } from '../lib/models/packs';
import {
  BASE_PACKS,
  CAMPAIGN_PACKS,
  classify,
  compileMatcher,
  loadPacks,
  type Pack,
  setClassifyHook,
} from '../lib/rules';
import { type PackError, packJsonSchema } from '../lib/rules/pack';

const USAGE = `usage:
  rules classify [--pack FILE]... [--no-base] [--no-models]   < posts.jsonl > results.jsonl
  rules check-pack FILE
  rules schema`;

function readJsonFile(file: string): { ok: true; json: unknown } | { ok: false; error: PackError } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return {
      ok: false,
      error: { pack: file, path: '(file)', message: `cannot read: ${(e as Error).message}` },
    };
  }
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (e) {
    return {
      ok: false,
      error: { pack: file, path: '(file)', message: `not valid JSON: ${(e as Error).message}` },
    };
  }
}

function printErrors(errors: PackError[]): void {
  for (const e of errors) process.stderr.write(`${e.pack}: ${e.path}: ${e.message}\n`);
}

function basePacks(): Pack[] {
  return loadPacks(BASE_PACKS.map((json, k) => ({ source: `base-${k}`, json }))).packs;
}

async function runClassify(args: string[]): Promise<number> {
  const files: string[] = [];
  let withBase = true;
  let withModels = true;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === '--no-base') withBase = false;
    else if (arg === '--no-models') withModels = false;
    else if (arg === '--pack' && k + 1 < args.length) files.push(args[++k]!);
    else if (arg.startsWith('--pack=')) files.push(arg.slice('--pack='.length));
    else {
      process.stderr.write(`unknown argument "${arg}"\n${USAGE}\n`);
      return 2;
    }
  }
  const inputs: { source: string; json: unknown }[] = [];
  const fileErrors: PackError[] = [];
  for (const file of files) {
    const read = readJsonFile(file);
    if (read.ok) inputs.push({ source: file, json: read.json });
    else fileErrors.push(read.error);
  }
  const loaded = loadPacks(inputs);
  const errors = [...fileErrors, ...loaded.errors];
  if (errors.length > 0) {
    printErrors(errors);
    return 2;
  }
  const matcher = compileMatcher([...loaded.packs, ...(withBase ? basePacks() : [])]);
  if (withModels) {
    const models = loadModelPacks(SHIPPED_MODEL_PACKS.map((json, k) => ({ source: `model-${k}`, json })));
    if (models.errors.length > 0) {
      printErrors(models.errors);
      return 2;
    }
    // Every shipped model pack (in the extension they are opt-in: see lib/models/packs/README.md).
    setClassifyHook(matcher, (text, rules) => combine(rules, scoreText(models.packs, text)));
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  let bad = 0;
  let out = '';
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let post: unknown;
    try {
      post = JSON.parse(line);
    } catch (e) {
      bad++;
      process.stderr.write(`line ${lineNo}: not valid JSON: ${(e as Error).message}\n`);
      continue;
    }
    const p = post as { id?: unknown; text?: unknown };
    if (post === null || typeof post !== 'object' || Array.isArray(post) || typeof p.text !== 'string') {
      bad++;
      process.stderr.write(`line ${lineNo}: expected an object with a "text" string\n`);
      continue;
    }
    const result = classify(matcher, p.text);
    const findings = result.findings.map((f) => ({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      start: f.start,
      end: f.end,
      match: f.match,
      ...(f.candidate ? { candidate: f.candidate } : {}),
      ...(f.reference ? { reference: f.reference.match } : {}),
      ...(isModelFinding(f) ? { model: f.model } : {}),
    }));
    // The stance contract: one entry per candidate of the packs with a stance; "a candidate"
    // stances (no pack names who) show in the findings but not here.
    const stances = result.stances.flatMap((s) =>
      s.candidate ? [{ candidate: s.candidate.id, stance: s.stance }] : [],
    );
    const cues = result.cues.map((c) => ({ kind: c.kind, ruleId: c.ruleId, match: c.match }));
    const record = { id: p.id ?? null, categories: result.categories, stances, findings, cues };
    out += `${JSON.stringify(record)}\n`;
    if (out.length > 64_000) {
      if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      out = '';
    }
  }
  process.stdout.write(out);
  return bad > 0 ? 1 : 0;
}

function runCheckPack(args: string[]): number {
  if (args.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = args[0]!;
  const read = readJsonFile(file);
  if (!read.ok) {
    printErrors([read.error]);
    return 1;
  }
  const { packs, errors } = loadPacks([{ source: basename(file), json: read.json }]);
  if (errors.length > 0) {
    printErrors(errors);
    return 1;
  }
  const pack = packs[0]!;
  // Examples are checked the way the pack will run: with the shipped base packs (this pack
  // replacing one with the same id) and, for a base pack, the shipped campaign examples.
  const others = basePacks().filter((p) => p.id !== pack.id);
  const campaigns =
    pack.kind === 'base' ? loadPacks(CAMPAIGN_PACKS.map((json) => ({ source: 'c', json }))).packs : [];
  const matcher = compileMatcher([
    ...(pack.kind === 'campaign' ? [pack] : []),
    ...campaigns,
    ...others,
    ...(pack.kind === 'base' ? [pack] : []),
  ]);
  const failures: PackError[] = [];
  const name = `${pack.id} (${basename(file)})`;
  pack.rules.forEach((rule, r) => {
    rule.examples?.match.forEach((text, k) => {
      if (!classify(matcher, text).findings.some((f) => f.ruleId === rule.id && f.packId === pack.id)) {
        failures.push({
          pack: name,
          path: `rules[${r}].examples.match[${k}]`,
          message: 'the rule does not match this example',
        });
      }
    });
    rule.examples?.noMatch.forEach((text, k) => {
      if (classify(matcher, text).findings.some((f) => f.ruleId === rule.id && f.packId === pack.id)) {
        failures.push({
          pack: name,
          path: `rules[${r}].examples.noMatch[${k}]`,
          message: 'the rule matches this example',
        });
      }
    });
  });
  if (failures.length > 0) {
    printErrors(failures);
    return 1;
  }
  const candidates = pack.candidates?.length ?? 0;
  process.stdout.write(
    `${name}: OK, version ${pack.version}, ${pack.rules.length} rules, ${candidates} candidates\n`,
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'classify':
      return runClassify(rest);
    case 'check-pack':
      return runCheckPack(rest);
    case 'schema':
      process.stdout.write(`${JSON.stringify(packJsonSchema(), null, 2)}\n`);
      return 0;
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`rules: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
