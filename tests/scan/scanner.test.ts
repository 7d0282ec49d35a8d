// @vitest-environment happy-dom
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { type ScannedPost, Scanner } from '@/lib/scan/scanner';
import type { SliceScheduler } from '@/lib/scan/scheduler';
import type { PostSnapshot } from '@/lib/sites/snapshot';
import type { ReadResult, SiteAdapter } from '@/lib/sites/types';

// A tiny adapter over `<article data-post>` with `.author` and `.text` children.
const adapter: SiteAdapter = {
  site: 'x',
  findPosts(root) {
    const found = Array.from(root.querySelectorAll('article[data-post]'));
    if (root instanceof Element && root.matches('article[data-post]')) found.unshift(root);
    return found;
  },
  readPost(el): ReadResult {
    if (el.hasAttribute('data-promoted')) return { ok: 'skip', reason: 'promoted' };
    const author = el.querySelector('.author')?.textContent;
    if (!author) return { ok: false, drift: ['author'] };
    const snapshot: PostSnapshot = {
      site: 'x',
      kind: 'post',
      author: { handle: author },
      text: el.querySelector('.text')?.textContent ?? '',
      capturedAt: new Date(0).toISOString(),
    };
    return { ok: true, snapshot };
  },
  markerAnchor: (el) => el,
};

// Slices run when the test says so, so each step is deterministic.
function manualScheduler() {
  let work: ((timeLeft: () => number) => boolean) | undefined;
  let requested = false;
  return {
    make(w: (timeLeft: () => number) => boolean): SliceScheduler {
      work = w;
      return {
        request: () => {
          requested = true;
        },
        cancel: () => {
          requested = false;
        },
      };
    },
    /** Runs slices until the work is done; returns how many ran. */
    runAll(budget = 1000) {
      let guard = 0;
      let slices = 0;
      while (requested && guard++ < 1000) {
        requested = false;
        slices++;
        const start = performance.now();
        if (work!(() => budget - (performance.now() - start))) requested = true;
      }
      return slices;
    },
  };
}

const post = (author: string, text: string, extra = '') =>
  `<article data-post ${extra}><span class="author">${author}</span><p class="text">${text}</p></article>`;

const flush = () => new Promise((r) => setTimeout(r, 0));

let seen: ScannedPost[];
let batches: number[];
let scheduler: ReturnType<typeof manualScheduler>;
let scanner: Scanner;

beforeEach(() => {
  document.body.innerHTML = `<main>${post('budi', 'satu')}${post('ani', 'dua')}<article data-post><p class="text">no author</p></article>${post('ads', 'x', 'data-promoted')}</main>`;
  seen = [];
  batches = [];
  scheduler = manualScheduler();
  scanner = new Scanner({
    adapter,
    root: document,
    onPosts: (p) => {
      batches.push(p.length);
      seen.push(...p);
    },
    scheduler: (w) => scheduler.make(w),
  });
  scanner.start();
  scheduler.runAll();
});

