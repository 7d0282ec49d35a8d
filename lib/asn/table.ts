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
  storedBytes: number;
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
  addChunk(rows: readonly TableRow[], id: string, storedBytes: number): MemChunk {
    if (rows.length > MAX_CHUNK_ROWS) throw new Error(`chunk of ${rows.length} rows is too large`);
    const chunk = this.buildChunk(rows, id, storedBytes);
    const index = this.chunks.length;
    this.chunks.push(chunk);
    this.size += chunk.rows;
    this.indexChunk(chunk, index);
    return chunk;
  }

  /** Replaces a chunk's rows (after a removal) and rebuilds the index. */
  replaceChunk(index: number, rows: readonly TableRow[], id: string, storedBytes: number): void {
    const old = this.chunks[index];
    if (!old) throw new Error(`no chunk ${index}`);
    this.size -= old.rows;
    const chunk = this.buildChunk(rows, id, storedBytes);
    this.chunks[index] = chunk;
    this.size += chunk.rows;
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

  private intern(value: string): number {
    let id = this.dictIds.get(value);
    if (id === undefined) {
      id = this.dict.length;
      this.dict.push(value);
      this.dictIds.set(value, id);
    }
    return id;
  }

  private buildChunk(rows: readonly TableRow[], id: string, storedBytes: number): MemChunk {
    const starts = new Uint32Array(rows.length + 1);
    const dicts = new Uint32Array(rows.length * DICT_FIELDS);
    const lines: string[] = new Array(rows.length);
    let offset = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const line = `${row.key}\t${row.altKey}\t${row.name}\t${row.nip}\t${row.reference}\t${row.note}\n`;
      lines[r] = line;
      starts[r] = offset;
      offset += line.length;
      dicts[r * 3] = this.intern(row.agency);
      dicts[r * 3 + 1] = this.intern(row.position);
      dicts[r * 3 + 2] = this.intern(row.region);
    }
    starts[rows.length] = offset;
    // Flatten so the chunk holds one flat string, not a rope of a thousand pieces.
    const text = lines.join('');
    if (text.length > 0) text.charCodeAt(0);
    return { id, text, starts, dicts, rows: rows.length, storedBytes };
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
