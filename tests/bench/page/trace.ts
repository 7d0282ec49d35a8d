// Chrome traces for the page benchmark (NETRA_BENCH_TRACE=<dir>): what the page's main thread
// spends its time on, by trace event, so work that a CPU profile shows only as "(program)"
// (painting, hit testing, IPC, garbage collection, observers) gets a name. Diagnosis only: the
// tracer costs time itself, so the figures of a traced run are not the benchmark's figures.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, CDPSession } from 'playwright-core';

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink',
  'v8',
  'disabled-by-default-v8.gc',
  'ipc',
  'mojom',
  'cc',
  'renderer.scheduler',
];

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, where the trace has it. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string } & Record<string, unknown> };
}

export interface Tracer {
  start(): Promise<void>;
  /** Stops and returns the events (and writes them to `<dir>/<label>.json`). */
  stop(label: string): Promise<TraceEvent[]>;
}

/**
 * Enough for `contentScriptTime`: the DevTools timeline's events (function calls with their
 * script's URL and thread time), at a fraction of the full set's cost.
 */
export const LIGHT_CATEGORIES = ['devtools.timeline'];

/** A tracer for the browser of `context`; with `dir`, each trace is also kept there as JSON. */
export async function tracerFor(
  context: BrowserContext,
  dir: string | undefined,
  categories: string[] = CATEGORIES,
): Promise<Tracer> {
  const browser = context.browser();
  if (!browser) throw new Error('Tracing needs the browser of the context.');
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  if (dir) mkdirSync(dir, { recursive: true });
  return {
    async start() {
      await cdp.send('Tracing.start', {
        transferMode: 'ReturnAsStream',
        traceConfig: { includedCategories: categories, recordMode: 'recordAsMuchAsPossible' },
      });
    },
    async stop(label) {
      const complete = new Promise<{ stream?: string }>((resolve) =>
        cdp.once('Tracing.tracingComplete', (e) => resolve(e as { stream?: string })),
      );
      await cdp.send('Tracing.end');
      const { stream } = await complete;
      if (!stream) throw new Error('Tracing returned no stream.');
      const chunks: string[] = [];
      for (;;) {
        const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream, size: 1 << 22 });
        chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
        if (eof) break;
      }
      await cdp.send('IO.close', { handle: stream });
      const text = chunks.join('');
      if (dir) writeFileSync(join(dir, `${label.replace(/[^\w.-]+/g, '-')}.json`), text);
      const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
      return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
    },
  };
}

/**
 * Self time by event name on the busiest renderer main thread (the feed page's: the only
 * renderer doing real work in the run), in ms, with the total of its top-level tasks.
 */
export function mainThreadBreakdown(events: TraceEvent[]): { totalMs: number; self: Map<string, number> } {
  const threads = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  }
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    if (threads.get(key) !== 'CrRendererMain') continue;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const topLevel = (list: TraceEvent[]) =>
    list.filter((e) => e.name === 'ThreadControllerImpl::RunTask').reduce((s, e) => s + e.dur!, 0);
  let busiest: TraceEvent[] = [];
  let busiestMs = 0;
  for (const list of byThread.values()) {
    const ms = topLevel(list);
    if (ms > busiestMs) [busiest, busiestMs] = [list, ms];
  }

  // Self time: each event's duration minus its direct children's, by nesting on the thread.
  busiest.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; children: number }[] = [];
  const close = (frame: { e: TraceEvent; children: number }) =>
    self.set(frame.e.name, (self.get(frame.e.name) ?? 0) + (frame.e.dur! - frame.children) / 1000);
  for (const e of busiest) {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= e.ts) close(stack.pop()!);
    const parent = stack[stack.length - 1];
    if (parent) parent.children += e.dur!;
    stack.push({ e, end: e.ts + e.dur!, children: 0 });
  }
  while (stack.length > 0) close(stack.pop()!);
  return { totalMs: busiestMs / 1000, self };
}

/** Prints where the main thread's time went with Netra next to without, largest difference first. */
export function printBreakdown(
  label: string,
  posts: number,
  base: ReturnType<typeof mainThreadBreakdown>,
  ours: ReturnType<typeof mainThreadBreakdown>,
): void {
  console.log(
    `  trace, ${label}: top-level tasks ${base.totalMs.toFixed(0)} → ${ours.totalMs.toFixed(0)} ms ` +
      `(${((ours.totalMs - base.totalMs) / posts).toFixed(3)} ms/post); self time by event, with − without:`,
  );
  const names = new Set([...base.self.keys(), ...ours.self.keys()]);
  const rows = [...names]
    .map((name) => [name, base.self.get(name) ?? 0, ours.self.get(name) ?? 0] as const)
    .sort((a, b) => Math.abs(b[2] - b[1]) - Math.abs(a[2] - a[1]))
    .slice(0, 16);
  for (const [name, b, o] of rows) {
    console.log(
      `    ${name.slice(0, 48).padEnd(48)} ${b.toFixed(1).padStart(9)} ${o.toFixed(1).padStart(9)} ${(o - b).toFixed(1).padStart(9)} ms`,
    );
  }
}

/**
 * The content scripts' own main-thread time: every call into a content script's code (a
 * `FunctionCall` event whose script is under /content-scripts/, with everything it runs and what
 * its promises continue with), outermost calls only. CPU time is
 * the thread's own time (`tdur`); wall time also counts the moments the thread was off a CPU in
 * the middle of a call, which on a two-core machine busy with the browser's other processes is
 * a third of it or more, and is what a sampling profile sees.
 */
export function contentScriptTime(events: TraceEvent[]): { cpuMs: number; wallMs: number; calls: number } {
  const calls = contentScriptCalls(events);
  return {
    cpuMs: calls.reduce((sum, c) => sum + c.cpuUs, 0) / 1000,
    wallMs: calls.reduce((sum, c) => sum + c.durUs, 0) / 1000,
    calls: calls.length,
  };
}

/** The outermost calls into content scripts: start (trace clock, µs), wall and CPU time (µs). */
export function contentScriptCalls(events: TraceEvent[]): { ts: number; durUs: number; cpuUs: number }[] {
  // Content scripts run on pages' main threads only, so the script's URL is enough to tell.
  const calls = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        e.name === 'FunctionCall' &&
        e.dur !== undefined &&
        String(e.args?.data?.url ?? '').includes('/content-scripts/'),
    )
    .sort((a, b) => a.pid - b.pid || a.tid - b.tid || a.ts - b.ts);
  const out: { ts: number; durUs: number; cpuUs: number }[] = [];
  let thread = '';
  let end = -Infinity;
  for (const e of calls) {
    const key = `${e.pid}:${e.tid}`;
    if (key !== thread) [thread, end] = [key, -Infinity];
    if (e.ts < end) continue; // inside a call counted already
    end = e.ts + e.dur!;
    out.push({ ts: e.ts, durUs: e.dur!, cpuUs: e.tdur ?? e.dur! });
  }
  return out;
}

/** When (trace clock, µs) a page function of this name was called, to map the page's clock. */
export function callTime(events: TraceEvent[], functionName: string): number | undefined {
  return events.find(
    (e) =>
      e.name === 'FunctionCall' &&
      (e.args?.data as { functionName?: string } | undefined)?.functionName === functionName,
  )?.ts;
}
