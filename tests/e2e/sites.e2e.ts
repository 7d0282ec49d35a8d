import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  collectErrors,
  type ExtensionSession,
  fixture,
  launchExtension,
  readFlags,
  serveAs,
} from './harness';
import { dismissFromPanel, panel, setMode, tagFromPanel } from './page-objects';

// One journey per site (X has its own, deeper file): the project's fixture pages served as the
// real URLs, the built extension loaded in Chromium. Marks are tied to posts through the flag
// store (each mark carries its flag key), so the assertions do not depend on how a site shows names.

interface SiteCase {
  site: 'facebook' | 'instagram' | 'tiktok' | 'youtube';
  origin: string;
  /** Path → fixture file. The first entry is the page the journey starts on. */
  pages: [string, string][];
  /** Path of a second page reached by single-page navigation. */
  navigateTo: string;
  asn: string;
  citizen: string;
  /** Selector of a post or comment container (a mark's nearest one is its post). */
  container: string;
}

const CASES: SiteCase[] = [
  {
    site: 'facebook',
    origin: 'https://www.facebook.com',
    pages: [
      ['/', 'facebook/feed.html'],
      ['/budi.asn.pemkab', 'facebook/profile-budi.html'],
    ],
    navigateTo: '/budi.asn.pemkab',
    asn: 'budi.asn.pemkab',
    citizen: 'warga.biasa',
    container: '[role="article"], [aria-posinset]',
  },
  {
    site: 'instagram',
    origin: 'https://www.instagram.com',
    pages: [
      ['/', 'instagram/feed.html'],
      ['/p/C3bUdIaSn99/', 'instagram/post.html'],
    ],
    navigateTo: '/p/C3bUdIaSn99/',
    asn: 'budi_asn',
    citizen: 'warga_biasa',
    container: 'article, ul li',
  },
  {
    site: 'tiktok',
    origin: 'https://www.tiktok.com',
    pages: [
      ['/foryou', 'tiktok/foryou.html'],
      ['/@budi_asn/video/7333014130812518401', 'tiktok/video.html'],
    ],
    navigateTo: '/@budi_asn/video/7333014130812518401',
    asn: 'budi_asn',
    citizen: 'warga_biasa',
    container:
      '[data-e2e="recommend-list-item-container"], [data-e2e="comment-item"], [class*="DivCommentContentContainer"], [class*="DivCommentItemWrapper"], [data-e2e="user-post-item"]',
  },
  {
    site: 'youtube',
    origin: 'https://www.youtube.com',
    pages: [
      ['/watch', 'youtube/watch.html'],
      ['/@BudiASN/community', 'youtube/channel-community.html'],
    ],
    navigateTo: '/@BudiASN/community',
    asn: 'BudiASN',
    citizen: 'WargaBiasa',
    container:
      'ytd-comment-view-model, ytd-comment-renderer, ytd-watch-metadata, ytd-video-secondary-info-renderer, ytd-backstage-post-renderer, ytd-post-renderer',
  },
];

interface StoredFlag {
  key: string;
  snapshot: { author: { handle: string }; kind: string; context?: { repostedBy?: { handle: string } } };
}

/** The account a flag is about: the reposter of a repost, else the author (lowercase). */
function actor(flag: StoredFlag): string {
  const who =
    flag.snapshot.kind === 'repost' && flag.snapshot.context?.repostedBy
      ? flag.snapshot.context.repostedBy
      : flag.snapshot.author;
  return who.handle.toLowerCase();
}

async function markedActors(
  session: ExtensionSession,
  page: Page,
): Promise<{ key: string; kind: string; actor: string }[]> {
  const marks = await page.locator('[data-netra-mark]').evaluateAll((els) =>
    els.map((el) => ({
      key: el.getAttribute('data-netra-mark') ?? '',
      kind: el.getAttribute('data-netra-kind') ?? '',
    })),
  );
  const byKey = new Map((await readFlags<StoredFlag>(session.worker)).map((f) => [f.key, f]));
  return marks.map((m) => ({ ...m, actor: byKey.has(m.key) ? actor(byKey.get(m.key)!) : '?' }));
}

