// `npm run demo`: builds Netra, runs it in headless Chromium on the project's own demo pages of
// the five sites (served as the real URLs; nothing goes to the network), walks the journey a
// volunteer takes — tag an ASN account from the page, see its posts marked on every site, open the
// explanation, report one post, watch the report reach a local receiver — and writes screenshots
// and summary.md into demo-output/, with 1280×800 copies of the scenes a store listing shows in
// demo-output/store/ (docs/store/README.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { fixture, launchExtension, REPO_ROOT, readStorage, serveAs } from '../e2e/harness';
import {
  openPanelFor,
  panel,
  patchSettings,
  readMarks,
  reportFromPanel,
  tabIdOf,
  tagFromPanel,
} from '../e2e/page-objects';
import { emojiFontEnv } from '../support/emoji-font';
import { startReceiver } from '../support/receiver';

const OUT = resolve(REPO_ROOT, 'demo-output');
/** Store screenshots: the size both stores take (Chrome Web Store 1280×800; AMO any, shown 16:10). */
const STORE = { dir: join(OUT, 'store'), width: 1280, height: 800 };
/** The scenes that go to demo-output/store/ too (taken in the 1280-wide window). */
const STORE_SCENES = new Set([
  '02-x-survey-mode.png',
  '03-x-tag-as-asn.png',
  '04-x-asn-mode.png',
  '04-facebook-asn-mode.png',
  '05-x-report-confirmed.png',
  '01-options.png',
]);

interface DemoSite {
  site: string;
  origin: string;
  path: string;
  file: string;
  asn: string;
  /** Container selector of the site's posts and comments (to find the ASN author's post). */
  container: string;
  /** Text that identifies the ASN author's post on the page. */
  asnText: string;
}

const SITES: DemoSite[] = [
  {
    site: 'x',
    origin: 'https://x.com',
    path: '/home',
    file: 'x/home-feed.html',
    asn: 'budi_asn',
    container: 'article[data-testid="tweet"]',
    asnText: '@budi_asn',
  },
  {
    site: 'facebook',
    origin: 'https://www.facebook.com',
    path: '/',
    file: 'facebook/feed.html',
    asn: 'budi.asn.pemkab',
    container: '[role="article"], [aria-posinset]',
    asnText: 'Budi Santoso',
  },
  {
    site: 'instagram',
    origin: 'https://www.instagram.com',
    path: '/',
    file: 'instagram/feed.html',
    asn: 'budi_asn',
    container: 'article, ul li',
    asnText: 'budi_asn',
  },
  {
    site: 'tiktok',
    origin: 'https://www.tiktok.com',
    path: '/foryou',
    file: 'tiktok/foryou.html',
    asn: 'budi_asn',
    container: '[data-e2e="recommend-list-item-container"]',
    asnText: 'budi_asn',
  },
  {
    site: 'youtube',
    origin: 'https://www.youtube.com',
    path: '/watch',
    file: 'youtube/watch.html',
    asn: 'BudiASN',
    container: 'ytd-comment-view-model, ytd-comment-renderer',
    asnText: 'BudiASN',
  },
];

/**
 * What the demo shows for the pages' images, which would come from the sites' CDNs: X's emoji
 * images (twemoji, named by code point) as that emoji drawn by the emoji font, anything else as a
 * plain grey tile, so screenshots show no broken-image icons.
 */
