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

/** Start value of the FNV-1a hash of keys and dictionary values. */
export const HASH_SEED = 0x811c9dc5;

/** One FNV-1a step: `h` after adding the UTF-16 code unit (or ASCII byte) `c`. */
export function hashStep(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/** The final mix, so linear probing spreads well. */
export function hashFinish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** FNV-1a over a string range, then the final mix. */
export function hashRange(s: string, start: number, end: number): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = hashStep(h, s.charCodeAt(i));
  return hashFinish(h);
}

/**
 * The hash of a dictionary value: two FNV-1a lanes over alternate characters, which runs about
 * twice as fast as one (each step waits for the multiply of the step before). Signed, like the
 * index that holds it.
 */
function dictHash(s: string, start: number, end: number): number {
  let a = HASH_SEED;
  let b = 0x2545f491;
  let i = start;
  for (; i + 1 < end; i += 2) {
    a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ s.charCodeAt(i + 1), 0x01000193);
  }
  if (i < end) a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
  return hashFinish(a ^ Math.imul(b ^ (b >>> 15), 0x2c1b3c6d)) | 0;
}

/** Whether `text` holds, at `at`, the ASCII bytes `bytes[start, start + length)`. */
function sameAscii(text: string, at: number, bytes: Uint8Array, start: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (text.charCodeAt(at + i) !== bytes[start + i]) return false;
  return true;
}

/** A readable list: chunks of rows plus a key index. */
export class EntryTable {
  readonly chunks: MemChunk[] = [];
  private dict: string[] = [''];
  // the dictionary's index, looked up by a range of the text being imported so that the
  // repeated agencies, positions and regions of a big file never become strings: slot = id + 1
  private dictIndex = new Int32Array(2 * 64);
  // the key index: open addressing over pairs (hash, ref + 1) in one array, so that a probe
  // touches one cache line (with a million rows the index is far bigger than the caches)
  private index = new Int32Array(2 * 1024);
  private used = 0;
  size = 0;

  constructor() {
    this.indexDictionary();
  }

  /** Adds a chunk of rows (already checked for duplicates) and indexes its keys. */
  addChunk(rows: readonly TableRow[], id: string): MemChunk {
    return this.addBuilt(this.makeChunk(rows, id).chunk);
  }

  /**
   * Adds a chunk made by a ChunkBuilder of this table and indexes its keys; `keyHashes` (pairs of
   * hash and row, from `finish`) spares hashing the keys again.
   */
  addBuilt(chunk: MemChunk, keyHashes?: Uint32Array): MemChunk {
    if (chunk.rows > MAX_CHUNK_ROWS) throw new Error(`chunk of ${chunk.rows} rows is too large`);
    const index = this.chunks.length;
    this.chunks.push(chunk);
    this.size += chunk.rows;
    if (keyHashes) {
      for (let i = 0; i < keyHashes.length; i += 2)
        this.insert(keyHashes[i]!, index * MAX_CHUNK_ROWS + keyHashes[i + 1]!);
    } else {
      this.indexChunk(chunk, index);
    }
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
    this.indexDictionary();
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
    return this.findHashed(hashRange(key, 0, key.length), key);
  }

