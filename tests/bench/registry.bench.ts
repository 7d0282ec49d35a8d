// Benchmark of the ASN registry with a million accounts (issue #4). Plain tsx script:
//   npx tsx tests/bench/registry.bench.ts [rows]
// Prints import time, bytes written to the store, memory after load, and the time of a 100-id
// batch lookup, each next to a naive baseline measured in the same run:
// - lookup: an array of row objects scanned per id;
// - memory: the obvious design, an object per row in a Map by key;
// - storage: one JSON record per row (what put(row) per row writes), timed on a sample.
// Targets: import <= 10 s, lookup <= 1 ms, storage <= 64 MB.

import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { IDBFactory } from 'fake-indexeddb';
import { saltedHashHex } from '../../lib/asn/hashed';
import { openIdbStore } from '../../lib/asn/idb-store';
import { createRegistry } from '../../lib/asn/registry';
import { countingStore, MemoryStore } from '../../lib/asn/store';

const FIRST =
  'budi siti agus dewi eko sri ahmad rina joko wahyu nur dian andi fitri hendra indah rizky putri bayu ayu'.split(
    ' ',
  );
const LAST =
  'santoso wijaya saputra lestari hidayat kurniawan pratama rahayu setiawan nugroho susanto utami permana siregar nasution harahap simanjuntak wibowo handayani gunawan'.split(
    ' ',
  );
const DINAS = [
  'Dinas Pendidikan',
  'Dinas Kesehatan',
  'Dinas Perhubungan',
  'Dinas Sosial',
  'Dinas Pekerjaan Umum',
  'Badan Kepegawaian dan Pengembangan SDM',
  'Satpol PP',
  'Sekretariat Daerah',
  'Bappeda',
  'Inspektorat',
  'RSUD',
  'Kecamatan',
];
const POSITIONS = [
  'Guru Ahli Pertama',
  'Guru Ahli Muda',
  'Analis Kebijakan',
  'Pranata Komputer',
  'Staf',
  'Kepala Seksi',
  'Kepala Bidang',
  'Perawat',
  'Bidan',
  'Penyuluh',
];
const REGIONS = Array.from({ length: 514 }, (_, i) => `${i % 3 ? 'Kab.' : 'Kota'} Wilayah ${i + 1}`);
const SITES = ['x', 'x', 'x', 'x', 'facebook', 'facebook', 'instagram', 'instagram', 'tiktok', 'youtube'];

/** A deterministic pseudo-random generator (mulberry32), so every run benches the same list. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface GeneratedRow {
  key: string;
  cells: string[];
}

/** Row i of the generated list: a realistic mix of sites, names, agencies, positions, NIPs. */
function generateRow(i: number, rand: () => number): GeneratedRow {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const site = pick(SITES);
  const first = pick(FIRST);
  const last = pick(LAST);
  const region = pick(REGIONS);
  const name = `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`;
  const agency = `${pick(DINAS)} ${region}`;
  const position = pick(POSITIONS);
  const born = 1960 + Math.floor(rand() * 35);
  const tmt = born + 20 + Math.floor(rand() * (2024 - born - 20));
  const two = (n: number) => String(n).padStart(2, '0');
  const nip =
    rand() < 0.6
      ? `${born}${two(1 + Math.floor(rand() * 12))}${two(1 + Math.floor(rand() * 28))}${tmt}${two(1 + Math.floor(rand() * 12))}${1 + Math.floor(rand() * 2)}${String(1 + Math.floor(rand() * 999)).padStart(3, '0')}`
      : '';
  let handle: string;
  let url = '';
  let key: string;
  if (site === 'facebook' && rand() < 0.4) {
    const id = String(100000000000000 + i);
    url = `https://www.facebook.com/profile.php?id=${id}`;
    handle = '';
    key = `facebook:id:${id}`;
  } else if (site === 'facebook') {
    handle = `${first}.${last}.${i}`;
    key = `facebook:${first}${last}${i}`;
  } else if (site === 'youtube') {
    handle = `@${first}${last}${i}`;
    key = `youtube:${first}${last}${i}`;
  } else if (site === 'x') {
    handle = `${first.slice(0, 4)}_${i}`;
    key = `x:${handle}`;
  } else {
    handle = `${first}.${last}${i}`;
    key = `${site}:${handle}`;
  }
  const source = rand() < 0.3 ? `SK Bupati ${Math.floor(rand() * 900)}/2024` : '';
  return { key, cells: [site, handle, url, name, agency, position, region, nip, source, ''] };
}

