import { inflateSync } from 'fflate';
import {
  compressBytes,
  decodeHashedChunk,
  decodeTableChunk,
  encodeHashedChunk,
  tableChunkPayload,
} from './codec';
import { bucketOf, HASH_BYTES, saltedHash } from './hashed';
import type { HashedTable } from './hashed';
import type { TableRow } from './rows';
import { type EntryTable, hashRange } from './table';

// Issue #24: a waking service worker answers a batch of ids without loading the whole list.
// Besides its chunks in list order (what search, export and browse read), every list is stored a
// second time partitioned by a hash of the canonical key, so a batch reads only the partitions
// that can hold its ids:
// - table list partition: u32 rows | u32 payload bytes | u32[rows*2] key and alternative-key hashes
//   (0 = none) | deflate( the table chunk payload of codec.ts )
//   The hashes are stored plain, so an id that is not in the list (most authors on a page) costs
//   one record read and a scan of a few hundred integers, never an inflate.
// - hashed list partition: the hashed chunk payload of codec.ts (not deflated).
// A row whose alternative key falls in another partition is stored in both; it belongs to the
// partition of its key. Records are `<prefix>.<partition>`, so the meta record names a list's
// partitions with one prefix and a count.

/** Rows aimed at per partition: a 100-id batch reads ~100 small records. */
const ROWS_PER_PARTITION = 256;
const MAX_PARTITION_BITS = 14;
/** Partitions compressed and written at a time while a list is stored. */
const WRITE_CONCURRENCY = 16;
/** Partitions per store write (one transaction each). */
const WRITE_BATCH = 64;

/** The number of partition bits for a list of `rows` rows (0 = one partition). */
export function partitionBits(rows: number): number {
  let bits = 0;
  while (bits < MAX_PARTITION_BITS && rows > ROWS_PER_PARTITION << bits) bits++;
  return bits;
}

/** The partition of a 32-bit key hash: its high bits (the table index uses the low ones). */
export function partitionOf(hash: number, bits: number): number {
  return bits === 0 ? 0 : hash >>> (32 - bits);
}

/** The record id of partition `p` of a list stored under `prefix`. */
export function partitionId(prefix: string, p: number): string {
  return `${prefix}.${p}`;
}

/** Every record id of a list's partitions. */
export function partitionIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, p) => partitionId(prefix, p));
}

/** Where a list's partitions are stored, as the meta record keeps it. */
export interface PartsRef {
  id: string;
  count: number;
  bytes: number;
}

type Sink = (chunks: { id: string; data: Uint8Array }[]) => Promise<void>;

async function writeAll(
  prefix: string,
  count: number,
  encode: (p: number) => Promise<Uint8Array>,
  put: Sink,
  written: string[],
): Promise<number> {
  let bytes = 0;
  let next = 0;
  const batch: { id: string; data: Uint8Array }[] = [];
  const pending: Promise<void>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const chunks = batch.splice(0);
    for (const c of chunks) written.push(c.id);
    await put(chunks);
  };
  const worker = async () => {
    for (let p = next++; p < count; p = next++) {
      const data = await encode(p);
      bytes += data.byteLength;
      batch.push({ id: partitionId(prefix, p), data });
      if (batch.length >= WRITE_BATCH) pending.push(flush());
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, count) }, worker));
  pending.push(flush());
  await Promise.all(pending);
  return bytes;
}

const encoder = new TextEncoder();

/**
 * Stores a readable list's partitions under `prefix`; `written` collects the ids as they are put
 * (so a failed store can delete them). Returns the meta record's reference.
 */
export async function writeTablePartitions(
  table: Pick<EntryTable, 'chunks' | 'size'>,
  prefix: string,
  put: Sink,
  written: string[],
): Promise<PartsRef> {
  const bits = partitionBits(table.size);
  const count = 1 << bits;
  const lines: string[][] = Array.from({ length: count }, () => []);
  const dicts: number[][] = Array.from({ length: count }, () => []);
  const hashes: number[][] = Array.from({ length: count }, () => []);
  for (const chunk of table.chunks) {
    const t = chunk.text;
    for (let r = 0; r < chunk.rows; r++) {
      const start = chunk.starts[r]!;
      const end = chunk.starts[r + 1]!;
      const keyEnd = t.indexOf('\t', start);
      const altEnd = t.indexOf('\t', keyEnd + 1);
      const keyHash = hashRange(t, start, keyEnd);
      const altHash = altEnd > keyEnd + 1 ? hashRange(t, keyEnd + 1, altEnd) : 0;
      const line = t.slice(start, end);
      const home = partitionOf(keyHash, bits);
      const add = (p: number) => {
        lines[p]!.push(line);
        dicts[p]!.push(chunk.dicts[r * 3]!, chunk.dicts[r * 3 + 1]!, chunk.dicts[r * 3 + 2]!);
        hashes[p]!.push(keyHash, altHash);
      };
      add(home);
      if (altHash !== 0 && partitionOf(altHash, bits) !== home) add(partitionOf(altHash, bits));
    }
  }
  const bytes = await writeAll(
    prefix,
    count,
    async (p) => {
      const rows = lines[p]!.length;
      const text = encoder.encode(lines[p]!.join(''));
      const payload = tableChunkPayload(text, Uint32Array.from(dicts[p]!), rows);
      lines[p] = [];
      const deflated = await compressBytes(payload);
      const out = new Uint8Array(8 + rows * 8 + deflated.byteLength);
      const view = new DataView(out.buffer);
      view.setUint32(0, rows, true);
      view.setUint32(4, payload.byteLength, true);
      const h = hashes[p]!;
      for (let i = 0; i < h.length; i++) view.setUint32(8 + i * 4, h[i]!, true);
      out.set(deflated, 8 + rows * 8);
      return out;
    },
    put,
    written,
  );
  return { id: prefix, count, bytes };
}

