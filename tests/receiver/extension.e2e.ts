import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendReport } from '../../lib/reports/endpoint';
import type { Report } from '../../lib/reports/schema';
import { startReceiver } from '../../tools/receiver/app';
import type { Database } from '../../tools/receiver/db';
import type { RunningServer } from '../../tools/receiver/server';
import { addToken, revokeToken } from '../../tools/receiver/tokens';
import {
  CHROME_BUILD,
  type ExtensionSession,
  fixture,
  launchExtension,
  readFlags,
  serveAs,
} from '../e2e/harness';
import { openPanelFor, patchSettings, readMarks, tabIdOf, tagFromPanel } from '../e2e/page-objects';
import { freshPglite } from './databases';

// Issue 21 end to end: the built extension in real Chromium sends a report made on a page to the
// reference receiver (PGlite); a second monitor's report of the same post joins the case; one
// reviewer verifies, a second forwards; the monitor's token sees the status; a revoked token is
// refused with a message the popup shows.
//
// Run: npx wxt build && npx vitest run --config tests/receiver/vitest.e2e.config.ts

const ARTICLE = 'article[data-testid="tweet"]';
const AGENCY = 'Dinas Pendidikan Kab. Contoh';

let db: Database;
let server: RunningServer;
let session: ExtensionSession;
let profile: string;
let build: string;
let feed: Page;
let feedTabId: number;
let monitor: string;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let counter = 0;
async function addBudiPost(): Promise<{ text: string; flagKey: string }> {
  counter += 1;
  const id = (1_960_000_000_000_000_000n + BigInt(counter)).toString();
  const text = `Dukung terus paslon 02, coblos nomor 2! ✌️ Uji receiver ${counter}`;
  await feed.evaluate(
    ([postText, postId]) => {
      const cell = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')].find(
        (c) => c.textContent?.includes('@budi_asn') && c.querySelector('[data-netra-mark]'),
      )!;
      const copy = cell.cloneNode(true) as HTMLElement;
      for (const m of copy.querySelectorAll('[data-netra-mark]')) m.remove();
      copy.querySelector('[data-testid="tweetText"]')!.textContent = postText;
      copy.querySelector('a[href*="/status/"]')!.setAttribute('href', `/budi_asn/status/${postId}`);
      cell.parentElement!.append(copy);
    },
    [text, id] as const,
  );
  await until('the new post marked', async () =>
    (await readMarks(feed, ARTICLE)).some((m) => m.postText.includes(text)),
  );
  return { text, flagKey: `x:${id}` };
}

async function reportInPopup(text: string): Promise<{ popup: Page; item: ReturnType<Page['getByTestId']> }> {
  const popup = await session.openExtensionPage(`popup.html?tabId=${feedTabId}`);
  const item = popup.getByTestId('flag-item').filter({ hasText: text });
  await item.getByRole('button', { name: 'Laporkan' }).click();
  const confirm = item.getByTestId('popup-confirm');
  await confirm.getByLabel('Catatan (opsional)').fill('ASN berkampanye di X.');
  await confirm.getByRole('button', { name: 'Kirim laporan' }).click();
  return { popup, item };
}

async function reportIdOf(flagKey: string): Promise<string> {
  let id: string | undefined;
  await until(`a report id for ${flagKey}`, async () => {
    id = (await readFlags(session.worker)).find((f) => f.key === flagKey)?.reportId;
    return id !== undefined;
  });
  return id!;
}

beforeAll(async () => {
  db = await freshPglite();
  server = await startReceiver({ db, port: 0 });
  monitor = (await addToken(db, 'Sari (Bawaslu)')).token;
  profile = mkdtempSync(join(tmpdir(), 'netra-e2e-receiver-'));
  build = mkdtempSync(join(tmpdir(), 'netra-e2e-receiver-build-'));
  cpSync(CHROME_BUILD, build, { recursive: true });
  session = await launchExtension({ userDataDir: profile, extensionPath: build });
  await serveAs(session.context, 'https://x.com', (url) =>
    url.pathname === '/home' ? fixture('x/home-feed.html') : undefined,
  );
  await patchSettings(session, {
    endpoint: { url: `${server.url}/reports`, token: monitor },
    mode: 'survey',
  });
  feed = await session.context.newPage();
  await feed.goto('https://x.com/home');
  await until('marks on the feed', async () => (await readMarks(feed, ARTICLE)).length > 0);
  feedTabId = await tabIdOf(session, 'https://x.com/home');
  await openPanelFor(feed, ARTICLE, '@budi_asn');
  await tagFromPanel(feed, AGENCY);
  await patchSettings(session, { mode: 'asn' });
  await feed.reload();
  await until('ASN marks', async () => (await readMarks(feed, ARTICLE)).some((m) => m.kind === 'asn'));
}, 120_000);

