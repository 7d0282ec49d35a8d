import Papa from 'papaparse';
import { z } from 'zod';
import { normalizeKey, parseKey, parseProfileUrl, profileUrl } from './canonical';
import {
  compressBytes,
  compressText,
  decodeHashedChunk,
  decodeTableChunk,
  decompressBytes,
  decompressText,
  encodeHashedChunk,
} from './codec';
import { type ListHeader, MAX_ROWS, type RowSource, readWatchlist, type WatchlistFormat } from './formats';
import { HashedTable } from './hashed';
import { AsnError, type AsnErrorCode, describeError, detach } from './messages';
import { CELL_STRIDE, PlainRows } from './plain-row';
import { COLUMNS, checkRow, cleanCell, type RawRow, rawRowOfCells, type TableRow } from './rows';
import type { RegistryStore } from './store';
import { ChunkBuilder, EntryTable, MAX_CHUNK_ROWS } from './table';
import type {
  AsnEntry,
  AsnFields,
  AsnMatch,
  AsnSource,
  ImportProgress,
  ImportReport,
  ImportRowError,
  ListStats,
  RegistryStats,
  SyncResult,
} from './types';

// The ASN registry: which accounts are ASN, from imported watchlists, synced watchlist URLs,
// hashed lists and accounts tagged by hand. Owned by the background; everything it needs from
// the outside (storage, fetch, the clock) is injected.
//
// Every mutation runs one at a time through `exclusive`. A list is replaced by writing its new
// chunks, then the meta record that points at them, then deleting the old chunks, so a failure
// anywhere leaves the previous list in force, in memory and in storage.

const META = 'meta';
const DEFAULT_CHUNK_ROWS = 4096;
const DEFAULT_MAX_ERRORS = 1000;
// Chunks of an import being compressed and written at once.
const IN_FLIGHT = 3;
// Longest stretch of import work between two turns of the event loop.
const YIELD_EVERY_MS = 40;
const MAX_SYNC_BYTES = 256 * 1024 * 1024;
const MANUAL_LIMITS = { name: 200, agency: 200, position: 200, region: 200, note: 1000 } as const;

const ChunkRefSchema = z.object({ id: z.string(), rows: z.number().int().min(0), bytes: z.number().min(0) });
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
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  lastCheckedAt: z.string().optional(),
  lastError: ListErrorSchema.optional(),
});
const MetaSchema = z.object({
  schema: z.literal(1),
  lists: z.array(StoredListSchema),
  manual: z.object({ chunk: ChunkRefSchema }).optional(),
});
type StoredList = z.infer<typeof StoredListSchema>;
type StoredMeta = z.infer<typeof MetaSchema>;
type ChunkRef = z.infer<typeof ChunkRefSchema>;

const ManualEntrySchema = z.object({
  key: z.string(),
  name: z.string().optional(),
  agency: z.string().optional(),
  position: z.string().optional(),
  region: z.string().optional(),
  note: z.string().optional(),
  taggedAt: z.string(),
});
type ManualEntry = z.infer<typeof ManualEntrySchema>;

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
}

/** Options of one import. */
export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Which list to replace; lists with other names stay. Defaults to the file's own name or `default`. */
  listName?: string;
  signal?: AbortSignal;
  /** Bad rows listed in the report (all are counted). */
  maxErrors?: number;
}

/** Fields a person gives when tagging an account by hand. */
export type TagInfo = Pick<AsnFields, 'name' | 'agency' | 'position' | 'region' | 'note'>;

/** Result of `remove`: which lists lost the key, and which still list it (synced, hashed). */
export interface RemoveResult {
  removedFrom: string[];
  stillListedIn: string[];
}

/** A page of search results. */
export interface SearchResult {
  total: number;
  items: AsnEntry[];
}

interface LoadedList {
  meta: StoredList;
  table: EntryTable | HashedTable;
}

const SOURCE_ORDER: Record<AsnSource, number> = { manual: 0, watchlist: 1, sync: 2, hashed: 3 };

function sourceOf(list: StoredList): AsnSource {
  if (list.kind === 'hashed') return 'hashed';
  return list.origin === 'url' ? 'sync' : 'watchlist';
}

function emptyMeta(): StoredMeta {
  return { schema: 1, lists: [] };
}

function newChunkId(): string {
  return `c-${crypto.randomUUID()}`;
}

