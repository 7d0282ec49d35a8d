import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import { saltedHashHex } from '../../lib/asn/hashed';
import { openIdbStore } from '../../lib/asn/idb-store';
import { createRegistry } from '../../lib/asn/registry';
import { MemoryStore } from '../../lib/asn/store';
import { createTestRegistry, csv, EN_HEADER, FaultyStore, generatedCsv } from './helpers';

const LIST = csv(
  EN_HEADER,
  'x,budi_pns,,Budi Santoso,Dinas Pendidikan Kab. Sleman,Guru Ahli Pertama,Kab. Sleman,198503122010011003,SK Bupati 12/2024,aktif',
  'facebook,,https://www.facebook.com/profile.php?id=1000123,Siti Aminah,Kemenag,Penyuluh,Kota Yogyakarta,,,',
  'instagram,siti.aminah,,Siti Aminah,Kemenag,Penyuluh,Kota Yogyakarta,,,"catatan, dengan koma"',
  'youtube,UCabcdefghijklmnopqrstuV,,Kanal Dinas,Diskominfo,,Kab. Bantul,,,',
);

const SALT = 'pilkada-2024-salt';

describe('lookup', () => {
  test('finds imported entries by canonical key and leaves others out', async () => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(LIST);
    const found = await registry.lookup([
      'x:budi_pns',
      'X:Budi_PNS',
      'facebook:id:1000123',
      'youtube:id:UCabcdefghijklmnopqrstuV',
      'youtube:id:ucabcdefghijklmnopqrstuv',
      'x:someone_else',
      'garbage',
    ]);
    expect([...found.keys()]).toEqual([
      'x:budi_pns',
      'X:Budi_PNS',
      'facebook:id:1000123',
      'youtube:id:UCabcdefghijklmnopqrstuV',
    ]);
    expect(found.get('x:budi_pns')).toEqual({
      key: 'x:budi_pns',
      source: 'watchlist',
      listName: 'default',
      name: 'Budi Santoso',
      agency: 'Dinas Pendidikan Kab. Sleman',
      position: 'Guru Ahli Pertama',
      region: 'Kab. Sleman',
      note: 'aktif',
    });
  });

  test('sources rank manual, watchlist, sync, hashed', async () => {
    const { registry } = createTestRegistry();
    const hashed = {
      format: 'netra-hashed-watchlist',
      version: 1,
      salt: SALT,
      entries: ['x:budi_pns', 'x:andi', 'x:citra'].map((k) => ({ h: saltedHashHex(SALT, k), agency: 'H' })),
    };
    await registry.importWatchlist(JSON.stringify(hashed), 'json', { listName: 'rahasia' });
    await registry.importWatchlist(csv(EN_HEADER, 'x,budi_pns,,,W,,,,,', 'x,andi,,,W,,,,,'));
    await registry.tag('x:budi_pns', { agency: 'M' });
    const found = await registry.lookup(['x:budi_pns', 'x:andi', 'x:citra']);
    expect([...found.values()].map((m) => [m.source, m.agency])).toEqual([
      ['manual', 'M'],
      ['watchlist', 'W'],
      ['hashed', 'H'],
    ]);
  });

  test('a batch of 100 keys over 20,000 entries', async () => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(generatedCsv(20_000));
    const keys = Array.from({ length: 100 }, (_, i) => (i % 2 ? `x:pns_${i * 97}` : `x:nobody_${i}`));
    const found = await registry.lookup(keys);
    expect(found.size).toBe(50);
  });
});

describe('hand tags', () => {
  test('tag, retag, untag', async () => {
    const { registry } = createTestRegistry({ now: () => new Date('2024-11-01T00:00:00Z') });
    const entry = await registry.tag('X:Andi_ASN', { agency: 'Satpol PP', note: 'dari unggahan 3 Nov' });
    expect(entry).toMatchObject({
      key: 'x:andi_asn',
      source: 'manual',
      taggedAt: '2024-11-01T00:00:00.000Z',
    });
    await registry.tag('x:andi_asn', { agency: 'BPBD' });
    expect((await registry.lookup(['x:andi_asn'])).get('x:andi_asn')).toEqual({
      key: 'x:andi_asn',
      source: 'manual',
      agency: 'BPBD',
    });
    expect(await registry.untag('x:andi_asn')).toBe(true);
    expect(await registry.untag('x:andi_asn')).toBe(false);
    expect((await registry.lookup(['x:andi_asn'])).size).toBe(0);
  });

  test.each([
    ['not-a-key', 'invalid-key'],
    ['x:home', 'invalid-key'],
    ['facebook:budi.santoso', 'invalid-key'],
  ])('tag(%s) is refused with %s', async (key, code) => {
    const { registry } = createTestRegistry();
    await expect(registry.tag(key)).rejects.toMatchObject({ code });
  });

  test('a note that is too long is refused', async () => {
    const { registry } = createTestRegistry();
    await expect(registry.tag('x:andi', { note: 'x'.repeat(1001) })).rejects.toMatchObject({
      code: 'field-too-long',
    });
  });
});

