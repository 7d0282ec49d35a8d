import { tableChunkPayload } from './codec';
import { detach } from './messages';
import type { TableRow } from './rows';

// The in-memory form of a readable list, built for a million rows in a service worker:
// - rows live in chunks; each chunk keeps its text fields in ONE string ("key\talt\tname\tnip\t
//   reference\tnote\n" per row) with a Uint32Array of row offsets, so a row costs its characters
//   and 4 bytes instead of a JS object with nine string pointers;
// - agency, position and region repeat a lot, so they are interned in a per-table dictionary
//   and kept as three Uint32 ids per row;
// - keys are indexed by an open-addressing hash table of typed arrays (hash + row reference),
//   which costs 8 bytes per slot instead of a Map entry and a key string per row.
// A row reference is chunkIndex * MAX_CHUNK_ROWS + rowIndex.

export const MAX_CHUNK_ROWS = 1 << 14;
const DICT_FIELDS = 3;

/** One chunk of rows in memory, and the id of the stored record it was read from or written to. */
export interface MemChunk {
  id: string;
  text: string;
  starts: Uint32Array;
  dicts: Uint32Array;
  rows: number;
}

/** FNV-1a over a string range, then a final mix so linear probing spreads well. */
function hashRange(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** A readable list: chunks of rows plus a key index. */
export class EntryTable {
  readonly chunks: MemChunk[] = [];
  private dict: string[] = [''];
  private dictIds = new Map<string, number>([['', 0]]);
  private hashes = new Uint32Array(1024);
  private slots = new Int32Array(1024);
  private used = 0;
  size = 0;

  /** Adds a chunk of rows (already checked for duplicates) and indexes its keys. */
  addChunk(rows: readonly TableRow[], id: string): MemChunk {
    return this.addBuilt(this.makeChunk(rows, id).chunk);
  }

  /** Adds a chunk made by a ChunkBuilder of this table and indexes its keys. */
  addBuilt(chunk: MemChunk): MemChunk {
    if (chunk.rows > MAX_CHUNK_ROWS) throw new Error(`chunk of ${chunk.rows} rows is too large`);
    const index = this.chunks.length;
    this.chunks.push(chunk);
    this.size += chunk.rows;
    this.indexChunk(chunk, index);
    return chunk;
  }

  /** Adds a chunk read from storage (see codec.ts); throws if it does not fit this table. */
  addStoredChunk(id: string, text: string, dicts: Uint32Array, rows: number): MemChunk {
    if (rows > MAX_CHUNK_ROWS || dicts.length !== rows * DICT_FIELDS)
      throw new Error('stored chunk is inconsistent');
    const starts = rowStarts(text, rows);
    for (let i = 0; i < dicts.length; i++) {
      if (dicts[i]! >= this.dict.length) throw new Error('stored chunk refers to a missing dictionary entry');
    }
    const chunk: MemChunk = { id, text, starts, dicts, rows };
    const index = this.chunks.length;
    this.chunks.push(chunk);
    this.size += rows;
    this.indexChunk(chunk, index);
    return chunk;
  }

  /** The interned agencies, positions and regions; row dictionary ids point into it. */
  dictionary(): readonly string[] {
    return this.dict;
  }

  /** Restores the dictionary of a stored list before its chunks are added. */
  setDictionary(strings: readonly string[]): void {
    if (this.chunks.length > 0 || strings[0] !== '')
      throw new Error('dictionary must come first and start empty');
    this.dict = [...strings];
    this.dictIds = new Map(this.dict.map((value, id) => [value, id]));
  }

  /** Builds a chunk of this table's layout, and its stored payload, without adding it (see `replaceChunk`). */
  makeChunk(rows: readonly TableRow[], id: string): { chunk: MemChunk; payload: Uint8Array } {
    const builder = new ChunkBuilder(this);
    for (const row of rows) builder.add(row);
    return builder.finish(id);
  }

  /** Replaces a chunk (after a removal) and rebuilds the index. */
  replaceChunk(index: number, chunk: MemChunk): void {
    const old = this.chunks[index];
    if (!old) throw new Error(`no chunk ${index}`);
    this.size += chunk.rows - old.rows;
    this.chunks[index] = chunk;
    this.reindex();
  }

  /** Drops chunks that became empty and rebuilds the index. */
  compact(): void {
    const kept = this.chunks.filter((c) => c.rows > 0);
    this.chunks.length = 0;
    this.chunks.push(...kept);
    this.reindex();
  }

  /** The reference of the row holding `key` (as key or alternative key), or -1. */
  find(key: string): number {
    const h = hashRange(key, 0, key.length);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      if (this.hashes[i] === h && this.rowHasKey(slot - 1, key)) return slot - 1;
    }
  }

  /** The row at a reference. */
  row(ref: number): TableRow {
    const chunk = this.chunks[Math.floor(ref / MAX_CHUNK_ROWS)]!;
    return this.rowOf(chunk, ref % MAX_CHUNK_ROWS);
  }

  /** Every row of one chunk, in order. */
  rowsOfChunk(index: number): TableRow[] {
    const chunk = this.chunks[index]!;
    const rows: TableRow[] = [];
    for (let r = 0; r < chunk.rows; r++) rows.push(this.rowOf(chunk, r));
    return rows;
  }

  /**
   * References of rows where `needle` (lowercase) occurs in a text field or an interned field,
   * in list order; calls `visit` for each and stops when it returns false.
   */
  search(needle: string, visit: (ref: number) => boolean): void {
    const dictHit = new Uint8Array(this.dict.length);
    let anyDictHit = false;
    for (let i = 1; i < this.dict.length; i++) {
      if (this.dict[i]!.toLowerCase().includes(needle)) {
        dictHit[i] = 1;
        anyDictHit = true;
      }
    }
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      const hit = new Uint8Array(chunk.rows);
      const lower = chunk.text.toLowerCase();
      let row = 0;
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
        while (chunk.starts[row + 1]! <= at) row++;
        hit[row] = 1;
      }
      if (anyDictHit) {
        const d = chunk.dicts;
        for (let r = 0; r < chunk.rows; r++) {
          if (dictHit[d[r * 3]!] || dictHit[d[r * 3 + 1]!] || dictHit[d[r * 3 + 2]!]) hit[r] = 1;
        }
      }
      for (let r = 0; r < chunk.rows; r++) {
        if (hit[r] && !visit(c * MAX_CHUNK_ROWS + r)) return;
      }
    }
  }

  /** Every reference, in list order. */
  *refs(): Generator<number> {
    for (let c = 0; c < this.chunks.length; c++) {
      const rows = this.chunks[c]!.rows;
      for (let r = 0; r < rows; r++) yield c * MAX_CHUNK_ROWS + r;
    }
  }

  private rowOf(chunk: MemChunk, r: number): TableRow {
    const line = chunk.text.slice(chunk.starts[r], chunk.starts[r + 1]! - 1);
    const [key = '', altKey = '', name = '', nip = '', reference = '', note = ''] = line.split('\t');
    const d = chunk.dicts;
    return {
      key,
      altKey,
      name,
      agency: this.dict[d[r * 3]!]!,
      position: this.dict[d[r * 3 + 1]!]!,
      region: this.dict[d[r * 3 + 2]!]!,
      nip,
      reference,
      note,
    };
  }

  /** The dictionary id of an agency, position or region, adding it if new. */
  intern(value: string): number {
    let id = this.dictIds.get(value);
    if (id === undefined) {
      id = this.dict.length;
      const own = detach(value);
      this.dict.push(own);
      this.dictIds.set(own, id);
    }
    return id;
  }

  private rowHasKey(ref: number, key: string): boolean {
    const chunk = this.chunks[Math.floor(ref / MAX_CHUNK_ROWS)];
    if (!chunk) return false;
    const t = chunk.text;
    const start = chunk.starts[ref % MAX_CHUNK_ROWS]!;
    const keyEnd = t.indexOf('\t', start);
    if (keyEnd - start === key.length && t.startsWith(key, start)) return true;
    const altEnd = t.indexOf('\t', keyEnd + 1);
    return altEnd - keyEnd - 1 === key.length && t.startsWith(key, keyEnd + 1);
  }

  private indexChunk(chunk: MemChunk, index: number): void {
    const t = chunk.text;
    for (let r = 0; r < chunk.rows; r++) {
      const start = chunk.starts[r]!;
      const keyEnd = t.indexOf('\t', start);
      const altEnd = t.indexOf('\t', keyEnd + 1);
      const ref = index * MAX_CHUNK_ROWS + r;
      this.insert(hashRange(t, start, keyEnd), ref);
      if (altEnd > keyEnd + 1) this.insert(hashRange(t, keyEnd + 1, altEnd), ref);
    }
  }

  private insert(h: number, ref: number): void {
    // keep the load factor under 1/2 so probes stay short
    if ((this.used + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = ref + 1;
    this.hashes[i] = h;
    this.used++;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2);
    this.hashes = new Uint32Array(oldSlots.length * 2);
    const mask = this.slots.length - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      const slot = oldSlots[j]!;
      if (slot === 0) continue;
      const h = oldHashes[j]!;
      let i = h & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.slots[i] = slot;
      this.hashes[i] = h;
    }
  }

  private reindex(): void {
    let rows = 0;
    for (const c of this.chunks) rows += c.rows;
    // sized for one key per row; alternative keys are rare and `insert` grows the table if needed
    let capacity = 1024;
    while (capacity < rows * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.hashes = new Uint32Array(capacity);
    this.used = 0;
    this.chunks.forEach((chunk, index) => {
      this.indexChunk(chunk, index);
    });
  }
}

