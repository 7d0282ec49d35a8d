import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectErrors, type ExtensionSession, fixture, launchExtension, serveAs } from './harness';
import { patchSettings, readMarks, tabIdOf } from './page-objects';

// The popup as a reviewer uses it: the current tab's flags first, filters, dismiss, the badge,
// the empty states and the drift warning.

let session: ExtensionSession;
let tabId: number;
let feed: Page;

beforeAll(async () => {
  session = await launchExtension();
  await serveAs(session.context, 'https://x.com', (url) =>
    url.pathname === '/home' ? fixture('x/home-feed.html') : undefined,
  );
  await patchSettings(session, { mode: 'survey' });
  const page = await session.context.newPage();
  feed = page;
  await page.goto('https://x.com/home');
  // Every flag of the page is in before the tests count them: at least 3 marks, and no new one
  // for a second.
  let marks = -1;
  for (let i = 0; i < 50; i++) {
    const now = (await readMarks(page, 'article')).length;
    if (now >= 3 && now === marks) break;
    marks = now;
    await page.waitForTimeout(now >= 3 ? 1000 : 200);
  }
  tabId = await tabIdOf(session, 'https://x.com/');
});
afterAll(async () => {
  await session?.close();
});

async function badge(): Promise<string> {
  return session.worker.evaluate(
    (id) =>
      (
        globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }
      ).chrome.action.getBadgeText({ tabId: id }),
    tabId,
  );
}

describe('popup', () => {
  test('lists the tab flags with who, why and the matched words; the badge counts new ones', async () => {
    const popup = await session.openExtensionPage(`popup.html?tabId=${tabId}`);
    const errors = collectErrors(popup);
    const items = popup.getByTestId('tab-flags').getByTestId('flag-item');
    await expect.poll(() => items.count()).toBeGreaterThan(2);
    const count = await items.count();
    // The badge follows the stored flags (updated after the page has its answer).
    await expect.poll(() => badge()).toBe(String(count));
    const first = items.first();
    expect(await first.locator('mark').count()).toBeGreaterThan(0);
    expect(await first.textContent()).toMatch(/Mendukung paslon/);
    expect(await first.textContent()).toMatch(/Belum ditandai ASN/);
    expect(errors).toEqual([]);
    await popup.close();
  });

  test('filters by status; dismissing in the popup updates the list and the badge', async () => {
    const popup = await session.openExtensionPage(`popup.html?tabId=${tabId}`);
    const items = popup.getByTestId('tab-flags').getByTestId('flag-item');
    await expect.poll(() => items.count()).toBeGreaterThan(2);
    const before = await items.count();
    await items.first().getByRole('button', { name: 'Abaikan' }).click();
    await popup.getByTestId('filter-status').selectOption('new');
    await expect.poll(() => items.count()).toBe(before - 1);
    await expect.poll(() => badge()).toBe(String(before - 1));
    await popup.getByTestId('filter-status').selectOption('dismissed');
    await expect.poll(() => items.count()).toBe(1);
    await popup.getByTestId('filter-category').selectOption('money_politics');
    await expect.poll(() => popup.getByTestId('tab-flags').count()).toBe(0);
    expect(await popup.locator('main').textContent()).toContain('Belum ada temuan di tab ini.');
    await popup.close();
  });

  test('an open popup shows new flags as the page finds them, keeping its filter', async () => {
    const popup = await session.openExtensionPage(`popup.html?tabId=${tabId}`);
    const items = popup.getByTestId('tab-flags').getByTestId('flag-item');
    await popup.getByTestId('filter-status').selectOption('new');
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    const before = await items.count();
    await feed.evaluate(() => {
      const cell = document.querySelector('[data-testid="cellInnerDiv"]')!;
      const copy = cell.cloneNode(true) as HTMLElement;
      for (const m of copy.querySelectorAll('[data-netra-mark]')) m.remove();
      copy.querySelector('[data-testid="tweetText"]')!.textContent = 'Ayo coblos paslon nomor 2 tanggal 14!';
      copy
        .querySelector('a[href*="/status/"]')!
        .setAttribute('href', '/warga_baru/status/1999999999999999997');
      cell.parentElement!.append(copy);
    });
    await expect.poll(() => items.count()).toBe(before + 1);
    expect(await popup.getByTestId('filter-status').inputValue()).toBe('new');
    await popup.close();
  });

  test('the queue says what to do when no endpoint is set', async () => {
    const popup = await session.openExtensionPage(`popup.html?tabId=${tabId}`);
    const item = popup.getByTestId('tab-flags').getByTestId('flag-item').first();
    await item.getByRole('button', { name: 'Laporkan' }).click();
    await item.getByTestId('popup-confirm').getByRole('button', { name: 'Kirim laporan' }).click();
    await expect.poll(() => popup.getByTestId('queue-entry').count()).toBe(1);
    expect(await popup.getByTestId('queue').textContent()).toContain('Endpoint laporan belum diatur');
    expect(await popup.getByTestId('queue-entry').getAttribute('data-status')).toBe('waiting');
    await popup.close();
  });

  test('warns when a site layout seems to have changed (drift)', async () => {
    const page = await session.context.newPage();
    await serveAs(
      session.context,
      'https://twitter.com',
      () =>
        `<html><body><main>${Array.from({ length: 5 }, (_, i) => `<article data-testid="tweet"><div data-testid="tweetText">teks ${i}</div></article>`).join('')}</main></body></html>`,
    );
    await page.goto('https://twitter.com/home');
    const id = await tabIdOf(session, 'https://twitter.com/');
    const popup = await session.openExtensionPage(`popup.html?tabId=${id}`);
    await expect
      .poll(async () => {
        await popup.reload();
        return popup.getByTestId('drift-warning').count();
      })
      .toBe(1);
    expect(await popup.getByTestId('drift-warning').textContent()).toMatch(/tidak dapat dibaca/);
    await popup.close();
    await page.close();
  });
});
