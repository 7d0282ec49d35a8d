// First mark after a service-worker wake (issue #24), in the built extension in headless Chromium.
// For each list size (1,000,000 accounts, then 1,000): the registry bench's generated list (plus
// the fixture feed's ASN author) is imported through the options page; an X feed is opened; then,
// round after round in the same page, a batch of 20 tweets (one campaign tweet by the ASN author,
// 19 neutral ones by authors new to the page, half of them in the list) is appended with the
// worker kept warm, and another after the worker was stopped over the DevTools protocol
// (ServiceWorker.stopAllWorkers). Printed: time from the append to the first mark (median, p95)
// warm and after a wake, and the worker's memory after the wake (JS heap in use after a full
// collection, plus array buffers: a list's typed arrays live outside the heap).
// Targets: after a wake <= 150 ms p95 with 1,000,000 accounts and within 50 ms of the 1,000
// run; worker memory after a wake <= 30 MB.
// Run alone with `npx tsx tests/bench/wake.bench.ts [rows]` after `npm run build`, or through
// `npm run bench -- --only wake`. NETRA_BENCH_ROUNDS sets the rounds (10).

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixture, launchExtension, serveAs } from '../e2e/harness';
import { appendBatch, BUDI_ROW, controlWorker, firstMarkMs, importThroughOptions } from '../e2e/wake';
import { generateList } from './registry.bench';

const MB = 1024 * 1024;
const BATCH = 19;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
}
const median = (values: number[]) => percentile(values, 0.5);

interface SizeResult {
  rows: number;
  warm: number[];
  cold: number[];
  heap: number[];
  heapTotal: number[];
  importMs: number;
}

async function runSize(rows: number, rounds: number): Promise<SizeResult> {
  const { csv, keys } = generateList(rows);
  const session = await launchExtension();
  try {
    let t = Date.now();
    await importThroughOptions(session, `${csv}\n${BUDI_ROW}`, rows + 1);
    const importMs = Date.now() - t;
    await serveAs(session.context, 'https://x.com', (url) =>
      url.pathname === '/home' ? fixture('x/home-feed.html') : undefined,
    );
    const page = await session.context.newPage();
    await page.goto('https://x.com/home');
    const worker = await controlWorker(page);
    // authors new to the page: X accounts of the list and accounts not in it, never repeated
    const listed = keys.filter((k) => k.startsWith('x:')).map((k) => k.slice(2));
    let nextListed = 0;
    let nextUnknown = 0;
    const handles = () =>
      Array.from({ length: BATCH }, (_, i) =>
        i % 2 ? listed[(nextListed++ * 7919) % listed.length]! : `warga_${nextUnknown++}`,
      );
    let batch = 0;
    // the page's first batch: the feed itself, and a warm-up append
    await appendBatch(page, handles(), ++batch);
    await firstMarkMs(page, batch);
    const result: SizeResult = { rows, warm: [], cold: [], heap: [], heapTotal: [], importMs };
    for (let round = 0; round < rounds; round++) {
      await page.waitForTimeout(300);
      await appendBatch(page, handles(), ++batch);
      result.warm.push(await firstMarkMs(page, batch));
      await page.waitForTimeout(300);
      await worker.stop();
      await page.waitForTimeout(200);
      t = Date.now();
      await appendBatch(page, handles(), ++batch);
      result.cold.push(await firstMarkMs(page, batch));
      // what the woken worker holds once it has answered (the flag write and badge included)
      await page.waitForTimeout(500);
      const heap = await worker.heap();
      result.heap.push(heap.used + (heap.buffers ?? 0));
      result.heapTotal.push(heap.total + (heap.buffers ?? 0));
    }
    await worker.cdp.detach();
    await page.close();
    return result;
  } finally {
    await session.close();
  }
}

export async function main(bigRows = 1_000_000): Promise<Record<string, number>> {
  const rounds = Number(process.env.NETRA_BENCH_ROUNDS ?? 10);
  const load = loadavg()[0]!;
  const results: SizeResult[] = [];
  for (const rows of [bigRows, 1_000]) results.push(await runSize(rows, rounds));
  const loadAfter = loadavg()[0]!;
  const [big, small] = results as [SizeResult, SizeResult];
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const line = (label: string, a: string, b: string, target: string, pass?: boolean) =>
    console.log(
      `  ${label.padEnd(40)}${a.padStart(16)}${b.padStart(16)}  ${target.padEnd(22)}${pass === undefined ? '' : pass ? 'PASS' : 'MISS'}`,
    );
  console.log(`First mark after a service-worker wake (headless Chromium), ${rounds} rounds`);
  line('', `${big.rows.toLocaleString('en')} rows`, `${small.rows.toLocaleString('en')} rows`, 'target');
  line(
    'import through the options page',
    `${(big.importMs / 1000).toFixed(1)} s`,
    `${(small.importMs / 1000).toFixed(1)} s`,
    '',
  );
  line(
    'first mark, worker warm (median / p95)',
    `${ms(median(big.warm))} / ${ms(percentile(big.warm, 0.95))}`,
    `${ms(median(small.warm))} / ${ms(percentile(small.warm, 0.95))}`,
    '',
  );
  const bigP95 = percentile(big.cold, 0.95);
  const smallP95 = percentile(small.cold, 0.95);
  line(
    'first mark after a wake (median / p95)',
    `${ms(median(big.cold))} / ${ms(bigP95)}`,
    `${ms(median(small.cold))} / ${ms(smallP95)}`,
    'p95 <= 150 ms',
    bigP95 <= 150,
  );
  line(
    '  p95 difference to the 1,000-row run',
    ms(bigP95 - smallP95),
    '',
    '<= 50 ms',
    bigP95 - smallP95 <= 50,
  );
  line('  each round after a wake', big.cold.map((v) => v.toFixed(0)).join(' '), '', '');
  line('  ', small.cold.map((v) => v.toFixed(0)).join(' '), '', '(1,000 rows)');
  const heapMax = Math.max(...big.heap);
  line(
    'worker memory after a wake (median / max)',
    `${(median(big.heap) / MB).toFixed(1)} / ${(heapMax / MB).toFixed(1)} MB`,
    `${(median(small.heap) / MB).toFixed(1)} MB`,
    '<= 30 MB',
    heapMax <= 30 * MB,
  );
  line(
    '  reserved heap + buffers (median)',
    `${(median(big.heapTotal) / MB).toFixed(1)} MB`,
    `${(median(small.heapTotal) / MB).toFixed(1)} MB`,
    '',
  );
  console.log(
    `  load average ${load.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (2 cores shared)`,
  );
  return {
    coldP95Ms: bigP95,
    coldMedianMs: median(big.cold),
    smallColdP95Ms: smallP95,
    warmMedianMs: median(big.warm),
    heapMedianBytes: median(big.heap),
  };
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  main(Number(process.argv[2] ?? 1_000_000)).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
