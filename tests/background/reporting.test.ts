import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { queueReport } from '@/lib/background/reporting';
import { flagStore, reportQueue } from '@/lib/background/services';
import { createFindingMock, createSnapshotMock } from '../reports/factories';

// queueReport stores the report, then marks the flag reported: two writes. A service worker stopped
// between them leaves the flag unmarked; the person sees an error and confirms again. That second
// confirmation must not file the same post under a second report id.

beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'Netra',
    version: '0.1.0',
  });
});

async function newFlag(postId: string) {
  const snapshot = createSnapshotMock({ postId, url: `https://x.com/budi_asn/status/${postId}` });
  const { flag } = await flagStore().upsertFlag({
    snapshot,
    findings: [createFindingMock()],
    asn: null,
    tabId: 7,
  });
  return flag;
}

describe('queueReport', () => {
  test('confirming again after the worker stopped between storing and marking reuses the stored report', async () => {
    const flag = await newFlag('1800000000000000001');
    vi.spyOn(flagStore(), 'setStatus').mockRejectedValueOnce(new Error('worker stopped'));
    await expect(
      queueReport({ flagKey: flag.key, category: 'candidate_support', note: 'pertama' }),
    ).rejects.toThrow('worker stopped');
    const stored = await reportQueue().list();
    expect(stored).toHaveLength(1);

    const { reportId } = await queueReport({
      flagKey: flag.key,
      category: 'candidate_support',
      note: 'kedua',
    });
    const entries = await reportQueue().list();
    expect(entries).toHaveLength(1);
    expect(reportId).toBe(stored[0]!.id);
    expect(await flagStore().get(flag.key)).toMatchObject({ status: 'reported', reportId });
  }, 30_000);

  test('different posts get their own reports; a reported flag answers with its report', async () => {
    const first = await newFlag('1800000000000000002');
    const second = await newFlag('1800000000000000003');
    const a = await queueReport({ flagKey: first.key, category: 'candidate_support', note: '' });
    const b = await queueReport({ flagKey: second.key, category: 'candidate_support', note: '' });
    expect(a.reportId).not.toBe(b.reportId);
    expect(await queueReport({ flagKey: first.key, category: 'abusive', note: 'lagi' })).toEqual(a);
    expect(await reportQueue().list()).toHaveLength(2);
  }, 30_000);
});
