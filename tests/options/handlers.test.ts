import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { blankCandidate, blankDraft, packFromDraft } from '@/components/options/pack-editor-model';
import { asnRegistry } from '@/lib/background/services';
import { startBackground } from '@/lib/background/start';
import { WATCHLIST_SYNC_ALARM } from '@/lib/background/watchlist-sync';
import type { ParsedRequestOf, RequestOf, ResponseOf } from '@/lib/messaging/define';
import { type UiProtocol } from '@/lib/messaging/protocol';
import { optionsProtocol, WATCHLIST_SYNC_MINUTES } from '@/lib/messaging/options-protocol';
import type { MessageRouter } from '@/lib/messaging/router';
import { handOver, takeHandedOver } from '@/lib/storage/handover';
import { quarantineItem } from '@/lib/storage/item';
import { importedPacksItem, settingsItem, watchlistProgressItem } from '@/lib/storage/items';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/storage/settings';
import { type Receiver, startReceiver } from '../support/receiver';

// The options page's handlers, driven through the real router as the options page would.

type Ui = UiProtocol;
let router: MessageRouter;

const optionsSender = () => ({ id: browser.runtime.id, url: `${browser.runtime.getURL('/')}options.html` });

/** Sends one ui message through the router; throws the background's error like the client does. */
async function send<K extends keyof Ui & string>(
  type: K,
  data: RequestOf<Ui, K>,
): Promise<ResponseOf<Ui, K>> {
  const reply = await router.dispatch('ui', type, data, optionsSender() as never);
  if (!reply.ok) throw new Error(reply.error);
  return reply.data as ResponseOf<Ui, K>;
}

/** A campaign pack as a coordinator writes it. */
function campaignPack(overrides: Record<string, unknown> = {}) {
  return {
    id: 'campaign.pilkada-uji-2029',
    version: '1.0.0',
    language: 'id',
    kind: 'campaign',
    name: 'Pilkada Uji 2029',
    candidates: [
      {
        id: 'budi-ani',
        name: 'Budi – Ani',
        number: 1,
        nicknames: ['Budi-Ani'],
        hashtags: ['#BudiAni2029'],
        acronyms: ['BANI'],
      },
    ],
    rules: [],
    ...overrides,
  };
}

async function resetRegistry(): Promise<void> {
  const registry = await asnRegistry();
  for (const list of (await registry.stats()).lists) await registry.removeList(list.id);
  for (const entry of (await registry.search('', { sources: ['manual'], limit: 10_000 })).items) {
    await registry.untag(entry.key);
  }
}

async function importCsv(text: string, listName = '') {
  // Handed over in IndexedDB as the options page does.
  const fileId = await handOver(indexedDB, new Blob([text], { type: 'text/csv' }));
  return send('options/watchlistImport', {
    fileId,
    importId: 'imp-1',
    fileName: 'asn.csv',
    listName,
    format: 'auto',
  });
}

const CSV = [
  'platform,akun,tautan,nama,instansi',
  'x,budi_asn,,Budi Santoso,Dinas Pendidikan',
  'myspace,andi,,Andi,Dinas B',
  'x,,https://x.com/budi santoso,Rusak,',
  'x,budi_asn,,Budi lagi,',
  'x,,,Tanpa akun,',
  'instagram,siti.asn,,Siti Aminah,Dinas Kesehatan',
].join('\n');

beforeEach(async () => {
  fakeBrowser.reset();
  // The fake browser has no manifest; the background reads its version and host permissions.
  vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'Netra',
    version: '0.1.0',
    host_permissions: ['https://x.com/*'],
  });
  router = startBackground();
  await resetRegistry();
});