describe('remove', () => {
  test('removes from tags and imported lists, reports coordinator lists that still hold the key', async () => {
    const { registry, store } = createTestRegistry({ chunkRows: 3 });
    await registry.importWatchlist(generatedCsv(10));
    await registry.importWatchlist(
      JSON.stringify({
        format: 'netra-hashed-watchlist',
        version: 1,
        salt: SALT,
        entries: [{ h: saltedHashHex(SALT, 'x:pns_4') }],
      }),
    );
    await registry.tag('x:pns_4');
    const result = await registry.remove('x:pns_4');
    expect(result).toEqual({ removedFrom: ['manual', 'import:default'], stillListedIn: ['import:hashed'] });
    const found = await registry.lookup(['x:pns_3', 'x:pns_4', 'x:pns_5']);
    expect([...found.entries()].map(([k, m]) => [k, m.source])).toEqual([
      ['x:pns_3', 'watchlist'],
      ['x:pns_4', 'hashed'],
      ['x:pns_5', 'watchlist'],
    ]);
    // and after a reload from the store
    const reloaded = createRegistry(store);
    expect((await reloaded.lookup(['x:pns_3', 'x:pns_5'])).size).toBe(2);
    expect((await reloaded.stats()).bySource.watchlist).toBe(9);
  });

  test('removing the last row of a chunk drops the chunk', async () => {
    const { registry, store } = createTestRegistry({ chunkRows: 1 });
    await registry.importWatchlist(generatedCsv(3));
    const before = (store as MemoryStore).chunks.size;
    await registry.remove('x:pns_1');
    expect((store as MemoryStore).chunks.size).toBe(before - 1);
    expect((await registry.lookup(['x:pns_0', 'x:pns_1', 'x:pns_2'])).size).toBe(2);
    expect((await registry.search('')).total).toBe(2);
  });

  test('removeList deletes a list and its chunks', async () => {
    const { registry, store } = createTestRegistry();
    await registry.importWatchlist(generatedCsv(5));
    await registry.removeList('import:default');
    expect((store as MemoryStore).chunks.size).toBe(0);
    expect((await registry.lookup(['x:pns_1'])).size).toBe(0);
    await expect(registry.removeList('import:default')).rejects.toMatchObject({ code: 'unknown-list' });
  });
});

describe('search and export', () => {
  test.each([
    ['budi', ['x:budi_pns']],
    ['BUDI', ['x:budi_pns']],
    ['@budi_pns', ['x:budi_pns']],
    ['kemenag', ['facebook:id:1000123', 'instagram:siti.aminah']],
    ['yogyakarta', ['facebook:id:1000123', 'instagram:siti.aminah']],
    ['penyuluh', ['facebook:id:1000123', 'instagram:siti.aminah']],
    ['198503122010011003', ['x:budi_pns']],
    ['sk bupati', ['x:budi_pns']],
    ['https://x.com/Budi_PNS', ['x:budi_pns']],
    ['instagram:siti.aminah', ['instagram:siti.aminah']],
    [
      '',
      ['x:budi_pns', 'facebook:id:1000123', 'instagram:siti.aminah', 'youtube:id:UCabcdefghijklmnopqrstuV'],
    ],
    ['tidak ada', []],
  ])('search(%j)', async (query, keys) => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(LIST);
    const result = await registry.search(query);
    expect(result.items.map((e) => e.key)).toEqual(keys);
    expect(result.total).toBe(keys.length);
  });

  test('search pages through results and counts them all', async () => {
    const { registry } = createTestRegistry({ chunkRows: 100 });
    await registry.importWatchlist(generatedCsv(1000));
    await registry.tag('x:dinas_tagged', { agency: 'Dinas 3' });
    const page = await registry.search('dinas 3', { limit: 5, offset: 1 });
    expect(page.total).toBe(144);
    expect(page.items.map((e) => e.key)).toEqual(['x:pns_3', 'x:pns_10', 'x:pns_17', 'x:pns_24', 'x:pns_31']);
    expect((await registry.search('dinas 3', { sources: ['manual'] })).total).toBe(1);
  });

  test('export re-imports to the same entries', async () => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(LIST);
    await registry.importWatchlist(
      csv(EN_HEADER, 'facebook,budi.santoso.9,https://www.facebook.com/profile.php?id=777,Budi,,,,,,'),
      'csv',
      { listName: 'kedua' },
    );
    await registry.tag('tiktok:andi.asn', { name: '=HYPERLINK("x")', note: 'dari tagar' });
    const exported = await registry.exportCsv();
    expect(exported.split('\r\n')[0]).toBe(EN_HEADER);
    expect(exported).toContain("'=HYPERLINK"); // formulas are defused for spreadsheets

    const { registry: copy } = createTestRegistry();
    const report = await copy.importWatchlist(exported);
    expect(report).toMatchObject({ imported: 6, errors: [] });
    const before = await registry.search('', { limit: 100 });
    const after = await copy.search('', { limit: 100 });
    const strip = (items: typeof before.items) =>
      items.map(({ key, altKey, name, agency, position, region, nip, reference, note }) => ({
        key,
        altKey,
        name: name?.replace(/^'/, ''),
        agency,
        position,
        region,
        nip,
        reference,
        note,
      }));
    expect(strip(after.items)).toEqual(strip(before.items));
  });

  test('export of tags only', async () => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(LIST);
    await registry.tag('x:andi', { agency: 'BKN' });
    expect(await registry.exportCsv({ sources: ['manual'] })).toBe(
      `${EN_HEADER}\r\nx,andi,https://x.com/andi,,BKN,,,,,`,
    );
  });
});