/** Collects rows into one chunk of a table while an import runs, without keeping row objects. */
/** Where each of `rows` newline-terminated rows starts in `text`; throws if the count is off. */
function rowStarts(text: string, rows: number): Uint32Array {
  const starts = new Uint32Array(rows + 1);
  let row = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    if (row >= rows) throw new Error('chunk has too many rows');
    starts[++row] = at + 1;
  }
  if (row !== rows || starts[rows] !== text.length) throw new Error('chunk has too few rows');
  return starts;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Collects rows into one chunk of a table while an import runs. Rows go straight into UTF-8
 * bytes: keeping thousands of row strings until the chunk is full made the garbage collector
 * copy them again and again; bytes in an ArrayBuffer are never copied.
 */
export class ChunkBuilder {
  private bytes = new Uint8Array(1 << 18);
  private length = 0;
  private dicts = new Uint32Array(3 * 1024);
  private count = 0;
  // lists are often sorted by agency: the same value as the row before costs no hashing
  private last = ['', '', ''];
  private lastIds = [0, 0, 0];

  constructor(private readonly table: EntryTable) {}

  get rows(): number {
    return this.count;
  }

  add(row: TableRow): void {
    const line = `${row.key}\t${row.altKey}\t${row.name}\t${row.nip}\t${row.reference}\t${row.note}\n`;
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (this.length + line.length * 3 > this.bytes.length)
      this.bytes = grow(this.bytes, this.length + line.length * 3);
    this.length += encoder.encodeInto(line, this.bytes.subarray(this.length)).written;
    if ((this.count + 1) * 3 > this.dicts.length) this.dicts = grow(this.dicts, (this.count + 1) * 3);
    const d = this.count * 3;
    this.dicts[d] = this.id(0, row.agency);
    this.dicts[d + 1] = this.id(1, row.position);
    this.dicts[d + 2] = this.id(2, row.region);
    this.count++;
  }

  /** The chunk of the rows added so far and its stored payload; the builder starts over empty. */
  finish(id: string): { chunk: MemChunk; payload: Uint8Array } {
    const rows = this.count;
    const textBytes = this.bytes.subarray(0, this.length);
    const text = decoder.decode(textBytes);
    const dicts = this.dicts.slice(0, rows * 3);
    const chunk: MemChunk = { id, text, starts: rowStarts(text, rows), dicts, rows };
    const payload = tableChunkPayload(textBytes, dicts, rows);
    this.length = 0;
    this.count = 0;
    return { chunk, payload };
  }

  private id(field: number, value: string): number {
    if (value === this.last[field]) return this.lastIds[field]!;
    const id = this.table.intern(value);
    this.last[field] = value;
    this.lastIds[field] = id;
    return id;
  }
}

function grow<T extends Uint8Array | Uint32Array>(array: T, atLeast: number): T {
  let size = array.length * 2;
  while (size < atLeast) size *= 2;
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