describe.each(CASES)('$site', (c) => {
  let session: ExtensionSession;
  const dialogs: string[] = [];
  const start = () => `${c.origin}${c.pages[0]![0]}`;

  async function open(url = start()) {
    const page = await session.context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
    return page;
  }

  beforeAll(async () => {
    session = await launchExtension();
    const routes = new Map(c.pages.map(([path, file]) => [path, fixture(file)]));
    await serveAs(session.context, c.origin, (url) => routes.get(url.pathname));
  });
  afterAll(async () => {
    await session?.close();
  });

  test('survey mode marks the untagged author, shown as not-ASN', async () => {
    await setMode(session, 'survey');
    const page = await open();
    await expect
      .poll(
        async () =>
          (await markedActors(session, page)).filter((m) => m.actor === c.citizen.toLowerCase()).length,
      )
      .toBeGreaterThan(0);
    for (const m of (await markedActors(session, page)).filter((x) => x.actor === c.citizen.toLowerCase()))
      expect(m.kind).toBe('survey');
    await page.close();
  });

  test('tagged from the page, the ASN author is marked in ASN mode and the untagged one is not', async () => {
    const page = await open();
    await expect
      .poll(async () => (await markedActors(session, page)).some((m) => m.actor === c.asn.toLowerCase()))
      .toBe(true);
    const target = (await markedActors(session, page)).find((m) => m.actor === c.asn.toLowerCase())!;
    await page.locator(`[data-netra-mark="${target.key}"] button`).click();
    await tagFromPanel(page, 'Pemkab Contoh');
    await page.close();

    await setMode(session, 'asn');
    const again = await open();
    await expect.poll(async () => (await markedActors(session, again)).length).toBeGreaterThan(0);
    const marks = await markedActors(session, again);
    expect(marks.every((m) => m.actor === c.asn.toLowerCase() && m.kind === 'asn')).toBe(true);
    await again.close();
  });

  test('a post added later (infinite scroll, virtualised list) is marked', async () => {
    const page = await open();
    await expect.poll(async () => (await markedActors(session, page)).length).toBeGreaterThan(0);
    const before = (await markedActors(session, page)).length;
    await page.evaluate((sel) => {
      const mark = document.querySelector('[data-netra-mark]')!;
      const post = mark.closest(sel)!;
      const copy = post.cloneNode(true) as Element;
      for (const m of copy.querySelectorAll('[data-netra-mark]')) m.remove();
      const parent = post.parentElement!;
      post.remove();
      setTimeout(() => parent.append(copy), 300);
    }, c.container);
    await expect.poll(async () => (await markedActors(session, page)).length).toBe(before);
    await page.close();
  });

  test('single-page navigation marks what the new page shows', async () => {
    const page = await open();
    await expect.poll(async () => (await markedActors(session, page)).length).toBeGreaterThan(0);
    const next = fixture(c.pages.find(([path]) => path === c.navigateTo)![1]);
    await page.evaluate(
      ([html, path]) => {
        const doc = new DOMParser().parseFromString(html, 'text/html');
        history.pushState({}, '', path);
        document.title = doc.title;
        document.body.replaceChildren(
          ...Array.from(doc.body.childNodes).map((n) => document.importNode(n, true)),
        );
      },
      [next, c.navigateTo] as const,
    );
    await expect.poll(async () => (await markedActors(session, page)).length).toBeGreaterThan(0);
    expect((await markedActors(session, page)).every((m) => m.actor === c.asn.toLowerCase())).toBe(true);
    await page.close();
  });

  test('dismiss and tag persist across reloads', async () => {
    const page = await open();
    await expect.poll(async () => (await markedActors(session, page)).length).toBeGreaterThan(0);
    const [first] = await markedActors(session, page);
    await page.locator(`[data-netra-mark="${first!.key}"] button`).click();
    await dismissFromPanel(page);
    await page.reload();
    await page.waitForTimeout(1500);
    const after = await markedActors(session, page);
    expect(after.map((m) => m.key)).not.toContain(first!.key);
    // Still ASN after the reload: whatever is marked is the tagged author's.
    expect(after.every((m) => m.actor === c.asn.toLowerCase())).toBe(true);
    await page.close();
  });

  test('markup in a post shows as plain text in the overlay and runs nothing', async () => {
    await setMode(session, 'survey');
    const page = await open();
    const errors = collectErrors(page);
    await expect.poll(async () => (await markedActors(session, page)).length).toBeGreaterThan(0);
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script> ';
    const key = await page.evaluate(
      ([sel, prefix]) => {
        const mark = document.querySelector('[data-netra-mark]')!;
        const post = mark.closest(sel)!;
        const walker = document.createTreeWalker(post, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (/coblos|paslon|pilih|menang|kawal|lanjutkan/i.test(n.textContent ?? '')) {
            n.textContent = prefix + n.textContent;
            break;
          }
        }
        return mark.getAttribute('data-netra-mark')!;
      },
      [c.container, hostile] as const,
    );
    await page.waitForTimeout(800);
    await page.locator(`[data-netra-mark="${key}"] button`).click();
    await expect.poll(() => panel(page).getByTestId('netra-text').textContent()).toContain(hostile.trim());
    expect(await panel(page).locator('img, script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors.filter((e) => !/ERR_BLOCKED_BY_CLIENT|Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  });
});
