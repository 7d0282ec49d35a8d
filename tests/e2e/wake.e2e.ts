import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateList } from '../bench/registry.bench';
import { type ExtensionSession, fixture, launchExtension, serveAs } from './harness';
import { readMarks } from './page-objects';
import { appendBatch, BUDI_ROW, controlWorker, firstMarkMs, importThroughOptions } from './wake';

// Issue #24: after the service worker stops, the first batch of posts is answered by a worker that
// reads the watchlist by the partitions its accounts are in. A large list (200,000 accounts, the
// fixture's ASN author among them) imported through the options page; the worker stopped over
// the DevTools protocol; the first batch after it marked as it is with the worker warm.

const ROWS = 200_000;
const ARTICLE = 'article[data-testid="tweet"]';
let session: ExtensionSession;
let listed: string[];

beforeAll(async () => {
  session = await launchExtension();
  const { csv, keys } = generateList(ROWS);
  listed = keys.filter((k) => k.startsWith('x:')).map((k) => k.slice(2));
  // the ASN author in the middle of the list, not at either end
  const lines = csv.split('\n');
  lines.splice(ROWS / 2, 0, BUDI_ROW);
  await importThroughOptions(session, lines.join('\n'), ROWS + 1);
  await serveAs(session.context, 'https://x.com', (url) =>
    url.pathname === '/home' ? fixture('x/home-feed.html') : undefined,
  );
}, 180_000);
afterAll(async () => {
  await session?.close();
});

describe('a waking service worker', () => {
  test('marks the first batch after a worker stop correctly, with a large list', async () => {
    const page = await session.context.newPage();
    await page.goto('https://x.com/home');
    await expect.poll(async () => (await readMarks(page, ARTICLE)).length).toBeGreaterThan(0);
    const worker = await controlWorker(page);
    await worker.stop();

    // 10 neutral tweets by listed accounts and 9 by unknown ones, and the ASN author's campaign tweet
    const handles = Array.from({ length: 19 }, (_, i) => (i % 2 ? listed[i * 997]! : `warga_${i}`));
    await appendBatch(page, handles, 1);
    await firstMarkMs(page, 1, 30_000);
    expect(worker.states.at(-1)).toBe('running');
    const marks = await readMarks(page, '[data-testid="cellInnerDiv"]');
    const inBatch = marks.filter((m) => /\b1-\d+\b|dukung paslon 02! ✌️ 1/.test(m.postText));
    // only the campaign tweet of the ASN author: neutral tweets by listed accounts are not marked
    expect(inBatch.map((m) => m.postText.includes('@budi_asn'))).toEqual([true]);
    expect(inBatch[0]!.categories).toContain('candidate_support');

    // and again after a second stop, with authors new to the page
    await worker.stop();
    await appendBatch(
      page,
      handles.map((h) => `${h}_b`),
      2,
    );
    await firstMarkMs(page, 2, 30_000);
    await worker.cdp.detach();
    await page.close();
  });
});
