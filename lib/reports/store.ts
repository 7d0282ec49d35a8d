import { browser } from 'wxt/browser';

// Whole-state persistence behind an interface, so the queue and flag logic run against memory in
// unit tests and against browser.storage.local in the extension.

/** Reads and writes one whole state value. `get` returns unknown: callers validate what they load. */
export interface StateStore<T> {
  get(): Promise<unknown>;
  set(value: T): Promise<void>;
}

/** storage.local keys owned by lib/reports (register them in the storage registry). */
export const REPORT_QUEUE_KEY = 'reportQueue';
export const FLAGS_KEY = 'flags';

/** A store over one browser.storage.local key. */
export function createBrowserStore<T>(key: string): StateStore<T> {
  return {
    async get() {
      const found = await browser.storage.local.get(key);
      return found[key];
    },
    async set(value) {
      await browser.storage.local.set({ [key]: value });
    },
  };
}

/** An in-memory store that copies on every read and write, as real storage does. */
export function createMemoryStore<T>(initial?: unknown): StateStore<T> & { peek(): unknown } {
  let value: unknown = initial === undefined ? undefined : structuredClone(initial);
  return {
    async get() {
      return value === undefined ? undefined : structuredClone(value);
    },
    async set(next) {
      value = structuredClone(next);
    },
    peek() {
      return value;
    },
  };
}