/** Stores a hashed list's partitions under `prefix` (see writeTablePartitions). */
export async function writeHashedPartitions(
  table: HashedTable,
  prefix: string,
  put: Sink,
  written: string[],
): Promise<PartsRef> {
  const bits = partitionBits(table.size);
  const count = 1 << bits;
  const { hashes, dicts } = table.range(0, table.size);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let r = 0; r < table.size; r++) members[partitionOf(bucketOf(hashes, r * HASH_BYTES), bits)]!.push(r);
  const bytes = await writeAll(
    prefix,
    count,
    async (p) => {
      const rows = members[p]!;
      const h = new Uint8Array(rows.length * HASH_BYTES);
      const d = new Uint32Array(rows.length * 2);
      rows.forEach((r, i) => {
        h.set(hashes.subarray(r * HASH_BYTES, (r + 1) * HASH_BYTES), i * HASH_BYTES);
        d[i * 2] = dicts[r * 2]!;
        d[i * 2 + 1] = dicts[r * 2 + 1]!;
      });
      return encodeHashedChunk(h, d, rows.length);
    },
    put,
    written,
  );
  return { id: prefix, count, bytes };
}

/** A table partition as read: the key hashes, and the rows once inflated (a hash matched). */
interface TablePart {
  kind: 'table';
  rows: number;
  hashes: Uint32Array;
  deflated: Uint8Array;
  payloadBytes: number;
  text?: string;
  starts?: Uint32Array;
  dicts?: Uint32Array;
}

interface HashedPart {
  kind: 'hashed';
  hashes: Uint8Array;
  dicts: Uint32Array;
  rows: number;
}

type Part = TablePart | HashedPart;

function readTablePart(data: Uint8Array): TablePart {
  if (data.byteLength < 8) throw new Error('stored partition is truncated');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const rows = view.getUint32(0, true);
  const payloadBytes = view.getUint32(4, true);
  if (8 + rows * 8 > data.byteLength) throw new Error('stored partition is truncated');
  const hashes = new Uint32Array(rows * 2);
  for (let i = 0; i < hashes.length; i++) hashes[i] = view.getUint32(8 + i * 4, true);
  return { kind: 'table', rows, hashes, deflated: data.subarray(8 + rows * 8), payloadBytes };
}

function inflatePart(part: TablePart, dictSize: number): void {
  const payload = inflateSync(part.deflated, { out: new Uint8Array(part.payloadBytes) });
  const { text, dicts, rows } = decodeTableChunk(payload);
  if (rows !== part.rows) throw new Error('stored partition is inconsistent');
  for (let i = 0; i < dicts.length; i++) {
    if (dicts[i]! >= dictSize) throw new Error('stored partition refers to a missing dictionary entry');
  }
  const starts = new Uint32Array(rows + 1);
  let row = 0;
  for (let at = text.indexOf('\n'); at >= 0 && row < rows; at = text.indexOf('\n', at + 1))
    starts[++row] = at + 1;
  if (row !== rows || starts[rows] !== text.length) throw new Error('stored partition is inconsistent');
  part.text = text;
  part.starts = starts;
  part.dicts = dicts;
  part.deflated = new Uint8Array(0);
}

function partBytes(part: Part): number {
  if (part.kind === 'hashed') return part.hashes.byteLength + part.dicts.byteLength;
  return part.hashes.byteLength + part.deflated.byteLength + (part.text?.length ?? 0) * 2 + part.rows * 16;
}

/** What a lookup in a partitioned list found: a row, or a hashed entry's clear-text facts. */
export type PartHit = { kind: 'table'; row: TableRow } | { kind: 'hashed'; agency: string; region: string };

/**
 * A list's partitions as lookups read them: the records a batch needs, read in one store call,
 * kept in a cache bounded in bytes (most recently used first), and the list's dictionary, read on
 * the first hit.
 */