describe('Scanner', () => {
  test('reads every container once and counts parsed, skipped and drift', () => {
    expect(seen.map((p) => p.snapshot.author.handle)).toEqual(['budi', 'ani']);
    expect(scanner.getCounts()).toEqual({ seen: 4, parsed: 2, skipped: 1, drift: 1, driftNames: ['author'] });
    scanner.rescan();
    scheduler.runAll();
    expect(seen).toHaveLength(2);
  });

  test('posts appended later are read', async () => {
    document.querySelector('main')!.insertAdjacentHTML('beforeend', post('citra', 'tiga'));
    await flush();
    scheduler.runAll();
    expect(seen.map((p) => p.snapshot.author.handle)).toEqual(['budi', 'ani', 'citra']);
  });

  test('a container is read again when its content changes ("See more"), not otherwise', async () => {
    const text = document.querySelector('article .text')!;
    text.append(' ... selengkapnya');
    await flush();
    scheduler.runAll();
    expect(seen.at(-1)?.snapshot.text).toBe('satu ... selengkapnya');
    expect(seen).toHaveLength(3);
    expect(scanner.getCounts().seen).toBe(4);
    // An attribute-only or Netra-owned change does not re-read.
    const mark = document.createElement('span');
    mark.setAttribute('data-netra-mark', '');
    document.querySelector('article')!.append(mark);
    await flush();
    scheduler.runAll();
    expect(seen).toHaveLength(3);
  });

  test('a forced rescan reads everything again, counted once; a later change is read again', async () => {
    scanner.rescan(true);
    scheduler.runAll();
    expect(seen).toHaveLength(4);
    expect(scanner.getCounts()).toMatchObject({ seen: 4, parsed: 2, skipped: 1, drift: 1 });
    scanner.rescan(true);
    scheduler.runAll();
    expect(seen).toHaveLength(6);
    document.querySelector('article .text')!.append(' lagi');
    await flush();
    scheduler.runAll();
    expect(seen.at(-1)!.snapshot.text).toBe('satu lagi');
    expect(scanner.getCounts().seen).toBe(4);
  });

  test('work is split into slices when the budget runs out; one addition is handed on together', async () => {
    const many = Array.from({ length: 60 }, (_, i) => post(`u${i}`, 't')).join('');
    document.querySelector('main')!.insertAdjacentHTML('beforeend', many);
    await flush();
    const before = seen.length;
    batches = [];
    // Each slice gets a budget that runs out after its first read.
    expect(scheduler.runAll(0.000001)).toBeGreaterThan(10);
    expect(seen.length).toBe(before + 60);
    // One message's worth (50) as soon as it is read, the rest when the addition is done.
    expect(batches).toEqual([50, 10]);
  });

  test('text added between posts or a post removed reads nothing again and searches no subtree', async () => {
    const findPosts = vi.spyOn(adapter, 'findPosts');
    const main = document.querySelector('main')!;
    main.append(document.createTextNode('\n  '));
    main.querySelector('article')!.remove();
    await flush();
    scheduler.runAll();
    expect(findPosts).not.toHaveBeenCalled();
    expect(seen).toHaveLength(2);
  });

  test("a slice's reads run in one read scope of the adapter; posts are handed on after it", async () => {
    const log: string[] = [];
    const scoped: SiteAdapter = {
      ...adapter,
      findPosts: (root) => (log.push('find'), adapter.findPosts(root)),
      readPost: (el) => (log.push('read'), adapter.readPost(el)),
      readScope<T>(reads: () => T): T {
        log.push('begin');
        try {
          return reads();
        } finally {
          log.push('end');
        }
      },
    };
    const scheduled = manualScheduler();
    const own = new Scanner({
      adapter: scoped,
      root: document,
      onPosts: (p) => log.push(`hand on ${p.length}`),
      scheduler: (w) => scheduled.make(w),
    });
    own.start();
    scheduled.runAll();
    expect(log).toEqual(['begin', 'find', 'read', 'read', 'read', 'read', 'end', 'hand on 2']);
    own.stop();
  });

  test('stop disconnects the observer', async () => {
    scanner.stop();
    document.querySelector('main')!.insertAdjacentHTML('beforeend', post('dedi', 'empat'));
    await flush();
    scheduler.runAll();
    expect(seen).toHaveLength(2);
  });
});