afterAll(async () => {
  await session?.close();
  await server?.close();
  await db?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (build) rmSync(build, { recursive: true, force: true });
});

describe('the built extension and the reference receiver', () => {
  test('a report from the page becomes a case, joined by a second monitor, reviewed twice, status back', async () => {
    const { text, flagKey } = await addBudiPost();
    const { popup, item } = await reportInPopup(text);
    const id = await reportIdOf(flagKey);
    await until(
      'the report in the database',
      async () => (await db.query('SELECT 1 FROM reports WHERE id = $1', [id])).length === 1,
    );
    await expect.poll(() => popup.locator('[data-testid="queue-entry"][data-status="sent"]').count()).toBe(1);
    expect(await item.locator('.pill').first().textContent()).toBe('Dilaporkan');
    await popup.close();

    const [row] = await db.query<{ case_id: number; body: Report }>(
      'SELECT case_id, body FROM reports WHERE id = $1',
      [id],
    );
    expect(row!.body).toMatchObject({ schemaVersion: 2, post: { text, author: { handle: 'budi_asn' } } });
    expect(row!.body.asn).toMatchObject({ agency: AGENCY });

    // A second monitor (here the extension's own endpoint client, from Node) reports the same post.
    const other = (await addToken(db, 'Budi (relawan)')).token;
    const second: Report = {
      ...row!.body,
      id: crypto.randomUUID(),
      reviewer: { category: 'candidate_support' },
    };
    expect(
      await sendReport({ url: `${server.url}/reports`, token: other }, second, { fetch, timeoutMs: 5_000 }),
    ).toEqual({
      kind: 'delivered',
      status: 201,
    });
    const caseId = row!.case_id;
    expect(
      (await db.query<{ case_id: number }>('SELECT case_id FROM reports WHERE id = $1', [second.id]))[0]!
        .case_id,
    ).toBe(caseId);

    // Two reviewers: one verifies, the other forwards (the review API; the UI is tested in review-ui.test.ts).
    const reviewerA = (await addToken(db, 'Ketua tim', 'reviewer')).token;
    const reviewerB = (await addToken(db, 'Peninjau kedua', 'reviewer')).token;
    const decide = (token: string, body: unknown) =>
      fetch(`${server.url}/review/api/cases/${caseId}/decisions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const detail = await (
      await fetch(`${server.url}/review/api/cases/${caseId}`, {
        headers: { Authorization: `Bearer ${reviewerA}` },
      })
    ).json();
    expect(detail).toMatchObject({ reports: 2, reporters: 2, status: 'received' });
    expect((await decide(reviewerA, { decision: 'verified' })).status).toBe(200);
    expect((await decide(reviewerA, { decision: 'forwarded', to: 'Bawaslu' })).status).toBe(409);
    expect((await decide(reviewerB, { decision: 'forwarded', to: 'Bawaslu Kab. Contoh' })).status).toBe(200);

    const status = await fetch(`${server.url}/reports/status?id=${id}`, {
      headers: { Authorization: `Bearer ${monitor}` },
    });
    expect((await status.json()).reports).toEqual([
      { id, status: 'forwarded', forwardedTo: 'Bawaslu Kab. Contoh', updatedAt: expect.any(String) },
    ]);
  });

  test('a revoked token is refused with a clear message shown in the popup', async () => {
    await revokeToken(db, 'Sari (Bawaslu)');
    const { text } = await addBudiPost();
    const { popup } = await reportInPopup(text);
    const failed = popup.locator('[data-testid="queue-entry"][data-status="failed"]');
    await expect.poll(() => failed.count(), { timeout: 20_000 }).toBe(1);
    const message = await failed.getByTestId('queue-error').textContent();
    expect(message).toMatch(/Token tidak dikenal atau sudah dicabut/);
    await popup.close();
  });
});