describe('wiring', () => {
  test('every options message has its handler', () => {
    const missing = router.missingHandlers().filter((id) => id.startsWith('ui:options/'));
    expect(missing).toEqual([]);
    expect(Object.keys(optionsProtocol).length).toBeGreaterThan(20);
  });

  test('a content script cannot reach the options messages', async () => {
    const reply = await router.dispatch('ui', 'options/deleteAll', { confirm: 'hapus-semua' }, {
      id: browser.runtime.id,
      url: 'https://x.com/home',
      tab: { id: 3, url: 'https://x.com/home' },
    } as never);
    expect(reply).toEqual({ ok: false, error: "only Netra's own pages may send this" });
  });

  test('delete all needs its confirmation literal', async () => {
    await expect(send('options/deleteAll', { confirm: 'yes' } as never)).rejects.toThrow(
      /invalid payload: confirm/,
    );
  });
});

describe('options/updateSettings', () => {
  test('merges a patch into the stored settings', async () => {
    await settingsItem.set({ ...DEFAULT_SETTINGS, mode: 'survey' });
    const result = await send('options/updateSettings', {
      patch: {
        endpoint: { url: 'https://lapor.example.go.id/netra', token: 'RAHASIA' },
        reporter: { name: 'Rina', organisation: 'Bawaslu Kota Uji', contact: 'rina@example.go.id' },
      },
    });
    expect(result).toMatchObject({ ok: true, settings: { mode: 'survey', reporter: { name: 'Rina' } } });
    expect((await settingsItem.get()).endpoint).toEqual({
      url: 'https://lapor.example.go.id/netra',
      token: 'RAHASIA',
    });
  });

  test.each([
    [
      'plain http to a public host',
      { endpoint: { url: 'http://lapor.example.go.id/netra' } },
      'endpoint.url',
      /HTTPS/,
    ],
    ['not a URL', { endpoint: { url: 'lapor dot go dot id' } }, 'endpoint.url', /valid URL/],
    [
      'credentials in the URL',
      { endpoint: { url: 'https://u:p@lapor.example.go.id/' } },
      'endpoint.url',
      /token/,
    ],
    [
      'a token with a line break',
      { endpoint: { url: 'https://a.example/', token: 'ab\ncd' } },
      'endpoint.token',
      /Token/,
    ],
    ['a bad watchlist URL', { watchlistSyncUrl: 'ftp://bkd.example/list.csv' }, 'watchlistSyncUrl', /HTTPS/],
    ['a wrong type', { screenshots: 'yes' }, 'screenshots', /boolean/],
    ['an unknown setting', { colour: 'red' }, 'colour', /unknown/],
  ])('refuses %s, names the field and keeps the previous settings', async (_name, patch, path, message) => {
    const before: Settings = { ...DEFAULT_SETTINGS, endpoint: { url: 'http://127.0.0.1:8787/reports' } };
    await settingsItem.set(before);
    const result = await send('options/updateSettings', { patch });
    expect(result.ok).toBe(false);
    const issue = !result.ok ? result.issues.find((i) => i.path === path) : undefined;
    expect(issue?.message).toMatch(message);
    expect(await settingsItem.get()).toEqual(before);
  });
});

describe('options/testConnection against the real receiver', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver({ token: 'RAHASIA' });
  });
  afterAll(async () => {
    await receiver.close();
  });

  test('a test report is accepted and marked as a test', async () => {
    receiver.reset();
    const result = await send('options/testConnection', {
      endpoint: { url: receiver.url, token: 'RAHASIA' },
    });
    expect(result).toMatchObject({ ok: true, status: expect.any(Number) });
    expect(result.message).toMatch(/Koneksi berhasil/);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ test: true, outcome: 'test' });
    // A test report is never filed.
    expect(receiver.received).toEqual([]);
  });

  test('a wrong token is explained', async () => {
    const result = await send('options/testConnection', { endpoint: { url: receiver.url, token: 'SALAH' } });
    expect(result).toMatchObject({ ok: false, problem: 'auth' });
    expect(result.message).toMatch(/Token ditolak/);
  });

  test('an invalid endpoint is refused before anything is sent', async () => {
    await expect(
      send('options/testConnection', { endpoint: { url: 'http://example.org/reports' } }),
    ).rejects.toThrow(/invalid payload: endpoint\.url/);
  });
});

