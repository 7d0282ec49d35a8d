import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ExtensionSession,
  fixture,
  grantHostOnExtensionsPage,
  launchExtension,
  serveAs,
} from './harness';
import { openPanelFor, patchSettings, readMarks, reportFromPanel, tagFromPanel } from './page-objects';

// Evidence screenshots in real Chromium. tabs.captureVisibleTab needs <all_urls>, an optional
// permission asked for when the user turns screenshots on. Headless Chromium cannot show the
// prompt, so the test grants the access first the way a person can on chrome://extensions ("Site
// access"); Netra's own request in the options page then resolves without a prompt.

const ARTICLE = 'article[data-testid="tweet"]';
let session: ExtensionSession;

interface QueuedReport {
  status: string;
  report: {
    evidence: {
      screenshot?: { mediaType: string; width: number; height: number; dataBase64: string } | null;
      screenshotMissingReason?: string;
    };
  };
}

async function queue(): Promise<QueuedReport[]> {
  const page = await session.openExtensionPage('popup.html');
  const entries = await page.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        chrome: { runtime: { sendMessage(m: unknown): Promise<{ data: { entries: unknown[] } }> } };
      }
    ).chrome;
    return (await api.runtime.sendMessage({ netra: 1, channel: 'ui', type: 'ui/queue', data: {} })).data
      .entries;
  });
  await page.close();
  return entries as QueuedReport[];
}

beforeAll(async () => {
  session = await launchExtension();
  await serveAs(session.context, 'https://x.com', (url) =>
    url.pathname === '/home' ? fixture('x/home-feed.html') : undefined,
  );
  await patchSettings(session, { mode: 'survey' });
});
afterAll(async () => {
  await session?.close();
});

describe('evidence screenshot', () => {
  test('without screenshots turned on, the report says why it has none', async () => {
    const page = await session.context.newPage();
    await page.goto('https://x.com/home');
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBeGreaterThan(0);
    await openPanelFor(page, ARTICLE, '@budi_asn');
    await tagFromPanel(page, 'Dinas Contoh');
    await page.reload();
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBeGreaterThan(0);
    await openPanelFor(page, ARTICLE, 'Ayo coblos nomor 2');
    await reportFromPanel(page, 'tanpa tangkapan layar');
    await expect.poll(async () => (await queue()).length).toBe(1);
    const [entry] = await queue();
    expect(entry!.report.evidence.screenshot ?? null).toBeNull();
    expect(entry!.report.evidence.screenshotMissingReason).toMatch(/tidak diaktifkan/);
    await page.close();
  });

  test('turned on in the options page (permission granted), a report carries the post cropped from the tab', async () => {
    await grantHostOnExtensionsPage(session, '<all_urls>');

    const options = await session.openExtensionPage('options.html');
    // The box turns on only once the permission request has answered (asynchronously).
    const box = options.getByLabel('Sertakan tangkapan layar unggahan di laporan');
    await box.click();
    await expect.poll(() => box.isChecked()).toBe(true);
    await options.getByRole('button', { name: 'Simpan', exact: true }).first().click();
    await options.getByText('Tersimpan.').first().waitFor();
    await options.close();

    const page = await session.context.newPage();
    await page.goto('https://x.com/home');
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBeGreaterThan(0);
    await openPanelFor(page, ARTICLE, 'Setuju! Lanjutkan 2 periode');
    await reportFromPanel(page, 'dengan tangkapan layar');
    await expect.poll(async () => (await queue()).length).toBe(2);
    const withShot = (await queue()).find((e) => e.report.evidence.screenshot);
    expect(withShot, 'a report with a screenshot').toBeDefined();
    const shot = withShot!.report.evidence.screenshot!;
    expect(shot.mediaType).toBe('image/jpeg');
    expect(shot.width).toBeGreaterThan(100);
    expect(shot.width).toBeLessThanOrEqual(1000);
    expect(shot.height).toBeGreaterThan(20);
    // Cropped to the post: far smaller than the 1280×900 tab.
    expect(shot.height).toBeLessThan(900);
    expect(shot.dataBase64.length).toBeGreaterThan(1000);
    await page.close();
  });
});
