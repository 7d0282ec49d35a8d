import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SiteHealth } from '../../lib/storage/items';
import { type ExtensionSession, fixture, launchExtension, readFlags, readStorage, serveAs } from './harness';
import { patchSettings, tabIdOf } from './page-objects';

// Issue #17, "the page is hostile", the data half: a page script in the served X fixture attacks
// what Netra reads from it. Each test failed on the code before the fix: a poisoned batch left 0
// flags, a flood was stored whole, a long page address kept Netra off. Assertions read what the
// background stored (flags in IndexedDB, the tab's health), not the page's marks.

interface StoredFlag {
  key: string;
  page?: string;
  snapshot: { text: string; truncated?: boolean; url?: string; author: { handle: string } };
  findings: { match: string; start: number; end: number }[];
}

/**
 * The page's own script (runs in the page, as the site's scripts do). `?attack=poison` adds, in
 * one go (one batch), a 25,000-character post, a post whose match is over 2,000 characters and
 * three ordinary campaign posts; `?attack=flood&n=N` adds N campaign posts by @budi_asn.
 */
function hostilePage(): void {
  const params = new URLSearchParams(location.search);
  const attack = params.get('attack');
  if (!attack) return;
  const model = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')].find((c) =>
    c.querySelector('a[href="/budi_asn/status/1790000000000000001"]'),
  )!;
  const add = (text: string, id: string) => {
    const copy = model.cloneNode(true) as HTMLElement;
    copy.querySelector('[data-testid="tweetText"]')!.textContent = text;
    for (const a of copy.querySelectorAll('a[href^="/budi_asn/status/"]'))
      a.setAttribute('href', `/budi_asn/status/${id}`);
    model.parentElement!.append(copy);
  };
  const run = () => {
    if (attack === 'poison') {
      add(`Ayo coblos nomor 2! ${'Lanjutkan pembangunan. '.repeat(1100)}`, '1970000000000000001');
      add(`Dukung ${'!'.repeat(2100)} paslon 02`, '1970000000000000002');
      for (let i = 3; i <= 5; i++)
        add(`Coblos nomor 2, dukung paslon 02! Racun ${i}`, `197000000000000000${i}`);
    }
    if (attack === 'flood') {
      const n = Number(params.get('n') ?? '200');
      for (let i = 0; i < n; i++)
        add(`Coblos nomor 2, dukung paslon 02! Banjir ${i}`, String(1980000000000000000n + BigInt(i)));
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
}

let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension();
  await serveAs(session.context, 'https://x.com', (url) =>
    url.pathname === '/home'
      ? fixture('x/home-feed.html').replace('</body>', `<script>(${String(hostilePage)})()</script></body>`)
      : undefined,
  );
  // Survey mode: every author counts, so no tagging (an in-page decision) is needed.
  await patchSettings(session, { mode: 'survey' });
});
afterAll(async () => {
  await session?.close();
});

async function open(path: string): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`https://x.com${path}`);
  return page;
}

async function healthOf(prefix: string): Promise<SiteHealth | undefined> {
  const tabId = await tabIdOf(session, prefix);
  const all = (await readStorage(session.worker, 'session', 'tabHealth')) as
    Record<string, SiteHealth> | undefined;
  return all?.[String(tabId)];
}

const flags = () => readFlags<StoredFlag>(session.worker);

describe('a hostile page against what Netra reads', () => {
  test('a page address over 2,048 characters does not switch Netra off (attack 8)', async () => {
    const page = await open(`/home?q=${'a'.repeat(3000)}`);
    await expect.poll(async () => (await flags()).length).toBeGreaterThan(0);
    await expect.poll(async () => (await healthOf('https://x.com/home?q='))?.seen ?? 0).toBeGreaterThan(0);
    expect((await healthOf('https://x.com/home?q='))?.url).toHaveLength(2048);
    await page.close();
  });

  test('one long post and one long match do not blind their batch (attack 4)', async () => {
    const page = await open('/home?attack=poison');
    const keys = ['1', '2', '3', '4', '5'].map((n) => `x:197000000000000000${n}`);
    await expect
      .poll(async () => {
        const stored = new Set((await flags()).map((f) => f.key));
        return keys.filter((k) => stored.has(k));
      })
      .toEqual(keys);
    const all = await flags();
    const long = all.find((f) => f.key === keys[0])!;
    expect(long.snapshot.truncated).toBe(true);
    expect(long.snapshot.text).toHaveLength(20_000);
    const shouting = all.find((f) => f.key === keys[1])!;
    expect(Math.max(...shouting.findings.map((f) => f.match.length))).toBeLessThanOrEqual(2000);
    await page.close();
  });

  test('a flood by one account is capped, counted in the popup, and the real flags stay (attack 5)', async () => {
    const before = await flags();
    const page = await open('/home?attack=flood&n=200');
    await expect
      .poll(async () => (await healthOf('https://x.com/home?attack=flood'))?.capped ?? 0)
      .toBeGreaterThan(150);
    const after = await flags();
    const flood = after.filter((f) => f.snapshot.text.includes('Banjir'));
    expect(flood.length).toBeLessThanOrEqual(30);
    // Every flag the monitor had before the flood is still there.
    const keys = new Set(after.map((f) => f.key));
    expect(before.filter((f) => !keys.has(f.key))).toEqual([]);

    const tabId = await tabIdOf(session, 'https://x.com/home?attack=flood');
    const popup = await session.openExtensionPage(`popup.html?tabId=${tabId}`);
    await expect.poll(() => popup.getByTestId('tab-guarded').textContent()).toMatch(/temuan tidak disimpan/);
    await popup.close();
    await page.close();
  });
});