describe('rule packs', () => {
  test('shipped base packs are on, shipped campaign examples off', async () => {
    const { packs, errors } = await send('options/packs', {});
    expect(errors).toEqual([]);
    const base = packs.filter((p) => p.kind === 'base');
    const campaign = packs.filter((p) => p.kind === 'campaign');
    expect(base.length).toBeGreaterThan(0);
    expect(base.every((p) => p.enabled && p.origin === 'shipped' && p.rules + p.contexts > 0)).toBe(true);
    expect(campaign.length).toBeGreaterThan(0);
    expect(campaign.every((p) => !p.enabled && p.candidates > 0)).toBe(true);
  });

  test('a toggle is stored in settings.packToggles', async () => {
    const listing = await send('options/packToggle', { id: 'campaign.pilpres-2024', enabled: true });
    expect(listing.packs.find((p) => p.id === 'campaign.pilpres-2024')?.enabled).toBe(true);
    expect((await settingsItem.get()).packToggles).toEqual({ 'campaign.pilpres-2024': true });
    await expect(send('options/packToggle', { id: 'nope', enabled: true })).rejects.toThrow(
      /tidak ditemukan/,
    );
  });

  test('importing a valid pack adds it, on by default', async () => {
    const result = await send('options/packImport', {
      text: JSON.stringify(campaignPack()),
      source: 'pilkada.json',
    });
    expect(result).toMatchObject({ ok: true, id: 'campaign.pilkada-uji-2029', replaced: null });
    const info = result.ok
      ? result.listing.packs.find((p) => p.id === 'campaign.pilkada-uji-2029')
      : undefined;
    expect(info).toMatchObject({ origin: 'imported', enabled: true, candidates: 1 });
  });

  test.each([
    ['not JSON', '{ "id": ', 'pilkada.json', '(pack)', /JSON tidak sah/],
    [
      'a bad hashtag',
      JSON.stringify(
        campaignPack({ version: '1.1.0', candidates: [{ id: 'a', name: 'A', hashtags: ['#dua kata'] }] }),
      ),
      'campaign.pilkada-uji-2029 (pilkada.json)',
      'candidates[0].hashtags[0]',
      /#/,
    ],
    [
      'a campaign pack without candidates',
      JSON.stringify(campaignPack({ version: '1.1.0', candidates: [] })),
      'campaign.pilkada-uji-2029 (pilkada.json)',
      'candidates',
      /candidates/,
    ],
  ])(
    'refuses %s with pack name, JSON path and reason; the previous pack stays',
    async (_n, text, pack, path, msg) => {
      await send('options/packImport', { text: JSON.stringify(campaignPack()), source: 'pilkada.json' });
      const result = await send('options/packImport', { text, source: 'pilkada.json' });
      expect(result.ok).toBe(false);
      const error = !result.ok ? result.errors.find((e) => e.path === path) : undefined;
      expect(error).toMatchObject({ pack });
      expect(error?.message).toMatch(msg);
      const stored = await importedPacksItem.get();
      expect((stored['campaign.pilkada-uji-2029']?.json as { version: string }).version).toBe('1.0.0');
    },
  );

  test('a pack with a shipped pack id replaces it; removing it brings the shipped one back', async () => {
    const shipped = await send('options/packGet', { id: 'campaign.pilpres-2024' });
    expect(shipped.origin).toBe('shipped');
    const edited = {
      ...(shipped.json as Record<string, unknown>),
      version: '1.0.1',
      name: 'Pilpres 2024 (ubah)',
    };
    const saved = await send('options/packSave', { pack: edited });
    expect(saved).toMatchObject({ ok: true, replaced: 'shipped' });
    const again = await send('options/packSave', { pack: { ...edited, version: '1.0.2' } });
    expect(again).toMatchObject({ ok: true, replaced: 'imported' });
    await send('options/packToggle', { id: 'campaign.pilpres-2024', enabled: false });

    const listing = await send('options/packRemove', { id: 'campaign.pilpres-2024' });
    expect(listing.packs.find((p) => p.id === 'campaign.pilpres-2024')).toMatchObject({
      origin: 'shipped',
      version: '1.0.0',
    });
    expect((await settingsItem.get()).packToggles).toEqual({});
    await expect(send('options/packRemove', { id: 'base.abusive' })).rejects.toThrow(/Hanya paket impor/);
  });

  test('the editor model produces packs the background accepts', async () => {
    const draft = {
      ...blankDraft(),
      id: 'campaign.pilbup-uji',
      name: 'Pilbup Uji',
      candidates: [
        {
          ...blankCandidate(),
          name: 'Ani Lestari – Dedi',
          number: '2',
          hashtags: '#AniDedi\n#Ani2029',
          acronyms: 'ANDE',
        },
      ],
    };
    const result = await send('options/packSave', { pack: packFromDraft(draft) });
    expect(result).toMatchObject({ ok: true, id: 'campaign.pilbup-uji' });
    const { json } = await send('options/packGet', { id: 'campaign.pilbup-uji' });
    expect(json).toMatchObject({
      candidates: [{ id: 'ani-lestari-dedi', number: 2, hashtags: ['#AniDedi', '#Ani2029'] }],
    });
  });
});