function placeholderImage(url: URL): string {
  const twemoji = /\/emoji\/v2\/svg\/([0-9a-f-]+)\.svg$/.exec(url.pathname);
  if (twemoji) {
    const points = twemoji[1]!.split('-').map((hex) => parseInt(hex, 16));
    // Twemoji names drop the emoji-style selector (U+FE0F); without it ✌ is drawn as a text glyph.
    const emoji = String.fromCodePoint(...points, ...(points.includes(0xfe0f) ? [] : [0xfe0f]));
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><text x="18" y="30" font-size="30" text-anchor="middle" font-family="Noto Color Emoji">${emoji}</text></svg>`;
  }
  return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" rx="1" fill="#cfd8dc"/></svg>';
}

function log(line: string) {
  console.log(`[demo] ${line}`);
}

async function shot(page: Page, name: string) {
  const path = join(OUT, name);
  await page.screenshot({ path, fullPage: false });
  const size = page.viewportSize();
  if (STORE_SCENES.has(name) && size && size.width === STORE.width && size.height >= STORE.height) {
    await page.screenshot({
      path: join(STORE.dir, name),
      clip: { x: 0, y: 0, width: STORE.width, height: STORE.height },
    });
  }
  return name;
}

/** The page's marks once there are at least `atLeast` and none has come for 800 ms. */
async function waitForMarks(page: Page, container: string, atLeast = 1, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < until) {
    const marks = await readMarks(page, container);
    if (marks.length >= atLeast && marks.length === last) return marks;
    last = marks.length >= atLeast ? marks.length : -1;
    await page.waitForTimeout(last >= 0 ? 800 : 200);
  }
  return readMarks(page, container);
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    log('building the Chrome extension (npm run build)…');
    execFileSync('npx', ['wxt', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(STORE.dir, { recursive: true });

  const receiver = await startReceiver();
  log(`local report receiver at ${receiver.url}`);
  const session = await launchExtension({ env: emojiFontEnv(log) });
  const summary: string[] = [];
  const shots: string[] = [];
  try {
    for (const s of SITES) {
      await serveAs(session.context, s.origin, (url) =>
        url.pathname === s.path ? fixture(s.file) : undefined,
      );
    }
    await session.context.route(
      (url) => url.protocol === 'https:',
      (route) =>
        route.request().resourceType() === 'image'
          ? route.fulfill({
              contentType: 'image/svg+xml',
              body: placeholderImage(new URL(route.request().url())),
            })
          : route.fallback(),
    );
    log(`extension loaded: chrome-extension://${session.extensionId}/ (service worker running)`);

    // 1. The coordinator's endpoint and the reporter's identity, and survey mode so every
    //    author's matches show.
    await patchSettings(session, {
      endpoint: { url: receiver.url, token: 'demo-token' },
      reporter: { name: 'Relawan Demo', organisation: 'Pemantau Netralitas', contact: 'relawan@example.org' },
      mode: 'survey',
    });
    const options = await session.openExtensionPage('options.html');
    await options.waitForTimeout(500);
    shots.push(await shot(options, '01-options.png'));
    await options.close();

    // 2. Survey mode on X: every author's campaign posts are marked, as "not ASN?".
    const x = SITES[0]!;
    const xPage = await session.context.newPage();
    await xPage.goto(`${x.origin}${x.path}`);
    const surveyMarks = await waitForMarks(xPage, x.container, 2);
    shots.push(await shot(xPage, '02-x-survey-mode.png'));
    summary.push(
      `- Survey mode on X: ${surveyMarks.length} posts marked (${surveyMarks.filter((m) => m.kind === 'survey').length} by accounts not tagged as ASN).`,
    );

    // 3. Tag the ASN account from the page on every site, then switch to ASN mode.
    for (const s of SITES) {
      const page = s === x ? xPage : await session.context.newPage();
      if (s !== x) await page.goto(`${s.origin}${s.path}`);
      await waitForMarks(page, s.container);
      await openPanelFor(page, s.container, s.asnText);
      await tagFromPanel(page, 'Dinas Pendidikan Kab. Contoh');
      if (s === x) shots.push(await shot(page, '03-x-tag-as-asn.png'));
      await page.close();
      log(`${s.site}: @${s.asn} tagged as ASN from the page`);
    }
    await patchSettings(session, { mode: 'asn' });

    // 4. ASN mode on every site: only the tagged account's posts are marked; open one explanation.
    for (const s of SITES) {
      const page = await session.context.newPage();
      await page.goto(`${s.origin}${s.path}`);
      const marks = await waitForMarks(page, s.container);
      const tabId = await tabIdOf(session, s.origin);
      // The page reports its scan counts about once a second.
      let health: { seen: number; parsed: number; drift: number; flagged: number } | undefined;
      for (let i = 0; i < 30 && !health?.seen; i++) {
        if (i > 0) await page.waitForTimeout(200);
        health = (
          (await readStorage(session.worker, 'session', 'tabHealth')) as
            Record<string, { seen: number; parsed: number; drift: number; flagged: number }> | undefined
        )?.[String(tabId)];
      }
      if (marks.length > 0) {
        await openPanelFor(page, s.container, s.asnText);
        await panel(page).waitFor();
      }
      shots.push(await shot(page, `04-${s.site}-asn-mode.png`));
      summary.push(
        `- ${s.site}: ${marks.length} post(s) marked in ASN mode (${marks.map((m) => m.label).join('; ')}); scanner saw ${health?.seen ?? 0} containers, read ${health?.parsed ?? 0}, drift ${health?.drift ?? 0}.`,
      );
      log(`${s.site}: ${marks.length} marked`);
      if (s !== x) await page.close();
      else {
        // 5. Report the X post from the page (confirm step), and watch it reach the receiver.
        await reportFromPanel(page, 'Unggahan kampanye oleh ASN, dilaporkan dari demo.');
        shots.push(await shot(page, '05-x-report-confirmed.png'));
        await receiver.waitForReports(1, 30_000).catch(() => undefined);
        await page.close();
      }
    }

    // 6. The popup: flags of the tab and recent ones, and the queue with the report's status.
    const popup = await session.openExtensionPage('popup.html');
    await popup.setViewportSize({ width: 420, height: 900 });
    await popup.getByTestId('queue').waitFor();
    await popup.waitForTimeout(500);
    shots.push(await shot(popup, '06-popup.png'));
    const queue = await popup.evaluate(async () => {
      const api = (
        globalThis as unknown as {
          chrome: {
            runtime: {
              sendMessage(m: unknown): Promise<{ data: { entries: { id: string; status: string }[] } }>;
            };
          };
        }
      ).chrome;
      return (await api.runtime.sendMessage({ netra: 1, channel: 'ui', type: 'ui/queue', data: {} })).data
        .entries;
    });
    const sent = queue.find((e) => e.status === 'sent');
    if (sent) {
      await popup.goto(
        `chrome-extension://${session.extensionId}/form-b1.html?id=${encodeURIComponent(sent.id)}`,
      );
      await popup.setViewportSize({ width: 1000, height: 1200 });
      await popup.waitForTimeout(500);
      shots.push(await shot(popup, '07-form-b1-draft.png'));
    }
    await popup.close();

    const received = receiver.received;
    summary.push(
      `- Reports: ${queue.length} queued; ${queue.filter((e) => e.status === 'sent').length} sent. The local receiver stored ${received.length} report(s)` +
        (received[0]
          ? ` (id ${received[0].id}, category ${received[0].reviewer.category}, ASN source ${received[0].asn?.source ?? '-'}, ${received[0].findings.length} finding(s)).`
          : '.'),
    );
  } finally {
    await session.close();
    await receiver.close();
  }

  const md = [
    '# Netra demo',
    '',
    `Run at ${new Date().toISOString()} in headless Chromium with the built extension (.output/chrome-mv3).`,
    "The pages are the project's own fixtures of X, Facebook, Instagram, TikTok and YouTube, served as the real URLs.",
    '',
    '## What Netra did',
    ...summary,
    '',
    '## Screenshots',
    ...shots.map((s) => `- [${s}](${s})`),
    '',
    `Store-size copies (${STORE.width}×${STORE.height}) of ${[...STORE_SCENES].join(', ')} are in store/.`,
    '',
  ].join('\n');
  writeFileSync(join(OUT, 'summary.md'), md);
  console.log(`\n${md}`);
  log(`screenshots and summary written to ${OUT}`);
}

main().catch((error) => {
  console.error('[demo] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
