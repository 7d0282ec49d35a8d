import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activeMatcher, loadPackSet } from '@/lib/background/packs';
import { classify } from '@/lib/rules';
import { compiledMatcherItem, importedPacksItem, settingsItem } from '@/lib/storage/items';
import { DEFAULT_SETTINGS } from '@/lib/storage/settings';

beforeEach(() => fakeBrowser.reset());

describe('packs in the background', () => {
  test('defaults: base packs on, shipped campaign examples off; a broken imported pack is reported, not used', async () => {
    await importedPacksItem.set({
      broken: {
        json: { id: 'broken', rules: 'x' },
        source: 'broken.json',
        importedAt: '2026-11-24T00:00:00Z',
      },
    });
    const { packs, errors } = await loadPackSet();
    expect(packs.filter((p) => p.info.kind === 'base').every((p) => p.info.enabled)).toBe(true);
    expect(packs.filter((p) => p.info.kind === 'campaign').every((p) => !p.info.enabled)).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.pack).toContain('broken');
  });

  test('the compiled matcher is stored, and compiled again when the enabled packs change', async () => {
    const first = await activeMatcher();
    const stored = await compiledMatcherItem.get();
    expect(stored?.signature).toBeTruthy();
    expect(classify(first.matcher, 'Ayo coblos nomor 2!').categories).toContain('candidate_support');

    const campaign = (await loadPackSet()).packs.find((p) => p.info.kind === 'campaign')!;
    await settingsItem.set({ ...DEFAULT_SETTINGS, packToggles: { [campaign.info.id]: true } });
    const second = await activeMatcher();
    expect(second.versions.map((v) => v.id)).toContain(campaign.info.id);
    expect((await compiledMatcherItem.get())?.signature).not.toBe(stored?.signature);
  }, 30_000);
});