describe('the ASN watchlist', () => {
  test('a chunked import reports each bad row with its line, and progress ends as done', async () => {
    const report = await importCsv(CSV);
    expect(report).toMatchObject({ imported: 2, total: 6, errorCount: 4, replaced: true });
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'unknown-site'],
      [4, 'malformed-url'],
      [5, 'duplicate'],
      [6, 'missing-handle'],
    ]);
    expect(report.errors[2]!.message).toMatch(/Duplikat: akun x:budi_asn sudah ada di baris 2/);
    expect(await watchlistProgressItem.get()).toMatchObject({
      importId: 'imp-1',
      phase: 'done',
      done: 6,
      total: 6,
    });
  });

  test('a file that was not handed over (or was taken already) is refused and nothing changes', async () => {
    const request = {
      importId: 'imp-2',
      fileName: 'asn.csv',
      listName: '',
      format: 'csv' as const,
    };
    await expect(send('options/watchlistImport', { fileId: 'no-such-file', ...request })).rejects.toThrow(
      /Berkas tidak ditemukan/,
    );
    const fileId = await handOver(indexedDB, new Blob([CSV]));
    await send('options/watchlistImport', { fileId, ...request });
    await expect(send('options/watchlistImport', { fileId, ...request })).rejects.toThrow(
      /Berkas tidak ditemukan/,
    );
    expect((await send('options/watchlistOverview', {})).stats.total).toBe(2);
  });

  test('files handed over but never imported are deleted after an hour', async () => {
    const old = await handOver(indexedDB, new Blob(['a']), Date.now() - 2 * 60 * 60_000);
    const fresh = await handOver(indexedDB, new Blob(['b']));
    expect(await takeHandedOver(indexedDB, 'other')).toBeUndefined();
    expect(await takeHandedOver(indexedDB, old)).toBeUndefined();
    expect(await (await takeHandedOver(indexedDB, fresh))?.text()).toBe('b');
  });

  test('search, remove and export', async () => {
    await importCsv(CSV, 'kab-uji');
    const found = await send('options/watchlistSearch', { query: 'dinas kesehatan', offset: 0, limit: 50 });
    expect(found.items.map((e) => e.key)).toEqual(['instagram:siti.asn']);
    expect(found.items[0]).toMatchObject({ listName: 'kab-uji', source: 'watchlist' });

    const removed = await send('options/watchlistRemove', { key: 'instagram:siti.asn' });
    expect(removed.removedFrom).toEqual(['import:kab-uji']);
    expect((await send('options/watchlistSearch', { query: '', offset: 0, limit: 50 })).total).toBe(1);

    const handle = await send('options/watchlistExport', {});
    expect(handle.fileName).toMatch(/^netra-watchlist-\d{8}\.csv$/);
    const parts: string[] = [];
    for (let index = 0; index < handle.chunks; index++) {
      parts.push(await send('options/transferGet', { transferId: handle.transferId, index }));
    }
    const csv = parts.join('');
    expect(csv).toMatch(/^site,handle,url,name/);
    expect(csv).toContain('budi_asn');
    expect(csv).not.toContain('siti.asn');
    // A fetched export is gone.
    await expect(send('options/transferGet', { transferId: handle.transferId, index: 0 })).rejects.toThrow(
      /kedaluwarsa/,
    );

    const overview = await send('options/watchlistOverview', {});
    await send('options/watchlistRemoveList', { listId: overview.stats.lists[0]!.id });
    expect((await send('options/watchlistOverview', {})).stats.total).toBe(0);
  });

  test('sync: on demand and by the alarm, with the result in stats', async () => {
    const url = 'https://bkd.example.go.id/netra/asn.csv';
    const fetchMock = vi.fn(
      async () =>
        new Response(
          `# netra-watchlist; version=3; name=BKD Uji\nsite,handle,agency\nx,pns_satu,BKD\nx,pns_dua,BKD\n`,
          {
            status: 200,
            headers: { 'content-type': 'text/csv', etag: '"v3"' },
          },
        ),
    );
    vi.stubGlobal('fetch', fetchMock);
    expect(await send('options/watchlistSync', {})).toBeNull();

    expect(await send('options/updateSettings', { patch: { watchlistSyncUrl: url } })).toMatchObject({
      ok: true,
    });
    const result = await send('options/watchlistSync', {});
    expect(result).toMatchObject({ status: 'updated', version: 3, imported: 2 });
    const overview = await send('options/watchlistOverview', {});
    expect(overview.syncUrl).toBe(url);
    const list = overview.stats.lists.find((l) => l.url === url);
    expect(list).toMatchObject({ source: 'sync', entries: 2, version: 3, name: 'BKD Uji' });
    expect(list?.lastCheckedAt).toEqual(expect.any(String));

    const alarm = await browser.alarms.get(WATCHLIST_SYNC_ALARM);
    expect(alarm?.periodInMinutes).toBe(WATCHLIST_SYNC_MINUTES);
    await fakeBrowser.alarms.onAlarm.trigger({ name: WATCHLIST_SYNC_ALARM, scheduledTime: Date.now() });
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    // The scheduled request is conditional, so an unchanged list is not downloaded again.
    const [, init] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect(init.headers).toMatchObject({ 'If-None-Match': '"v3"' });
    vi.unstubAllGlobals();
  });

  test('a failed sync keeps the list and records the error', async () => {
    const url = 'https://bkd.example.go.id/netra/asn.csv';
    await send('options/updateSettings', { patch: { watchlistSyncUrl: url } });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('down', { status: 503 })),
    );
    const result = await send('options/watchlistSync', {});
    expect(result).toMatchObject({ status: 'error', code: 'http-error' });
    const list = (await send('options/watchlistOverview', {})).stats.lists.find((l) => l.url === url);
    expect(list?.lastError?.message).toMatch(/HTTP 503/);
    vi.unstubAllGlobals();
  });
});

