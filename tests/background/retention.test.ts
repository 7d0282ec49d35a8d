import 'fake-indexeddb/auto';
import { beforeEach, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pruneNow } from '@/lib/background/retention';
import { flagStore } from '@/lib/background/services';
import { settingsItem } from '@/lib/storage/items';
import { DEFAULT_SETTINGS } from '@/lib/storage/settings';

beforeEach(() => fakeBrowser.reset());

const snapshot = (id: string) => ({
  site: 'x' as const,
  kind: 'post' as const,
  postId: id,
  author: { handle: 'budi_asn' },
  text: 'Ayo coblos nomor 2',
  capturedAt: '2026-01-01T00:00:00.000Z',
});

test('flags older than the retention period are pruned, reported ones kept', async () => {
  const store = flagStore();
  store.invalidate();
  await store.deleteAll();
  await store.upsertFlag({ snapshot: snapshot('1'), findings: [], asn: null });
  await store.upsertFlag({ snapshot: snapshot('2'), findings: [], asn: null });
  await store.setStatus('x:2', 'reported', { reportId: 'r-2' });
  await settingsItem.set({ ...DEFAULT_SETTINGS, retentionDays: 1 });
  // Two days later, nothing was seen again.
  const { flags } = await pruneNow(Date.now() + 2 * 86_400_000);
  expect(flags).toBe(1);
  expect((await store.query({})).map((f) => f.key)).toEqual(['x:2']);
});

test('count matches query without copying flags', async () => {
  const store = flagStore();
  store.invalidate();
  await store.deleteAll();
  await store.upsertFlags([
    { snapshot: snapshot('7'), findings: [], asn: null, tabId: 3 },
    { snapshot: snapshot('8'), findings: [], asn: null, tabId: 4 },
  ]);
  expect(await store.count({ tabId: 3, status: 'new' })).toBe(1);
  expect(await store.count({})).toBe((await store.query({})).length);
});
