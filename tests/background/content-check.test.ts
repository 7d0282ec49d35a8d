import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { flagStore } from '@/lib/background/services';
import { DEFAULT_FLOOD_LIMITS } from '@/lib/flags/store';
import { startBackground } from '@/lib/background/start';
import type { CheckAnswer } from '@/lib/messaging/protocol';
import type { MessageRouter } from '@/lib/messaging/router';
import { MAX_TEXT, type PostSnapshot } from '@/lib/sites/snapshot';
import { settingsItem, tabHealthItem } from '@/lib/storage/items';
import { DEFAULT_SETTINGS } from '@/lib/storage/settings';
import { createSnapshotMock } from '../reports/factories';

// Issue #17, attack 4: "one long post blinds a batch". A hostile page (or a real long post) used
// to make the background refuse the whole batch of up to 50 posts: no marks, nothing stored, no
// drift signal. Each post is now bounded and judged on its own.

const TAB = 7;
const sender = (url = 'https://x.com/home') => ({ id: browser.runtime.id, url, tab: { id: TAB, url } });
const HEALTH = {
  site: 'x',
  url: 'https://x.com/home',
  seen: 6,
  parsed: 6,
  drift: 0,
  driftNames: [],
  flagged: 0,
  updatedAt: '2026-11-24T10:00:00.000Z',
};

let router: MessageRouter;
let next = 0;
/** A campaign post by its own author, with a fresh id. */
function post(overrides: Partial<PostSnapshot> = {}): PostSnapshot {
  next += 1;
  const id = String(1_960_000_000_000_000_000n + BigInt(next));
  return createSnapshotMock({
    postId: id,
    url: `https://x.com/warga${next}/status/${id}`,
    author: { handle: `warga${next}` },
    text: 'Ayo coblos nomor 2, dukung paslon 02!',
    ...overrides,
  });
}

async function check(snapshots: unknown[], health?: unknown): Promise<CheckAnswer> {
  const reply = await router.dispatch(
    'content',
    'content/check',
    { snapshots, ...(health ? { health } : {}) },
    sender() as never,
  );
  if (!reply.ok) throw new Error(reply.error);
  return reply.data as CheckAnswer;
}

beforeEach(async () => {
  fakeBrowser.reset();
  vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'Netra',
    version: '0.1.0',
  });
  router = startBackground();
  await settingsItem.set({ ...DEFAULT_SETTINGS, mode: 'survey' });
});

