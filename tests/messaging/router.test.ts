import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, expectTypeOf, test, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '@/lib/background/start';
import { sendFromContent, sendFromUi } from '@/lib/messaging/client';
import type { ResponseOf } from '@/lib/messaging/define';
import type { ContentProtocol } from '@/lib/messaging/protocol';
import { MessageRouter } from '@/lib/messaging/router';
import { settingsItem, tabHealthItem } from '@/lib/storage/items';
import { DEFAULT_SETTINGS } from '@/lib/storage/settings';

const extensionOrigin = () => browser.runtime.getURL('/');
const contentSender = () => ({
  id: browser.runtime.id,
  url: 'https://x.com/home',
  tab: { id: 7, url: 'https://x.com/home' },
});
const popupSender = () => ({ id: browser.runtime.id, url: `${extensionOrigin()}popup.html` });

beforeEach(() => fakeBrowser.reset());

describe('MessageRouter', () => {
  test('every message of every protocol has exactly one handler once the background starts', () => {
    const router = startBackground();
    expect(router.missingHandlers()).toEqual([]);
  });

  test('a second handler for the same type is refused', () => {
    const router = new MessageRouter().on('ui', 'ui/getSettings', () => DEFAULT_SETTINGS);
    expect(() => router.on('ui', 'ui/getSettings', () => DEFAULT_SETTINGS)).toThrow(/already has a handler/);
  });

  test('a type outside the protocol is refused at registration', () => {
    // @ts-expect-error not in the protocol
    expect(() => new MessageRouter().on('content', 'ui/getSettings', () => DEFAULT_SETTINGS)).toThrow(
      /not in the content protocol/,
    );
  });

  test.each([
    ['content script on the ui channel', 'ui', 'ui/getSettings', {}, contentSender, /only Netra's own pages/],
    ['unknown type', 'content', 'content/nope', {}, contentSender, /unknown message/],
    [
      'invalid payload names the field',
      'content',
      'content/hello',
      { site: 'myspace', url: 'x' },
      contentSender,
      /site/,
    ],
    [
      'other extension',
      'ui',
      'ui/getSettings',
      {},
      () => ({ id: 'evil', url: 'chrome-extension://evil/' }),
      /other extensions/,
    ],
  ] as const)('refuses: %s', async (_name, channel, type, data, sender, error) => {
    const router = startBackground();
    const reply = await router.dispatch(channel, type, data, sender() as never);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(error);
  });

  test('the popup reads settings; a content script gets its tab id back', async () => {
    const router = startBackground();
    await settingsItem.set({ ...DEFAULT_SETTINGS, mode: 'survey' });
    expect(await router.dispatch('ui', 'ui/getSettings', {}, popupSender() as never)).toMatchObject({
      ok: true,
      data: { mode: 'survey' },
    });
    expect(
      await router.dispatch(
        'content',
        'content/hello',
        { site: 'x', url: 'https://x.com/' },
        contentSender() as never,
      ),
    ).toEqual({ ok: true, data: { mode: 'survey', language: 'id', tabId: 7 } });
  });

  test('saving invalid settings fails with the field and keeps the previous settings', async () => {
    const router = startBackground();
    const reply = await router.dispatch(
      'ui',
      'ui/saveSettings',
      { settings: { ...DEFAULT_SETTINGS, endpoint: { url: 'http://example.com/in' } } },
      popupSender() as never,
    );
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/endpoint\.url: .*HTTPS/);
    expect(await settingsItem.get()).toEqual(DEFAULT_SETTINGS);
  });

  test("a batch of posts to check carries the tab's health when it changed; a bad one is dropped alone", async () => {
    const router = startBackground();
    const health = {
      site: 'x',
      url: 'https://x.com/home',
      seen: 40,
      parsed: 39,
      drift: 1,
      driftNames: ['x.author'],
      flagged: 2,
      updatedAt: '2026-11-24T10:00:00.000Z',
    };
    const reply = await router.dispatch(
      'content',
      'content/check',
      { snapshots: [], health },
      contentSender() as never,
    );
    expect(reply).toEqual({ ok: true, data: { accounts: {}, verdicts: [] } });
    await vi.waitFor(async () => expect((await tabHealthItem.get())['7']).toEqual(health));

    // A malformed health is dropped on its own (issue #17): the batch is still checked.
    const bad = await router.dispatch(
      'content',
      'content/check',
      { snapshots: [], health: { ...health, seen: -1, flagged: 9 } },
      contentSender() as never,
    );
    expect(bad).toEqual({ ok: true, data: { accounts: {}, verdicts: [] } });
    expect((await tabHealthItem.get())['7']).toEqual(health);
    // Without health the batch is checked as before.
    expect(
      await router.dispatch('content', 'content/check', { snapshots: [] }, contentSender() as never),
    ).toMatchObject({ ok: true });
  });

  test('the typed clients go through runtime messaging and surface errors', async () => {
    startBackground();
    await expect(
      sendFromContent('content/hello', { site: 'x', url: 'https://x.com/' }),
    ).resolves.toMatchObject({
      mode: 'asn',
    });
    await expect(
      sendFromContent('content/hello', { site: 'x', url: 5 as unknown as string }),
    ).rejects.toThrow(/content\/hello: invalid payload: url/);
    // The fake browser's sender is no extension page, so the privileged channel refuses it.
    await expect(sendFromUi('ui/getSettings', {})).rejects.toThrow(/only Netra's own pages/);
  });
});

test('protocol types', () => {
  expectTypeOf<ResponseOf<ContentProtocol, 'content/hello'>>().toEqualTypeOf<{
    mode: 'asn' | 'survey';
    language: 'id' | 'en';
    tabId: number | null;
  }>();
  // @ts-expect-error the payload is typed
  void (() => sendFromContent('content/hello', { site: 'myspace', url: '' }));
});
