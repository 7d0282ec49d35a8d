/** A unit of budgeted work: does some, returns true while more is left. */
export type SliceWork = (timeLeft: () => number) => boolean;

export interface SliceScheduler {
  /** Asks for slices until the work says it is done. Cheap to call often. */
  request(): void;
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
 * are rare, and this bounds how late a new post is read (the mark latency target is 100 ms).
 */
const IDLE_TIMEOUT_MS = 50;

/**
 * Runs work in short slices when the page is idle (requestIdleCallback, with a timeout so work
 * never starves on a busy page), each slice at most `budgetMs` so Netra never causes a long task.
 */
export function createSliceScheduler(
  work: SliceWork,
  budgetMs = 6,
  win: IdleWindow = window,
): SliceScheduler {
  let handle: number | undefined;
  let usingIdle = false;

  function run(deadline?: { timeRemaining(): number }) {
    handle = undefined;
    const start = performance.now();
    const idleLeft = deadline ? Math.max(deadline.timeRemaining(), 1) : budgetMs;
    const budget = Math.min(budgetMs, idleLeft);
    const more = work(() => budget - (performance.now() - start));
    if (more) request();
  }

  function request() {
    if (handle !== undefined) return;
    if (win.requestIdleCallback) {
      usingIdle = true;
      handle = win.requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    } else {
      usingIdle = false;
      handle = win.setTimeout(() => run(), 16) as unknown as number;
    }
  }

  return {
    request,
    cancel() {
      if (handle === undefined) return;
      if (usingIdle) win.cancelIdleCallback?.(handle);
      else win.clearTimeout(handle);
      handle = undefined;
    },
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
