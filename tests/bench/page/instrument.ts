// In the page (main world, before any page script): long tasks, marks, and the feed appender,
// and the calls that reach them from the bench.

import type { Page } from 'playwright-core';

export interface PageState {
  dcl: number;
  longTasks: { start: number; duration: number }[];
  /** post index → performance.now() when it entered the DOM */
  inserted: [number, number][];
  /** post index → performance.now() when its first mark appeared */
  marked: [number, number][];
  /** marks outside any post the page knows */
  unmapped: number;
}

/** Runs in the page before its scripts (an init script): sets up `window.__netraBench`. */
export function instrumentPage(feedSelector: string): void {
  const postIndex = new WeakMap<Element, number>();
  const inserted = new Map<number, number>();
  const marked = new Map<number, number>();
  const longTasks: { start: number; duration: number }[] = [];
  const batches: (string | null)[] = [];
  let nextBatch = 0;
  let nextIndex = 0;
  let dcl = 0;
  let unmapped = 0;
  let appending = false;

  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });

  const indexOf = (el: Element | null): number => {
    for (let n = el; n; n = n.parentElement) {
      const i = postIndex.get(n);
      if (i !== undefined) return i;
    }
    return -1;
  };
  new MutationObserver((records) => {
    const now = performance.now();
    for (const record of records) {
      for (const node of Array.from(record.addedNodes)) {
        if (node.nodeType !== 1 || !(node as Element).hasAttribute('data-netra-mark')) continue;
        const i = indexOf(record.target as Element);
        if (i < 0) unmapped++;
        else if (!marked.has(i)) marked.set(i, now);
      }
    }
  }).observe(document, { childList: true, subtree: true });

  document.addEventListener('DOMContentLoaded', () => {
    dcl = performance.now();
    // Real feeds render only what is near the viewport (X virtualises its timeline); without
    // this, painting thousands of fixture posts costs ~5 ms per appended post in both runs and
    // saturates the page. Every post stays in the DOM for Netra to scan.
    const style = document.createElement('style');
    style.textContent = `${feedSelector} > * { content-visibility: auto; contain-intrinsic-size: auto 320px; }`;
    document.head.append(style);
    const feed = document.querySelector(feedSelector);
    Array.from(feed?.children ?? []).forEach((child, i) => {
      postIndex.set(child, i);
      inserted.set(i, dcl);
    });
    nextIndex = feed?.children.length ?? 0;
  });

  const insert = (html: string): number => {
    const feed = document.querySelector(feedSelector)!;
    const before = feed.children.length;
    // Posts arrive as elements, as a feed's script renders them (no text nodes between).
    const template = document.createElement('template');
    template.innerHTML = html;
    for (const node of Array.from(template.content.childNodes)) if (node.nodeType !== 1) node.remove();
    feed.append(template.content);
    const now = performance.now();
    for (let c = before; c < feed.children.length; c++) {
      postIndex.set(feed.children[c]!, nextIndex);
      inserted.set(nextIndex++, now);
    }
    return now;
  };

  const api = {
    addBatches(more: string[]) {
      batches.push(...more);
    },
    /** Appends `count` queued batches, one every `intervalMs`, as infinite scroll does. */
    append(count: number, intervalMs: number) {
      appending = true;
      let left = count;
      const timer = setInterval(() => {
        const html = batches[nextBatch];
        if (left-- <= 0 || html === undefined || html === null) {
          clearInterval(timer);
          appending = false;
          return;
        }
        batches[nextBatch++] = null; // the page keeps nothing of the payload once it is shown
        insert(html);
      }, intervalMs);
    },
    /** Appends the next queued batch now; returns when it entered the DOM (performance.now()). */
    appendNext(): number {
      const html = batches[nextBatch];
      if (html === undefined || html === null) throw new Error('no batch queued');
      batches[nextBatch++] = null;
      return insert(html);
    },
    read(): PageState {
      return { dcl, longTasks: longTasks.slice(), inserted: [...inserted], marked: [...marked], unmapped };
    },
    progress(): { marked: number; appending: boolean; posts: number } {
      return { marked: marked.size, appending, posts: nextIndex };
    },
  };
  (window as unknown as { __netraBench: typeof api }).__netraBench = api;
}

type BenchApi = {
  addBatches(more: string[]): void;
  append(count: number, intervalMs: number): void;
  appendNext(): number;
  read(): PageState;
  progress(): { marked: number; appending: boolean; posts: number };
};

// Page callbacks are serialised into the page: they reach the API through `window`, not a helper.

/** Everything the page recorded so far (read once per phase: it copies every post's times). */
export const readState = (page: Page) =>
  page.evaluate(() => (window as unknown as { __netraBench: BenchApi }).__netraBench.read());
/** How many posts are marked and whether the page is still appending: cheap, for polling. */
export const progress = (page: Page) =>
  page.evaluate(() => (window as unknown as { __netraBench: BenchApi }).__netraBench.progress());
/** Queues batches of posts' HTML in the page, to be appended later. */
export const queueBatches = (page: Page, batches: string[]) =>
  page.evaluate(
    (more) => (window as unknown as { __netraBench: BenchApi }).__netraBench.addBatches(more),
    batches,
  );
/** Starts appending `count` queued batches, one every `intervalMs`. */
export const appendQueued = (page: Page, count: number, intervalMs: number) =>
  page.evaluate(
    ([count, interval]) =>
      (window as unknown as { __netraBench: BenchApi }).__netraBench.append(count, interval),
    [count, intervalMs] as const,
  );
/** Appends the next queued batch now; resolves with when it entered the DOM (performance.now()). */
export const appendNext = (page: Page) =>
  page.evaluate(() => (window as unknown as { __netraBench: BenchApi }).__netraBench.appendNext());