export function generateList(n: number): { csv: string; keys: string[] } {
  const rand = rng(2024);
  const lines: string[] = ['site,handle,url,name,agency,position,region,nip,source,note'];
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = generateRow(i, rand);
    keys[i] = row.key;
    lines.push(row.cells.join(','));
  }
  return { csv: lines.join('\n'), keys };
}

function gc(): void {
  let collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  collect();
}

/** JS heap plus typed-array backing stores, which live outside the heap. */
function memoryBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const MB = 1024 * 1024;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Runs the benchmark and prints its figures; returns them for a combined bench run. */
export async function main(rows = 1_000_000): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const lines: string[] = [];
  const report = (label: string, ours: string, baseline: string, target: string) =>
    lines.push(`${label.padEnd(34)} ${ours.padStart(12)}   ${baseline.padStart(28)}   ${target}`);

  console.log(
    `ASN registry benchmark: ${rows.toLocaleString('en')} accounts (Node ${process.version}, ` +
      `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
  );
  let t = performance.now();
  let { csv, keys } = generateList(rows);
  console.log(`generated ${fmt(csv.length / MB)} MB of CSV in ${fmt((performance.now() - t) / 1000, 2)} s`);
  const rand = rng(7);
  const batch = () =>
    Array.from({ length: 100 }, (_, i) =>
      i % 2 ? keys[Math.floor(rand() * keys.length)]! : `x:nobody_${Math.floor(rand() * 1e9)}`,
    );

  // ---- import into IndexedDB (fake-indexeddb) ----
  const factory = new IDBFactory();
  const { store, counter } = countingStore(await openIdbStore(factory, 'bench'));
  let registry: ReturnType<typeof createRegistry> | undefined = createRegistry(store);
  await registry.ready();
  gc();
  const loadBefore = loadavg()[0]!;
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const imported = await registry.importWatchlist(csv, 'csv');
  const importMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const importCpuMs = (cpu.user + cpu.system) / 1000;
  const loadAfter = loadavg()[0]!;
  if (imported.imported !== rows) {
    throw new Error(`imported ${imported.imported} of ${rows}: ${JSON.stringify(imported.errors[0])}`);
  }
  figures.importMs = importMs;
  figures.importCpuMs = importCpuMs;
  figures.storedBytes = counter.bytesWritten;
  // drop the reference so the import's memory can be collected before the load is measured
  // eslint-disable-next-line no-useless-assignment
  registry = undefined;
  console.log('registry imported; measuring the naive baseline');

  // ---- the naive baseline: an object per row, a Map by key, a record per row in the store ----
  let naiveImportMs: number;
  let naiveMemory: number;
  let naiveBytes = 0;
  const naiveTimes: number[] = [];
  {
    gc();
    const mark = memoryBytes();
    const header = ['site', 'handle', 'url', 'name', 'agency', 'position', 'region', 'nip', 'source', 'note'];
    const naiveRows: Record<string, string>[] = [];
    let i = 0;
    for (let at = csv.indexOf('\n') + 1; at > 0 && at < csv.length; i++) {
      const end = csv.indexOf('\n', at);
      const cells = csv.slice(at, end < 0 ? csv.length : end).split(',');
      at = end + 1;
      const row: Record<string, string> = { key: keys[i]! };
      for (let c = 0; c < header.length; c++) if (cells[c]) row[header[c]!] = cells[c]!;
      naiveRows.push(row);
    }
    const naiveMap = new Map<string, Record<string, string>>();
    for (const row of naiveRows) naiveMap.set(row.key!, row);
    gc();
    naiveMemory = memoryBytes() - mark;
    for (const row of naiveRows) naiveBytes += JSON.stringify(row).length;

    // one put() per row, timed on a sample and scaled
    const SAMPLE = Math.min(50_000, rows);
    const naiveDb = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = factory.open('naive', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('rows', { keyPath: 'key' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = naiveDb.transaction('rows', 'readwrite');
      const os = tx.objectStore('rows');
      for (let r = 0; r < SAMPLE; r++) os.put(naiveRows[r]);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    naiveImportMs = ((performance.now() - t) * rows) / SAMPLE;
    naiveDb.close();
    factory.deleteDatabase('naive');

    // lookups by scanning the array
    for (let r = 0; r < 5; r++) {
      const b = batch();
      const t0 = performance.now();
      for (const key of b) naiveRows.find((row) => row.key === key);
      naiveTimes.push(performance.now() - t0);
    }
    // drop the baseline now: closures keep block variables alive until main returns
    naiveMap.clear();
    naiveRows.length = 0;
  }
  report('figure', 'registry', 'naive baseline', 'target');
  report(
    'import (parse, check, store)',
    `${fmt(importMs / 1000, 2)} s`,
    `${fmt(naiveImportMs / 1000, 2)} s (put per row*)`,
    '<= 10 s',
  );
  report('  CPU time of the import (all threads)', `${fmt(importCpuMs / 1000, 2)} s`, '', '');
  report(
    '  load average before / after',
    `${fmt(loadBefore)} / ${fmt(loadAfter)}`,
    '',
    `(${availableParallelism()} cores; wall > CPU: waiting for them)`,
  );
  report(
    'bytes written to the store',
    `${fmt(counter.bytesWritten / MB)} MB`,
    `${fmt(naiveBytes / MB)} MB (JSON per row)`,
    '<= 64 MB',
  );

  // ---- load from the store into a fresh registry ----
  // eslint-disable-next-line no-useless-assignment -- frees the CSV before the load is measured
  csv = '';
  gc();
  t = performance.now();
  const fromIdb = createRegistry(store);
  await fromIdb.ready();
  const loadMs = performance.now() - t;
  figures.loadMs = loadMs;
  report('load from store (ready)', `${fmt(loadMs, 1)} ms`, '', '(reads the meta and hand tags)');

  // ---- cold lookups (issue #24): a fresh registry over the store, as after a service-worker
  // wake, answers its first batch of 100 ids from the partitions that can hold them ----
  const coldTimes: number[] = [];
  for (let i = 0; i < 21; i++) {
    const fresh = createRegistry(store, { cleanupDelayMs: 60_000 });
    const b = batch();
    const t0 = performance.now();
    await fresh.ready();
    const found = await fresh.lookup(b);
    coldTimes.push(performance.now() - t0);
    const expected = new Set(b.filter((_, j) => j % 2)).size;
    if (found.size !== expected) throw new Error(`cold lookup: expected ${expected} hits, got ${found.size}`);
  }
  figures.coldLookupMedianMs = median(coldTimes);
  figures.coldLookupP95Ms = percentile(coldTimes, 0.95);
  report('cold lookup, 100 ids from the store', `${fmt(median(coldTimes), 1)} ms`, '', '<= 20 ms');
  report('  p95 (ready + first lookup)', `${fmt(percentile(coldTimes, 0.95), 1)} ms`, '', '');

  // ---- memory after load: the same records in a MemoryStore, so that nothing the IndexedDB
  // fake keeps around (finished requests and their callbacks) counts for the registry ----
  const copy = new MemoryStore();
  await copy.putRecord('meta', await store.getRecord('meta'));
  const ids = await store.chunkIds();
  const datas = await store.getChunks(ids);
  await copy.putChunks(ids.map((id, i) => ({ id, data: datas[i]! })));
  datas.length = 0;
  gc();
  const mark = memoryBytes();
  const woken = createRegistry(copy, { cleanupDelayMs: 60_000 });
  await woken.ready();
  await woken.lookup(batch());
  gc();
  const wokenBytes = memoryBytes() - mark;
  figures.wakeMemoryBytes = wokenBytes;
  const loaded = createRegistry(copy, { cleanupDelayMs: 60_000 });
  // the whole list in memory, as search and export read it
  await loaded.search('x:nobody');
  gc();
  const ours = memoryBytes() - mark - wokenBytes;
  figures.memoryBytes = ours;
  report(
    'memory after load (heap + buffers)',
    `${fmt(ours / MB)} MB`,
    `${fmt(naiveMemory / MB)} MB (Map of objects)`,
    '(search, export)',
  );
  report('memory after a wake and one lookup', `${fmt(wokenBytes / MB)} MB`, '', '');

  // ---- lookups: batches of 100, half hits, half misses ----
  for (let i = 0; i < 200; i++) await loaded.lookup(batch());
  const times: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const b = batch();
    const t0 = performance.now();
    const found = await loaded.lookup(b);
    times.push(performance.now() - t0);
    const expected = new Set(b.filter((_, j) => j % 2)).size;
    if (found.size !== expected) throw new Error(`expected ${expected} hits, got ${found.size}`);
  }
  figures.lookupMedianMs = median(times);
  report(
    'lookup, 100 ids (median)',
    `${fmt(median(times) * 1000, 0)} µs`,
    `${fmt(median(naiveTimes), 0)} ms (array scan)`,
    '<= 1 ms',
  );
  report('lookup, 100 ids (p99)', `${fmt(percentile(times, 0.99) * 1000, 0)} µs`, '', '');

  // ---- search over every entry ----
  t = performance.now();
  const found = await loaded.search('wilayah 17', { limit: 50 });
  figures.searchMs = performance.now() - t;
  report('search "wilayah 17" over all', `${fmt(figures.searchMs, 0)} ms`, '', `(${found.total} hits)`);

  // ---- a hashed list: every lookup hashes its ids, so the list's size hardly matters to a lookup;
  // a fifth of the accounts keeps the benchmark short ----
  const salt = 'bench-salt-2024';
  const hashedKeys = keys.slice(0, Math.ceil(keys.length / 5));
  t = performance.now();
  const hashedDoc = JSON.stringify({
    format: 'netra-hashed-watchlist',
    version: 1,
    salt,
    entries: hashedKeys.map((k, i) => ({ h: saltedHashHex(salt, k), region: String(1100 + (i % 514)) })),
  });
  const hashMs = performance.now() - t;
  const hashedRegistry = createRegistry(countingStore(await openIdbStore(new IDBFactory(), 'hashed')).store);
  t = performance.now();
  await hashedRegistry.importWatchlist(hashedDoc, 'json');
  const hashedImportMs = performance.now() - t;
  const hashedTimes: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const b = batch(); // fresh keys, so the hash cache rarely helps
    const t0 = performance.now();
    await hashedRegistry.lookup(b);
    hashedTimes.push(performance.now() - t0);
  }
  figures.hashedLookupMedianMs = median(hashedTimes);
  const n = hashedKeys.length.toLocaleString('en');
  report(`hashed list: hash ${n} ids`, `${fmt(hashMs / 1000, 2)} s`, '', '');
  report(`hashed list: import ${n}`, `${fmt(hashedImportMs / 1000, 2)} s`, '', '');
  report('hashed lookup, 100 ids (median)', `${fmt(median(hashedTimes) * 1000, 0)} µs`, '', '<= 1 ms');
  console.log(`\n${lines.join('\n')}`);
  console.log('\n* baseline import time measured on a sample and scaled; fake-indexeddb in both columns.');
  console.log(`load average now ${loadavg()[0]!.toFixed(1)}: other work on the machine slows every figure.`);
  keys = [];
  return figures;
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  main(rows).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
