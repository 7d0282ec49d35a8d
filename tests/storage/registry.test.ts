import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { quarantineItem } from '@/lib/storage/item';
import { FLAG_DB_NAME } from '@/lib/flags/records';
import { REPORT_QUEUE_KEY } from '@/lib/reports/store';
import { SELF_VALIDATED_STORES, STORAGE_ITEMS, settingsItem } from '@/lib/storage/items';
import { DEFAULT_SETTINGS, endpointUrlProblem } from '@/lib/storage/settings';

beforeEach(() => fakeBrowser.reset());

describe('storage registry', () => {
  test('keys are unique', () => {
    const keys = STORAGE_ITEMS.map((item) => item.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test.each(STORAGE_ITEMS.map((item) => [item.key, item] as const))('%s: fallback is valid', (_key, item) => {
    expect(item.schema.safeParse(item.fallback).success).toBe(true);
  });

  test.each(STORAGE_ITEMS.map((item) => [item.key, item] as const))(
    '%s: one numbered migration per version after 1',
    (_key, item) => {
      const expected = Array.from({ length: item.version - 1 }, (_, i) => String(i + 2));
      expect(Object.keys(item.migrations).sort()).toEqual(expected);
    },
  );
});

test('the stores other modules validate themselves are named in the registry', () => {
  const keys = SELF_VALIDATED_STORES.map((s) => s.key);
  expect(keys).toContain(`indexeddb:${FLAG_DB_NAME}`);
  expect(keys).toContain(`local:${REPORT_QUEUE_KEY}`);
  for (const item of STORAGE_ITEMS) expect(keys).not.toContain(item.key);
});

describe('a stored item', () => {
  test('returns the fallback when nothing is stored', async () => {
    expect(await settingsItem.get()).toEqual(DEFAULT_SETTINGS);
  });

  test('refuses to write an invalid value and keeps the previous one', async () => {
    await settingsItem.set({ ...DEFAULT_SETTINGS, mode: 'survey' });
    await expect(settingsItem.set({ ...DEFAULT_SETTINGS, retentionDays: -1 })).rejects.toThrow();
    expect((await settingsItem.get()).mode).toBe('survey');
  });

  test('repairs an invalid field by field and sets the bad parts aside', async () => {
    await fakeBrowser.storage.local.set({
      settings: { ...DEFAULT_SETTINGS, mode: 'survey', language: 'fr', retentionDays: 'lots' },
    });
    const value = await settingsItem.get();
    expect(value.mode).toBe('survey');
    expect(value.language).toBe('id');
    expect(value.retentionDays).toBe(DEFAULT_SETTINGS.retentionDays);
    const quarantine = await quarantineItem.getValue();
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]).toMatchObject({
      key: 'local:settings',
      value: { language: 'fr', retentionDays: 'lots' },
    });
    expect(quarantine[0]!.issues.join('\n')).toMatch(/language/);
    // The repair is written back, so the next read is clean and nothing more is quarantined.
    await settingsItem.get();
    expect(await quarantineItem.getValue()).toHaveLength(1);
  });

  test('a value of the wrong type is set aside whole, not silently reset', async () => {
    await fakeBrowser.storage.local.set({ settings: 'garbage' });
    expect(await settingsItem.get()).toEqual(DEFAULT_SETTINGS);
    expect((await quarantineItem.getValue())[0]).toMatchObject({ key: 'local:settings', value: 'garbage' });
  });
});

describe('endpoint URL', () => {
  test.each([
    ['https://lapor.example.go.id/netra', undefined],
    ['http://127.0.0.1:8787/reports', undefined],
    ['http://localhost/x', undefined],
    ['http://lapor.example.go.id/netra', /HTTPS/],
    ['ftp://x', /HTTPS/],
    ['not a url', /valid/],
  ])('%s', (url, problem) => {
    const result = endpointUrlProblem(url);
    if (problem) expect(result).toMatch(problem);
    else expect(result).toBeUndefined();
  });
});
