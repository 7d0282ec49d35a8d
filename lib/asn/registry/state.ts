import { inflateSync } from 'fflate';
import { z } from 'zod';
import {
  compressBytes,
  compressText,
  decodeHashedChunk,
  decodeTableChunk,
  decompressBytes,
  decompressText,
} from '../codec';
import { HashedTable } from '../hashed';
import { AsnError } from '../messages';
import {
  PartitionReader,
  partitionIds,
  type PartsRef,
  writeHashedPartitions,
  writeTablePartitions,
} from '../partitions';
import type { RegistryStore } from '../store';
import { EntryTable, MAX_CHUNK_ROWS } from '../table';
import type { AsnEntry, AsnSource } from '../types';

// The registry's state and how it is stored: the meta record that names every list and its
// chunks, the lists in memory, the hand-made tags. The lookup, import, sync and browse modules
// work on it; lib/asn/registry/index.ts runs them one mutation at a time.
//
// A list is replaced by writing its new chunks, then the meta record that points at them, then
// deleting the old chunks, so a failure anywhere leaves the previous list in force, in memory and
// in storage.
//
// Lookups read a list's partitions (../partitions.ts), a few records per batch; search, export and
// removal read its chunks in list order, on first use (issue #24: a waking worker answers at once).

export const META = 'meta';
const DEFAULT_CHUNK_ROWS = 4096;

export const ChunkRefSchema = z.object({
  id: z.string(),
  rows: z.number().int().min(0),
  bytes: z.number().min(0),
});
const ListErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  messageEn: z.string(),
  at: z.string(),
});
const StoredListSchema = z.object({
  id: z.string(),
  name: z.string(),
  origin: z.enum(['import', 'url']),
  kind: z.enum(['table', 'hashed']),
  url: z.string().optional(),
  salt: z.string().optional(),
  version: z.number().optional(),
  generatedAt: z.string().optional(),
  updatedAt: z.string(),
  rows: z.number().int().min(0),
  chunks: z.array(ChunkRefSchema),
  /** The list's dictionary of agencies, positions and regions. */
  dict: ChunkRefSchema.optional(),
  /** The list partitioned by key for lookups (meta schema 2; see ../partitions.ts). */
  parts: z.object({ id: z.string(), count: z.number().int().min(1), bytes: z.number().min(0) }).optional(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  lastCheckedAt: z.string().optional(),
  lastError: ListErrorSchema.optional(),
});
/** The meta record's current schema: 2 added partitions (migrate.ts moves schema 1). */
export const META_SCHEMA = 2;
export const MetaSchema = z.object({
  schema: z.union([z.literal(1), z.literal(2)]),
  lists: z.array(StoredListSchema),
  manual: z.object({ chunk: ChunkRefSchema }).optional(),
});
export type StoredList = z.infer<typeof StoredListSchema>;
export type StoredMeta = z.infer<typeof MetaSchema>;
export type ChunkRef = z.infer<typeof ChunkRefSchema>;

export const ManualEntrySchema = z.object({
  key: z.string(),
  name: z.string().optional(),
  agency: z.string().optional(),
  position: z.string().optional(),
  region: z.string().optional(),
  note: z.string().optional(),
  taggedAt: z.string(),
});
export type ManualEntry = z.infer<typeof ManualEntrySchema>;

/** What the registry needs from its surroundings besides the store. */
export interface RegistryOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  /** Lets the event loop run between import batches (a macrotask by default). */
  yieldToEventLoop?: () => Promise<void>;
  /** Longest stretch of import work between two yields, in ms (40 by default; 0 = every batch). */
  yieldEveryMs?: number;
  /** Rows per stored chunk. */
  chunkRows?: number;
  /** Largest list accepted, in rows (5 million by default). */
  maxRows?: number;
  /** Bytes of partitions a list keeps in memory between lookups (4 MB by default). */
  partitionCacheBytes?: number;
  /** Delay before leftovers of interrupted writes are collected, in ms (5 s by default). */
  cleanupDelayMs?: number;
}

/**
 * A list in force. `reader` answers lookups from its partitions; `table` holds the whole list
 * in memory once something needed it (an import just made it, a search, an export, a removal).
 */
export interface LoadedList {
  meta: StoredList;
  table?: EntryTable | HashedTable;
  reader?: PartitionReader;
  loading?: Promise<void>;
}

