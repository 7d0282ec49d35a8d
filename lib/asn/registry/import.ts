import { AsnError, type AsnErrorCode, describeError } from '../messages';
import { type ListHeader, MAX_ROWS, type RowSource, readWatchlist, type WatchlistFormat } from '../formats';
import { HashedTable } from '../hashed';
import { compressBytes, compressText, encodeHashedChunk } from '../codec';
import { CELL_STRIDE, PlainRows } from '../plain-row';
import { checkRow, cleanCell, type RawRow, rawRowOfCells } from '../rows';
import { ChunkBuilder, EntryTable, MAX_CHUNK_ROWS } from '../table';
import type { ImportProgress, ImportReport, ImportRowError } from '../types';
import {
  asAsnError,
  type ChunkRef,
  chunkIdsOf,
  META,
  newChunkId,
  writePartitions,
  type RegistryState,
  type StoredList,
  type StoredMeta,
} from './state';

// Importing a list: a watchlist file (CSV, JSON, hashed) or a synced one, read in batches,
// checked row by row, written in chunks, then put in force by one meta write.

const DEFAULT_MAX_ERRORS = 1000;
/** Chunks being compressed and written while the next ones are parsed. */
const IN_FLIGHT = 3;
/** Longest stretch of import work between two yields to the event loop, in ms. */
const YIELD_EVERY_MS = 40;

/** Options of one import. */
export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Which list to replace; lists with other names stay. Defaults to the file's own name or `default`. */
  listName?: string;
  signal?: AbortSignal;
  /** Bad rows listed in the report (all are counted). */
  maxErrors?: number;
}

/** One bad row as the import report lists it. */
export function rowError(
  line: number,
  code: AsnErrorCode,
  params: Record<string, string | number> = {},
): ImportRowError {
  return { line, code, ...describeError(code, params) };
}

/**
 * Imports a watchlist file's text into the list of its name (ImportOptions.listName, else the
 * file's own name, else `default`).
 */
export async function importFile(
  state: RegistryState,
  text: string,
  format: WatchlistFormat,
  options: ImportOptions,
): Promise<ImportReport> {
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
  const name = options.listName ?? source.header.name ?? (source.kind === 'hashed' ? 'hashed' : 'default');
  const { report } = await importSource(
    state,
    source,
    { id: `import:${name}`, name, origin: 'import' },
    options,
  );
  return report;
}

/**
 * Reads a source into a new list and puts it in force in place of the list of the same id.
 * When no row is valid, or anything fails, the previous list stays and the written chunks go.
 */
export async function importSource(
  state: RegistryState,
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
  // the list's partitions (../partitions.ts), written once every row is in
  const partIds: string[] = [];
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
      return state.store.putChunks([{ id: ref.id, data }]);
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
      return hashed.size - flushedTo >= state.chunkRows;
    };
  } else {
    const entries = new EntryTable();
    table = entries;
    const builder = new ChunkBuilder(entries);
    plain = new PlainRows(builder, entries, state.now().getUTCFullYear());
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
      return builder.rows >= state.chunkRows;
    };
    addPlain = (line) => {
      pendingLines.push(line);
      imported++;
      return builder.rows >= state.chunkRows;
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
      const maxRows = state.options.maxRows ?? MAX_ROWS;
      if (total > maxRows) throw new AsnError('too-many-rows', { max: maxRows });
      // give the event loop a turn every few dozen milliseconds, not after every batch
      if (performance.now() - lastYield >= (state.options.yieldEveryMs ?? YIELD_EVERY_MS)) {
        options.onProgress?.({ done: total, total: Math.max(total, source.estimatedTotal) });
        await state.yieldNow();
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
      await state.store.putChunks([{ id: dict.id, data }]);
    }
    const base = { imported, total, errors, errorCount };
    if (imported === 0) {
      return { report: { ...base, replaced: false } };
    }
    const parts = await writePartitions(state.store, table, partIds);
    const previous = state.meta.lists.find((l) => l.id === target.id);
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
      updatedAt: state.now().toISOString(),
      rows: imported,
      chunks: written.filter((c) => c !== dict),
      ...(dict && { dict }),
      parts,
    };
    delete stored.lastError;
    for (const k of Object.keys(stored) as (keyof StoredList)[])
      if (stored[k] === undefined) delete stored[k];
    const meta: StoredMeta = {
      ...state.meta,
      lists: [...state.meta.lists.filter((l) => l.id !== target.id), stored],
    };
    await state.store.putRecord(META, meta);
    // the new list is in force from here on
    written.length = 0;
    partIds.length = 0;
    state.setLists(meta, state.listOf(stored, table));
    state.damaged.delete(target.id);
    if (previous) await state.dropChunks(chunkIdsOf(previous));
    return { report: { ...base, replaced: true, listId: target.id } };
  } catch (e) {
    await Promise.allSettled(inflight);
    await state.dropChunks([...written.map((c) => c.id), ...partIds]);
    if (e instanceof AsnError && e.code === 'too-many-rows') {
      // a file-level problem: reported like a bad header, the previous list stays
      const tooMany = { line: 0, code: e.code, message: e.message, messageEn: e.messageEn };
      return { report: { imported: 0, total, errors: [tooMany], errorCount: 1, replaced: false } };
    }
    throw asAsnError(e);
  }
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
