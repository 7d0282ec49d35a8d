// The paired measurement, with Netra only: in one page, batches Netra reads alternate with the
// same kind of batches hidden from it, and the page thread's CPU after each is compared within
// its pair: what reading a batch costs the whole thread, without the two browsers' difference in
// the page's own work.

import { hideFromNetra } from '../../fixtures/generate-feed';
import { startProfiler, stopProfiler } from './cdp';
import { appendNext, queueBatches, readState } from './instrument';
import { type RunContext, syncCall, TRACE_SYNC_FN } from './measure';
import { f2 } from './print';
import { type ProcessCpu, processCpu } from './process-cpu';
import { checkMarks, type PairedResult } from './results';
import { BATCH, PAIRED, SITES } from './sites';
import { callTime, contentScriptCalls, mainThreadBreakdown } from './trace';

/**
 * The paired measurement, in one page with Netra: settings.pairs pairs of batches; in each pair
 * Netra reads one batch and the other is the same kind of batch hidden from it (read first in
 * every other pair, so slow drifts cancel). The page thread's CPU in the PAIRED.windowMs after
 * each batch (/proc schedstat) differs within a pair by what reading a batch costs the page:
 * Netra's JavaScript and what it makes the page do (style and layout of marks, messages, young
 * garbage). The page's own variance, which dwarfs that between two browsers, mostly
 * cancels: same page, same heap, same moment. Not seen here: what Netra costs the page's own work
 * in both windows alike (its observer's records of every change to the page), and its start on
 * the page (the load phase has both).
 */
export async function pairedPhase(run: RunContext, from: number): Promise<PairedResult | undefined> {
  const { page, site } = run;
  const { pairs, profiler, traceDir, pairedDebug } = run.settings;
  const s = SITES[site];
  const count = pairs * 2;
  // Batch k of the phase is hidden when it is the second of a pair that reads first, or the
  // first of one that reads second.
  const hidden = (k: number) => ((k >> 1) % 2 === 0) === (k % 2 === 1);
  const batches: string[] = [];
  for (let k = 0; k < count; k++) {
    const html = s.generate(BATCH, { startIndex: from + k * BATCH });
    batches.push(hidden(k) ? hideFromNetra(site, html) : html);
  }
  await queueBatches(page, batches);
  await page.waitForTimeout(PAIRED.windowMs);
  await run.cdp.send('HeapProfiler.collectGarbage');
  // Window k: from just before batch k is appended (opened[k]) to PAIRED.windowMs after it
  // (closed[k]; `at`/`until` on the page's clock), then a full collection outside any window
  // (until opened[k + 1]): the next window starts from a collected heap, so no major collection
  // of earlier garbage lands in it at random (±20 ms, ten times what Netra adds).
  const opened: ProcessCpu[] = [processCpu(run.userDataDir)];
  if (opened[0]!.rendererMain.size === 0) {
    console.log(
      `  (${site}: no paired measurement: the page thread's CPU cannot be read here, /proc schedstat)`,
    );
    return undefined;
  }
  await run.tracer.start();
  // NETRA_BENCH_PROFILES: the sampler runs over the pairs too (read and hidden batches alike).
  const profilerSync = profiler ? await startProfiler(run.cdp, page, profiler.samplingUs) : undefined;
  const closed: ProcessCpu[] = [];
  const at: number[] = [];
  const until: number[] = [];
  for (let k = 0; k < count; k++) {
    if (k > 0) opened.push(processCpu(run.userDataDir));
    at.push(await appendNext(page));
    const appendedAt = Date.now();
    await page.waitForTimeout(Math.max(0, appendedAt + PAIRED.windowMs - Date.now()));
    until.push(at[k]! + (Date.now() - appendedAt));
    closed.push(processCpu(run.userDataDir));
    await run.cdp.send('HeapProfiler.collectGarbage');
  }
  opened.push(processCpu(run.userDataDir));
  if (profiler && profilerSync !== undefined) {
    await stopProfiler(run.cdp, profilerSync, `${site}-netra-paired`, profiler.dir);
  }
  const pageSync = await syncCall(page);
  const events = await run.tracer.stop(`${site}-netra-paired`);
  const traceSync = callTime(events, TRACE_SYNC_FN);
  if (traceSync === undefined) throw new Error(`paired: the trace has no ${TRACE_SYNC_FN} call`);
  const offsetMs = traceSync / 1000 - pageSync;
  /** The window of a moment on the trace's clock (µs), or -1. */
  const windowOf = (ts: number) => {
    const t = ts / 1000 - offsetMs;
    return at.findIndex((from, k) => t >= from && t < until[k]!);
  };
  const jsMs = new Array<number>(count).fill(0);
  for (const call of contentScriptCalls(events)) {
    const k = windowOf(call.ts);
    if (k >= 0) jsMs[k]! += call.cpuUs / 1000;
  }
  // The feed page's renderer: the one whose main thread ran most over the phase.
  const last = opened[count]!.rendererMain;
  const ran = (p: string) => (last.get(p) ?? 0) - (opened[0]!.rendererMain.get(p) ?? 0);
  const pid = [...last.keys()].reduce((best, p) => (ran(p) > ran(best) ? p : best));
  const thread = (x: ProcessCpu) => x.rendererMain.get(pid) ?? NaN;
  const threadIn = (k: number) => (thread(closed[k]!) - thread(opened[k]!)) * 1000;
  const gcAfter = (k: number) => (thread(opened[k + 1]!) - thread(closed[k]!)) * 1000;
  const result: PairedResult = {
    threadDiffMs: [],
    jsDiffMs: [],
    hiddenJsMs: [],
    hiddenAfterRead: [],
    gcDiffMs: [],
    marks: { expected: 0, markedExpected: 0, unexpected: 0, unmapped: 0 },
    hiddenMarked: 0,
  };
  for (let p = 0; p < pairs; p++) {
    const [read, hid] = hidden(2 * p) ? [2 * p + 1, 2 * p] : [2 * p, 2 * p + 1];
    result.threadDiffMs.push(threadIn(read) - threadIn(hid));
    result.jsDiffMs.push(jsMs[read]! - jsMs[hid]!);
    result.hiddenJsMs.push(jsMs[hid]!);
    result.hiddenAfterRead.push(hid > 0 && !hidden(hid - 1));
    result.gcDiffMs.push(gcAfter(read) - gcAfter(hid));
  }
  if (pairedDebug) {
    for (let k = 0; k < count; k++) {
      console.log(
        `    ${site} window ${k} ${hidden(k) ? 'hidden' : 'read  '} thread ${f2(threadIn(k))} js ${f2(jsMs[k]!)}, then the forced collection ${f2(gcAfter(k))}`,
      );
    }
  }
  if (traceDir !== undefined) {
    const pick = (hid: boolean) =>
      mainThreadBreakdown(
        events.filter((e) => {
          if (e.ph === 'M') return true;
          const k = windowOf(e.ts);
          return k >= 0 && hidden(k) === hid;
        }),
      );
    result.trace = { read: pick(false), hidden: pick(true) };
  }
  const state = await readState(page);
  for (let k = 0; k < count; k++) {
    const start = from + k * BATCH;
    const check = checkMarks(site, state, start, start + BATCH);
    if (hidden(k)) result.hiddenMarked += check.markedExpected + check.unexpected;
    else {
      result.marks.expected += check.expected;
      result.marks.markedExpected += check.markedExpected;
      result.marks.unexpected += check.unexpected;
    }
  }
  result.marks.unmapped = state.unmapped;
  return result;
}
