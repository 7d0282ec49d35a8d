import type { Page } from 'playwright-core';
import type { ExtensionSession } from './harness';

// Page objects for Netra's UI in real Chromium: the options page, the in-page marks and overlay.

/** What a mark on the page says, and which post it sits on. */
export interface MarkInfo {
  kind: string | null;
  categories: string | null;
  label: string;
  /** The text of the post container the mark is in (for telling posts apart). */
  postText: string;
}

/** Sets the monitoring mode through the options page, as a user would. */
export async function setMode(session: ExtensionSession, mode: 'asn' | 'survey'): Promise<void> {
  const options = await session.openExtensionPage('options.html');
  await options.getByLabel(mode === 'asn' ? 'Hanya ASN (bawaan)' : 'Survei (semua akun)').check();
  await options.getByRole('button', { name: 'Simpan', exact: true }).first().click();
  await options.getByText('Tersimpan.').first().waitFor();
  await options.close();
}

/** Every Netra mark on the page, in document order. `container` finds a mark's post. */
export async function readMarks(page: Page, container: string): Promise<MarkInfo[]> {
  return page.locator('[data-netra-mark]').evaluateAll(
    (els, sel) =>
      els.map((el) => ({
        kind: el.getAttribute('data-netra-kind'),
        categories: el.getAttribute('data-netra-category'),
        label: el.shadowRoot?.querySelector('button')?.textContent ?? '',
        postText: el.closest(sel)?.textContent ?? '',
      })),
    container,
  );
}

/** Clicks the mark of the first post whose container contains `text`, opening the overlay. */
export async function openPanelFor(page: Page, container: string, text: string): Promise<void> {
  const post = page
    .locator(container)
    .filter({ hasText: text })
    .filter({ has: page.locator('[data-netra-mark]') })
    .first();
  await post.locator('[data-netra-mark] button').first().click();
  await page.getByTestId('netra-panel').waitFor();
}

/** The overlay's panel (inside Netra's shadow root; Playwright pierces open roots). */
export function panel(page: Page) {
  return page.locator('[data-netra-overlay]').getByTestId('netra-panel');
}

/** Tags the panel's author as ASN with an agency. */
export async function tagFromPanel(page: Page, agency: string): Promise<void> {
  await panel(page).getByRole('button', { name: 'Tandai sebagai ASN' }).click();
  await panel(page).getByLabel('Instansi (opsional)').fill(agency);
  await panel(page).getByRole('button', { name: 'Simpan tanda' }).click();
  await panel(page).getByTestId('netra-status').waitFor();
}

/** Reports the panel's post: Laporkan → confirm step → Kirim laporan. */
export async function reportFromPanel(page: Page, note: string): Promise<void> {
  await panel(page).getByRole('button', { name: 'Laporkan' }).click();
  await panel(page).getByTestId('netra-confirm').waitFor();
  await panel(page).getByLabel('Catatan (opsional)').fill(note);
  await panel(page).getByRole('button', { name: 'Kirim laporan' }).click();
  await panel(page).getByTestId('netra-status').waitFor();
}

/** Dismisses the panel's flag. */
export async function dismissFromPanel(page: Page): Promise<void> {
  await panel(page).getByRole('button', { name: 'Abaikan' }).click();
  await panel(page).getByTestId('netra-status').waitFor();
}

/** The tab id of the first tab whose URL starts with `prefix` (from the service worker). */
export async function tabIdOf(session: ExtensionSession, prefix: string): Promise<number> {
  return session.worker.evaluate(async (p) => {
    const api = (
      globalThis as unknown as {
        chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } };
      }
    ).chrome;
    const tabs = await api.tabs.query({});
    return tabs.find((tab) => tab.url?.startsWith(p))?.id ?? -1;
  }, prefix);
}

/**
 * Changes settings the way Netra's own pages do, over the privileged ui channel (for test and
 * demo setup; the options page's own behaviour is tested in options.e2e.ts).
 */
export async function patchSettings(
  session: ExtensionSession,
  patch: Record<string, unknown>,
): Promise<void> {
  const page = await session.openExtensionPage('popup.html');
  const reply = await page.evaluate(async (p) => {
    type Reply = { ok: boolean; data?: unknown; error?: string };
    const api = (
      globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<Reply> } } }
    ).chrome;
    const current = await api.runtime.sendMessage({
      netra: 1,
      channel: 'ui',
      type: 'ui/getSettings',
      data: {},
    });
    const settings = { ...(current.data as object), ...p };
    return api.runtime.sendMessage({ netra: 1, channel: 'ui', type: 'ui/saveSettings', data: { settings } });
  }, patch);
  await page.close();
  if (!reply.ok) throw new Error(`saving settings failed: ${reply.error}`);
}
