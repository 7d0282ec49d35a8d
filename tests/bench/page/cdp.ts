// CDP: the page's metrics, its heap after garbage collection, and the sampling CPU profiler.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';

interface Metrics {
  taskS: number;
  scriptS: number;
  styleS: number;
  layoutS: number;
  jsHeapUsed: number;
  nodes: number;
}

/** The page's CDP Performance metrics now: task, script, style and layout seconds; heap; nodes. */
export async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => list.find((m) => m.name === name)?.value ?? NaN;
  return {
    taskS: get('TaskDuration'),
    scriptS: get('ScriptDuration'),
    styleS: get('RecalcStyleDuration'),
    layoutS: get('LayoutDuration'),
    jsHeapUsed: get('JSHeapUsedSize'),
    nodes: get('Nodes'),
  };
}

export interface HeapFigures {
  jsHeapUsed: number;
  isolateUsed: number;
  domNodes: number;
  listeners: number;
}

/** The renderer's heap and DOM counters after three forced garbage collections. */
export async function heapAfterGc(cdp: CDPSession): Promise<HeapFigures> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const m = await metrics(cdp);
  const usage = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return {
    jsHeapUsed: m.jsHeapUsed,
    isolateUsed: usage.usedSize,
    domNodes: dom.nodes,
    listeners: dom.jsEventListeners,
  };
}

interface Profile {
  nodes: {
    id: number;
    callFrame: { url: string; functionName: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Netra's samples in a CPU profile, on the page's performance.now() clock (ms). */
interface NetraSamples {
  /** [time, weight] of each sample whose stack holds a content-script frame */
  samples: [number, number][];
  totalMs: number;
  /** Where Netra's time goes: self time per function (content script or what it calls), ms */
  top: [string, number][];
}

const SYNC_FN = '__netraBenchClockSync';

/** Starts the sampler and records a marker so its clock can be mapped to performance.now(). */
export async function startProfiler(cdp: CDPSession, page: Page, samplingUs: number): Promise<number> {
  await cdp.send('Profiler.setSamplingInterval', { interval: samplingUs });
  await cdp.send('Profiler.start');
  // A named busy loop of a few ms: its first sample in the profile is at `t` in the page.
  return page.evaluate((name) => {
    const fn = new Function(
      `return function ${name}() { const t = performance.now(); while (performance.now() - t < 8) {} return t; }`,
    )() as () => number;
    return fn();
  }, SYNC_FN);
}

/** Stops the sampler and returns Netra's samples (keeps the profile in `keep` when given). */
export async function stopProfiler(
  cdp: CDPSession,
  syncAt: number,
  label: string,
  keep: string | undefined,
): Promise<NetraSamples> {
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  // NETRA_BENCH_PROFILES=<dir> keeps each phase's profile (open it in DevTools' Performance panel).
  if (keep) {
    mkdirSync(keep, { recursive: true });
    writeFileSync(join(keep, `${label.replace(/[^\w.-]+/g, '-')}.cpuprofile`), JSON.stringify(profile));
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const netra = new Set<number>();
  const sync = new Set<number>();
  const visit = (id: number, inNetra: boolean, inSync: boolean) => {
    const node = byId.get(id)!;
    const n = inNetra || node.callFrame.url.startsWith('chrome-extension://');
    const s = inSync || node.callFrame.functionName === SYNC_FN;
    if (n) netra.add(id);
    if (s) sync.add(id);
    for (const child of node.children ?? []) visit(child, n, s);
  };
  visit(profile.nodes[0]!.id, false, false);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const times: number[] = [];
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) times.push((t += deltas[i] ?? 0));
  const firstSync = samples.findIndex((id) => sync.has(id));
  const offset = firstSync >= 0 ? times[firstSync]! / 1000 - syncAt : NaN;
  const out: [number, number][] = [];
  const self = new Map<string, number>();
  let totalMs = 0;
  for (let i = 0; i < samples.length; i++) {
    if (!netra.has(samples[i]!)) continue;
    const weight = ((times[i + 1] ?? profile.endTime) - times[i]!) / 1000;
    out.push([times[i]! / 1000 - offset, weight]);
    totalMs += weight;
    // Native calls (no URL) are named with the content-script function that made them.
    let node = byId.get(samples[i]!)!;
    let name = '';
    while (!node.callFrame.url && parent.has(node.id)) {
      name ||= node.callFrame.functionName;
      node = byId.get(parent.get(node.id)!)!;
    }
    const frame = node.callFrame;
    const where = `${frame.url.split('/').pop()}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    name = `${name ? `${name} in ` : ''}${frame.functionName || '(anonymous)'} ${where}`;
    self.set(name, (self.get(name) ?? 0) + weight);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return { samples: out, totalMs, top };
}