describe('stats', () => {
  test('counts per source and list, with stored bytes', async () => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(LIST);
    await registry.tag('x:andi');
    const stats = await registry.stats();
    expect(stats.total).toBe(5);
    expect(stats.bySource).toEqual({ manual: 1, watchlist: 4, sync: 0, hashed: 0 });
    expect(stats.lists).toEqual([
      expect.objectContaining({ id: 'import:default', source: 'watchlist', entries: 4 }),
    ]);
    expect(stats.storedBytes).toBeGreaterThan(0);
  });
});

describe('persistence', () => {
  test('IndexedDB store: lists, tags and hashed lists survive a restart', async () => {
    const factory = new IDBFactory();
    const first = createRegistry(await openIdbStore(factory, 'asn-test'));
    await first.importWatchlist(LIST);
    await first.importWatchlist(
      JSON.stringify({
        format: 'netra-hashed-watchlist',
        version: 1,
        salt: SALT,
        entries: [{ h: saltedHashHex(SALT, 'x:rahasia'), region: '3404' }],
      }),
    );
    await first.tag('tiktok:andi.asn', { note: 'n' });

    const second = createRegistry(await openIdbStore(factory, 'asn-test'));
    const found = await second.lookup(['x:budi_pns', 'x:rahasia', 'tiktok:andi.asn']);
    expect([...found.values()].map((m) => m.source)).toEqual(['watchlist', 'hashed', 'manual']);
    expect(found.get('x:rahasia')).toEqual({
      key: 'x:rahasia',
      source: 'hashed',
      listName: 'hashed',
      region: '3404',
    });
  });

  test('a damaged meta record is set aside, not silently dropped', async () => {
    const store = new MemoryStore();
    await store.putRecord('meta', { schema: 99, lists: 'nonsense' });
    const registry = createRegistry(store);
    await registry.ready();
    expect((await registry.stats()).total).toBe(0);
    const aside = [...store.records.keys()].filter((k) => k.startsWith('meta.damaged.'));
    expect(aside).toHaveLength(1);
    expect(store.records.get(aside[0]!)).toEqual({ schema: 99, lists: 'nonsense' });
  });

  test('a list with a damaged partition is kept aside and reported; other lists work', async () => {
    const store = new MemoryStore();
    const { registry } = createTestRegistry({ store });
    await registry.importWatchlist(csv(EN_HEADER, 'x,budi_pns,,,,,,,,'), 'csv', { listName: 'a' });
    await registry.importWatchlist(csv(EN_HEADER, 'x,andi,,,,,,,,'), 'csv', { listName: 'b' });
    const meta = store.records.get('meta') as { lists: { id: string; parts: { id: string } }[] };
    // a one-row list has one partition
    const damagedPart = `${meta.lists.find((l) => l.id === 'import:a')!.parts.id}.0`;
    store.chunks.set(damagedPart, new Uint8Array([1, 2, 3]));

    const reloaded = createRegistry(store);
    expect((await reloaded.lookup(['x:budi_pns', 'x:andi'])).size).toBe(1);
    const stats = await reloaded.stats();
    expect(stats.lists.find((l) => l.id === 'import:a')?.damaged).toBeDefined();
    expect(store.chunks.has(damagedPart)).toBe(true);
  });

  test('a list with a damaged chunk is kept aside when search reads it; other lists work', async () => {
    const store = new MemoryStore();
    const { registry } = createTestRegistry({ store });
    await registry.importWatchlist(csv(EN_HEADER, 'x,budi_pns,,,,,,,,'), 'csv', { listName: 'a' });
    await registry.importWatchlist(csv(EN_HEADER, 'x,andi,,,,,,,,'), 'csv', { listName: 'b' });
    const meta = store.records.get('meta') as { lists: { id: string; chunks: { id: string }[] }[] };
    const damagedChunk = meta.lists.find((l) => l.id === 'import:a')!.chunks[0]!.id;
    store.chunks.set(damagedChunk, new Uint8Array([1, 2, 3]));

    const reloaded = createRegistry(store);
    expect((await reloaded.search('')).items.map((e) => e.key)).toEqual(['x:andi']);
    expect((await reloaded.lookup(['x:budi_pns', 'x:andi'])).size).toBe(1);
    expect((await reloaded.stats()).lists.find((l) => l.id === 'import:a')?.damaged).toBeDefined();
    expect(store.chunks.has(damagedChunk)).toBe(true);
  });
});

