import { describe, expect, test } from 'vitest';
import { hashWatchlist } from '../../lib/asn/hash-list';
import { createRegistry } from '../../lib/asn/registry';
import { MemoryStore } from '../../lib/asn/store';
import { partitionBits } from '../../lib/asn/partitions';
import { createTestRegistry, csv, EN_HEADER, generatedCsv } from './helpers';

// Issue #24: lookups read the partitions that can hold a batch's keys, not the whole list.

/** A memory store that records which chunks were read. */
class ReadCountingStore extends MemoryStore {
  reads: string[] = [];
  override async getChunks(ids: readonly string[]) {
    this.reads.push(...ids);
    return super.getChunks(ids);
  }
}

/** Facebook accounts known by handle and numeric id, so the alternative key is in another partition. */
function facebookCsv(n: number): string {
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `facebook,akun.${i},https://www.facebook.com/profile.php?id=${9000 + i},Akun ${i},Dinas ${i % 3},,,,,`,
  );
  return csv(EN_HEADER, ...rows);
}

async function reloaded(rows: number, text = generatedCsv(rows)) {
  const store = new ReadCountingStore();
  const { registry } = createTestRegistry({ store, chunkRows: 500 });
  await registry.importWatchlist(text);
  store.reads = [];
  const cold = createRegistry(store, { cleanupDelayMs: 0 });
  return { store, cold };
}

describe('partitions', () => {
  test.each([
    [1, 0],
    [256, 0],
    [257, 1],
    [1_000_000, 12],
    [5_000_000, 14],
  ])('a list of %i rows has 2^%i partitions', (rows, bits) => {
    expect(partitionBits(rows)).toBe(bits);
  });

  test('a cold lookup reads only the partitions of its keys, and finds every key', async () => {
    const { store, cold } = await reloaded(5000);
    await cold.ready();
    expect(store.reads).toEqual([]); // nothing of the list is read to be ready
    const keys = ['x:pns_0', 'x:pns_17', 'x:pns_4999', 'x:nobody'];
    const found = await cold.lookup(keys);
    expect([...found.keys()]).toEqual(['x:pns_0', 'x:pns_17', 'x:pns_4999']);
    expect(found.get('x:pns_17')).toEqual({
      key: 'x:pns_17',
      source: 'watchlist',
      listName: 'default',
      name: 'Pegawai 17',
      agency: 'Dinas 3',
      position: 'Staf',
      region: 'Kab. 2',
    });
    const partitionReads = store.reads.filter((id) => /\.\d+$/.test(id));
    expect(partitionReads.length).toBeLessThanOrEqual(keys.length);
    // the chunks in list order are not read; the dictionary once
    expect(store.reads.length - partitionReads.length).toBe(1);

    // every key of the list, in batches of 100, answers as from the whole list
    for (let i = 0; i < 5000; i += 100) {
      const batch = Array.from({ length: 100 }, (_, j) => `x:pns_${i + j}`);
      expect((await cold.lookup(batch)).size).toBe(100);
    }
    // a second batch of the same keys is answered from the cache
    store.reads = [];
    await cold.lookup(keys);
    expect(store.reads).toEqual([]);
  });

  test('the cache of partitions stays within its bytes', async () => {
    const store = new MemoryStore();
    const { registry } = createTestRegistry({ store });
    await registry.importWatchlist(generatedCsv(20_000));
    const cold = createRegistry(store, { partitionCacheBytes: 64 * 1024, cleanupDelayMs: 0 });
    for (let i = 0; i < 20_000; i += 500) {
      expect((await cold.lookup([`x:pns_${i}`, `x:pns_${i + 1}`])).size).toBe(2);
    }
    const state = (cold as unknown as { state: { lists: { reader: { heldBytes: number } }[] } }).state;
    expect(state.lists[0]!.reader.heldBytes).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
  });

  test('an account is found by its handle and by its numeric id, in whichever partition', async () => {
    const { cold } = await reloaded(2000, facebookCsv(2000));
    const byHandle = Array.from({ length: 2000 }, (_, i) => `facebook:akun${i}`);
    const byId = Array.from({ length: 2000 }, (_, i) => `facebook:id:${9000 + i}`);
    expect((await cold.lookup(byHandle)).size).toBe(2000);
    const found = await cold.lookup(byId);
    expect(found.size).toBe(2000);
    expect(found.get('facebook:id:9005')).toMatchObject({ key: 'facebook:id:9005', name: 'Akun 5' });
    // search and export see each account once
    expect((await cold.search('')).total).toBe(2000);
    expect((await cold.exportCsv()).split('\r\n')).toHaveLength(2001);
  });

  test('a hashed list answers from its partitions', async () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `x:rahasia_${i}`);
    const { list } = await hashWatchlist(
      csv(EN_HEADER, ...keys.map((k, i) => `x,${k.slice(2)},,,Dinas ${i % 4},,Kab. ${i % 9},,,`)),
      'csv',
      { salt: 'garam-garam', version: 1, keep: ['agency', 'region'] },
    );
    const store = new ReadCountingStore();
    const { registry } = createTestRegistry({ store });
    expect(await registry.importWatchlist(JSON.stringify(list))).toMatchObject({ imported: 3000 });
    const cold = createRegistry(store, { cleanupDelayMs: 0 });
    store.reads = [];
    const found = await cold.lookup([...keys.slice(0, 50), 'x:bukan']);
    expect(found.size).toBe(50);
    expect(found.get('x:rahasia_7')).toEqual({
      key: 'x:rahasia_7',
      source: 'hashed',
      listName: 'hashed',
      agency: 'Dinas 3',
      region: 'Kab. 7',
    });
    expect(store.reads.length).toBeLessThanOrEqual(52);
  });

  test('removing an account from a cold list rewrites its partitions', async () => {
    const { store, cold } = await reloaded(1000);
    expect(await cold.remove('x:pns_5')).toEqual({ removedFrom: ['import:default'], stillListedIn: [] });
    for (const r of [cold, createRegistry(store, { cleanupDelayMs: 0 })]) {
      const found = await r.lookup(['x:pns_4', 'x:pns_5', 'x:pns_6']);
      expect([...found.keys()]).toEqual(['x:pns_4', 'x:pns_6']);
      expect((await r.stats()).bySource.watchlist).toBe(999);
    }
    // the old partitions are gone: only what the meta names is stored
    const meta = (await store.getRecord('meta')) as { lists: { parts: { id: string; count: number } }[] };
    const prefix = meta.lists[0]!.parts.id;
    const partitions = [...store.chunks.keys()].filter((id) => /\.\d+$/.test(id));
    expect(partitions.every((id) => id.startsWith(`${prefix}.`))).toBe(true);
  });
});
