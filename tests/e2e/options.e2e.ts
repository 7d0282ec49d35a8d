import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Settings } from '../../lib/storage/settings';
import { type Receiver, startReceiver } from '../support/receiver';
import {
  collectErrors,
  type ExtensionSession,
  grantHostOnExtensionsPage,
  launchExtension,
  readStorage,
} from './harness';

// The options page in real Chromium, against the real background and a real local receiver.
//
// Host permissions: the page asks for the endpoint's host with permissions.request inside the
// click, as it must. Headless Chromium cannot show that prompt (the request just waits), and no
// switch auto-accepts it. So the test does what a person can do instead: grant Netra access to
// http://127.0.0.1 on chrome://extensions (the page's own developerPrivate.addHostPermission,
// "Site access → add a site"). Netra's request then resolves true without a prompt, and its
// normal code path runs: the permission becomes active only when Netra asks for it, which the
// test checks.

const CSV_ROWS = [
  'platform,akun,tautan,nama,instansi', // line 1: header
  'x,budi_asn,,Budi Santoso,Dinas Pendidikan', // 2: good
  'myspace,andi_asn,,Andi,Dinas B', // 3: unknown site
  'x,,https://x.com/budi santoso,Rusak,', // 4: malformed URL
  'x,BUDI_ASN,,Budi lagi,', // 5: duplicate of line 2
  'instagram,,,Tanpa akun,Dinas C', // 6: missing handle
  'instagram,siti.asn,,Siti Aminah,Dinas Kesehatan', // 7: good
];

let session: ExtensionSession;
let receiver: Receiver;
let page: Page;
let errors: string[];

async function settings(): Promise<Settings> {
  return (await readStorage(session.worker, 'local', 'settings')) as Settings;
}

/** Grants host access to 127.0.0.1 the way a person would on chrome://extensions. */
function grantLocalhostOnExtensionsPage(): Promise<void> {
  return grantHostOnExtensionsPage(session, 'http://127.0.0.1/*');
}

/** Whether the extension holds host access to 127.0.0.1 (asked from its service worker). */
function hasLocalhostAccess(): Promise<boolean> {
  return session.worker.evaluate(() =>
    (globalThis as unknown as { chrome: typeof import('wxt/browser').browser }).chrome.permissions.contains({
      origins: ['http://127.0.0.1/*'],
    }),
  );
}

beforeAll(async () => {
  receiver = await startReceiver();
  session = await launchExtension();
  expect(await hasLocalhostAccess()).toBe(false);
  await grantLocalhostOnExtensionsPage();
  page = await session.openExtensionPage('options.html');
  errors = collectErrors(page);
  await page.locator('h1', { hasText: 'Pengaturan Netra' }).waitFor();
});

afterAll(async () => {
  await session?.close();
  await receiver?.close();
});

