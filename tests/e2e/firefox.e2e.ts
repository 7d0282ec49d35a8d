import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { firefoxPaths, firefoxVersion } from '../support/firefox';
import { fixture, REPO_ROOT } from './harness';

// The Firefox build (MV2, `.output/firefox-mv2`) in real Firefox, driven over WebDriver BiDi
// (puppeteer-core; Playwright's Firefox is a patched build that cannot load extensions). One
// journey (profile pages of four sites, then X's feed) through everything Firefox does its own
// way: a temporary add-on's event page, content scripts in Firefox's sandbox (Xray wrappers,
// shadow roots made from there, style sheets that may not be adopted), messages in both
// directions, and clicks that must count as the user's. It runs once per Firefox found
// (tests/support/firefox.ts): the installed ESR and the others Debian offers, unpacked by
// tests/support/fetch-firefoxes.ts, so both the oldest supported ESR (140) and the newest are tested.

const BUILD = process.env.NETRA_FIREFOX_EXTENSION ?? resolve(REPO_ROOT, '.output/firefox-mv2');
const FEED = 'https://x.com/home';

/**
 * Profile pages of budi_asn (a bio that says ASN); `marks`: his campaign posts read there (TikTok's
 * profile grid shows thumbnails, not posts: its videos are read on their own pages).
 */
const PROFILES = [
  { site: 'x', url: 'https://x.com/budi_asn', file: 'x/profile-budi.html', marks: 2 },
  {
    site: 'facebook',
    url: 'https://www.facebook.com/budi.asn.pemkab',
    file: 'facebook/profile-budi.html',
    marks: 1,
  },
  { site: 'tiktok', url: 'https://www.tiktok.com/@budi_asn', file: 'tiktok/profile-budi.html', marks: 0 },
  {
    site: 'instagram',
    url: 'https://www.instagram.com/budi_asn/',
    file: 'instagram/profile-budi.html',
    marks: 0,
  },
];
const PAGES = new Map<string, string>([
  ...PROFILES.map((p) => [p.url, p.file] as const),
  [FEED, 'x/home-feed.html'],
]);

