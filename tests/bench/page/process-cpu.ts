// CPU of the browser's processes (Linux /proc): the background's work is not on the page's thread.

import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ProcessCpu {
  /** every process of the browser */
  total: number;
  /** the browser process (storage, message routing) */
  browser: number;
  /** the extension process: Netra's service worker (lookups, classification, flag store) */
  extension: number;
  /** CPU seconds of each page renderer's main thread, by pid (differences only: see `pageThread`) */
  rendererMain: Map<string, number>;
}

/**
 * CPU seconds the page's main thread ran during a phase: the renderer whose main thread ran most
 * (the feed page's; the plain browser has no other busy one, Netra's has its extension process
 * apart). Unlike TaskDuration this leaves out time the thread waited for a CPU inside a task,
 * which on a two-core machine is about half of every task's wall time, with or without Netra.
 */
export function pageThread(before: ProcessCpu, after: ProcessCpu): number {
  let most = 0;
  for (const [pid, seconds] of after.rendererMain) {
    most = Math.max(most, seconds - (before.rendererMain.get(pid) ?? 0));
  }
  return most;
}

const CLOCK_TICKS = 100;

/** CPU seconds used so far by the Chromium processes of one profile folder (zeros off Linux). */
export function processCpu(userDataDir: string): ProcessCpu {
  const out: ProcessCpu = { total: 0, browser: 0, extension: 0, rendererMain: new Map() };
  if (!existsSync('/proc/self/stat')) return out;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let cmdline: string;
    let stat: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(userDataDir) && !cmdline.includes(`--user-data-dir=${userDataDir}`)) continue;
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    // Chromium rewrites its children's titles: their arguments are one space-separated string.
    const args = cmdline.split(/[\0 ]/);
    out.total += seconds;
    if (!args.some((arg) => arg.startsWith('--type='))) out.browser += seconds;
    else if (args.includes('--extension-process')) out.extension += seconds;
    else if (args.includes('--type=renderer')) {
      // schedstat: nanoseconds on a CPU, of the main thread alone (its thread id is the pid).
      try {
        const ns = Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
        if (Number.isFinite(ns)) out.rendererMain.set(pid, ns / 1e9);
      } catch {
        // gone meanwhile, or no schedstat (kernel without CONFIG_SCHEDSTATS)
      }
    }
  }
  return out;
}
