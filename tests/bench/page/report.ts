// The report: per site, each phase's figures with Netra next to without, the heap, the paired
// measurement (report-paired.ts); then the size of each content script.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROME_BUILD } from '../../e2e/harness';
import { isNetras, LONG_TASK_MS } from './long-tasks';
import { type Check, f0, f2, marksLine, mb, row, TARGET, verdict } from './print';
import { reportPaired } from './report-paired';
import type { PhaseResult, RunResult } from './results';
import type { BenchSite } from './settings';
import { SITES } from './sites';
import { percentile, sum } from './statistics';
import { printBreakdown } from './trace';

/** Prints one site's phases, paired measurement and heap, Netra next to without; true when every target is met. */
export function reportSite(
  site: BenchSite,
  base: RunResult,
  ours: RunResult,
  rounds: { base: RunResult[]; ours: RunResult[] },
): boolean {
  const s = SITES[site];
  const misses: string[] = [];
  const check: Check = (name, pass) => {
    if (!pass) misses.push(name);
    return pass;
  };
  console.log(`\n${s.name} (generated feed, ${f0(s.total)} posts in all)`);
  row('', 'without Netra', 'with Netra', 'Netra', 'target');

  ours.phases.forEach((w, p) => {
    const b = base.phases[p]!;
    console.log(`  -- ${w.label}`);
    // Each round's own with − without: how far one round's figure can be from the median.
    const spread = (pick: (x: PhaseResult) => number) =>
      `  rounds: ${rounds.ours
        .map((r, i) => {
          const [o, b] = [pick(r.phases[p]!), pick(rounds.base[i]!.phases[p]!)];
          return `${f2((o - b) / w.posts)} (${f0(b)} → ${f0(o)})`;
        })
        .join(' / ')}`;
    const perPost = (w.taskMs - b.taskMs) / w.posts;
    row('main thread (TaskDuration)', `${f0(b.taskMs)} ms`, `${f0(w.taskMs)} ms`, `${f2(perPost)} ms/post`);
    if (rounds.ours.length > 1) console.log(`  ${''.padEnd(36)} ${spread((x) => x.taskMs)}`);
    // Off Linux, or without schedstat, the thread's CPU cannot be read: the row is left out.
    // With − without carries the page's own variance between the browsers (± half a millisecond
    // per post in a round): the target applies to the paired measurement for appended posts, and
    // here only to the load, the one figure that holds Netra's start on the page.
    if (Number.isFinite(w.pageMainMs) && Number.isFinite(b.pageMainMs)) {
      const cpuPerPost = (w.pageMainMs - b.pageMainMs) / w.posts;
      row(
        'main thread CPU (/proc schedstat)',
        `${f0(b.pageMainMs)} ms`,
        `${f0(w.pageMainMs)} ms`,
        `${f2(cpuPerPost)} ms/post`,
        p === 0 ? `<= ${TARGET.msPerPost} ms/post` : '',
        p === 0 ? check(`${w.label}: main-thread CPU ms/post`, cpuPerPost <= TARGET.msPerPost) : undefined,
      );
      if (rounds.ours.length > 1) console.log(`  ${''.padEnd(36)} ${spread((x) => x.pageMainMs)}`);
    }
    row(
      'script (ScriptDuration)',
      `${f0(b.scriptMs)} ms`,
      `${f0(w.scriptMs)} ms`,
      `${f2((w.scriptMs - b.scriptMs) / w.posts)} ms/post`,
    );
    row(
      'style + layout (Recalc/Layout)',
      `${f0(b.styleMs)} + ${f0(b.layoutMs)} ms`,
      `${f0(w.styleMs)} + ${f0(w.layoutMs)} ms`,
      `${f2((w.styleMs + w.layoutMs - b.styleMs - b.layoutMs) / w.posts)} ms/post`,
    );
    // Netra's own JavaScript: CPU time from the trace is what it costs the page's thread; the
    // sampling profile's figure is wall time, which also counts the moments the thread waited for
    // a CPU in the middle of Netra's code (on two cores shared with the browser's other
    // processes, a third or more when the code runs at the start of a frame).
    const netraCpu = w.netraCpuMs / w.posts;
    row(
      "Netra's JS: CPU time (trace)",
      `${f0(b.netraCpuMs)} ms`,
      `${f0(w.netraCpuMs)} ms`,
      `${f2(netraCpu)} ms/post`,
      `<= ${TARGET.msPerPost} ms/post`,
      check(`${w.label}: Netra's JS CPU ms/post`, netraCpu <= TARGET.msPerPost),
    );
    if (rounds.ours.length > 1) {
      console.log(
        `  ${''.padEnd(36)}   rounds: ${rounds.ours.map((r) => f2(r.phases[p]!.netraCpuMs / w.posts)).join(' / ')}`,
      );
    }
    row(
      "Netra's JS: wall time (trace)",
      '',
      `${f0(w.netraWallMs)} ms`,
      `${f2(w.netraWallMs / w.posts)} ms/post`,
    );
    if (Number.isFinite(w.netraJsMs)) {
      row(
        "Netra's JS: sampled profile (wall)",
        '',
        `${f0(w.netraJsMs)} ms`,
        `${f2(w.netraJsMs / w.posts)} ms/post`,
      );
    }
    if (w.netraTop.length > 0) {
      console.log(
        `  ${"Netra's top functions (self ms)".padEnd(36)} ${w.netraTop
          .slice(0, 4)
          .map(([name, ms]) => `${name} ${f0(ms)}`)
          .join('; ')}`,
      );
    }
    const netraLong = w.longTasks.filter(isNetras);
    row(
      `long tasks > ${LONG_TASK_MS} ms (count, total)`,
      `${b.longTasks.length}, ${f0(sum(b.longTasks.map((t) => t.duration)))} ms`,
      `${w.longTasks.length}, ${f0(sum(w.longTasks.map((t) => t.duration)))} ms`,
      `${netraLong.length} Netra's (max ${f0(Math.max(0, ...w.longTasks.map((t) => t.netraMs)))} ms in one)`,
      'none by Netra',
      check(`${w.label}: long tasks`, netraLong.length === 0),
    );
    row(
      'background CPU (extension process)',
      `${f0(b.cpu.extension * 1000)} ms`,
      `${f0(w.cpu.extension * 1000)} ms`,
      `${f2((w.cpu.extension * 1000) / w.posts)} ms/post (off the page)`,
    );
    row('browser process CPU', `${f0(b.cpu.browser * 1000)} ms`, `${f0(w.cpu.browser * 1000)} ms`, '');
    row('CPU of all its processes', `${f0(b.cpu.total * 1000)} ms`, `${f0(w.cpu.total * 1000)} ms`, '');
    row('wall time of the phase', `${f0(b.wallMs)} ms`, `${f0(w.wallMs)} ms`, '');
    console.log(`  ${'marks'.padEnd(36)} ${marksLine(w.marks)}`);
    check(`${w.label}: marks`, w.marks.markedExpected === w.marks.expected && w.marks.unexpected === 0);
    if (b.marks.markedExpected + b.marks.unexpected + b.marks.unmapped > 0) {
      console.log(`  !! marks in the run without Netra: ${marksLine(b.marks)}`);
      check(`${w.label}: baseline has marks`, false);
    }
    if (b.trace && w.trace) printBreakdown(w.label, w.posts, b.trace, w.trace);
    if (w.allMarkedAfterDclMs !== undefined) {
      console.log(`  ${'all expected marks after DCL'.padEnd(36)} ${f0(w.allMarkedAfterDclMs)} ms`);
    }
    if (w.latencies.length > 0 || p > 0) {
      const p95 = percentile(w.latencies, 0.95);
      row(
        'insertion to mark: median / p95',
        '',
        '',
        `${f0(percentile(w.latencies, 0.5))} / ${f0(p95)} ms (n=${w.latencies.length})`,
        `p95 <= ${TARGET.p95Ms} ms`,
        check(`${w.label}: p95 latency`, p95 <= TARGET.p95Ms),
      );
    }
  });

  const paired = rounds.ours.flatMap((r) => (r.paired ? [r.paired] : []));
  if (paired.length > 0) reportPaired(paired, check);

  console.log(`  -- heap after GC (the renderer's V8 isolate: page and content-script worlds)`);
  for (const [label, key] of [
    [`at ${f0(s.initial)} posts`, 'initial'],
    [`at ${f0(s.total)} posts`, 'total'],
  ] as const) {
    const b = base.heapAt[key];
    const w = ours.heapAt[key];
    row(
      `JS heap used ${label}`,
      `${mb(b.jsHeapUsed)} MB`,
      `${mb(w.jsHeapUsed)} MB`,
      `+${mb(w.jsHeapUsed - b.jsHeapUsed)} MB`,
    );
    row(
      `DOM nodes / listeners ${label}`,
      `${f0(b.domNodes)} / ${f0(b.listeners)}`,
      `${f0(w.domNodes)} / ${f0(w.listeners)}`,
      '',
    );
  }
  const growth = (r: RunResult) => r.heapAt.total.jsHeapUsed - r.heapAt.initial.jsHeapUsed;
  row(
    `JS heap growth ${f0(s.initial)} to ${f0(s.total)}`,
    `${mb(growth(base))} MB`,
    `${mb(growth(ours))} MB`,
    `${mb(growth(ours) - growth(base))} MB more`,
    `<= ${TARGET.heapMb} MB`,
    check('heap growth', (growth(ours) - growth(base)) / 1024 / 1024 <= TARGET.heapMb),
  );
  const extra = ours.heapAt.total.jsHeapUsed - base.heapAt.total.jsHeapUsed;
  row(
    `Netra's heap at ${f0(s.total)} posts`,
    '',
    '',
    `${mb(extra)} MB (with minus without)`,
    `<= ${TARGET.heapMb} MB`,
    check('heap at the end', extra / 1024 / 1024 <= TARGET.heapMb),
  );
  if (misses.length > 0) console.log(`  MISS: ${misses.join('; ')}`);
  return misses.length === 0;
}

/** Prints each content script's size, raw and gzip; true when each is within its target. */
export function reportSizes(): boolean {
  const manifest = JSON.parse(readFileSync(join(CHROME_BUILD, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[] }[];
  };
  const files = [...new Set((manifest.content_scripts ?? []).flatMap((c) => c.js ?? []))].sort();
  console.log('\nContent scripts (.output/chrome-mv3; gzip = node zlib, default level)');
  let ok = true;
  for (const file of files) {
    const bytes = readFileSync(join(CHROME_BUILD, file));
    const gz = gzipSync(bytes).length;
    const pass = gz <= TARGET.gzipKb * 1024;
    ok &&= pass;
    console.log(
      `  ${file.padEnd(34)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB raw ${(gz / 1024).toFixed(1).padStart(6)} KB gzip   <= ${TARGET.gzipKb} KB gzip  ${verdict(pass)}`,
    );
  }
  return ok;
}
