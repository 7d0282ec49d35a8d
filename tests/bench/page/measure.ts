// Measuring one phase in one page: `measure` takes the figures before and after an action that
// adds posts, once every post that should be marked is. Measured in each phase:
//   - main-thread time: CDP Performance.getMetrics TaskDuration/ScriptDuration (and style and
//     layout: RecalcStyleDuration, LayoutDuration) deltas (with minus
//     without, per post; wall time of tasks, so CPU contention from other processes inflates
//     it), the page thread's CPU time from /proc (with minus without), and Netra's own
//     JavaScript: its CPU time from a light trace of both browsers (every call into a content
//     script, with everything it runs), its wall time from the same trace, and with the profiler
//     on, from a sampling profile (samples whose stack holds a frame of the content script's URL);
//   - long tasks (> 50 ms) from a PerformanceObserver in the page; one is Netra's when, without
//     the wall time of the content script's calls inside it (trace), it would not have been long;
//   - CPU of the extension process (the background) and of the browser process, from /proc;
//   - insertion-to-mark latency of appended posts that should be marked (a MutationObserver in
//     the page records when each mark appears in its post).

import type { CDPSession, Page } from 'playwright-core';
import { metrics, startProfiler, stopProfiler } from './cdp';
import { appendQueued, progress, queueBatches, readState } from './instrument';
import { attribute } from './long-tasks';
import { pageThread, processCpu } from './process-cpu';
import { checkMarks, type PhaseResult } from './results';
import type { BenchSite, PageBenchSettings } from './settings';
import { BATCH, shouldMark, SITES } from './sites';
import { callTime, contentScriptCalls, contentScriptTime, mainThreadBreakdown, type Tracer } from './trace';

/** A page function called once per phase while tracing: maps the trace's clock to the page's. */
export const TRACE_SYNC_FN = '__netraBenchTraceSync';
const SETTLE_TIMEOUT_MS = 20_000;

/** Waits until every post that should be marked among the first `upTo` is, or nothing moves. */
async function waitForMarks(page: Page, site: BenchSite, upTo: number): Promise<void> {
  let want = 0;
  for (let i = 0; i < upTo; i++) if (shouldMark(site, i)) want++;
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const have = (await progress(page)).marked; // cheap; the full state is read once per phase
    if (have >= want) return;
    if (have !== last) {
      last = have;
      lastChange = Date.now();
    }
    if (Date.now() > deadline || Date.now() - lastChange > 10_000) return;
    await page.waitForTimeout(250);
  }
}

export interface RunContext {
  page: Page;
  cdp: CDPSession;
  site: BenchSite;
  netra: boolean;
  userDataDir: string;
  tracer: Tracer;
  settings: PageBenchSettings;
}

/** Measures one phase: `act` adds posts [from, to); the phase ends when their marks are in. */
export async function measure(
  run: RunContext,
  label: string,
  from: number,
  to: number,
  act: () => Promise<void>,
): Promise<PhaseResult> {
  const { page, cdp, site, netra } = run;
  const { profiler, traceDir } = run.settings;
  const m0 = await metrics(cdp);
  const cpu0 = processCpu(run.userDataDir);
  const sync = profiler ? await startProfiler(cdp, page, profiler.samplingUs) : 0;
  const startedAt = from === 0 ? 0 : await page.evaluate(() => performance.now());
  const wall0 = Date.now();
  await run.tracer.start();
  await act();
  if (netra) await waitForMarks(page, site, to);
  await page.waitForTimeout(1_000); // trailing work (health reports, last frame)
  const m1 = await metrics(cdp);
  const cpu1 = processCpu(run.userDataDir);
  const pageSync = await syncCall(page);
  const events = await run.tracer.stop(`${site}-${netra ? 'netra' : 'baseline'}-${label}`);
  const trace = traceDir !== undefined ? mainThreadBreakdown(events) : undefined;
  const netraTime = contentScriptTime(events);
  const traceSync = callTime(events, TRACE_SYNC_FN);
  if (traceSync === undefined) throw new Error(`${label}: the trace has no ${TRACE_SYNC_FN} call`);
  const samples = profiler
    ? await stopProfiler(cdp, sync, `${site}-${netra ? 'netra' : 'baseline'}-${label}`, profiler.dir)
    : { samples: [], totalMs: NaN, top: [] };
  const wallMs = Date.now() - wall0;
  const state = await readState(page);
  const insertedAt = new Map(state.inserted);
  const inPhase = state.marked.filter(([i]) => i >= from && i < to && shouldMark(site, i));
  return {
    label,
    posts: to - from,
    wallMs,
    taskMs: (m1.taskS - m0.taskS) * 1000,
    scriptMs: (m1.scriptS - m0.scriptS) * 1000,
    styleMs: (m1.styleS - m0.styleS) * 1000,
    layoutMs: (m1.layoutS - m0.layoutS) * 1000,
    netraJsMs: samples.totalMs,
    netraCpuMs: netraTime.cpuMs,
    netraWallMs: netraTime.wallMs,
    netraTop: samples.top,
    pageMainMs: cpu1.rendererMain.size > 0 ? pageThread(cpu0, cpu1) * 1000 : NaN,
    cpu: {
      total: cpu1.total - cpu0.total,
      browser: cpu1.browser - cpu0.browser,
      extension: cpu1.extension - cpu0.extension,
    },
    longTasks: attribute(state.longTasks, contentScriptCalls(events), traceSync / 1000 - pageSync, startedAt),
    marks: checkMarks(site, state, from, to),
    latencies: from === 0 ? [] : inPhase.map(([i, t]) => t - insertedAt.get(i)!),
    ...(trace ? { trace } : {}),
    allMarkedAfterDclMs:
      from === 0 && inPhase.length > 0 ? Math.max(...inPhase.map(([, t]) => t)) - state.dcl : undefined,
  };
}

/**
 * Calls a named page function from a timer while tracing: its call's time in the trace and its
 * performance.now() in the page (returned) map one clock to the other.
 */
export function syncCall(page: Page): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((done) => {
        const fn = new Function('done', `return function ${name}() { done(performance.now()); }`)(done);
        setTimeout(fn as () => void, 0);
      }),
    TRACE_SYNC_FN,
  );
}

/** Appends posts [from, to) in batches of BATCH, one every `intervalMs`, inside `measure`. */
export async function appendPhase(
  run: RunContext,
  label: string,
  from: number,
  to: number,
  intervalMs: number,
) {
  const s = SITES[run.site];
  const batches: string[] = [];
  for (let i = from; i < to; i += BATCH) batches.push(s.generate(Math.min(BATCH, to - i), { startIndex: i }));
  for (let i = 0; i < batches.length; i += 50) {
    await queueBatches(run.page, batches.slice(i, i + 50));
  }
  return measure(run, label, from, to, async () => {
    await appendQueued(run.page, batches.length, intervalMs);
    while ((await progress(run.page)).appending) await run.page.waitForTimeout(250);
  });
}