  /** `find` for a key whose hash is known. */
  findHashed(h: number, key: string): number {
    const index = this.index;
    const mask = (index.length >> 1) - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = index[i * 2 + 1]!;
      if (slot === 0) return -1;
      if (index[i * 2] === (h | 0) && this.rowHasKey(slot - 1, key)) return slot - 1;
    }
  }

  /** `find` for an ASCII key given as bytes, with its hash. */
  findAscii(h: number, bytes: Uint8Array, start: number, length: number): number {
    const index = this.index;
    const mask = (index.length >> 1) - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = index[i * 2 + 1]!;
      if (slot === 0) return -1;
      if (index[i * 2] === (h | 0) && this.rowHasAsciiKey(slot - 1, bytes, start, length)) return slot - 1;
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
    return this.internRange(value, 0, value.length);
  }

  /** `intern` of `text.slice(start, end)`, without making that string unless the value is new. */
  internRange(text: string, start: number, end: number): number {
    const h = dictHash(text, start, end);
    const length = end - start;
    const index = this.dictIndex;
    const mask = (index.length >> 1) - 1;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const slot = index[i * 2 + 1]!;
      if (slot === 0) break;
      if (index[i * 2] === h) {
        const value = this.dict[slot - 1]!;
        if (value.length === length && text.startsWith(value, start)) return slot - 1;
      }
    }
    const id = this.dict.length;
    this.dict.push(detach(text.slice(start, end)));
    index[i * 2] = h;
    index[i * 2 + 1] = id + 1;
    if (this.dict.length * 4 > index.length) this.indexDictionary();
    return id;
  }

  private indexDictionary(): void {
    let capacity = 64;
    while (capacity < this.dict.length * 4) capacity *= 2;
    const index = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let id = 0; id < this.dict.length; id++) {
      const value = this.dict[id]!;
      const h = dictHash(value, 0, value.length);
      let i = h & mask;
      while (index[i * 2 + 1] !== 0) i = (i + 1) & mask;
      index[i * 2] = h;
      index[i * 2 + 1] = id + 1;
    }
    this.dictIndex = index;
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

  private rowHasAsciiKey(ref: number, bytes: Uint8Array, start: number, length: number): boolean {
    const chunk = this.chunks[Math.floor(ref / MAX_CHUNK_ROWS)];
    if (!chunk) return false;
    const t = chunk.text;
    const at = chunk.starts[ref % MAX_CHUNK_ROWS]!;
    const keyEnd = t.indexOf('\t', at);
    if (keyEnd - at === length && sameAscii(t, at, bytes, start, length)) return true;
    const altEnd = t.indexOf('\t', keyEnd + 1);
    return altEnd - keyEnd - 1 === length && sameAscii(t, keyEnd + 1, bytes, start, length);
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
    if ((this.used + 1) * 4 > this.index.length) this.grow();
    const index = this.index;
    const mask = (index.length >> 1) - 1;
    let i = h & mask;
    while (index[i * 2 + 1] !== 0) i = (i + 1) & mask;
    index[i * 2] = h;
    index[i * 2 + 1] = ref + 1;
    this.used++;
  }

  private grow(): void {
    const old = this.index;
    const index = new Int32Array(old.length * 2);
    const mask = (index.length >> 1) - 1;
    for (let j = 0; j < old.length; j += 2) {
      const slot = old[j + 1]!;
      if (slot === 0) continue;
      const h = old[j]!;
      let i = h & mask;
      while (index[i * 2 + 1] !== 0) i = (i + 1) & mask;
      index[i * 2] = h;
      index[i * 2 + 1] = slot;
    }
    this.index = index;
  }

  private reindex(): void {
    let rows = 0;
    for (const c of this.chunks) rows += c.rows;
    // sized for one key per row; alternative keys are rare and `insert` grows the table if needed
    let capacity = 1024;
    while (capacity < rows * 2) capacity *= 2;
    this.index = new Int32Array(capacity * 2);
    this.used = 0;
    this.chunks.forEach((chunk, index) => {
      this.indexChunk(chunk, index);
    });
  }
}

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
 *
 * The builder also answers "is this key already in the list?" for the rows it holds (an index of
 * typed arrays over its bytes) and for the table's chunks, so duplicates are found without a Map
 * of key strings. `addUnique` takes a checked row; plain-row.ts writes the bytes of a row itself
 * (`bytes`, `length`, `reserve`) and then calls `commit`.
 */
export class ChunkBuilder {
  /** The rows so far, UTF-8; written directly by plain-row.ts after `reserve`. */
  bytes = new Uint8Array(1 << 18);
  /** Bytes used. */
  length = 0;
  private dicts = new Uint32Array(3 * 1024);
  private count = 0;
  // per row: where it starts in `bytes`, the byte length of its key and alternative key
  private rowStart = new Uint32Array(1024);
  private keyLength = new Uint32Array(1024);
  private altLength = new Uint32Array(1024);
  // pairs of (hash, slot) of every key and alternative key held (slot as in `slots`, minus 1)
  private keyHashes = new Uint32Array(2 * 1024);
  private keyCount = 0;
  // open addressing over the keys of the rows held: slot = (row * 2 + isAlt) + 1
  private slots = new Int32Array(1 << 13);
  private slotHashes = new Uint32Array(1 << 13);
  // lists are often sorted by agency: the same value as the row before costs no hashing
  private last = ['', '', ''];
  private lastIds = [0, 0, 0];

  constructor(private readonly table: EntryTable) {}

  get rows(): number {
    return this.count;
  }

  /** Makes room for `more` bytes after `length`. */
  reserve(more: number): void {
    if (this.length + more > this.bytes.length) this.bytes = grow(this.bytes, this.length + more);
  }

  /** Appends a row without looking for duplicates (the rows of an existing chunk). */
  add(row: TableRow): void {
    this.addUnique(row, false);
  }

  /**
   * Appends a checked row unless its key or alternative key is already in the table or in this
   * builder; returns -1 when added, else the reference the first row with that key has (or will
   * have once this builder's chunk is added to the table).
   */
  addUnique(row: TableRow, check = true): number {
    const start = this.length;
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    this.reserve(
      3 * (row.key.length + row.altKey.length + row.name.length + row.nip.length + row.reference.length) +
        3 * row.note.length +
        8,
    );
    const keyLength = encoder.encodeInto(row.key, this.bytes.subarray(start)).written;
    let at = start + keyLength;
    this.bytes[at++] = 9;
    const altLength = row.altKey === '' ? 0 : encoder.encodeInto(row.altKey, this.bytes.subarray(at)).written;
    at += altLength;
    this.bytes[at++] = 9;
    const rest = `${row.name}\t${row.nip}\t${row.reference}\t${row.note}\n`;
    at += encoder.encodeInto(rest, this.bytes.subarray(at)).written;
    const keyHash = hashRange(row.key, 0, row.key.length);
    const altHash = altLength > 0 ? hashRange(row.altKey, 0, row.altKey.length) : 0;
    if (check) {
      let first = this.findPending(keyHash, start, keyLength);
      if (first < 0) first = this.table.findHashed(keyHash, row.key);
      if (first < 0 && altLength > 0) {
        first = this.findPending(altHash, start + keyLength + 1, altLength);
        if (first < 0) first = this.table.findHashed(altHash, row.altKey);
      }
      if (first >= 0) return first;
    }
    this.length = at;
    this.commit(
      start,
      keyLength,
      keyHash,
      altLength,
      altHash,
      this.id(0, row.agency),
      this.id(1, row.position),
      this.id(2, row.region),
    );
    return -1;
  }

