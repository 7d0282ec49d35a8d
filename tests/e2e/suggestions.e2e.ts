import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ExtensionSession, fixture, launchExtension, serveAs } from './harness';

// Profile pages in real Chromium: a bio naming an agency or ASN status brings a suggestion with
// its evidence; it counts for nothing until the user accepts it, and accepting tags the account.

const PROFILES = [
  {
    site: 'x',
    origin: 'https://x.com',
    path: '/budi_asn',
    file: 'x/profile-budi.html',
    post: 'article[data-testid="tweet"]',
  },
  {
    site: 'instagram',
    origin: 'https://www.instagram.com',
    path: '/budi_asn/',
    file: 'instagram/profile-budi.html',
    post: 'article',
  },
  {
    site: 'tiktok',
    origin: 'https://www.tiktok.com',
    path: '/@budi_asn',
    file: 'tiktok/profile-budi.html',
    post: '[data-e2e="user-post-item"]',
  },
  {
    site: 'facebook',
    origin: 'https://www.facebook.com',
    path: '/budi.asn.pemkab',
    file: 'facebook/profile-budi.html',
    post: '[role="article"]',
  },
];

let session: ExtensionSession;
beforeAll(async () => {
  session = await launchExtension();
  for (const p of PROFILES)
    await serveAs(session.context, p.origin, (url) =>
      url.pathname === p.path ? fixture(p.file) : undefined,
    );
});
afterAll(async () => {
  await session?.close();
});

const suggestion = (page: import('playwright-core').Page) =>
  page.locator('[data-netra-overlay]').getByTestId('netra-suggestion');

describe.each(PROFILES)('$site profile', (p) => {
  test('shows a suggestion with evidence; accepting it tags the account', async () => {
    const page = await session.context.newPage();
    await page.goto(`${p.origin}${p.path}`);
    await expect.poll(() => suggestion(page).count(), { timeout: 10_000 }).toBe(1);
    const text = (await suggestion(page).textContent()) ?? '';
    expect(text).toMatch(/mungkin ASN/);
    expect(text).toMatch(/menyebut (status ASN\/PNS|instansi pemerintah|jabatan ASN)/);
    // Nothing is marked on the strength of a suggestion alone (ASN mode).
    expect(await page.locator('[data-netra-mark]').count()).toBe(0);
    await suggestion(page).getByRole('button', { name: 'Tandai sebagai ASN' }).click();
    await expect.poll(() => suggestion(page).textContent()).toContain('ditandai sebagai ASN');
    await page.reload();
    // Known now: no suggestion again.
    await page.waitForTimeout(1500);
    expect(await suggestion(page).count()).toBe(0);
    await page.close();
  });
});