export class PartitionReader {
  private readonly cache = new Map<number, Part>();
  private cachedBytes = 0;
  private readonly bits: number;
  private dict: readonly string[] | undefined;

  constructor(
    readonly kind: 'table' | 'hashed',
    readonly parts: PartsRef,
    private readonly salt: string | undefined,
    private readonly loadDict: () => Promise<readonly string[]>,
    private readonly cacheBytes: number,
  ) {
    this.bits = Math.log2(parts.count);
    if (!Number.isInteger(this.bits)) throw new Error('partition count is not a power of two');
  }

  /** The partition a canonical key is in. */
  partitionOfKey(key: string): number {
    if (this.kind === 'hashed') return partitionOf(bucketOf(saltedHash(this.salt!, key), 0), this.bits);
    return partitionOf(hashRange(key, 0, key.length), this.bits);
  }

  /** The record ids of the partitions of `keys` not in the cache. */
  missing(keys: readonly string[]): { p: number; id: string }[] {
    const seen = new Set<number>();
    const out: { p: number; id: string }[] = [];
    for (const key of keys) {
      const p = this.partitionOfKey(key);
      if (seen.has(p) || this.cache.has(p)) continue;
      seen.add(p);
      out.push({ p, id: partitionId(this.parts.id, p) });
    }
    return out;
  }

  /** Adds a record read from the store; throws if it is damaged. */
  add(p: number, data: Uint8Array | undefined): void {
    if (!data) throw new Error(`missing partition ${partitionId(this.parts.id, p)}`);
    const part: Part =
      this.kind === 'hashed' ? { kind: 'hashed', ...decodeHashedChunk(data) } : readTablePart(data);
    this.remember(p, part);
  }

  /** Reads the list's dictionary once (a hit needs it). */
  async ensureDictionary(): Promise<void> {
    this.dict ??= await this.loadDict();
  }

  /** Whether some row's key hash in the cached partitions equals the key's (a likely hit). */
  mayHold(key: string): boolean {
    const part = this.cache.get(this.partitionOfKey(key));
    if (!part) return false;
    if (part.kind === 'hashed') return true;
    const h = hashRange(key, 0, key.length);
    return part.hashes.includes(h);
  }

  /** The entry of `key` in its (cached) partition, or undefined; throws if the partition is damaged. */
  find(key: string): PartHit | undefined {
    const p = this.partitionOfKey(key);
    const part = this.cache.get(p);
    if (!part) return undefined;
    // most recently used last: eviction takes the first
    this.cache.delete(p);
    this.cache.set(p, part);
    const dict = this.dict ?? [''];
    if (part.kind === 'hashed') {
      const target = saltedHash(this.salt!, key);
      for (let r = 0; r < part.rows; r++) {
        let same = true;
        for (let i = 0; i < HASH_BYTES; i++) {
          if (part.hashes[r * HASH_BYTES + i] !== target[i]) {
            same = false;
            break;
          }
        }
        if (!same) continue;
        const agency = dict[part.dicts[r * 2]!];
        const region = dict[part.dicts[r * 2 + 1]!];
        if (agency === undefined || region === undefined)
          throw new Error('stored partition refers to a missing dictionary entry');
        return { kind: 'hashed', agency, region };
      }
      return undefined;
    }
    const h = hashRange(key, 0, key.length) | 0;
    for (let i = 0; i < part.hashes.length; i++) {
      if ((part.hashes[i]! | 0) !== h) continue;
      if (!part.text) {
        this.cachedBytes -= partBytes(part);
        inflatePart(part, dict.length);
        this.cachedBytes += partBytes(part);
      }
      const row = rowOf(part, i >> 1, dict);
      if (row.key === key || row.altKey === key) return { kind: 'table', row };
    }
    return undefined;
  }

  private remember(p: number, part: Part): void {
    this.cache.set(p, part);
    this.cachedBytes += partBytes(part);
  }

  /** Drops the least recently used partitions beyond the cache's bytes (after a batch is answered). */
  trim(): void {
    for (const [q, old] of this.cache) {
      if (this.cachedBytes <= this.cacheBytes) break;
      this.cache.delete(q);
      this.cachedBytes -= partBytes(old);
    }
  }

  /** Bytes held by the cache (for tests and benchmarks). */
  get heldBytes(): number {
    return this.cachedBytes;
  }
}

function rowOf(part: TablePart, r: number, dict: readonly string[]): TableRow {
  const line = part.text!.slice(part.starts![r], part.starts![r + 1]! - 1);
  const [key = '', altKey = '', name = '', nip = '', reference = '', note = ''] = line.split('\t');
  const d = part.dicts!;
  return {
    key,
    altKey,
    name,
    agency: dict[d[r * 3]!]!,
    position: dict[d[r * 3 + 1]!]!,
    region: dict[d[r * 3 + 2]!]!,
    nip,
    reference,
    note,
  };
}
