import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionSession } from './harness';

// Helpers for a waking service worker in real Chromium (issue #24), shared by the wake e2e test
// and `npm run bench -- --only wake`: a watchlist imported through the options page, the worker
// stopped over the DevTools protocol, batches of posts appended to an X feed and the time to
// their first mark taken in the page.

/** The row of the fixture feed's ASN author, added to generated lists. */
export const BUDI_ROW = 'x,budi_asn,,Budi Santoso,Dinas Pendidikan,Guru Ahli Pertama,Kab. Sleman,,,';

/** Imports a watchlist CSV through the options page; resolves once the totals show `rows`. */
export async function importThroughOptions(
  session: ExtensionSession,
  csv: string,
  rows: number,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'netra-wake-'));
  const file = join(dir, 'watchlist.csv');
  writeFileSync(file, csv);
  const page = await session.openExtensionPage('options.html');
  try {
    await page.locator('h1', { hasText: 'Pengaturan Netra' }).waitFor();
    await page.setInputFiles('#watchlist-file', file);
    await page.getByRole('button', { name: 'Impor daftar' }).click();
    await page.getByTestId('import-report').waitFor({ state: 'visible', timeout: 240_000 });
    await page
      .getByTestId('watchlist-totals')
      .filter({ hasText: rows.toLocaleString('id-ID') })
      .waitFor({ timeout: 60_000 });
  } finally {
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The background worker's states as DevTools reports them, and a way to stop it. */
export interface WorkerControl {
  cdp: CDPSession;
  states: string[];
  /** Stops the worker as the browser does when it is idle; resolves once it is stopped. */
  stop(): Promise<void>;
  /** The worker's JS heap after a full collection, in bytes (used, and total with buffers when told). */
  heap(): Promise<{ used: number; total: number; buffers?: number }>;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** DevTools control of the extension's service worker, through a page's session. */
export async function controlWorker(page: Page): Promise<WorkerControl> {
  const cdp = await page.context().newCDPSession(page);
  const states: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) if (v.scriptURL.endsWith('/background.js')) states.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  return {
    cdp,
    states,
    async stop() {
      // any 'stopped' after the call: something may wake the worker again at once (a pending
      // event), so the last state seen need not be 'stopped'
      if (states.at(-1) === 'stopped') return;
      const from = states.length;
      await cdp.send('ServiceWorker.stopAllWorkers');
      await until(() => states.slice(from).includes('stopped'), 15_000, 'the worker to stop');
    },
    async heap() {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.endsWith('/background.js'));
      if (!sw) throw new Error('no running background worker');
      const { sessionId } = await cdp.send('Target.attachToTarget', {
        targetId: sw.targetId,
        flatten: false,
      });
      let next = 0;
      const waiting = new Map<number, (result: Record<string, number>) => void>();
      const onMessage = (event: { sessionId?: string; message: string }) => {
        if (event.sessionId !== sessionId) return;
        const reply = JSON.parse(event.message) as { id?: number; result?: Record<string, number> };
        if (reply.id !== undefined) waiting.get(reply.id)?.(reply.result ?? {});
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
      const call = (method: string) =>
        new Promise<Record<string, number>>((resolve) => {
          const id = ++next;
          waiting.set(id, resolve);
          void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
        });
      try {
        await call('HeapProfiler.collectGarbage');
        const usage = await call('Runtime.getHeapUsage');
        return {
          used: usage.usedSize ?? NaN,
          total: usage.totalSize ?? NaN,
          ...(usage.backingStorageSize !== undefined && { buffers: usage.backingStorageSize }),
        };
      } finally {
        cdp.off('Target.receivedMessageFromTarget', onMessage);
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      }
    },
  };
}

/**
 * Appends a batch of tweets to the fixture feed, as infinite scroll does: one campaign tweet by the
 * ASN author (`budi_asn`, expected to be marked) and `others` copies with neutral text by the
 * handles given (new to the page, so the background looks every one up). Returns the batch id.
 */
export async function appendBatch(page: Page, handles: readonly string[], batch: number): Promise<void> {
  // tsx keeps function names with a `__name` helper that the page does not have: define it
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate(
    ([names, id]) => {
      const w = window as unknown as {
        netraBench?: { appendedAt: Map<number, number>; markedAt: Map<number, number> };
      };
      if (!w.netraBench) {
        const bench = { appendedAt: new Map<number, number>(), markedAt: new Map<number, number>() };
        w.netraBench = bench;
        new MutationObserver((records) => {
          const now = performance.now();
          for (const r of records) {
            for (const node of r.addedNodes) {
              if (node.nodeType !== 1 || !(node as Element).hasAttribute('data-netra-mark')) continue;
              const cell = (node as Element).closest('[data-bench-batch]');
              const b = cell ? Number(cell.getAttribute('data-bench-batch')) : NaN;
              if (!Number.isNaN(b) && !bench.markedAt.has(b)) bench.markedAt.set(b, now);
            }
          }
        }).observe(document.body, { subtree: true, childList: true });
      }
      const cell = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')].find((c) =>
        c.textContent?.includes('Ayo coblos nomor 2'),
      )!;
      const make = (handle: string, text: string, status: string) => {
        const copy = cell.cloneNode(true) as HTMLElement;
        for (const m of copy.querySelectorAll('[data-netra-mark]')) m.remove();
        copy.innerHTML = copy.innerHTML
          .replaceAll('budi_asn', handle)
          .replace(/1790000000000000001/g, status);
        copy.querySelector('[data-testid="tweetText"]')!.textContent = text;
        return copy;
      };
      const parent = cell.parentElement!;
      const fragment = document.createDocumentFragment();
      names.forEach((handle, i) =>
        fragment.append(
          make(handle, `Selamat pagi, cuaca cerah hari ini ${id}-${i}`, `18${id}${i}`.padEnd(19, '0')),
        ),
      );
      const asn = make(
        'budi_asn',
        `Ayo coblos nomor 2, dukung paslon 02! ✌️ ${id}`,
        `19${id}`.padEnd(19, '7'),
      );
      asn.setAttribute('data-bench-batch', String(id));
      fragment.append(asn);
      w.netraBench.appendedAt.set(id, performance.now());
      parent.append(fragment);
    },
    [handles, batch] as const,
  );
}

/** Milliseconds from a batch's append to the first mark in it (waits up to `timeoutMs`). */
export async function firstMarkMs(page: Page, batch: number, timeoutMs = 20_000): Promise<number> {
  const handle = await page.waitForFunction(
    (id) => {
      const w = window as unknown as {
        netraBench: { appendedAt: Map<number, number>; markedAt: Map<number, number> };
      };
      const marked = w.netraBench.markedAt.get(id);
      return marked === undefined ? false : marked - w.netraBench.appendedAt.get(id)!;
    },
    batch,
    { timeout: timeoutMs, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}
