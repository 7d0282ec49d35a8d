import { describe, expect, test, vi } from 'vitest';
import { createSliceScheduler, createWriteBatcher, watchLongTasks } from '../../lib/scan/scheduler';

/** A window whose frames, idle callbacks and timers run only when the test says so. */
function fakeWindow(options: { idle?: boolean } = {}) {
  let next = 1;
  const frames = new Map<number, () => void>();
  const idles = new Map<number, { cb: (d: { timeRemaining(): number }) => void; timeout?: number }>();
  const timers = new Map<number, () => void>();
  const win = {
    requestAnimationFrame: (cb: () => void) => {
      frames.set(next, cb);
      return next++;
    },
    cancelAnimationFrame: (id: number) => frames.delete(id),
    ...(options.idle === false
      ? {}
      : {
          requestIdleCallback: (cb: (d: { timeRemaining(): number }) => void, opts?: { timeout: number }) => {
            idles.set(next, { cb, timeout: opts?.timeout });
            return next++;
          },
          cancelIdleCallback: (id: number) => idles.delete(id),
        }),
    setTimeout: (cb: () => void) => {
      timers.set(next, cb);
      return next++;
    },
    clearTimeout: (id: number) => timers.delete(id),
  };
  const runAll = <T>(map: Map<number, T>, call: (v: T) => void) => {
    const due = [...map.values()];
    map.clear();
    due.forEach(call);
  };
  return {
    win: win as unknown as Window,
    frames,
    idles,
    timers,
    frame: () => runAll(frames, (cb) => cb()),
    idle: (left = 10) => runAll(idles, ({ cb }) => cb({ timeRemaining: () => left })),
    timer: () => runAll(timers, (cb) => cb()),
  };
}