const SOURCE_ORDER: Record<AsnSource, number> = { manual: 0, watchlist: 1, sync: 2, hashed: 3 };

/** Where a list's entries came from, as matches and stats name it. */
export function sourceOf(list: StoredList): AsnSource {
  if (list.kind === 'hashed') return 'hashed';
  return list.origin === 'url' ? 'sync' : 'watchlist';
}

export function emptyMeta(): StoredMeta {
  return { schema: META_SCHEMA, lists: [] };
}

export function newChunkId(): string {
  return `c-${crypto.randomUUID()}`;
}

function defaultYield(): Promise<void> {
  // scheduler.yield (Chrome 129+) resumes ahead of other tasks and is not clamped like nested
  // timeouts (4 ms each in browsers)
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A storage failure as the registry reports it. */
export function asAsnError(e: unknown): AsnError {
  if (e instanceof AsnError) return e;
  return new AsnError('storage-failed', { detail: e instanceof Error ? e.message : String(e) });
}

/** Every chunk a list's meta points at. */
export function chunkIdsOf(list: StoredList): string[] {
  return [
    ...list.chunks.map((c) => c.id),
    ...(list.dict ? [list.dict.id] : []),
    ...(list.parts ? partitionIds(list.parts.id, list.parts.count) : []),
  ];
}

const DEFAULT_PARTITION_CACHE_BYTES = 4 << 20;

/** Stores a list's partitions; `written` collects the record ids as they are put. */
export function writePartitions(
  store: RegistryStore,
  table: EntryTable | HashedTable,
  written: string[],
): Promise<PartsRef> {
  const put = (chunks: { id: string; data: Uint8Array }[]) => store.putChunks(chunks);
  return table instanceof HashedTable
    ? writeHashedPartitions(table, newChunkId(), put, written)
    : writeTablePartitions(table, newChunkId(), put, written);
}

/** A hand-made tag as an entry. */
export function manualEntry(entry: ManualEntry): AsnEntry {
  return { ...entry, source: 'manual', listId: 'manual', listName: 'manual' };
}

/** The registry's state: what is stored and what is in memory. */
export class RegistryState {
  meta: StoredMeta = emptyMeta();
  lists: LoadedList[] = [];
  /** Lists (and `manual`) that could not be read, with why: kept aside, not deleted. */
  damaged = new Map<string, string>();
  manual = new Map<string, ManualEntry>();
  readonly now: () => Date;
  readonly yieldNow: () => Promise<void>;
  readonly chunkRows: number;

  constructor(
    readonly store: RegistryStore,
    readonly options: RegistryOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.yieldNow = options.yieldToEventLoop ?? defaultYield;
    this.chunkRows = Math.min(options.chunkRows ?? DEFAULT_CHUNK_ROWS, MAX_CHUNK_ROWS);
  }

  /** The lists whose entries can be read (not hashed) and are in memory (see `loadReadable`). */
  readableLists(): (LoadedList & { table: EntryTable })[] {
    return this.lists.filter(
      (l): l is LoadedList & { table: EntryTable } =>
        l.table instanceof EntryTable && !this.damaged.has(l.meta.id),
    );
  }

  /** Puts a new meta record in force, with a list that replaces the one of its id. */
  setLists(meta: StoredMeta, replaced?: LoadedList): void {
    const lists = this.lists.filter((l) => l.meta.id !== replaced?.meta.id);
    if (replaced) lists.push(replaced);
    // match order: imported, synced, hashed; then by name for a stable answer
    for (const l of lists) l.meta = meta.lists.find((s) => s.id === l.meta.id) ?? l.meta;
    lists.sort(
      (a, b) =>
        SOURCE_ORDER[sourceOf(a.meta)] - SOURCE_ORDER[sourceOf(b.meta)] || a.meta.id.localeCompare(b.meta.id),
    );
    this.meta = meta;
    this.lists = lists;
  }

  /** A list in force, with the reader of its partitions. */
  listOf(stored: StoredList, table?: EntryTable | HashedTable): LoadedList {
    const list: LoadedList = { meta: stored, ...(table && { table }) };
    if (stored.parts) {
      list.reader = new PartitionReader(
        stored.kind,
        stored.parts,
        stored.salt,
        () => this.loadDictionary(stored),
        this.options.partitionCacheBytes ?? DEFAULT_PARTITION_CACHE_BYTES,
      );
    }
    return list;
  }

  /**
   * Reads the meta record and the hand-made tags; lists are read when a lookup or a search needs
   * them. A damaged meta record is set aside, not reset; a meta of an earlier schema is migrated.
   */
  async load(migrate: (state: RegistryState, meta: StoredMeta) => Promise<StoredMeta>): Promise<void> {
    const raw = await this.store.getRecord(META);
    if (raw === undefined) return;
    const parsed = MetaSchema.safeParse(raw);
    if (!parsed.success) {
      // set aside, never silently reset: the damaged record and its chunks stay in the store
      await this.store.putRecord(`${META}.damaged.${this.now().toISOString()}`, raw);
      await this.store.putRecord(META, emptyMeta());
      return;
    }
    const meta = parsed.data.schema === META_SCHEMA ? parsed.data : await migrate(this, parsed.data);
    for (const stored of meta.lists) {
      if (stored.parts || stored.rows === 0) this.lists.push(this.listOf(stored));
      else this.damaged.set(stored.id, 'list has no partitions (it could not be migrated)');
    }
    if (meta.manual) {
      try {
        const [data] = await this.store.getChunks([meta.manual.chunk.id]);
        if (!data) throw new Error('missing chunk');
        const entries = z.array(ManualEntrySchema).parse(JSON.parse(await decompressText(data)));
        this.manual = new Map(entries.map((e) => [e.key, e]));
      } catch (e) {
        this.damaged.set('manual', e instanceof Error ? e.message : String(e));
      }
    }
    this.setLists(meta);
  }

  /** Deletes chunks no meta points at: leftovers of an interrupted import (run after the load). */
  async collectOrphans(): Promise<void> {
    const referenced = new Set([
      ...this.meta.lists.flatMap(chunkIdsOf),
      ...(this.meta.manual ? [this.meta.manual.chunk.id] : []),
    ]);
    const orphans = (await this.store.chunkIds()).filter((id) => !referenced.has(id));
    await this.store.deleteChunks(orphans);
  }

  /** Marks a list as damaged (kept aside, reported by stats) if it is still the one in force. */
  setDamaged(list: LoadedList, e: unknown): void {
    if (!this.lists.includes(list)) return;
    this.damaged.set(list.meta.id, e instanceof Error ? e.message : String(e));
  }

  /** Reads every readable list in force into memory (search, export, removal need the whole list). */
  async loadReadable(): Promise<void> {
    await Promise.all(
      this.lists
        .filter((l) => l.meta.kind === 'table' && !l.table && !this.damaged.has(l.meta.id))
        .map((l) => this.loadWhole(l)),
    );
  }

  /** Reads one list whole into memory, once; a damaged one is set aside. */
  loadWhole(list: LoadedList): Promise<void> {
    list.loading ??= this.loadList(list.meta).then(
      (table) => {
        list.table = table;
      },
      (e: unknown) => this.setDamaged(list, e),
    );
    return list.loading;
  }

  private async loadDictionary(stored: StoredList): Promise<readonly string[]> {
    if (!stored.dict) return [''];
    const [data] = await this.store.getChunks([stored.dict.id]);
    if (!data) throw new Error(`missing dictionary ${stored.dict.id}`);
    // the first hit after a wake waits for this: a synchronous inflate and a plain check of the
    // parsed array are several times quicker than a stream and a schema
    const strings: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflateSync(data)));
    if (!Array.isArray(strings) || strings[0] !== '' || !strings.every((v) => typeof v === 'string'))
      throw new Error('stored dictionary is damaged');
    return strings as string[];
  }

  /** A stored list whole, from its chunks in list order. */
  async loadList(stored: StoredList): Promise<EntryTable | HashedTable> {
    if (stored.kind === 'hashed' && !stored.salt) throw new Error('hashed list without salt');
    const table = stored.kind === 'hashed' ? new HashedTable(stored.salt!) : new EntryTable();
    if (stored.dict) table.setDictionary(await this.loadDictionary(stored));
    const BATCH = 16;
    for (let i = 0; i < stored.chunks.length; i += BATCH) {
      const refs = stored.chunks.slice(i, i + BATCH);
      const datas = await this.store.getChunks(refs.map((c) => c.id));
      for (let j = 0; j < refs.length; j++) {
        const ref = refs[j]!;
        const data = datas[j];
        if (!data) throw new Error(`missing chunk ${ref.id}`);
        if (table instanceof HashedTable) {
          const { hashes, dicts, rows } = decodeHashedChunk(data);
          table.addStored(hashes, dicts, rows);
        } else {
          const { text, dicts, rows } = decodeTableChunk(await decompressBytes(data));
          table.addStoredChunk(ref.id, text, dicts, rows);
        }
      }
      await this.yieldNow();
    }
    return table;
  }

  /** Deletes chunks nothing points at any more; a failure leaves them for the next load. */
  async dropChunks(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.store.deleteChunks(ids);
    } catch {
      // unreferenced chunks are collected at the next load
    }
  }

  /** Stores the hand-made tags: the new chunk, then the meta record, then the old chunk goes. */
  async saveManual(next: Map<string, ManualEntry>): Promise<void> {
    const old = this.meta.manual?.chunk.id;
    let meta: StoredMeta;
    let chunkId: string | undefined;
    if (next.size > 0) {
      const data = await compressText(JSON.stringify([...next.values()]));
      chunkId = newChunkId();
      try {
        await this.store.putChunks([{ id: chunkId, data }]);
        meta = { ...this.meta, manual: { chunk: { id: chunkId, rows: next.size, bytes: data.byteLength } } };
        await this.store.putRecord(META, meta);
      } catch (e) {
        await this.dropChunks([chunkId]);
        throw asAsnError(e);
      }
    } else {
      const { manual: _gone, ...rest } = this.meta;
      meta = rest;
      try {
        await this.store.putRecord(META, meta);
      } catch (e) {
        throw asAsnError(e);
      }
    }
    this.meta = meta;
    this.manual = next;
    this.damaged.delete('manual');
    if (old) await this.dropChunks([old]);
  }

  /**
   * Rewrites the chunk of an imported list that holds a key, without it, and the list's
   * partitions (under a new prefix, so the meta write puts both in force at once).
   */
  async removeFromTable(list: LoadedList, key: string): Promise<void> {
    const table = list.table as EntryTable;
    const ref = table.find(key);
    const index = Math.floor(ref / MAX_CHUNK_ROWS);
    const rows = table.rowsOfChunk(index).filter((r) => r.key !== key && r.altKey !== key);
    const oldChunk = table.chunks[index]!;
    // the remaining rows only use values already in the list's dictionary: it stays as stored
    const { chunk, payload } = table.makeChunk(rows, newChunkId());
    let newRef: ChunkRef | undefined;
    const partIds: string[] = [];
    let parts: PartsRef;
    try {
      if (rows.length > 0) {
        const data = await compressBytes(payload);
        newRef = { id: chunk.id, rows: rows.length, bytes: data.byteLength };
        await this.store.putChunks([{ id: newRef.id, data }]);
      }
      // the partitions are written from the table's chunks with the new one in place
      const without = table.chunks.map((c, i) => (i === index ? chunk : c));
      parts = await writeTablePartitions(
        { chunks: without, size: table.size - (oldChunk.rows - chunk.rows) },
        newChunkId(),
        (c) => this.store.putChunks(c),
        partIds,
      );
    } catch (e) {
      await this.dropChunks([...(newRef ? [newRef.id] : []), ...partIds]);
      throw asAsnError(e);
    }
    const chunks = list.meta.chunks.flatMap((c) => (c.id === oldChunk.id ? (newRef ? [newRef] : []) : [c]));
    const stored: StoredList = {
      ...list.meta,
      chunks,
      parts,
      rows: list.meta.rows - 1,
      updatedAt: this.now().toISOString(),
    };
    const meta: StoredMeta = {
      ...this.meta,
      lists: this.meta.lists.map((l) => (l.id === stored.id ? stored : l)),
    };
    try {
      await this.store.putRecord(META, meta);
    } catch (e) {
      await this.dropChunks([...(newRef ? [newRef.id] : []), ...partIds]);
      throw asAsnError(e);
    }
    table.replaceChunk(index, chunk);
    if (!newRef) table.compact();
    this.setLists(meta, this.listOf(stored, table));
    await this.dropChunks([
      oldChunk.id,
      ...(list.meta.parts ? partitionIds(list.meta.parts.id, list.meta.parts.count) : []),
    ]);
  }
}