  /**
   * The reference of the row holding the ASCII key `bytes[start, start + length)` (hash `h`), in
   * the table or in this builder, or -1.
   */
  findAscii(h: number, start: number, length: number): number {
    const pending = this.findPending(h, start, length);
    return pending >= 0 ? pending : this.table.findAscii(h, this.bytes, start, length);
  }

  /** Records a row whose bytes end at `length`: its key (and alternative key) and dictionary ids. */
  commit(
    start: number,
    keyLength: number,
    keyHash: number,
    altLength: number,
    altHash: number,
    agency: number,
    position: number,
    region: number,
  ): void {
    const r = this.count;
    if (r >= this.rowStart.length) {
      this.rowStart = grow(this.rowStart, r + 1);
      this.keyLength = grow(this.keyLength, r + 1);
      this.altLength = grow(this.altLength, r + 1);
      this.dicts = grow(this.dicts, (r + 1) * 3);
    }
    this.rowStart[r] = start;
    this.keyLength[r] = keyLength;
    this.altLength[r] = altLength;
    this.dicts[r * 3] = agency;
    this.dicts[r * 3 + 1] = position;
    this.dicts[r * 3 + 2] = region;
    this.indexKey(keyHash, r * 2);
    if (altLength > 0) this.indexKey(altHash, r * 2 + 1);
    this.count++;
  }

  /** The chunk of the rows added so far and its stored payload; the builder starts over empty. */
  finish(id: string): { chunk: MemChunk; payload: Uint8Array; keyHashes: Uint32Array } {
    const rows = this.count;
    const textBytes = this.bytes.subarray(0, this.length);
    const text = decoder.decode(textBytes);
    const dicts = this.dicts.slice(0, rows * 3);
    const chunk: MemChunk = { id, text, starts: rowStarts(text, rows), dicts, rows };
    const payload = tableChunkPayload(textBytes, dicts, rows);
    // pairs of (hash, row) for the table's index
    const keyHashes = this.keyHashes.slice(0, this.keyCount * 2);
    for (let i = 1; i < keyHashes.length; i += 2) keyHashes[i] = keyHashes[i]! >> 1;
    this.length = 0;
    this.count = 0;
    this.keyCount = 0;
    this.slots.fill(0);
    return { chunk, payload, keyHashes };
  }

  private id(field: number, value: string): number {
    if (value === this.last[field]) return this.lastIds[field]!;
    const id = this.table.intern(value);
    this.last[field] = value;
    this.lastIds[field] = id;
    return id;
  }

  private indexKey(h: number, slot: number): void {
    if ((this.keyCount + 1) * 2 > this.slots.length) this.growSlots();
    if (this.keyCount * 2 + 2 > this.keyHashes.length)
      this.keyHashes = grow(this.keyHashes, this.keyCount * 2 + 2);
    this.keyHashes[this.keyCount * 2] = h;
    this.keyHashes[this.keyCount * 2 + 1] = slot;
    this.keyCount++;
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = slot + 1;
    this.slotHashes[i] = h;
  }

  private growSlots(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.slotHashes = new Uint32Array(this.slots.length);
    const mask = this.slots.length - 1;
    for (let k = 0; k < this.keyCount; k++) {
      const h = this.keyHashes[k * 2]!;
      const slot = this.keyHashes[k * 2 + 1]!;
      let i = h & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.slots[i] = slot + 1;
      this.slotHashes[i] = h;
    }
  }

  /** The reference-to-be of a row of this builder holding the key `bytes[start, start + length)`, or -1. */
  private findPending(h: number, start: number, length: number): number {
    const mask = this.slots.length - 1;
    const b = this.bytes;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      if (this.slotHashes[i] !== h) continue;
      const r = (slot - 1) >> 1;
      const alt = (slot - 1) & 1;
      const at = this.rowStart[r]! + (alt ? this.keyLength[r]! + 1 : 0);
      if ((alt ? this.altLength[r] : this.keyLength[r]) !== length) continue;
      let same = true;
      for (let j = 0; j < length; j++) {
        if (b[at + j] !== b[start + j]) {
          same = false;
          break;
        }
      }
      if (same) return this.table.chunks.length * MAX_CHUNK_ROWS + r;
    }
  }
}

function grow<T extends Uint8Array | Uint32Array>(array: T, atLeast: number): T {
  let size = array.length * 2;
  while (size < atLeast) size *= 2;
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
