// The two browsers and what they need before any measurement: the plain Chromium (the baseline),
// the generated feeds served at each site's origin, and the ASN author tagged from the page
// (survey mode, the mark's overlay, "Tandai sebagai ASN") with ASN mode then set in the options
// page, as a monitor would.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { type ExtensionSession, serveAs } from '../../e2e/harness';
import { openPanelFor, setMode, tagFromPanel } from '../../e2e/page-objects';
import { pageShell } from '../../fixtures/generate-feed';
import { CHROMIUM_ARGS, chromiumPath } from '../../support/chromium';
import type { BenchSite } from './settings';
import { SITES } from './sites';

/** Serves each site's feed, blank page and setup page at the site's origin in `context`. */
export function routeFeeds(context: BrowserContext): Promise<void[]> {
  return Promise.all(
    (Object.keys(SITES) as BenchSite[]).map((site) => {
      const s = SITES[site];
      const feed = pageShell(site, { posts: s.generate(s.initial, { startIndex: 0 }) });
      const setup = pageShell(site, { posts: s.generate(10, { startIndex: 0 }) });
      const blank = pageShell(site);
      return serveAs(context, s.origin, (url) => {
        if (url.pathname === s.feedPath) return feed;
        if (url.pathname === s.blankPath) return blank;
        if (url.pathname === '/bench-setup') return setup;
        return undefined;
      });
    }),
  );
}

/** The baseline: a plain headless Chromium, same flags, no extension, no network. */
export async function launchPlain(): Promise<{
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'netra-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort('blockedbyclient'));
  return {
    context,
    userDataDir: dir,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Tags each site's ASN author from its mark in survey mode, then switches to ASN mode. */
export async function tagAsnAuthors(session: ExtensionSession): Promise<void> {
  await setMode(session, 'survey');
  for (const site of Object.keys(SITES) as BenchSite[]) {
    const s = SITES[site];
    const page = await session.context.newPage();
    await page.goto(`${s.origin}/bench-setup`);
    await page
      .locator(s.tagContainer)
      .filter({ hasText: s.tagText })
      .filter({ has: page.locator('[data-netra-mark]') })
      .first()
      .waitFor({ timeout: 20_000 });
    await openPanelFor(page, s.tagContainer, s.tagText);
    await tagFromPanel(page, 'Dinas Pendidikan Kab. Contoh (benchmark)');
    await page.close();
  }
  await setMode(session, 'asn');
}