describe('createSliceScheduler', () => {
  test('work waits for idle time, with a timeout so a busy page cannot starve it', () => {
    const w = fakeWindow();
    const ran: string[] = [];
    const s = createSliceScheduler(() => (ran.push('slice'), false), 6, w.win as never);
    s.request();
    s.request(); // cheap to call often: one slice asked for
    expect(w.idles.size).toBe(1);
    expect([...w.idles.values()][0]!.timeout).toBe(50);
    expect(w.frames.size).toBe(0);
    w.idle();
    expect(ran).toEqual(['slice']);
  });

  test('work that is not done in one slice continues in the next idle period', () => {
    const w = fakeWindow();
    let left = 3;
    const s = createSliceScheduler(() => --left > 0, 6, w.win as never);
    s.request();
    w.idle();
    expect(left).toBe(2);
    expect(w.idles.size).toBe(1);
    w.idle();
    w.idle();
    expect(left).toBe(0);
    expect(w.idles.size).toBe(0);
    expect(w.frames.size).toBe(0);
  });

  test('each slice gets at most its budget, less when the idle period is shorter', () => {
    const w = fakeWindow();
    const budgets: number[] = [];
    const s = createSliceScheduler((timeLeft) => (budgets.push(timeLeft()), false), 6, w.win as never);
    s.request();
    w.idle(50);
    s.request();
    w.idle(2);
    expect(budgets[0]).toBeGreaterThan(5);
    expect(budgets[0]).toBeLessThanOrEqual(6);
    expect(budgets[1]).toBeLessThanOrEqual(2);
  });

  test('new content is read at the start of the next frame, with a frame-sized budget; the rest in idle time', () => {
    const w = fakeWindow();
    const budgets: number[] = [];
    let left = 2;
    const s = createSliceScheduler((timeLeft) => (budgets.push(timeLeft()), --left > 0), 6, w.win as never);
    s.request(true);
    s.request(true); // one frame asked for however often the page changes
    expect(w.frames.size).toBe(1);
    // A hidden tab runs no frames: the idle callback (with its timeout) is there too.
    expect(w.idles.size).toBe(1);
    w.frame();
    expect(budgets).toHaveLength(1);
    expect(budgets[0]).toBeGreaterThan(3);
    expect(budgets[0]).toBeLessThanOrEqual(4);
    // The frame's slice took the pending idle callback with it; what is left waits for idle time.
    expect(w.frames.size).toBe(0);
    expect(w.idles.size).toBe(1);
    w.idle(50);
    expect(budgets).toHaveLength(2);
    expect(budgets[1]).toBeGreaterThan(5);
    expect(left).toBe(0);
    expect(w.idles.size + w.frames.size + w.timers.size).toBe(0);
  });

  test('a tab that runs no frames still reads new content, in idle time; the frame asked for is dropped', () => {
    const w = fakeWindow();
    const ran: string[] = [];
    const s = createSliceScheduler(() => (ran.push('slice'), false), 6, w.win as never);
    s.request(true);
    w.idle();
    expect(ran).toEqual(['slice']);
    expect(w.frames.size).toBe(0);
    s.request(true);
    s.cancel();
    expect(w.idles.size + w.frames.size + w.timers.size).toBe(0);
  });

  test("after a long task, new content waits for idle time: the page's frames are long already", () => {
    const w = fakeWindow();
    const observers: { cb: PerformanceObserverCallback; disconnected: boolean }[] = [];
    class FakeObserver {
      static supportedEntryTypes = ['longtask'];
      private readonly me: { cb: PerformanceObserverCallback; disconnected: boolean };
      constructor(cb: PerformanceObserverCallback) {
        this.me = { cb, disconnected: false };
        observers.push(this.me);
      }
      observe() {}
      disconnect() {
        this.me.disconnected = true;
      }
    }
    const win = Object.assign(w.win, { PerformanceObserver: FakeObserver });
    const s = createSliceScheduler(() => false, 6, win as never);
    expect(observers).toHaveLength(1);
    const now = performance.now();
    observers[0]!.cb(
      {
        getEntries: () => [{ startTime: now - 70, duration: 60 }],
      } as unknown as PerformanceObserverEntryList,
      observers[0] as never,
    );
    s.request(true);
    expect(w.frames.size).toBe(0);
    expect(w.idles.size).toBe(1);
    s.cancel();
    expect(observers[0]!.disconnected).toBe(true);
  });

  test('content that streams in (a slice moments ago) is read in idle time, several additions together', () => {
    const w = fakeWindow();
    let now = 1_000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const s = createSliceScheduler(() => false, 6, w.win as never);
      s.request(true);
      w.frame();
      now += 100; // the next addition, 100 ms later
      s.request(true);
      expect(w.frames.size).toBe(0);
      expect(w.idles.size).toBe(1);
      w.idle();
      now += 1_000; // the page was quiet for a second
      s.request(true);
      expect(w.frames.size).toBe(1);
    } finally {
      clock.mockRestore();
    }
  });

  test('where long tasks cannot be observed, the page never counts as heavy', () => {
    expect(watchLongTasks({} as Window).recently()).toBe(false);
    const Unsupported = class {
      static supportedEntryTypes = ['mark'];
    };
    expect(watchLongTasks({ PerformanceObserver: Unsupported } as unknown as Window).recently()).toBe(false);
  });

  test('without requestIdleCallback a timer stands in; cancel drops everything', () => {
    const w = fakeWindow({ idle: false });
    const ran: string[] = [];
    const s = createSliceScheduler(() => (ran.push('slice'), false), 6, w.win as never);
    s.request();
    expect(w.timers.size).toBe(1);
    w.timer();
    expect(ran).toEqual(['slice']);
    s.request();
    s.cancel();
    expect(w.timers.size).toBe(0);
  });
});

describe('createWriteBatcher', () => {
  test('writes of one frame run together, in order, in one animation frame', () => {
    const w = fakeWindow();
    const done: number[] = [];
    const writes = createWriteBatcher(w.win);
    writes.write(() => done.push(1));
    writes.write(() => done.push(2));
    expect(w.frames.size).toBe(1);
    expect(done).toEqual([]);
    w.frame();
    expect(done).toEqual([1, 2]);
    writes.write(() => done.push(3));
    writes.cancel();
    w.frame();
    expect(done).toEqual([1, 2]);
  });
});
