// Long tasks (> 50 ms, from a PerformanceObserver in the page) and Netra's part in each.

export const LONG_TASK_MS = 50;

export interface LongTask {
  start: number;
  duration: number;
  netraMs: number;
}

/**
 * Each long task with the wall time of Netra's calls inside it (from the trace; `offsetMs` maps
 * the trace's clock to the page's performance.now()).
 */
export function attribute(
  tasks: { start: number; duration: number }[],
  calls: { ts: number; durUs: number }[],
  offsetMs: number,
  from: number,
): LongTask[] {
  return tasks
    .filter((task) => task.start >= from)
    .map((task) => {
      const end = task.start + task.duration;
      let netraMs = 0;
      for (const call of calls) {
        const start = call.ts / 1000 - offsetMs;
        netraMs += Math.max(0, Math.min(end, start + call.durUs / 1000) - Math.max(task.start, start));
      }
      return { ...task, netraMs };
    });
}

/** A long task is Netra's when it would not have been long without the content script's part. */
export const isNetras = (task: LongTask) => task.netraMs > 0 && task.duration - task.netraMs <= LONG_TASK_MS;
