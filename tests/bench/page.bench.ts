// Page benchmark: Netra in real headless Chromium on generated X and Facebook feeds, next to a
// baseline measured in the same run (a plain Chromium with the same page and the same driving
// script, no extension). Run alone with `npx tsx tests/bench/page.bench.ts` after `npm run build`,
// or through `npm run bench`. It builds nothing. Its settings (NETRA_BENCH_*) are in
// tests/bench/README.md and are read once, by page/settings.ts.
//
// This file only wires the run (settings, browsers, rounds, report); the parts are in
// tests/bench/page/, one job each (tests/bench/README.md lists them).

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_BUILD, launchExtension } from '../e2e/harness';
import { chromiumPath } from '../support/chromium';
import { f0 } from './page/print';
import { reportSite, reportSizes } from './page/report';
import { reportPaired } from './page/report-paired';
import { mergeRuns, type RunResult } from './page/results';
import { runSite } from './page/run-site';
import { type BenchSite, readSettings } from './page/settings';
import { SITES } from './page/sites';
import { launchPlain, routeFeeds, tagAsnAuthors } from './page/setup';
import { LIGHT_CATEGORIES, tracerFor } from './page/trace';

/** Runs the page benchmark and prints its figures (expects `.output/chrome-mv3`). */
export async function main(): Promise<void> {
  const settings = readSettings();
  if (!existsSync(join(CHROME_BUILD, 'manifest.json'))) {
    throw new Error(`No extension build at ${CHROME_BUILD}: run \`npm run build\` first.`);
  }
  const started = Date.now();
  console.log(
    `Page benchmark: headless Chromium (${chromiumPath()}), with and without Netra, same pages and script.`,
  );
  console.log('Timings on a shared machine are noisy: compare the two columns of one run.');
  const { sites, rounds, pairedOnly } = settings;
  const results = new Map<BenchSite, { base?: RunResult; ours?: RunResult }>(sites.map((s) => [s, {}]));

  // Rounds alternate between the plain browser and Netra's, and each figure is the median of its
  // rounds (latencies and long tasks: all rounds together), so a burst of load from elsewhere on
  // the machine moves one round, not the result. NETRA_BENCH_ROUNDS sets how many (default 3).
  const runs = new Map<BenchSite, { base: RunResult[]; ours: RunResult[] }>(
    sites.map((s) => [s, { base: [], ours: [] }]),
  );
  const plain = await launchPlain();
  const session = await launchExtension();
  // Every phase is traced, lightly (the DevTools timeline only), in both browsers alike: the
  // content scripts' CPU time comes from it. NETRA_BENCH_TRACE=<dir> records full traces instead
  // (kept in <dir>) and prints the main thread's time by event, with Netra next to without; that
  // slows both runs much more: diagnosis only.
  const { traceDir } = settings;
  const categories = traceDir ? undefined : LIGHT_CATEGORIES;
  const tracers = {
    plain: await tracerFor(plain.context, traceDir, categories),
    ours: await tracerFor(session.context, traceDir, categories),
  };
  try {
    await routeFeeds(plain.context);
    await routeFeeds(session.context);
    await tagAsnAuthors(session);
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round} of ${rounds} …`);
      for (const site of sites) {
        const browsers = [
          { context: plain.context, userDataDir: plain.userDataDir, netra: false, tracer: tracers.plain },
          { context: session.context, userDataDir: session.userDataDir, netra: true, tracer: tracers.ours },
        ];
        for (const browser of browsers) {
          if (pairedOnly && !browser.netra) continue;
          const result = await runSite({ ...browser, site, settings });
          runs.get(site)![browser.netra ? 'ours' : 'base'].push(result);
        }
      }
    }
  } finally {
    await plain.close();
    await session.close();
  }
  if (pairedOnly) {
    const misses: string[] = [];
    for (const site of sites) {
      console.log(`\n${SITES[site].name}: the page loaded with ${f0(SITES[site].initial)} posts, then`);
      reportPaired(
        runs.get(site)!.ours.flatMap((r) => (r.paired ? [r.paired] : [])),
        (name, pass) => {
          if (!pass) misses.push(`${SITES[site].name} ${name}`);
          return pass;
        },
      );
    }
    console.log(
      `\nPaired measurement: ${misses.length === 0 ? 'all targets met' : `MISS: ${misses.join('; ')}`}`,
    );
    return;
  }
  for (const site of sites) {
    const { base, ours } = runs.get(site)!;
    results.set(site, { base: mergeRuns(base), ours: mergeRuns(ours) });
  }
  console.log(`Figures: median of ${rounds} round(s); latencies and long tasks from all rounds.`);

  let ok = true;
  for (const site of sites) {
    const { base, ours } = results.get(site)!;
    ok = reportSite(site, base!, ours!, runs.get(site)!) && ok;
  }
  ok = reportSizes() && ok;
  console.log(
    `\nPage benchmark: ${ok ? 'all targets met' : 'some targets missed'} (${f0((Date.now() - started) / 1000)} s)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