describe('data: backup, restore, delete, quarantine', () => {
  async function seed() {
    await send('options/updateSettings', {
      patch: {
        mode: 'survey',
        endpoint: { url: 'https://lapor.example.go.id/netra', token: 'RAHASIA' },
        packToggles: { 'campaign.pilpres-2024': true },
      },
    });
    await send('options/packImport', { text: JSON.stringify(campaignPack()), source: 'pilkada.json' });
    await (await asnRegistry()).tag('x:budi_asn', { agency: 'Dinas Uji', note: 'dari halaman' });
  }

  test('a backup leaves the token out unless asked, and restores everything', async () => {
    await seed();
    const withoutToken = await send('options/backup', { includeToken: false });
    expect(withoutToken).toMatchObject({ format: 'netra-backup', version: 1 });
    expect((withoutToken.settings as Settings).endpoint).toEqual({
      url: 'https://lapor.example.go.id/netra',
    });
    expect(withoutToken.manualTags).toEqual([
      expect.objectContaining({ key: 'x:budi_asn', agency: 'Dinas Uji', note: 'dari halaman' }),
    ]);
    const withToken = await send('options/backup', { includeToken: true });
    expect((withToken.settings as Settings).endpoint?.token).toBe('RAHASIA');

    // Restoring a token-less backup over the same endpoint keeps the token held here.
    await send('options/updateSettings', { patch: { mode: 'asn' } });
    const restored = await send('options/restore', { backup: JSON.parse(JSON.stringify(withoutToken)) });
    expect(restored).toMatchObject({ packs: 1, manualTags: 1 });
    expect(await settingsItem.get()).toMatchObject({
      mode: 'survey',
      endpoint: { url: 'https://lapor.example.go.id/netra', token: 'RAHASIA' },
    });

    await send('options/deleteAll', { confirm: 'hapus-semua' });
    expect(await settingsItem.get()).toEqual(DEFAULT_SETTINGS);
    await send('options/restore', { backup: JSON.parse(JSON.stringify(withToken)) });
    expect((await settingsItem.get()).endpoint?.token).toBe('RAHASIA');
    expect(Object.keys(await importedPacksItem.get())).toEqual(['campaign.pilkada-uji-2029']);
    expect((await (await asnRegistry()).lookup(['x:budi_asn'])).get('x:budi_asn')).toMatchObject({
      source: 'manual',
      agency: 'Dinas Uji',
    });
  });

  test.each([
    ['not a backup', { hello: 'world' }, /Berkas cadangan tidak sah: format/],
    [
      'bad settings',
      {
        format: 'netra-backup',
        version: 1,
        exportedAt: 'x',
        settings: { ...DEFAULT_SETTINGS, mode: 'loud' },
      },
      /settings\.mode/,
    ],
    [
      'an invalid pack',
      {
        format: 'netra-backup',
        version: 1,
        exportedAt: 'x',
        settings: DEFAULT_SETTINGS,
        importedPacks: {
          'campaign.rusak': {
            json: { id: 'campaign.rusak', kind: 'campaign' },
            source: 'x',
            importedAt: 'x',
          },
        },
      },
      /Paket di cadangan tidak sah: campaign\.rusak/,
    ],
    [
      'a bad account id',
      {
        format: 'netra-backup',
        version: 1,
        exportedAt: 'x',
        settings: DEFAULT_SETTINGS,
        manualTags: [{ key: 'myspace:tom' }],
      },
      /ID akun "myspace:tom"/,
    ],
  ])('an invalid backup (%s) is refused with the reason and changes nothing', async (_n, backup, message) => {
    await seed();
    const before = await send('options/backup', { includeToken: true });
    await expect(send('options/restore', { backup })).rejects.toThrow(message);
    const after = await send('options/backup', { includeToken: true });
    expect({ ...after, exportedAt: '' }).toEqual({ ...before, exportedAt: '' });
  });

  test('delete all removes settings, packs, tags, lists, flags and reports', async () => {
    await seed();
    await importCsv(CSV);
    await fakeBrowser.storage.local.set({ somethingElse: 1 });
    const summary = await send('options/dataSummary', {});
    expect(summary).toMatchObject({ watchlistEntries: 2, manualTags: 1, importedPacks: 1 });

    const result = await send('options/deleteAll', { confirm: 'hapus-semua' });
    expect(result).toMatchObject({ lists: 1, manualTags: 1, reportsKept: 0 });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await send('options/dataSummary', {})).toEqual({
      flags: 0,
      reportsUnsent: 0,
      reportsSent: 0,
      watchlistEntries: 0,
      manualTags: 0,
      importedPacks: 0,
      quarantined: 0,
    });
  });

  test('quarantined values are listed and can be cleared', async () => {
    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, language: 'fr' } });
    await settingsItem.get();
    const entries = await send('options/quarantine', {});
    expect(entries).toEqual([expect.objectContaining({ key: 'local:settings', value: { language: 'fr' } })]);
    await send('options/quarantineClear', {});
    expect(await quarantineItem.getValue()).toEqual([]);
  });
});

test('request types stay in step with the protocol', () => {
  const request: ParsedRequestOf<Ui, 'options/watchlistSearch'> = { query: '', offset: 0, limit: 1 };
  expect(request.limit).toBe(1);
});
