import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { collectErrors, type ExtensionSession, fixture, launchExtension, serveAs } from './harness';
import { dismissFromPanel, openPanelFor, panel, readMarks, setMode, tagFromPanel } from './page-objects';

// X in real Chromium: the fixture pages served as https://x.com, the built extension loaded.

const ARTICLE = 'article[data-testid="tweet"]';
const CAMPAIGN = 'Ayo coblos nomor 2';

let session: ExtensionSession;
const dialogs: string[] = [];

beforeAll(async () => {
  session = await launchExtension();
  await serveAs(session.context, 'https://x.com', (url) => {
    if (url.pathname === '/home') return fixture('x/home-feed.html');
    if (url.pathname === '/budi_asn') return fixture('x/profile-budi.html');
    if (url.pathname.includes('/status/')) return fixture('x/status-dark.html');
    return undefined;
  });
});
afterAll(async () => {
  await session?.close();
});

async function openFeed(path = '/home') {
  const page = await session.context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`https://x.com${path}`);
  return page;
}

const byAuthor = (handle: string) => (m: { postText: string }) => m.postText.includes(`@${handle}`);

/** The number of marks once every post of the page is marked (no new mark for a second). */
async function settledMarkCount(page: Page): Promise<number> {
  let count = -1;
  for (let i = 0; i < 30; i++) {
    const now = (await readMarks(page, ARTICLE)).length;
    if (now > 0 && now === count) break;
    count = now;
    await page.waitForTimeout(now > 0 ? 1000 : 200);
  }
  return count;
}

/** Appends a copy of the ASN author's tweet with new text and id, as infinite scroll does. */
async function appendAsnTweet(page: Page, text: string, id: string): Promise<void> {
  await page.evaluate(
    ([body, statusId]) => {
      const cell = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')].find((c) =>
        c.textContent?.includes('@budi_asn'),
      )!;
      const copy = cell.cloneNode(true) as HTMLElement;
      for (const m of copy.querySelectorAll('[data-netra-mark]')) m.remove();
      copy.querySelector('[data-testid="tweetText"]')!.textContent = body;
      copy.querySelector('a[href*="/status/"]')!.setAttribute('href', `/budi_asn/status/${statusId}`);
      cell.parentElement!.append(copy);
    },
    [text, id] as const,
  );
}