describe('the options page', () => {
  test('imports a watchlist CSV and reports each bad row with its line number', async () => {
    await page.setInputFiles('#watchlist-file', {
      name: 'asn-kab-uji.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV_ROWS.join('\r\n'), 'utf8'),
    });
    await page.getByRole('button', { name: 'Impor daftar' }).click();
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.isVisible()).toBe(true);
    expect(await report.locator('p').first().textContent()).toBe('asn-kab-uji.csv: 2 dari 6 baris diimpor.');
    const rows = await report
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    expect(rows).toEqual([
      ['3', expect.stringMatching(/^Platform tidak dikenal: "myspace"/)],
      ['4', expect.stringMatching(/^Tautan rusak: "https:\/\/x\.com\/budi santoso"/)],
      ['5', 'Duplikat: akun x:budi_asn sudah ada di baris 2'],
      ['6', expect.stringMatching(/^Akun kosong/)],
    ]);
    // The good rows are in the registry, and the watchlist section shows them.
    await expect
      .poll(() => page.getByTestId('watchlist-totals').textContent())
      .toMatch(/^2 akun ASN: 2 dari impor/);
    await page.locator('#watchlist-search').fill('kesehatan');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('watchlist-results').textContent())
      .toContain('instagram:siti.asn');
  });

  test('an invalid endpoint URL is refused next to the field; the saved settings stay', async () => {
    const url = page.locator('#endpoint-url');
    await url.fill(receiver.url);
    await page.locator('#reporter-name').fill('Rina Pemantau');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await expect.poll(() => page.locator('#settings-status').textContent()).toBe('Tersimpan.');
    expect(await settings()).toMatchObject({
      endpoint: { url: receiver.url },
      reporter: { name: 'Rina Pemantau' },
    });
    // Saving asked for the endpoint's host (permissions.request in the click), and got it.
    expect(await hasLocalhostAccess()).toBe(true);

    await url.fill('http://lapor.example.go.id/netra');
    await page.locator('#reporter-name').fill('Nama Lain');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    const error = page.locator('#endpoint-url-error');
    await expect.poll(() => error.textContent()).toMatch(/https:\/\//);
    expect(await url.getAttribute('aria-describedby')).toContain('endpoint-url-error');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#settings-status').textContent()).toMatch(/Belum tersimpan/);
    // Nothing half-saved: neither the URL nor the other field changed.
    expect(await settings()).toMatchObject({
      endpoint: { url: receiver.url },
      reporter: { name: 'Rina Pemantau' },
    });
  });

  test('a pack toggle is stored and shown', async () => {
    const campaign = page.getByRole('checkbox', {
      name: 'Aktifkan paket Pilpres 2024 (campaign.pilpres-2024)',
    });
    expect(await campaign.isChecked()).toBe(false);
    await campaign.click();
    await expect.poll(async () => (await settings()).packToggles).toEqual({ 'campaign.pilpres-2024': true });
    expect(await campaign.isChecked()).toBe(true);
    expect(await page.locator('#packs-status').textContent()).toMatch(/diaktifkan/);
  });

  test('"Uji koneksi" sends a test report the real receiver accepts', async () => {
    receiver.reset();
    await page.locator('#endpoint-url').fill(receiver.url);
    await page.getByRole('button', { name: 'Uji koneksi' }).click();
    await expect
      .poll(() => page.locator('#endpoint-test-result').textContent(), { timeout: 20_000 })
      .toMatch(/^Koneksi berhasil: server menerima laporan uji \(HTTP 200\)/);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', test: true, outcome: 'test', status: 200 });
    expect(receiver.received).toEqual([]);
  });

  test('a watchlist URL is applied, synced at once, and its last result shown', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'text/csv', etag: '"v7"' });
      res.end('# netra-watchlist; version=7; name=BKD Uji\nsite,handle,agency\nx,pns_sinkron,BKD Uji\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/asn.csv`;
      await page.locator('#watchlist-sync-url').fill(url);
      await page.getByRole('button', { name: 'Terapkan alamat' }).click();
      await expect
        .poll(() => page.getByTestId('watchlist-sync-last').textContent())
        .toMatch(/versi 7 · 1 akun/);
      expect((await settings()).watchlistSyncUrl).toBe(url);
      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      await expect
        .poll(() => page.locator('#watchlist-sync-status').textContent())
        .toBe('Tidak ada perubahan sejak pemeriksaan terakhir.');
      expect(requests).toBe(2);
    } finally {
      server.close();
    }
  });

  test('the privacy policy opens from the options page, in both languages, with no errors', async () => {
    const [policy] = await Promise.all([
      session.context.waitForEvent('page'),
      page.getByTestId('privacy-link').click(),
    ]);
    const policyErrors = collectErrors(policy);
    await policy.locator('h1').waitFor();
    expect(new URL(policy.url()).pathname).toBe('/privacy.html');
    expect(await policy.locator('h2').allTextContents()).toEqual(['Bahasa Indonesia', 'English']);
    expect(await policy.locator('article').textContent()).toContain('Hapus semua data');
    await policy.close();
    expect(policyErrors).toEqual([]);
  });

  test('the page logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