function defaultYield(): Promise<void> {
  // scheduler.yield (Chrome 129+) resumes ahead of other tasks and is not clamped like nested
  // timeouts (4 ms each in browsers)
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function rowError(
  line: number,
  code: AsnErrorCode,
  params: Record<string, string | number> = {},
): ImportRowError {
  return { line, code, ...describeError(code, params) };
}

function asAsnError(e: unknown): AsnError {
  if (e instanceof AsnError) return e;
  return new AsnError('storage-failed', { detail: e instanceof Error ? e.message : String(e) });
}

/** The registry of ASN accounts. Create it with `createRegistry`. */
export class AsnRegistry {
  private meta: StoredMeta = emptyMeta();
  private lists: LoadedList[] = [];
  private damaged = new Map<string, string>();
  private manual = new Map<string, ManualEntry>();
  private readonly loaded: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;
  private readonly yieldNow: () => Promise<void>;
  private readonly chunkRows: number;

  constructor(
    private readonly store: RegistryStore,
    private readonly options: RegistryOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.yieldNow = options.yieldToEventLoop ?? defaultYield;
    this.chunkRows = Math.min(options.chunkRows ?? DEFAULT_CHUNK_ROWS, MAX_CHUNK_ROWS);
    this.loaded = this.exclusive(() => this.load());
    // callers see a load failure when they await; this only keeps it from being "unhandled"
    this.loaded.catch(() => undefined);
  }

  /** Resolves once the stored lists are in memory; rejects if the store cannot be read. */
  ready(): Promise<void> {
    return this.loaded;
  }

  /** The matches for canonical keys (see `accountKeys`), keyed as asked; unknown keys are absent. */
  async lookup(keys: readonly string[]): Promise<Map<string, AsnMatch>> {
    await this.loaded;
    const out = new Map<string, AsnMatch>();
    for (const asked of keys) {
      if (out.has(asked)) continue;
      const match = this.match(normalizeKey(asked));
      if (match) out.set(asked, match);
    }
    return out;
  }

  /**
   * Imports a watchlist file (CSV, JSON or a hashed list), replacing the list of the same name.
   * Bad rows are reported and skipped; when no row is valid the previous list stays.
   * Throws AsnError only when the list cannot be stored (or the import is aborted).
   */
  async importWatchlist(
    text: string,
    format: WatchlistFormat = 'auto',
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    return this.exclusive(async () => {
      await this.loaded;
      const read = readWatchlist(text, format);
      if (!read.ok) {
        return {
          imported: 0,
          total: 0,
          errorCount: 1,
          errors: [rowError(read.line, read.code, read.params)],
          replaced: false,
        };
      }
      const source = read.source;
      const name =
        options.listName ?? source.header.name ?? (source.kind === 'hashed' ? 'hashed' : 'default');
      const { report } = await this.importSource(
        source,
        { id: `import:${name}`, name, origin: 'import' },
        options,
      );
      return report;
    });
  }

  /**
   * Fetches a watchlist URL with a conditional request and replaces the synced list if the server
   * has a newer version. A failure keeps the last good list and is recorded for `stats`.
   */
  async sync(
    url: string,
    options: { fetch?: typeof fetch; signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<SyncResult> {
    return this.exclusive(async () => {
      await this.loaded;
      const id = `sync:${url}`;
      const result = await this.syncOnce(id, url, options);
      if (result.status === 'error') {
        await this.recordSyncState(id, url, {
          lastError: {
            code: result.code,
            message: result.message,
            messageEn: result.messageEn,
            at: this.now().toISOString(),
          },
        });
      }
      return result;
    });
  }

  /** Tags an account as ASN by hand (or updates its tag). `key` must be canonical. */
  async tag(key: string, info: TagInfo = {}): Promise<AsnEntry> {
    return this.exclusive(async () => {
      await this.loaded;
      const ref = parseKey(normalizeKey(key));
      if (!ref) throw new AsnError('invalid-key', { value: key });
      const entry: ManualEntry = { key: ref.key, taggedAt: this.now().toISOString() };
      for (const field of Object.keys(MANUAL_LIMITS) as (keyof typeof MANUAL_LIMITS)[]) {
        const value = cleanCell(info[field] ?? '');
        if (value.length > MANUAL_LIMITS[field]) {
          throw new AsnError('field-too-long', { field, max: MANUAL_LIMITS[field] });
        }
        if (value !== '') entry[field] = detach(value);
      }
      const next = new Map(this.manual);
      next.set(ref.key, entry);
      await this.saveManual(next);
      return this.manualEntry(entry);
    });
  }

  /** Removes a hand-made tag; true if there was one. */
  async untag(key: string): Promise<boolean> {
    return this.exclusive(async () => {
      await this.loaded;
      const k = normalizeKey(key);
      if (!this.manual.has(k)) return false;
      const next = new Map(this.manual);
      next.delete(k);
      await this.saveManual(next);
      return true;
    });
  }

  /**
   * Removes an account from the hand-made tags and every imported list. Synced and hashed lists
   * are the coordinator's: they are reported in `stillListedIn`, not edited.
   */
  async remove(key: string): Promise<RemoveResult> {
    return this.exclusive(async () => {
      await this.loaded;
      const k = normalizeKey(key);
      const removedFrom: string[] = [];
      if (this.manual.has(k)) {
        const next = new Map(this.manual);
        next.delete(k);
        await this.saveManual(next);
        removedFrom.push('manual');
      }
      for (const list of this.lists) {
        if (list.meta.origin !== 'import' || !(list.table instanceof EntryTable)) continue;
        if (list.table.find(k) < 0) continue;
        await this.removeFromTable(list, k);
        removedFrom.push(list.meta.id);
      }
      const stillListedIn = this.lists.filter((l) => l.table.find(k) >= 0).map((l) => l.meta.id);
      return { removedFrom, stillListedIn };
    });
  }

  /** Deletes a whole list (imported, synced or hashed). */
  async removeList(listId: string): Promise<void> {
    return this.exclusive(async () => {
      await this.loaded;
      const stored = this.meta.lists.find((l) => l.id === listId);
      if (!stored) throw new AsnError('unknown-list', { value: listId });
      const meta: StoredMeta = { ...this.meta, lists: this.meta.lists.filter((l) => l.id !== listId) };
      await this.store.putRecord(META, meta);
      this.meta = meta;
      this.lists = this.lists.filter((l) => l.meta.id !== listId);
      this.damaged.delete(listId);
      await this.dropChunks(chunkIdsOf(stored));
    });
  }

  /**
   * Readable entries whose key, name, NIP, agency, position, region, note or source contain the
   * query (case-insensitive); a profile URL or key finds that account. Hashed lists are not
   * searchable. Order: hand tags, imported lists, synced lists.
   */
  async search(
    query: string,
    options: { limit?: number; offset?: number; sources?: AsnSource[] } = {},
  ): Promise<SearchResult> {
    await this.loaded;
    const limit = Math.max(0, options.limit ?? 50);
    const offset = Math.max(0, options.offset ?? 0);
    const sources = new Set(options.sources ?? ['manual', 'watchlist', 'sync']);
    const needle = cleanCell(query).toLowerCase().replace(/^@/, '');
    const exactKey = exactKeyOf(needle);
    const items: AsnEntry[] = [];
    let total = 0;
    const take = (make: () => AsnEntry): boolean => {
      if (total >= offset && items.length < limit) items.push(make());
      total++;
      return true;
    };
    if (sources.has('manual')) {
      for (const entry of this.manual.values()) {
        if (exactKey ? entry.key === exactKey : manualMatches(entry, needle))
          take(() => this.manualEntry(entry));
      }
    }
    for (const list of this.readableLists()) {
      if (!sources.has(sourceOf(list.meta))) continue;
      const table = list.table as EntryTable;
      const make = (ref: number) => () => tableEntry(list.meta, table.row(ref));
      if (exactKey) {
        const ref = table.find(exactKey);
        if (ref >= 0) take(make(ref));
      } else if (needle === '') {
        for (const ref of table.refs()) take(make(ref));
      } else {
        table.search(needle, (ref) => take(make(ref)));
      }
    }
    return { total, items };
  }

  /** Readable entries as a watchlist CSV (the import format, English header). */
  async exportCsv(options: { sources?: AsnSource[]; listIds?: string[] } = {}): Promise<string> {
    await this.loaded;
    const sources = new Set(options.sources ?? ['manual', 'watchlist', 'sync']);
    const wanted = options.listIds ? new Set(options.listIds) : undefined;
    const data: string[][] = [];
    const push = (e: Pick<AsnEntry, 'key' | 'altKey'> & AsnFields) => data.push(csvCells(e));
    if (sources.has('manual') && (!wanted || wanted.has('manual'))) {
      for (const entry of this.manual.values()) push(entry);
    }
    for (const list of this.readableLists()) {
      if (!sources.has(sourceOf(list.meta)) || (wanted && !wanted.has(list.meta.id))) continue;
      const table = list.table as EntryTable;
      for (const ref of table.refs()) {
        const row = table.row(ref);
        push({ ...row, altKey: row.altKey || undefined });
      }
    }
    // papaparse ends a header-only file with a line break; keep one shape for all exports
    return Papa.unparse({ fields: [...COLUMNS], data }, { escapeFormulae: true, newline: '\r\n' }).replace(
      /\r\n$/,
      '',
    );
  }

  /** Counts per source and per list, with sync state and storage use. */
  async stats(): Promise<RegistryStats> {
    await this.loaded;
    const bySource: Record<AsnSource, number> = {
      manual: this.manual.size,
      watchlist: 0,
      sync: 0,
      hashed: 0,
    };
    const lists: ListStats[] = [];
    let storedBytes = this.meta.manual?.chunk.bytes ?? 0;
    for (const stored of this.meta.lists) {
      const loaded = this.lists.find((l) => l.meta.id === stored.id);
      const entries = loaded ? loaded.table.size : 0;
      const source = sourceOf(stored);
      bySource[source] += entries;
      const bytes = stored.chunks.reduce((sum, c) => sum + c.bytes, stored.dict?.bytes ?? 0);
      storedBytes += bytes;
      const damage = this.damaged.get(stored.id);
      lists.push({
        id: stored.id,
        name: stored.name,
        source,
        entries,
        updatedAt: stored.updatedAt,
        storedBytes: bytes,
        ...(stored.version !== undefined && { version: stored.version }),
        ...(stored.generatedAt && { generatedAt: stored.generatedAt }),
        ...(stored.url && { url: stored.url }),
        ...(stored.lastCheckedAt && { lastCheckedAt: stored.lastCheckedAt }),
        ...(stored.lastError && {
          lastError: { ...stored.lastError, code: stored.lastError.code as AsnErrorCode },
        }),
        ...(damage && { damaged: { message: damage } }),
      });
    }
    const total = Object.values(bySource).reduce((a, b) => a + b, 0);
    return { total, bySource, lists, storedBytes };
  }

  // ---- internals ----

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private match(key: string): AsnMatch | undefined {
    const tagged = this.manual.get(key);
    if (tagged) {
      const { taggedAt: _t, ...fields } = tagged;
      return { ...fields, source: 'manual' };
    }
    for (const list of this.lists) {
      const ref = list.table.find(key);
      if (ref < 0) continue;
      const source = sourceOf(list.meta);
      if (list.table instanceof HashedTable) {
        const { agency, region } = list.table.info(ref);
        return {
          key,
          source,
          listName: list.meta.name,
          ...(agency && { agency }),
          ...(region && { region }),
        };
      }
      const row = list.table.row(ref);
      return {
        key,
        source,
        listName: list.meta.name,
        ...(row.name && { name: row.name }),
        ...(row.agency && { agency: row.agency }),
        ...(row.position && { position: row.position }),
        ...(row.region && { region: row.region }),
        ...(row.note && { note: row.note }),
      };
    }
    return undefined;
  }

  private readableLists(): LoadedList[] {
    return this.lists.filter((l) => l.table instanceof EntryTable);
  }

  private setLists(meta: StoredMeta, replaced?: LoadedList): void {
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

  private async load(): Promise<void> {
    const raw = await this.store.getRecord(META);
    if (raw === undefined) return;
    const parsed = MetaSchema.safeParse(raw);
    if (!parsed.success) {
      // set aside, never silently reset: the damaged record and its chunks stay in the store
      await this.store.putRecord(`${META}.damaged.${this.now().toISOString()}`, raw);
      await this.store.putRecord(META, emptyMeta());
      return;
    }
    const meta = parsed.data;
    for (const stored of meta.lists) {
      try {
        const table = await this.loadList(stored);
        this.lists.push({ meta: stored, table });
      } catch (e) {
        this.damaged.set(stored.id, e instanceof Error ? e.message : String(e));
      }
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
    // chunks no meta points at are leftovers of an interrupted import: drop them
    const referenced = new Set([
      ...meta.lists.flatMap(chunkIdsOf),
      ...(meta.manual ? [meta.manual.chunk.id] : []),
    ]);
    const orphans = (await this.store.chunkIds()).filter((id) => !referenced.has(id));
    await this.store.deleteChunks(orphans);
  }

  private async loadList(stored: StoredList): Promise<EntryTable | HashedTable> {
    if (stored.kind === 'hashed' && !stored.salt) throw new Error('hashed list without salt');
    const table = stored.kind === 'hashed' ? new HashedTable(stored.salt!) : new EntryTable();
    if (stored.dict) {
      const [data] = await this.store.getChunks([stored.dict.id]);
      if (!data) throw new Error(`missing dictionary ${stored.dict.id}`);
      const strings = z.array(z.string()).parse(JSON.parse(await decompressText(data)));
      table.setDictionary(strings);
    }
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

  private async importSource(
    source: RowSource,
    target: { id: string; name: string; origin: 'import' | 'url'; url?: string },
    options: ImportOptions,
    extra: Partial<StoredList> = {},
  ): Promise<{ report: ImportReport }> {
    const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
    const errors: ImportRowError[] = [];
    let errorCount = 0;
    const fail = (line: number, code: AsnErrorCode, params?: Record<string, string | number>) => {
      errorCount++;
      if (errors.length < maxErrors) errors.push(rowError(line, code, params));
    };
    const written: ChunkRef[] = [];
    let total = 0;
    let imported = 0;
    // Chunks compress and write (zlib runs off the main thread) while the next ones are parsed;
    // at most IN_FLIGHT at a time keeps memory bounded. With one, parsing stopped at every chunk
    // until the previous deflate, which only advances when the event loop turns, had finished.
    const inflight: Promise<void>[] = [];
    const writeChunk = async (
      id: string,
      payload: Uint8Array,
      rows: number,
      deflate: boolean,
    ): Promise<ChunkRef> => {
      while (inflight.length >= IN_FLIGHT) await inflight.shift();
      const ref: ChunkRef = { id, rows, bytes: 0 };
      written.push(ref);
      const job = (deflate ? compressBytes(payload) : Promise.resolve(payload)).then((data) => {
        ref.bytes = data.byteLength;
        return this.store.putChunks([{ id: ref.id, data }]);
      });
      job.catch(() => undefined);
      inflight.push(job);
      return ref;
    };

    let table: EntryTable | HashedTable;
    // both return true when a chunk is full and must be flushed
    let addRow: (row: RawRow, line: number) => boolean;
    let addHash: (h: string, agency: string, region: string, line: number) => boolean;
    let flush: () => Promise<void>;
    // CSV rows: the plain ones go straight into the table (plain-row.ts), the others through addRow
    let plain: PlainRows | undefined;
    let addPlain: (line: number) => boolean = () => false;

    if (source.kind === 'hashed') {
      const hashed = new HashedTable(source.salt!);
      table = hashed;
      const lines: number[] = [];
      let flushedTo = 0;
      flush = async () => {
        if (hashed.size === flushedTo) return;
        const { hashes, dicts, rows } = hashed.range(flushedTo, hashed.size);
        flushedTo = hashed.size;
        await writeChunk(newChunkId(), encodeHashedChunk(hashes, dicts, rows), rows, false);
      };
      addRow = () => false;
      addHash = (h, agency, region, line) => {
        const existing = hashed.add(h, cleanCell(agency), cleanCell(region));
        if (existing >= 0) {
          fail(line, 'duplicate', { key: `${h.slice(0, 12)}…`, firstLine: lines[existing]! });
          return false;
        }
        lines.push(line);
        imported++;
        return hashed.size - flushedTo >= this.chunkRows;
      };
    } else {
      const entries = new EntryTable();
      table = entries;
      const builder = new ChunkBuilder(entries);
      plain = new PlainRows(builder, entries, this.now().getUTCFullYear());
      const chunkLines: Uint32Array[] = [];
      let pendingLines: number[] = [];
      flush = async () => {
        if (builder.rows === 0) return;
        const { chunk, payload, keyHashes } = builder.finish(newChunkId());
        entries.addBuilt(chunk, keyHashes);
        chunkLines.push(Uint32Array.from(pendingLines));
        pendingLines = [];
        await writeChunk(chunk.id, payload, chunk.rows, true);
      };
      // the line of a row, by reference (rows of the builder: the reference they will have)
      const lineOf = (ref: number): number => {
        const chunk = Math.floor(ref / MAX_CHUNK_ROWS);
        return chunk < chunkLines.length
          ? chunkLines[chunk]![ref % MAX_CHUNK_ROWS]!
          : pendingLines[ref % MAX_CHUNK_ROWS]!;
      };
      addHash = () => false;
      addRow = (raw, line) => {
        const checked = checkRow(raw);
        if (!checked.ok) {
          fail(line, checked.code, checked.params);
          return false;
        }
        const row = checked.row;
        const first = builder.addUnique(row);
        if (first >= 0) {
          fail(line, 'duplicate', { key: row.key, firstLine: lineOf(first) });
          return false;
        }
        pendingLines.push(line);
        imported++;
        return builder.rows >= this.chunkRows;
      };
      addPlain = (line) => {
        pendingLines.push(line);
        imported++;
        return builder.rows >= this.chunkRows;
      };
    }

    let lastYield = performance.now();
    try {
      for (const batch of source.batches()) {
        if (options.signal?.aborted) throw new AsnError('aborted');
        if (!Array.isArray(batch)) {
          const { text, bounds, lines, problems } = batch;
          for (let r = 0; r < batch.count; r++) {
            total++;
            let full = false;
            const problem = problems.size > 0 ? problems.get(r) : undefined;
            if (problem) fail(lines[r]!, problem.code, problem.params);
            else if (plain?.add(text, bounds, r * CELL_STRIDE)) full = addPlain(lines[r]!);
            else full = addRow(rawRowOfCells(text, bounds, r * CELL_STRIDE), lines[r]!);
            if (full) await flush();
          }
        } else {
          for (const item of batch) {
            total++;
            let full = false;
            if ('code' in item) fail(item.line, item.code, item.params);
            else if ('raw' in item) full = addRow(item.raw, item.line);
            else full = addHash(item.hash.h, item.hash.agency, item.hash.region, item.line);
            if (full) await flush();
          }
        }
        const maxRows = this.options.maxRows ?? MAX_ROWS;
        if (total > maxRows) throw new AsnError('too-many-rows', { max: maxRows });
        // give the event loop a turn every few dozen milliseconds, not after every batch
        if (performance.now() - lastYield >= (this.options.yieldEveryMs ?? YIELD_EVERY_MS)) {
          options.onProgress?.({ done: total, total: Math.max(total, source.estimatedTotal) });
          await this.yieldNow();
          lastYield = performance.now();
        }
      }
      if (options.signal?.aborted) throw new AsnError('aborted');
      await flush();
      await Promise.all(inflight);
      options.onProgress?.({ done: total, total });
      let dict: ChunkRef | undefined;
      if (imported > 0) {
        const data = await compressText(JSON.stringify(table.dictionary()));
        dict = { id: newChunkId(), rows: table.dictionary().length, bytes: data.byteLength };
        written.push(dict);
        await this.store.putChunks([{ id: dict.id, data }]);
      }
      const base = { imported, total, errors, errorCount };
      if (imported === 0) {
        return { report: { ...base, replaced: false } };
      }
      const previous = this.meta.lists.find((l) => l.id === target.id);
      const stored: StoredList = {
        ...(previous?.origin === target.origin ? pickSyncState(previous) : {}),
        ...extra,
        id: target.id,
        name: target.name,
        origin: target.origin,
        kind: source.kind,
        ...(target.url && { url: target.url }),
        ...(source.salt && { salt: source.salt }),
        ...headerFields(source.header),
        updatedAt: this.now().toISOString(),
        rows: imported,
        chunks: written.filter((c) => c !== dict),
        ...(dict && { dict }),
      };
      delete stored.lastError;
      for (const k of Object.keys(stored) as (keyof StoredList)[])
        if (stored[k] === undefined) delete stored[k];
      const meta: StoredMeta = {
        ...this.meta,
        lists: [...this.meta.lists.filter((l) => l.id !== target.id), stored],
      };
      await this.store.putRecord(META, meta);
      // the new list is in force from here on
      written.length = 0;
      this.setLists(meta, { meta: stored, table });
      this.damaged.delete(target.id);
      if (previous) await this.dropChunks(chunkIdsOf(previous));
      return { report: { ...base, replaced: true, listId: target.id } };
    } catch (e) {
      await Promise.allSettled(inflight);
      await this.dropChunks(written.map((c) => c.id));
      if (e instanceof AsnError && e.code === 'too-many-rows') {
        // a file-level problem: reported like a bad header, the previous list stays
        const tooMany = { line: 0, code: e.code, message: e.message, messageEn: e.messageEn };
        return { report: { imported: 0, total, errors: [tooMany], errorCount: 1, replaced: false } };
      }
      throw asAsnError(e);
    }
  }

  private async dropChunks(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.store.deleteChunks(ids);
    } catch {
      // unreferenced chunks are collected at the next load
    }
  }

  private async syncOnce(
    id: string,
    url: string,
    options: { fetch?: typeof fetch; signal?: AbortSignal; timeoutMs?: number },
  ): Promise<SyncResult> {
    const error = (
      code: AsnErrorCode,
      params: Record<string, string | number> = {},
      httpStatus?: number,
    ): SyncResult => ({
      status: 'error',
      listId: id,
      code,
      ...describeError(code, params),
      ...(httpStatus !== undefined && { httpStatus }),
    });
    if (!isSyncUrl(url)) return error('invalid-url', { value: url });
    const held = this.meta.lists.find((l) => l.id === id);
    const hasData = Boolean(held && held.rows > 0 && !this.damaged.has(id));
    const headers: Record<string, string> = { Accept: 'application/json, text/csv;q=0.9, */*;q=0.5' };
    if (hasData && held?.etag) headers['If-None-Match'] = held.etag;
    if (hasData && held?.lastModified) headers['If-Modified-Since'] = held.lastModified;
    const fetchFn = options.fetch ?? this.options.fetch ?? globalThis.fetch;
    const signals = [AbortSignal.timeout(options.timeoutMs ?? 60_000)];
    if (options.signal) signals.push(options.signal);
    let response: Response;
    let body: string;
    try {
      response = await fetchFn(url, {
        headers,
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.any(signals),
      });
      if (response.status === 304) {
        if (!hasData) return error('http-error', { status: 304 }, 304);
        await this.recordSyncState(id, url, {
          lastCheckedAt: this.now().toISOString(),
          lastError: undefined,
        });
        return {
          status: 'not-modified',
          listId: id,
          ...(held?.version !== undefined && { version: held.version }),
        };
      }
      if (!response.ok) return error('http-error', { status: response.status }, response.status);
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > MAX_SYNC_BYTES) return error('too-large', { max: MAX_SYNC_BYTES >> 20 });
      body = await response.text();
    } catch (e) {
      return error('network-error', { detail: e instanceof Error ? e.message : String(e) });
    }
    if (body.length > MAX_SYNC_BYTES) return error('too-large', { max: MAX_SYNC_BYTES >> 20 });
    const read = readWatchlist(body, 'auto');
    if (!read.ok) return error(read.code, read.params);
    const version = read.source.header.version;
    if (version === undefined) return error('missing-version');
    const validators = {
      ...(response.headers.get('etag') && { etag: response.headers.get('etag')! }),
      ...(response.headers.get('last-modified') && { lastModified: response.headers.get('last-modified')! }),
    };
    if (hasData && held?.version !== undefined) {
      if (version < held.version) return error('version-downgrade', { got: version, held: held.version });
      if (version === held.version) {
        await this.recordSyncState(id, url, {
          ...validators,
          lastCheckedAt: this.now().toISOString(),
          lastError: undefined,
        });
        return { status: 'not-modified', listId: id, version };
      }
    }
    const name = read.source.header.name ?? held?.name ?? new URL(url).hostname;
    try {
      const { report } = await this.importSource(
        read.source,
        { id, name, origin: 'url', url },
        {},
        { etag: undefined, lastModified: undefined, ...validators, lastCheckedAt: this.now().toISOString() },
      );
      if (!report.replaced) {
        const first = report.errors[0];
        if (first?.code !== 'too-many-rows') return error('no-valid-rows');
        return {
          status: 'error',
          listId: id,
          code: first.code,
          message: first.message,
          messageEn: first.messageEn,
        };
      }
      return {
        status: 'updated',
        listId: id,
        version,
        imported: report.imported,
        total: report.total,
        errors: report.errors,
      };
    } catch (e) {
      const err = asAsnError(e);
      return error(err.code, { detail: err.message });
    }
  }

  private async recordSyncState(id: string, url: string, patch: Partial<StoredList>): Promise<void> {
    const held = this.meta.lists.find((l) => l.id === id);
    const base: StoredList = held ?? {
      id,
      name: safeHostname(url),
      origin: 'url',
      kind: 'table',
      url,
      updatedAt: this.now().toISOString(),
      rows: 0,
      chunks: [],
    };
    const next: StoredList = { ...base, ...patch };
    for (const k of Object.keys(next) as (keyof StoredList)[]) if (next[k] === undefined) delete next[k];
    const meta: StoredMeta = { ...this.meta, lists: this.meta.lists.map((l) => (l.id === id ? next : l)) };
    if (!held) meta.lists.push(next);
    try {
      await this.store.putRecord(META, meta);
      this.setLists(meta);
    } catch {
      // the state is informational; the list itself is untouched
    }
  }

  private async saveManual(next: Map<string, ManualEntry>): Promise<void> {
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

  private async removeFromTable(list: LoadedList, key: string): Promise<void> {
    const table = list.table as EntryTable;
    const ref = table.find(key);
    const index = Math.floor(ref / MAX_CHUNK_ROWS);
    const rows = table.rowsOfChunk(index).filter((r) => r.key !== key && r.altKey !== key);
    const oldChunk = table.chunks[index]!;
    // the remaining rows only use values already in the list's dictionary: it stays as stored
    const { chunk, payload } = table.makeChunk(rows, newChunkId());
    let newRef: ChunkRef | undefined;
    if (rows.length > 0) {
      const data = await compressBytes(payload);
      newRef = { id: chunk.id, rows: rows.length, bytes: data.byteLength };
      await this.store.putChunks([{ id: newRef.id, data }]).catch((e) => {
        throw asAsnError(e);
      });
    }
    const chunks = list.meta.chunks.flatMap((c) => (c.id === oldChunk.id ? (newRef ? [newRef] : []) : [c]));
    const stored: StoredList = {
      ...list.meta,
      chunks,
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
      if (newRef) await this.dropChunks([newRef.id]);
      throw asAsnError(e);
    }
    table.replaceChunk(index, chunk);
    if (!newRef) table.compact();
    this.setLists(meta);
    await this.dropChunks([oldChunk.id]);
  }

  private manualEntry(entry: ManualEntry): AsnEntry {
    return { ...entry, source: 'manual', listId: 'manual', listName: 'manual' };
  }
}

function chunkIdsOf(list: StoredList): string[] {
  return [...list.chunks.map((c) => c.id), ...(list.dict ? [list.dict.id] : [])];
}

function pickSyncState(list: StoredList): Partial<StoredList> {
  const { etag, lastModified, lastCheckedAt } = list;
  return {
    ...(etag && { etag }),
    ...(lastModified && { lastModified }),
    ...(lastCheckedAt && { lastCheckedAt }),
  };
}

function headerFields(header: ListHeader): Partial<StoredList> {
  return {
    ...(header.version !== undefined && { version: header.version }),
    ...(header.generatedAt && { generatedAt: header.generatedAt }),
  };
}

function tableEntry(list: StoredList, row: TableRow): AsnEntry {
  const entry: AsnEntry = {
    key: row.key,
    source: sourceOf(list) as Exclude<AsnSource, 'hashed'>,
    listId: list.id,
    listName: list.name,
  };
  if (row.altKey) entry.altKey = row.altKey;
  for (const field of ['name', 'agency', 'position', 'region', 'nip', 'reference', 'note'] as const) {
    if (row[field]) entry[field] = row[field];
  }
  return entry;
}

function manualMatches(entry: ManualEntry, needle: string): boolean {
  if (needle === '') return true;
  return [entry.key, entry.name, entry.agency, entry.position, entry.region, entry.note].some((v) =>
    v?.toLowerCase().includes(needle),
  );
}

function exactKeyOf(needle: string): string | undefined {
  if (needle === '') return undefined;
  if (parseKey(needle)) return needle;
  if (/^[a-z]+:\/\/|^(www\.|m\.)?(x|twitter|facebook|instagram|tiktok|youtube)\.com\//.test(needle)) {
    // the needle is lowercased, which a YouTube channel URL does not survive; handles do
    const parsed = parseProfileUrl(needle);
    if (parsed.ok) return parsed.ref.key;
  }
  return undefined;
}

function csvCells(e: Pick<AsnEntry, 'key' | 'altKey'> & AsnFields): string[] {
  const ref = parseKey(e.key)!;
  const alt = e.altKey ? parseKey(e.altKey) : undefined;
  const handle = ref.kind === 'handle' ? ref.value : `id:${ref.value}`;
  const url = profileUrl(alt ?? ref) ?? '';
  return [
    ref.site,
    handle,
    url,
    e.name ?? '',
    e.agency ?? '',
    e.position ?? '',
    e.region ?? '',
    e.nip ?? '',
    e.reference ?? '',
    e.note ?? '',
  ];
}

function isSyncUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    // plain http only to this machine: a local mirror, and the tests
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

function safeHostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** Creates a registry over a store; it starts loading at once (await `ready()` to know when). */
export function createRegistry(store: RegistryStore, options: RegistryOptions = {}): AsnRegistry {
  return new AsnRegistry(store, options);
}