describe('atomicity', () => {
  test.each([
    ['the 2nd chunk write', 'putChunks', 2],
    ['the 5th chunk write', 'putChunks', 5],
    ['the pointer flip', 'putRecord', 1],
  ] as const)('a failure at %s leaves the previous list, in memory and in storage', async (_label, op, n) => {
    const store = new FaultyStore();
    const { registry } = createTestRegistry({ store, chunkRows: 100 });
    await registry.importWatchlist(generatedCsv(250, 'old'));
    const chunksBefore = new Set(store.chunks.keys());

    store.failAt(op, n);
    await expect(registry.importWatchlist(generatedCsv(1000, 'new'))).rejects.toMatchObject({
      code: 'storage-failed',
    });
    store.heal();

    const check = async (r: typeof registry) => {
      const found = await r.lookup(['x:old_0', 'x:old_249', 'x:new_0', 'x:new_999']);
      expect([...found.keys()]).toEqual(['x:old_0', 'x:old_249']);
      expect((await r.stats()).bySource.watchlist).toBe(250);
    };
    await check(registry);
    await check(createRegistry(store));
    // the half-written chunks are gone (deleted at once, or collected on load)
    expect(new Set(store.chunks.keys())).toEqual(chunksBefore);
  });

  test('chunks left by a crash before the pointer flip are collected at the next load', async () => {
    const store = new MemoryStore();
    const { registry } = createTestRegistry({ store });
    await registry.importWatchlist(generatedCsv(10));
    await store.putChunks([{ id: 'c-orphan', data: new Uint8Array([1]) }]);
    const reloaded = createRegistry(store, { cleanupDelayMs: 0 });
    await reloaded.ready();
    // collected after the load, not before the first lookups
    expect((await reloaded.lookup(['x:pns_3'])).size).toBe(1);
    await reloaded.settled();
    expect(store.chunks.has('c-orphan')).toBe(false);
    expect((await reloaded.lookup(['x:pns_3'])).size).toBe(1);
  });

  test('a failed tag leaves the tags as they were', async () => {
    const store = new FaultyStore();
    const { registry } = createTestRegistry({ store });
    await registry.tag('x:andi');
    store.failAt('putRecord', 1);
    await expect(registry.tag('x:budi')).rejects.toMatchObject({ code: 'storage-failed' });
    store.heal();
    expect((await registry.lookup(['x:andi', 'x:budi'])).size).toBe(1);
    expect((await createRegistry(store).lookup(['x:andi', 'x:budi'])).size).toBe(1);
  });

  test('mutations run one at a time', async () => {
    const { registry } = createTestRegistry();
    const results = await Promise.all([
      registry.importWatchlist(generatedCsv(3000, 'a')),
      registry.tag('x:tagged'),
      registry.importWatchlist(generatedCsv(10, 'b')),
    ]);
    expect(results[0]).toMatchObject({ imported: 3000 });
    const found = await registry.lookup(['x:a_1', 'x:b_1', 'x:tagged']);
    expect([...found.keys()]).toEqual(['x:b_1', 'x:tagged']);
  });
});

describe('a store that cannot be read', () => {
  test('every call rejects with the store error', async () => {
    const store = new MemoryStore();
    store.getRecord = async () => {
      throw new Error('disk gone');
    };
    const registry = createRegistry(store);
    await expect(registry.ready()).rejects.toThrow('disk gone');
    await expect(registry.lookup(['x:a'])).rejects.toThrow('disk gone');
    await expect(registry.tag('x:a')).rejects.toThrow('disk gone');
  });
});