describe('X', () => {
  test('survey mode marks the campaign post of an untagged author, shown as not-ASN', async () => {
    await setMode(session, 'survey');
    const page = await openFeed();
    await expect
      .poll(async () => (await readMarks(page, ARTICLE)).filter(byAuthor('warga_biasa')).length)
      .toBe(1);
    const marks = await readMarks(page, ARTICLE);
    const citizen = marks.find(byAuthor('warga_biasa'))!;
    expect(citizen.kind).toBe('survey');
    expect(citizen.categories).toContain('candidate_support');
    expect(citizen.label).toContain('Bukan ASN?');
    await page.close();
  });

  test('an author tagged as ASN from the page is marked in ASN mode; the same text by an untagged author is not', async () => {
    const page = await openFeed();
    await expect.poll(async () => (await readMarks(page, ARTICLE)).some(byAuthor('budi_asn'))).toBe(true);
    await openPanelFor(page, ARTICLE, `@budi_asn`);
    await tagFromPanel(page, 'Dinas Pendidikan Kab. Contoh');
    await page.close();

    await setMode(session, 'asn');
    const again = await openFeed();
    await expect
      .poll(async () => (await readMarks(again, ARTICLE)).filter(byAuthor('budi_asn')).length)
      .toBeGreaterThan(0);
    const marks = await readMarks(again, ARTICLE);
    expect(marks.filter(byAuthor('warga_biasa'))).toEqual([]);
    const budi = marks.find((m) => m.postText.includes(CAMPAIGN) && m.postText.includes('@budi_asn'))!;
    expect(budi.kind).toBe('asn');
    // No campaign pack is on: the stance names "a candidate".
    expect(budi.label).toBe('⚑ASN · Mendukung seorang paslon');
    // The explanation says who, how they are known as ASN, and why, with the words highlighted.
    await openPanelFor(again, ARTICLE, CAMPAIGN);
    await expect.poll(() => panel(again).getByTestId('netra-who').textContent()).toContain('@budi_asn');
    expect(await panel(again).textContent()).toContain('Dinas Pendidikan Kab. Contoh');
    expect(await panel(again).textContent()).toContain('ditandai manual');
    expect(await panel(again).locator('mark').count()).toBeGreaterThan(0);
    await again.close();
  });

  test('a mode change in the options page applies at once to a page already open', async () => {
    const page = await openFeed();
    await expect
      .poll(async () => (await readMarks(page, ARTICLE)).filter(byAuthor('budi_asn')).length)
      .toBeGreaterThan(0);
    expect((await readMarks(page, ARTICLE)).filter(byAuthor('warga_biasa'))).toEqual([]);
    await setMode(session, 'survey');
    await expect
      .poll(async () => (await readMarks(page, ARTICLE)).filter(byAuthor('warga_biasa')).length)
      .toBe(1);
    await setMode(session, 'asn');
    await expect
      .poll(async () => (await readMarks(page, ARTICLE)).filter(byAuthor('warga_biasa')).length)
      .toBe(0);
    await page.close();
  });

  test('posts appended later (infinite scroll) are marked', async () => {
    const page = await openFeed();
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBeGreaterThan(0);
    const before = await settledMarkCount(page);
    await appendAsnTweet(page, 'Dukung terus paslon 02, coblos nomor 2! ✌️', '1999999999999999999');
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBe(before + 1);
    await page.close();
  });

  test('posts appended after the background worker was stopped are still marked (the port reconnects)', async () => {
    const page = await openFeed();
    const before = await settledMarkCount(page);
    // Stop the service worker as the browser does when it is idle: the page's port closes.
    const cdp = await page.context().newCDPSession(page);
    const states: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) if (v.scriptURL.endsWith('/background.js')) states.push(v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect.poll(() => states.at(-1)).toBe('stopped');
    await appendAsnTweet(page, 'Coblos nomor 2 ya, dukung paslon 02! ✌️', '1999999999999999998');
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBe(before + 1);
    // The page's request started the worker again.
    expect(states.at(-1)).toBe('running');
    await cdp.detach();
    await page.close();
  });

  test('single-page navigation to a profile marks what the new page shows', async () => {
    const page = await openFeed();
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBeGreaterThan(0);
    const profile = fixture('x/profile-budi.html');
    await page.evaluate((html) => {
      const next = new DOMParser().parseFromString(html, 'text/html');
      history.pushState({}, '', '/budi_asn');
      document.title = next.title;
      document
        .querySelector('[data-testid="primaryColumn"]')!
        .replaceWith(next.querySelector('[data-testid="primaryColumn"]')!);
    }, profile);
    await expect.poll(() => page.url()).toBe('https://x.com/budi_asn');
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBeGreaterThan(0);
    await page.close();
  });

  test('dismiss and tag persist across reloads', async () => {
    const page = await openFeed();
    await expect
      .poll(async () => (await readMarks(page, ARTICLE)).filter((m) => m.postText.includes(CAMPAIGN)).length)
      .toBe(1);
    await openPanelFor(page, ARTICLE, CAMPAIGN);
    await dismissFromPanel(page);
    await expect
      .poll(async () => (await readMarks(page, ARTICLE)).filter((m) => m.postText.includes(CAMPAIGN)).length)
      .toBe(0);
    await page.reload();
    // Other posts by the tagged author are still marked after the reload (the tag persisted) …
    await expect
      .poll(async () => (await readMarks(page, ARTICLE)).filter(byAuthor('budi_asn')).length)
      .toBeGreaterThan(0);
    // … and the dismissed one is not.
    expect((await readMarks(page, ARTICLE)).filter((m) => m.postText.includes(CAMPAIGN))).toEqual([]);
    await page.close();
  });

  test('text and names holding HTML or script show as plain text and run nothing', async () => {
    const page = await openFeed();
    const errors = collectErrors(page);
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBeGreaterThan(0);
    const hostile = '<img src=x onerror=alert(1)> coblos nomor 2 <script>alert(2)</script>';
    await page.evaluate((text) => {
      const cell = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')].find((c) =>
        c.textContent?.includes('@budi_asn'),
      )!;
      const copy = cell.cloneNode(true) as HTMLElement;
      for (const m of copy.querySelectorAll('[data-netra-mark]')) m.remove();
      copy.querySelector('[data-testid="tweetText"]')!.textContent = text;
      const name = copy.querySelector('[data-testid="User-Name"] span')!;
      name.textContent = '<b onmouseover=alert(3)>Budi</b>';
      copy.querySelector('a[href*="/status/"]')!.setAttribute('href', '/budi_asn/status/1888888888888888888');
      cell.parentElement!.append(copy);
    }, hostile);
    await openPanelFor(page, ARTICLE, 'onerror=alert(1)');
    await expect.poll(() => panel(page).getByTestId('netra-text').textContent()).toBe(hostile);
    expect(await panel(page).locator('img, script, b').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(
      errors.filter((e) => !e.includes('ERR_BLOCKED_BY_CLIENT') && !e.includes('Failed to load resource')),
    ).toEqual([]);
    await page.close();
  });

  test('a page script cannot drive the overlay: synthetic clicks are ignored', async () => {
    const page = await openFeed();
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBeGreaterThan(0);
    const opened = await page.evaluate(async () => {
      const host = document.querySelector('[data-netra-mark]')!;
      host.shadowRoot!.querySelector('button')!.click();
      await new Promise((r) => setTimeout(r, 300));
      return (
        document
          .querySelector('[data-netra-overlay]')
          ?.shadowRoot?.querySelector('[data-testid="netra-panel"]') !== null &&
        document.querySelector('[data-netra-overlay]') !== null
      );
    });
    expect(opened).toBe(false);
    await page.close();
  });
});
