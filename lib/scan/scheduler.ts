/** A unit of budgeted work: does some, returns true while more is left. */
export type SliceWork = (timeLeft: () => number) => boolean;

export interface SliceScheduler {
  /**
   * Asks for slices until the work says it is done. Cheap to call often. With `soon` (the page
   * just changed), the first slice runs at the start of the frame that shows the change, so the
   * background's answer comes in time for one of the page's own next frames and the marks share
   * it instead of asking for a frame of their own.
   */
  request(soon?: boolean): void;
  cancel(): void;
}

type IdleWindow = Window & {
  requestIdleCallback?: (
    cb: (deadline: { timeRemaining(): number }) => void,
    opts?: { timeout: number },
  ) => number;
  cancelIdleCallback?: (handle: number) => void;
};

/**
 * How long queued work may wait for an idle moment. On a busy page (a feed loading) idle moments
 * are rare, and this bounds how late a new post is read (the mark latency target is 100 ms). A
 * hidden tab runs no animation frames: this is also what reads its new posts.
 */
const IDLE_TIMEOUT_MS = 50;

/**
 * A slice at the start of a frame adds to that frame: it gets less than an idle slice (about 20
 * posts, a feed's usual addition), the rest waits for idle time.
 */
const FRAME_BUDGET_MS = 4;

/**
 * Runs work in short slices: new content at the start of the next frame (unless the page's own
 * frames have been long lately), the rest when the page is idle (requestIdleCallback, with a
 * timeout so work never starves on a busy page); each slice at most `budgetMs` so Netra never
 * causes a long task. Reading needs no style or layout, so a slice at the start of a frame costs
 * its own time and nothing more.
 */
export function createSliceScheduler(
  work: SliceWork,
  budgetMs = 6,
  win: IdleWindow = window,
): SliceScheduler {
  let idle: number | undefined;
  let frame: number | undefined;
  let timer: number | undefined;
  const heavy = watchLongTasks(win);
  let lastRun = -Infinity;

  function clear() {
    if (idle !== undefined) win.cancelIdleCallback?.(idle);
    if (frame !== undefined) win.cancelAnimationFrame(frame);
    if (timer !== undefined) win.clearTimeout(timer);
    idle = frame = timer = undefined;
  }

  function run(deadline?: { timeRemaining(): number }, inFrame = false) {
    clear();
    const start = performance.now();
    lastRun = start;
    const left = deadline ? Math.max(deadline.timeRemaining(), 1) : inFrame ? FRAME_BUDGET_MS : budgetMs;
    const budget = Math.min(budgetMs, left);
    const more = work(() => budget - (performance.now() - start));
    // What is left waits for idle time: the frame is the page's.
    if (more) request();
  }

  function request(soon = false) {
    // Content that streams in (a slice ran moments ago) waits for idle time, where several of
    // the page's additions are read together with one message and one frame of marks; so does a
    // page whose frames are already long.
    const quiet = performance.now() - lastRun >= STREAMING_MS;
    if (
      soon &&
      quiet &&
      frame === undefined &&
      typeof win.requestAnimationFrame === 'function' &&
      !heavy.recently()
    ) {
      frame = win.requestAnimationFrame(() => run(undefined, true));
    }
    if (idle !== undefined || timer !== undefined) return;
    if (win.requestIdleCallback) idle = win.requestIdleCallback((d) => run(d), { timeout: IDLE_TIMEOUT_MS });
    else timer = win.setTimeout(() => run(), 16) as unknown as number;
  }

  return {
    request,
    cancel() {
      clear();
      heavy.stop();
    },
  };
}

/** New content this soon after the last slice counts as streaming in: it is read in idle time. */
const STREAMING_MS = 300;

/** After a long task, how long the page counts as one whose frames are already long. */
const HEAVY_FOR_MS = 2_000;

/**
 * Watches the page's long tasks (over 50 ms: on a heavy page, its frames). Where the browser
 * cannot tell (no PerformanceObserver or no "longtask" entries), the page never counts as heavy.
 */
export function watchLongTasks(win: Window): { recently(): boolean; stop(): void } {
  let lastEnd = -Infinity;
  let observer: PerformanceObserver | undefined;
  const Observer = (win as Window & typeof globalThis).PerformanceObserver;
  try {
    if (Observer?.supportedEntryTypes?.includes('longtask')) {
      observer = new Observer((list) => {
        for (const entry of list.getEntries()) lastEnd = Math.max(lastEnd, entry.startTime + entry.duration);
      });
      observer.observe({ type: 'longtask' });
    }
  } catch {
    observer = undefined;
  }
  return {
    recently: () => performance.now() - lastEnd < HEAVY_FOR_MS,
    stop: () => observer?.disconnect(),
  };
}

/** Runs DOM writes together in the next animation frame (reads happen in slices, writes after). */
export function createWriteBatcher(win: Window = window) {
  let queued: (() => void)[] = [];
  let frame: number | undefined;
  return {
    write(fn: () => void) {
      queued.push(fn);
      if (frame === undefined) {
        frame = win.requestAnimationFrame(() => {
          frame = undefined;
          const batch = queued;
          queued = [];
          for (const f of batch) f();
        });
      }
    },
    cancel() {
      if (frame !== undefined) win.cancelAnimationFrame(frame);
      frame = undefined;
      queued = [];
    },
  };
}
