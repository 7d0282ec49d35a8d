// What a run yields: each phase's figures, the marks checked against the generator, the heap,
// the paired measurement's pairs; and one result from several rounds.

import type { HeapFigures } from './cdp';
import type { PageState } from './instrument';
import type { LongTask } from './long-tasks';
import type { ProcessCpu } from './process-cpu';
import type { BenchSite } from './settings';
import { shouldMark } from './sites';
import { median } from './statistics';
import type { mainThreadBreakdown } from './trace';

export interface MarkCheck {
  expected: number;
  markedExpected: number;
  unexpected: number;
  unmapped: number;
}

export interface PhaseResult {
  label: string;
  posts: number;
  wallMs: number;
  taskMs: number;
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
  /** Netra's JS from the sampling profile: wall time, preemption included */
  netraJsMs: number;
  /** Netra's JS from the trace: CPU time of the content scripts' calls, and their wall time */
  netraCpuMs: number;
  netraWallMs: number;
  netraTop: [string, number][];
  cpu: Omit<ProcessCpu, 'rendererMain'>;
  /** CPU time of the page's main thread in the phase (ms), NaN where /proc cannot tell */
  pageMainMs: number;
  longTasks: LongTask[];
  marks: MarkCheck;
  /** Appended posts that should be marked: from insertion to their mark (ms). */
  latencies: number[];
  /** Load only: from DOMContentLoaded until every post that should be marked is. */
  allMarkedAfterDclMs?: number;
  /** NETRA_BENCH_TRACE only: the main thread's time by trace event. */
  trace?: ReturnType<typeof mainThreadBreakdown>;
}

export interface RunResult {
  phases: PhaseResult[];
  heapAt: { initial: HeapFigures; total: HeapFigures };
  /** With Netra only: the paired measurement (after the heap is read). */
  paired?: PairedResult;
}

/** The check with the most expected marks missing, then the most unexpected ones. */
export function worstMarks(checks: MarkCheck[]): MarkCheck {
  return [...checks].sort(
    (a, b) => a.markedExpected - a.expected - (b.markedExpected - b.expected) || b.unexpected - a.unexpected,
  )[0]!;
}

/** The marks on posts [from, to) against what the generator says of each post. */
export function checkMarks(site: BenchSite, state: PageState, from: number, to: number): MarkCheck {
  const marked = new Set(state.marked.map(([i]) => i));
  let expected = 0;
  let markedExpected = 0;
  let unexpected = 0;
  for (let i = from; i < to; i++) {
    const should = shouldMark(site, i);
    if (should) expected++;
    if (should && marked.has(i)) markedExpected++;
    if (!should && marked.has(i)) unexpected++;
  }
  return { expected, markedExpected, unexpected, unmapped: state.unmapped };
}

export interface PairedResult {
  /** Per pair: the page thread's CPU in the window after the batch Netra reads minus the one after the hidden batch, ms. */
  threadDiffMs: number[];
  /** Per pair: Netra's JavaScript (trace CPU) in the same two windows, read minus hidden, ms. */
  jsDiffMs: number[];
  /** Netra's JavaScript in each window after a hidden batch (its observer finding no post), ms. */
  hiddenJsMs: number[];
  /** Per pair: whether its hidden batch came right after a batch Netra read (work carried over shows there). */
  hiddenAfterRead: boolean[];
  /** Per pair: the forced collection after the read batch's window minus the one after the hidden batch's, ms. */
  gcDiffMs: number[];
  /** Marks of the batches Netra reads. */
  marks: MarkCheck;
  /** Marks on posts of hidden batches (must be none). */
  hiddenMarked: number;
  /** NETRA_BENCH_TRACE: the main thread's time by event in the windows after each kind of batch. */
  trace?: { read: ReturnType<typeof mainThreadBreakdown>; hidden: ReturnType<typeof mainThreadBreakdown> };
}

/** One result from several rounds: medians of the figures, all rounds' latencies and long tasks. */
export function mergeRuns(runs: RunResult[]): RunResult {
  if (runs.length === 1) return runs[0]!;
  const med = (pick: (r: PhaseResult) => number, p: number) => median(runs.map((r) => pick(r.phases[p]!)));
  const phases = runs[0]!.phases.map((first, p): PhaseResult => {
    const all = runs.map((r) => r.phases[p]!);
    // The round whose Netra JS is the median supplies the top functions.
    const middle = [...all].sort((a, b) => a.netraCpuMs - b.netraCpuMs)[all.length >> 1]!;
    return {
      label: first.label,
      posts: first.posts,
      wallMs: med((x) => x.wallMs, p),
      taskMs: med((x) => x.taskMs, p),
      scriptMs: med((x) => x.scriptMs, p),
      styleMs: med((x) => x.styleMs, p),
      layoutMs: med((x) => x.layoutMs, p),
      netraJsMs: med((x) => x.netraJsMs, p),
      netraCpuMs: med((x) => x.netraCpuMs, p),
      netraWallMs: med((x) => x.netraWallMs, p),
      netraTop: middle.netraTop,
      pageMainMs: med((x) => x.pageMainMs, p),
      cpu: {
        total: med((x) => x.cpu.total, p),
        browser: med((x) => x.cpu.browser, p),
        extension: med((x) => x.cpu.extension, p),
      },
      longTasks: all.flatMap((x) => x.longTasks),
      // The worst round: a mark missing in any round is reported.
      marks: worstMarks(all.map((x) => x.marks)),
      latencies: all.flatMap((x) => x.latencies),
      ...(middle.trace ? { trace: middle.trace } : {}),
      ...(first.allMarkedAfterDclMs === undefined
        ? {}
        : { allMarkedAfterDclMs: median(all.map((x) => x.allMarkedAfterDclMs ?? NaN)) }),
    };
  });
  const heap = (pick: (r: RunResult) => HeapFigures): HeapFigures => ({
    jsHeapUsed: median(runs.map((r) => pick(r).jsHeapUsed)),
    isolateUsed: median(runs.map((r) => pick(r).isolateUsed)),
    domNodes: median(runs.map((r) => pick(r).domNodes)),
    listeners: median(runs.map((r) => pick(r).listeners)),
  });
  return { phases, heapAt: { initial: heap((r) => r.heapAt.initial), total: heap((r) => r.heapAt.total) } };
}