describe('Scanner: posts by accounts known not to count are passed over', () => {
  const known = new Set(['warga']);
  const withActors: SiteAdapter = {
    ...adapter,
    readActors: (el) => {
      const author = el.querySelector('.author')?.textContent;
      return author ? [author] : undefined;
    },
  };

  function screening() {
    document.body.innerHTML = `<main>${post('budi', 'satu')}${post('warga', 'dua')}</main>`;
    const got: string[] = [];
    const screened: Element[] = [];
    const manual = manualScheduler();
    let screen = true;
    const readPost = vi.spyOn(withActors, 'readPost');
    const s = new Scanner({
      adapter: withActors,
      root: document,
      onPosts: (p) => got.push(...p.map((x) => x.snapshot.author.handle)),
      screen: (actors) => screen && actors.every((a) => known.has(a)),
      onScreened: (el) => screened.push(el),
      scheduler: (w) => manual.make(w),
    });
    s.start();
    manual.runAll();
    /** Appends to the page and runs the scanner until it is done. */
    const add = async (html: string) => {
      document.querySelector('main')!.insertAdjacentHTML('beforeend', html);
      await flush();
      manual.runAll();
    };
    /** How many of warga's posts were read in full. */
    const fullReads = () => got.filter((h) => h === 'warga').length;
    return { s, manual, got, screened, readPost, add, fullReads, setScreen: (on: boolean) => (screen = on) };
  }

  /** `n` posts by warga, numbered from `from`. */
  const byWarga = (n: number, from: number) =>
    Array.from({ length: n }, (_, i) => post('warga', `t${from + i}`)).join('');

  test('only their accounts are read; they count as seen and parsed; a mark they had can go', () => {
    const { s, got, screened, readPost } = screening();
    expect(got).toEqual(['budi']);
    expect(screened).toHaveLength(1);
    expect(readPost).toHaveBeenCalledTimes(1);
    expect(s.getCounts()).toMatchObject({ seen: 2, parsed: 2, drift: 0 });
  });

  test('they are read in full once their account counts (rescan after tagging, or survey mode)', () => {
    const { s, manual, got, setScreen } = screening();
    setScreen(false);
    s.rescan(true);
    manual.runAll();
    expect(got).toEqual(['budi', 'budi', 'warga']);
  });

  test('one in eight is read in full anyway, so drift in the parts not read still shows', async () => {
    const { manual, got } = screening();
    const many = Array.from({ length: 16 }, (_, i) => post('warga', `t${i}`)).join('');
    document.querySelector('main')!.insertAdjacentHTML('beforeend', many);
    await flush();
    manual.runAll();
    // 17 posts by warga in all: the 8th and the 16th were read in full.
    expect(got).toEqual(['budi', 'warga', 'warga']);
  });

  test('after eight such reads in a row without drift, one in 32; a drift goes back to one in eight', async () => {
    const { s, add, fullReads } = screening();
    // 96 posts by warga in all: the 8th, 16th … 64th are read in full (eight, none drifted), then
    // only the 96th.
    await add(byWarga(95, 0));
    expect(fullReads()).toBe(9);
    // Another 31: none of them is read in full.
    await add(byWarga(31, 95));
    expect(fullReads()).toBe(9);
    // A post whose author cannot be read is drift: one in eight again. The next one is read (31
    // went by since the last), then the 8th after it.
    await add('<article data-post><p class="text">no author</p></article>');
    expect(s.getCounts().drift).toBe(1);
    await add(byWarga(1, 126));
    expect(fullReads()).toBe(10);
    await add(byWarga(7, 127));
    expect(fullReads()).toBe(10);
    await add(byWarga(1, 134));
    expect(fullReads()).toBe(11);
  });

  test('a drifting post read again with the same drift does not set it back', async () => {
    const { s, manual, add, fullReads } = screening();
    await add('<article data-post id="odd"><p class="text">no author</p></article>');
    await add(byWarga(95, 0));
    expect(fullReads()).toBe(9);
    // Its text changes: it is read again, with the same drift (counted once).
    document.querySelector('#odd .text')!.textContent = 'still no author';
    await flush();
    manual.runAll();
    expect(s.getCounts().drift).toBe(1);
    await add(byWarga(8, 95));
    expect(fullReads()).toBe(9);
  });

  test('a new page within the document starts again at one in eight', async () => {
    const { s, add, fullReads } = screening();
    await add(byWarga(95, 0));
    expect(fullReads()).toBe(9);
    s.resetCounts();
    await add(byWarga(8, 95));
    expect(fullReads()).toBe(10);
  });
});
