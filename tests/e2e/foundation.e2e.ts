import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectErrors, type ExtensionSession, launchExtension, readStorage, serveAs } from './harness';

// The extension as a user gets it: built, loaded into real Chromium, on a page served as x.com.

const X_PAGE = `<!doctype html><html lang="id"><head><title>Beranda / X</title></head>
<body><main role="main"><div data-testid="primaryColumn"></div></main></body></html>`;

let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
});

describe('the built extension in Chromium', () => {
  test('the service worker starts', () => {
    expect(session.extensionId).toMatch(/^[a-p]{32}$/);
    expect(session.worker.url()).toContain('/background.js');
  });

  test.each([
    ['popup.html', 'Netra — Pemantau Netralitas ASN'],
    ['options.html', 'Pengaturan Netra'],
  ])('%s renders in Indonesian with no console errors', async (path, heading) => {
    const page = await session.openExtensionPage(path);
    const errors = collectErrors(page);
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe(heading);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('English is available and remembered', async () => {
    const options = await session.openExtensionPage('options.html');
    await options.locator('#options-language').selectOption('en');
    await options.getByRole('button', { name: 'Simpan' }).click();
    await expect.poll(() => options.locator('h1').textContent()).toBe('Netra settings');
    const popup = await session.openExtensionPage('popup.html');
    await expect.poll(() => popup.locator('h1').textContent()).toBe('Netra — ASN Neutrality Monitor');
    await popup.locator('#language').selectOption('id');
    await expect.poll(() => popup.locator('h1').textContent()).toBe('Netra — Pemantau Netralitas ASN');
    await options.close();
    await popup.close();
  });

  test('on x.com the content script runs and the background answers it', async () => {
    await serveAs(session.context, 'https://x.com', () => X_PAGE);
    const page = await session.context.newPage();
    await page.goto('https://x.com/home');
    const tabId = await session.worker.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: typeof import('wxt/browser').browser }).chrome;
      const [tab] = await api.tabs.query({ url: 'https://x.com/*' });
      return tab?.id ?? -1;
    });
    expect(tabId).toBeGreaterThan(0);
    // The content script's hello got an answer (it then reports health, which the background stores).
    await expect
      .poll(
        async () =>
          ((await readStorage(session.worker, 'session', 'tabHealth')) as Record<string, unknown>)?.[tabId],
      )
      .toMatchObject({ site: 'x', url: 'https://x.com/home' });
    const popup = await session.openExtensionPage(`popup.html?tabId=${tabId}`);
    await expect.poll(() => popup.getByTestId('tab-status').getAttribute('data-active')).toBe('true');
    expect(await popup.getByTestId('tab-status').textContent()).toContain('Netra aktif di tab ini (X)');
    await popup.close();
    await page.close();
  });

  test('a page outside the five sites gets no content script', async () => {
    await serveAs(session.context, 'https://example.org', () => '<html><body>hi</body></html>');
    const page = await session.context.newPage();
    await page.goto('https://example.org/');
    const popup = await session.openExtensionPage('popup.html');
    const tabId = await session.worker.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: typeof import('wxt/browser').browser }).chrome;
      const [tab] = await api.tabs.query({ url: 'https://example.org/*' });
      return tab?.id ?? -1;
    });
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tabId=${tabId}`);
    await expect.poll(() => popup.getByTestId('tab-status').getAttribute('data-active')).toBe('false');
    await popup.close();
    await page.close();
  });
});
