// `npm run bench`: every benchmark in sequence, each printing its figures next to a baseline
// measured in the same run. `--only rules|registry|import|page|wake` (repeatable, or comma-separated) runs
// some; `--help` lists them. The import and page parts need the Chrome build: it is built here when
// missing. Settings: tests/bench/README.md.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const MANIFEST = resolve(ROOT, '.output/chrome-mv3/manifest.json');

interface Part {
  name: 'rules' | 'registry' | 'import' | 'page' | 'wake';
  title: string;
  file: string;
  before?: () => void;
}

const PARTS: Part[] = [
  { name: 'rules', title: 'Rules engine', file: 'tests/bench/rules.bench.ts' },
  { name: 'registry', title: 'ASN registry', file: 'tests/bench/registry.bench.ts' },
  {
    name: 'import',
    title: 'ASN import in the options page (headless Chromium)',
    file: 'tests/bench/import-browser.bench.ts',
    before: ensureBuild,
  },
  {
    name: 'page',
    title: 'Netra in the page (headless Chromium)',
    file: 'tests/bench/page.bench.ts',
    before: ensureBuild,
  },
  {
    name: 'wake',
    title: 'First mark after a service-worker wake (headless Chromium)',
    file: 'tests/bench/wake.bench.ts',
    before: ensureBuild,
  },
];

/** The browser parts need the Chrome build: built here when missing. */
function ensureBuild(): void {
  if (existsSync(MANIFEST)) return;
  console.log('No Chrome build in .output/chrome-mv3: building it (npx wxt build) …');
  const built = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`npx wxt build failed (exit ${built.status ?? built.signal})`);
}

const PART_NAMES = PARTS.map((part) => part.name).join('|');

/** The usage, with every part and the file it runs. */
function usage(): string {
  return [
    `usage: npm run bench [-- --only ${PART_NAMES}]`,
    '       npm run bench -- --help',
    '',
    'parts (all by default; --only repeated or comma-separated runs some):',
    ...PARTS.map((part) => `  ${part.name.padEnd(9)} ${part.title}  (${part.file})`),
    '',
    'settings (NETRA_BENCH_* and others): tests/bench/README.md',
  ].join('\n');
}

/** The parts asked for by `--only` (all when none is), or 'help' for --help / -h. */
function parseOnly(argv: string[]): Set<Part['name']> | 'help' {
  const names = new Set<Part['name']>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const value = arg === '--only' ? argv[++i] : arg.startsWith('--only=') ? arg.slice(7) : undefined;
    if (arg !== '--only' && value === undefined) throw new Error(`unknown argument: ${arg}`);
    if (!value) throw new Error(`--only needs a part: ${PART_NAMES}`);
    for (const name of value.split(',')) {
      if (!PARTS.some((part) => part.name === name)) {
        throw new Error(`unknown part "${name}": use ${PART_NAMES}`);
      }
      names.add(name as Part['name']);
    }
  }
  return names.size > 0 ? names : new Set(PARTS.map((part) => part.name));
}

/** Runs a part: its exported main() when it has one, else the file as a script. */
async function runPart(part: Part): Promise<void> {
  const path = resolve(ROOT, part.file);
  if (!existsSync(path)) throw new Error(`${part.file} does not exist`);
  part.before?.();
  const mod = (await import(path)) as { main?: () => unknown };
  if (typeof mod.main === 'function') {
    await mod.main();
    return;
  }
  const ran = spawnSync('npx', ['tsx', part.file], { cwd: ROOT, stdio: 'inherit' });
  if (ran.status !== 0) throw new Error(`${part.file} exited with ${ran.status ?? ran.signal}`);
}

async function main(): Promise<void> {
  let selected: Set<Part['name']> | 'help';
  try {
    selected = parseOnly(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    console.error(usage());
    process.exitCode = 2;
    return;
  }
  if (selected === 'help') {
    console.log(usage());
    return;
  }
  const only = selected;
  const outcomes: { part: Part; seconds: number; error?: unknown }[] = [];
  for (const part of PARTS.filter((p) => only.has(p.name))) {
    const rule = '='.repeat(100);
    console.log(`\n${rule}\n${part.title}  (${part.file})\n${rule}`);
    const started = performance.now();
    try {
      await runPart(part);
      outcomes.push({ part, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      console.error(error);
      outcomes.push({ part, seconds: (performance.now() - started) / 1000, error });
    }
  }
  console.log(`\n${'='.repeat(100)}\nbench summary`);
  for (const { part, seconds, error } of outcomes) {
    console.log(
      `  ${part.name.padEnd(9)} ${error ? 'FAILED' : 'ran   '} ${seconds.toFixed(1).padStart(6)} s`,
    );
  }
  if (outcomes.some((o) => o.error)) process.exitCode = 1;
}

await main();