describe('content/check judges each post on its own', () => {
  test('a 25,000-character post by anyone is cut and flagged, and the rest of its batch too', async () => {
    const long = post({ text: `Ayo coblos nomor 2! ${'Lanjutkan pembangunan. '.repeat(1100)}` });
    expect(long.text.length).toBeGreaterThan(MAX_TEXT);
    const batch = [post(), long, post(), post()];
    const answer = await check(batch);
    expect(answer.verdicts.map((v) => v.flagKey)).toEqual(batch.map((s) => `x:${s.postId}`));
    expect(answer.rejected).toBeUndefined();
    const stored = await flagStore().get(`x:${long.postId}`);
    expect(stored?.snapshot.truncated).toBe(true);
    expect(stored?.snapshot.text).toHaveLength(MAX_TEXT);
    expect(stored?.snapshot.text.startsWith('Ayo coblos nomor 2!')).toBe(true);
  }, 30_000);

  test('a finding whose matched text is over 2,000 characters is clamped, its span kept', async () => {
    const text = `Dukung ${'!'.repeat(2100)} paslon 02`;
    const shouting = post({ text });
    const batch = [post(), shouting, post()];
    const answer = await check(batch);
    expect(answer.verdicts.every((v) => v.flagKey !== null)).toBe(true);
    const stored = await flagStore().get(`x:${shouting.postId}`);
    const longest = stored!.findings.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    expect(longest.end - longest.start).toBeGreaterThan(2000);
    expect(longest.match.length).toBeLessThanOrEqual(2000);
    expect(text.slice(longest.start, longest.start + longest.match.length)).toBe(longest.match);
  }, 30_000);

  test.each([
    ['no author', (s: PostSnapshot) => ({ ...s, author: undefined }), /author/],
    ['a site Netra does not know', (s: PostSnapshot) => ({ ...s, site: 'myspace' }), /site/],
    [
      'a handle of 300 characters',
      (s: PostSnapshot) => ({ ...s, author: { handle: 'a'.repeat(300) } }),
      /author\.handle/,
    ],
    ['not an object', () => 'hello', /akar/],
  ])(
    'a malformed post (%s) is refused and counted; the others are flagged',
    async (_name, spoil, where) => {
      await tabHealthItem.set({ [String(TAB)]: HEALTH } as never);
      const bad = spoil(post());
      const batch = [post(), bad, post()];
      const answer = await check(batch);
      expect(answer.verdicts.map((v) => v.flagKey !== null)).toEqual([true, false, true]);
      expect(answer.rejected).toEqual([{ index: 1, error: expect.stringMatching(where) }]);
      await vi.waitFor(async () => expect((await tabHealthItem.get())[String(TAB)]?.rejected).toBe(1));
      expect((await tabHealthItem.get())[String(TAB)]?.lastRejection).toMatch(where);
    },
    30_000,
  );

  test('a URL over 2,048 characters is clipped to its path, and a hopeless one dropped', async () => {
    const withQuery = post();
    withQuery.url = `${withQuery.url}?q=${'a'.repeat(3000)}`;
    const hopeless = post({ postId: undefined, url: `https://x.com/${'b'.repeat(3000)}` });
    const answer = await check([withQuery, hopeless]);
    expect(answer.verdicts.every((v) => v.flagKey !== null)).toBe(true);
    expect((await flagStore().get(answer.verdicts[0]!.flagKey!))?.snapshot.url).toBe(
      `https://x.com/warga${next - 1}/status/${withQuery.postId}`,
    );
    // No permalink left: the flag keeps the page it was seen on.
    expect((await flagStore().get(answer.verdicts[1]!.flagKey!))?.snapshot.url).toBe('https://x.com/home');
  }, 30_000);

  test('a malformed health is dropped on its own; the batch is still checked', async () => {
    await tabHealthItem.set({ [String(TAB)]: HEALTH } as never);
    const answer = await check([post()], { ...HEALTH, seen: -1 });
    expect(answer.verdicts[0]?.flagKey).not.toBeNull();
    expect((await tabHealthItem.get())[String(TAB)]?.seen).toBe(6);
    // A long page address in the health is cut, not refused.
    await check([], { ...HEALTH, seen: 9, url: `https://x.com/search?q=${'c'.repeat(5000)}` });
    await vi.waitFor(async () => expect((await tabHealthItem.get())[String(TAB)]?.seen).toBe(9));
    expect((await tabHealthItem.get())[String(TAB)]?.url).toHaveLength(2048);
  }, 30_000);

  test('a flood by one account: the excess over the hourly cap is counted in the health, not stored', async () => {
    await tabHealthItem.set({ [String(TAB)]: HEALTH } as never);
    const flood = Array.from({ length: 45 }, () => post({ author: { handle: 'pembanjir' } }));
    const answers = [await check(flood.slice(0, 25)), await check(flood.slice(25))];
    const flagged = answers.flatMap((a) => a.verdicts).filter((v) => v.flagKey !== null);
    expect(flagged).toHaveLength(DEFAULT_FLOOD_LIMITS.perAccountPerHour);
    await vi.waitFor(async () =>
      expect((await tabHealthItem.get())[String(TAB)]?.capped).toBe(
        45 - DEFAULT_FLOOD_LIMITS.perAccountPerHour,
      ),
    );
    expect((await flagStore().query()).filter((f) => f.snapshot.author.handle === 'pembanjir')).toHaveLength(
      DEFAULT_FLOOD_LIMITS.perAccountPerHour,
    );
  }, 30_000);

  test('more than 50 posts in one message is still refused as a whole (no content script sends that)', async () => {
    const reply = await router.dispatch(
      'content',
      'content/check',
      { snapshots: Array.from({ length: 51 }, () => post()) },
      sender() as never,
    );
    expect(reply.ok).toBe(false);
  });
});