/** Serves fixture pages as the real site; anything else is refused (no network in tests). */
async function serveFixtures(p: Page): Promise<void> {
  await p.setRequestInterception(true);
  p.on('request', (request: HTTPRequest) => {
    // A request still in flight when the browser closes (a favicon) must not fail the run.
    const settle = (done: Promise<void>) => done.catch(() => undefined);
    const url = new URL(request.url());
    const file = PAGES.get(`${url.origin}${url.pathname}`);
    if (file) {
      let body: string;
      try {
        body = fixture(file);
      } catch (error) {
        void settle(request.respond({ status: 500, contentType: 'text/plain', body: String(error) }));
        return;
      }
      void settle(request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    } else if (url.protocol === 'https:' || url.protocol === 'http:') {
      void settle(request.abort('blockedbyclient'));
    } else {
      void settle(request.continue());
    }
  });
}

/** What the page shows of Netra: its marks' labels and the suggestion banner's text. */
function netraState(p: Page) {
  return p.evaluate(() => {
    // Whose activity a post is: the reposter's ("… reposted" links to them), else the author's.
    const actorOf = (article: Element | null) =>
      (
        article?.querySelector('[data-testid="socialContext"]')?.closest('a') ??
        article?.querySelector('[data-testid="User-Name"] a[href^="/"]')
      )?.getAttribute('href') ?? '';
    const marks = Array.from(document.querySelectorAll('[data-netra-mark]')).map((host) => ({
      label: host.shadowRoot?.querySelector('button')?.textContent ?? '',
      repost: host.closest('article')?.querySelector('[data-testid="socialContext"]')?.closest('a') != null,
      kind: host.getAttribute('data-netra-kind'),
      category: host.getAttribute('data-netra-category'),
      actor: actorOf(host.closest('article')),
    }));
    const overlay = document.querySelector('[data-netra-overlay]')?.shadowRoot;
    return {
      marks,
      suggestion: overlay?.querySelector('[data-testid="netra-suggestion"]')?.textContent ?? null,
      panel: overlay?.querySelector('.panel')?.textContent ?? null,
    };
  });
}

/** Waits until what the page shows of Netra satisfies `ok`, and returns it. */
async function settled(p: Page, ok: (state: Awaited<ReturnType<typeof netraState>>) => boolean) {
  await expect.poll(() => netraState(p), { timeout: 15_000, interval: 150 }).toSatisfy(ok);
  return netraState(p);
}

const FIREFOXES = firefoxPaths().map((binary) => ({ binary, version: firefoxVersion(binary) }));

describe.each(FIREFOXES)('Firefox $version', ({ binary, version }) => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(resolve(BUILD, 'manifest.json'))) {
      throw new Error(`No Firefox build at ${BUILD}: run \`npx wxt build -b firefox\` first.`);
    }
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: binary,
      headless: true,
      extraPrefsFirefox: {
        // A quiet browser with no network: no updates, telemetry or first-run pages.
        'app.update.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'browser.shell.checkDefaultBrowser': false,
      },
    });
    // The binary is the one asked for: a run on the wrong Firefox would pass for the wrong reason.
    expect(await browser.version()).toContain(version.replace(/esr$/, ''));
    await browser.installExtension(BUILD);
    page = await browser.newPage();
    // Within vitest's 60 s per test, so a stuck wait reports itself.
    page.setDefaultTimeout(15_000);
    await serveFixtures(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  // The tests run in order in one browser: the feed test relies on the X profile test's tagging.
  test.each(PROFILES)(
    '$site: a profile suggestion accepted by a click tags the account; the $marks campaign posts read there are marked',
    async (profile) => {
      await page.goto(profile.url);
      const suggested = await settled(page, (s) => s.suggestion !== null);
      expect(suggested.suggestion).toMatch(/mungkin ASN/);
      // A suggestion alone marks nothing (ASN mode).
      expect(suggested.marks).toEqual([]);

      // A page script's click is not the user's: nothing is tagged.
      const clickedByScript = await page.evaluate(() => {
        const banner = document.querySelector('[data-netra-overlay]')?.shadowRoot;
        const accept = Array.from(banner?.querySelectorAll('button') ?? []).find((b) =>
          /Tandai sebagai ASN/.test(b.textContent ?? ''),
        );
        accept?.click();
        return accept !== undefined;
      });
      expect(clickedByScript).toBe(true);
      // Tagging and marking take well under a second here (the trusted click below shows it).
      await new Promise((r) => setTimeout(r, 2000));
      const untouched = await netraState(page);
      expect(untouched.marks).toEqual([]);
      expect(untouched.suggestion).not.toContain('ditandai sebagai ASN');

      // The user's click (trusted input from the browser) tags the account.
      await page.locator('>>> [data-testid="netra-suggestion"] button::-p-text(Tandai sebagai ASN)').click();
      await settled(
        page,
        (s) => s.marks.length >= profile.marks && (s.suggestion ?? '').includes('ditandai sebagai ASN'),
      );
      // Settled: exactly the campaign posts, nothing else.
      await new Promise((r) => setTimeout(r, 1000));
      const tagged = await netraState(page);
      expect(tagged.marks).toHaveLength(profile.marks);
      for (const mark of tagged.marks) {
        expect(mark.kind).toBe('asn');
        expect(mark.label).toMatch(/ASN · /);
        if (profile.site === 'x') expect(mark.actor).toBe('/budi_asn');
      }
      if (profile.marks > 0) expect(tagged.marks.map((m) => m.category)).toContain('candidate_support');
    },
  );

  test('on the home feed the tagged account is marked, his repost too, and a click on a mark opens the panel', async () => {
    await page.goto(FEED);
    const state = await settled(page, (s) => s.marks.some((m) => m.repost));
    expect(state.marks.length).toBeGreaterThanOrEqual(2);
    for (const mark of state.marks) {
      expect(mark.actor).toBe('/budi_asn');
      expect(mark.kind).toBe('asn');
    }
    await page.locator('[data-netra-mark] >>> button').click();
    const opened = await settled(page, (s) => (s.panel ?? '').length > 0);
    expect(opened.panel).toContain('@budi_asn');
    expect(opened.panel).toMatch(/Laporkan/);
  });
});
