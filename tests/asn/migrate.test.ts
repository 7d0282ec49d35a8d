import { describe, expect, test } from 'vitest';
import { saltedHashHex } from '../../lib/asn/hashed';
import { createRegistry } from '../../lib/asn/registry';
import { META_MIGRATIONS } from '../../lib/asn/registry/migrate';
import type { MemoryStore } from '../../lib/asn/store';
import { createTestRegistry, csv, EN_HEADER, FaultyStore, generatedCsv } from './helpers';

// Migration 2 of the registry's meta record (issue #24): lists stored by earlier versions (meta
// schema 1: chunks in list order only) get their partitions.

type Meta = { schema: number; lists: { id: string; parts?: { id: string }; chunks: { id: string }[] }[] };

/** A store as Netra before partitions left it: the same chunks, a schema-1 meta, no partitions. */
async function schemaOneStore(store: MemoryStore): Promise<void> {
  const { registry } = createTestRegistry({ store, chunkRows: 300 });
  await registry.importWatchlist(generatedCsv(2000));
  await registry.importWatchlist(
    JSON.stringify({
      format: 'netra-hashed-watchlist',
      version: 1,
      salt: 'garam-garam',
      entries: [{ h: saltedHashHex('garam-garam', 'x:rahasia'), region: '3404' }],
    }),
  );
  await registry.tag('tiktok:andi.asn');
  const meta = store.records.get('meta') as Meta;
  for (const list of meta.lists) {
    for (const id of [...store.chunks.keys()])
      if (id.startsWith(`${list.parts!.id}.`)) store.chunks.delete(id);
    delete list.parts;
  }
  store.records.set('meta', { ...meta, schema: 1 });
}

describe('registry migration 2: partitions', () => {
  test('is numbered and registered', () => {
    expect(Object.keys(META_MIGRATIONS)).toEqual(['2']);
  });

  test('moves lists stored by earlier versions; lookups, search and tags work after it', async () => {
    const store = new FaultyStore();
    await schemaOneStore(store);
    const migrated = createRegistry(store, { cleanupDelayMs: 0 });
    const found = await migrated.lookup([
      'x:pns_0',
      'x:pns_1999',
      'x:rahasia',
      'tiktok:andi.asn',
      'x:nobody',
    ]);
    expect([...found.values()].map((m) => m.source)).toEqual(['watchlist', 'watchlist', 'hashed', 'manual']);
    const meta = store.records.get('meta') as Meta;
    expect(meta.schema).toBe(2);
    expect(meta.lists.every((l) => l.parts)).toBe(true);
    expect((await migrated.search('pegawai 1999')).items.map((e) => e.key)).toEqual(['x:pns_1999']);

    // a later start reads the partitions without migrating again
    const chunks = store.chunks.size;
    const again = createRegistry(store, { cleanupDelayMs: 0 });
    expect((await again.lookup(['x:pns_7'])).size).toBe(1);
    await again.settled();
    expect(store.chunks.size).toBe(chunks);
  });

  test('a failure before the meta write leaves schema 1, migrated again at the next start', async () => {
    const store = new FaultyStore();
    await schemaOneStore(store);
    store.failAt('putRecord', 1);
    await expect(createRegistry(store).ready()).rejects.toThrow('injected');
    store.heal();
    expect((store.records.get('meta') as Meta).schema).toBe(1);
    const next = createRegistry(store, { cleanupDelayMs: 0 });
    expect((await next.lookup(['x:pns_3', 'x:rahasia'])).size).toBe(2);
    await next.settled();
    // the partitions the failed run wrote were collected: one set per list
    const meta = store.records.get('meta') as Meta;
    const prefixes = new Set(
      [...store.chunks.keys()].filter((id) => /\.\d+$/.test(id)).map((id) => id.replace(/\.\d+$/, '')),
    );
    expect(prefixes).toEqual(new Set(meta.lists.map((l) => l.parts!.id)));
  });

  test('a list that cannot be read is kept aside and reported; the others move', async () => {
    const store = new FaultyStore();
    const { registry } = createTestRegistry({ store });
    await registry.importWatchlist(csv(EN_HEADER, 'x,budi_pns,,,,,,,,'), 'csv', { listName: 'a' });
    await registry.importWatchlist(csv(EN_HEADER, 'x,andi,,,,,,,,'), 'csv', { listName: 'b' });
    const meta = store.records.get('meta') as Meta;
    for (const list of meta.lists) delete list.parts;
    store.records.set('meta', { ...meta, schema: 1 });
    store.chunks.set(meta.lists.find((l) => l.id === 'import:a')!.chunks[0]!.id, new Uint8Array([1, 2, 3]));

    const migrated = createRegistry(store, { cleanupDelayMs: 0 });
    expect([...(await migrated.lookup(['x:budi_pns', 'x:andi'])).keys()]).toEqual(['x:andi']);
    expect((await migrated.stats()).lists.find((l) => l.id === 'import:a')?.damaged).toBeDefined();
  });
});
