import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { detach } from './messages';

// Hashed watchlists: a coordinator hands monitors a list they can match against but not read.
// Each entry is h = hex(SHA-256(UTF-8(salt + ":" + key))) of a canonical key, reproducible with
//   printf '%s:%s' "$SALT" "x:budi_pns" | sha256sum
// The salt travels with the list, so it stops precomputed tables and cross-list comparison, not
// a determined guesser who hashes candidate handles one by one: it hides names from casual
// reading, it is not encryption.
//
// Hashing uses @noble/hashes' synchronous SHA-256: a batch of 100 lookups must take under 1 ms,
// and 100 awaited crypto.subtle.digest calls take 1.5-2 ms on their own.

export const HASH_BYTES = 32;
const encoder = new TextEncoder();

/** The salted SHA-256 of a canonical key, as bytes. */
export function saltedHash(salt: string, key: string): Uint8Array {
  return sha256(encoder.encode(`${salt}:${key}`));
}

/** The salted SHA-256 of a canonical key, as lowercase hex (the `h` of a hashed list). */
export function saltedHashHex(salt: string, key: string): string {
  return bytesToHex(saltedHash(salt, key));
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  throw new Error('not a hex digit');
}

function hexToBytes(hex: string, out: Uint8Array, at: number): void {
  for (let i = 0; i < HASH_BYTES; i++) {
    out[at + i] = (hexValue(hex.charCodeAt(i * 2)) << 4) | hexValue(hex.charCodeAt(i * 2 + 1));
  }
}

/** A hash's first four bytes as an unsigned integer: a SHA-256 is uniform, as good a bucket as any. */
export function bucketOf(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

// Lookups hash the same authors again and again while a monitor scrolls.
const CACHE_LIMIT = 20_000;

/** A hashed list in memory: hashes in one byte array, agency/region interned, an index by hash. */
export class HashedTable {
  size = 0;
  private hashes = new Uint8Array(HASH_BYTES * 1024);
  private dicts = new Uint32Array(2 * 1024);
  private dict: string[] = [''];
  private dictIds = new Map<string, number>([['', 0]]);
  private slots = new Int32Array(2048);
  private cache = new Map<string, number>();

  constructor(readonly salt: string) {}

  /** Adds an entry; returns -1, or the index of an earlier entry with the same hash (not added). */
  add(hex: string, agency: string, region: string): number {
    if (this.size * HASH_BYTES >= this.hashes.length) this.growRows();
    const at = this.size * HASH_BYTES;
    hexToBytes(hex, this.hashes, at);
    const existing = this.findBytes(this.hashes, at);
    if (existing >= 0) return existing;
    this.dicts[this.size * 2] = this.intern(agency);
    this.dicts[this.size * 2 + 1] = this.intern(region);
    this.size++;
    if (this.size * 2 > this.slots.length) this.reindex(this.slots.length * 2);
    else this.insert(this.size - 1);
    return -1;
  }

  /** The index of the entry matching a canonical key, or -1. */
  find(key: string): number {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const ref = this.findBytes(saltedHash(this.salt, key), 0);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, ref);
    return ref;
  }

  /** The clear-text facts of an entry. */
  info(ref: number): { agency: string; region: string } {
    return { agency: this.dict[this.dicts[ref * 2]!]!, region: this.dict[this.dicts[ref * 2 + 1]!]! };
  }

  /** Entries [start, end) as stored (see codec.ts): their hash bytes and dictionary ids. */
  range(start: number, end: number): { hashes: Uint8Array; dicts: Uint32Array; rows: number } {
    return {
      hashes: this.hashes.slice(start * HASH_BYTES, end * HASH_BYTES),
      dicts: this.dicts.slice(start * 2, end * 2),
      rows: end - start,
    };
  }

  /** Adds entries read from storage; throws if they do not fit this table. */
  addStored(hashes: Uint8Array, dicts: Uint32Array, rows: number): void {
    if (hashes.length !== rows * HASH_BYTES || dicts.length !== rows * 2)
      throw new Error('stored chunk is inconsistent');
    for (let i = 0; i < dicts.length; i++) {
      if (dicts[i]! >= this.dict.length) throw new Error('stored chunk refers to a missing dictionary entry');
    }
    while ((this.size + rows) * HASH_BYTES > this.hashes.length) this.growRows();
    this.hashes.set(hashes, this.size * HASH_BYTES);
    this.dicts.set(dicts, this.size * 2);
    const first = this.size;
    this.size += rows;
    if (this.size * 2 > this.slots.length) {
      let capacity = this.slots.length;
      while (this.size * 2 > capacity) capacity *= 2;
      this.reindex(capacity);
    } else {
      for (let r = first; r < this.size; r++) this.insert(r);
    }
  }

  /** The interned agencies and regions; entry dictionary ids point into it. */
  dictionary(): readonly string[] {
    return this.dict;
  }

  /** Restores the dictionary of a stored list before its entries are added. */
  setDictionary(strings: readonly string[]): void {
    if (this.size > 0 || strings[0] !== '') throw new Error('dictionary must come first and start empty');
    this.dict = [...strings];
    this.dictIds = new Map(this.dict.map((value, id) => [value, id]));
  }

  private bucket(bytes: Uint8Array, at: number): number {
    return bucketOf(bytes, at);
  }

  private findBytes(bytes: Uint8Array, at: number): number {
    const mask = this.slots.length - 1;
    for (let i = this.bucket(bytes, at) & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      if (this.equalAt(slot - 1, bytes, at)) return slot - 1;
    }
  }

  private equalAt(ref: number, bytes: Uint8Array, at: number): boolean {
    const base = ref * HASH_BYTES;
    for (let i = 0; i < HASH_BYTES; i++) if (this.hashes[base + i] !== bytes[at + i]) return false;
    return true;
  }

  private insert(ref: number): void {
    const mask = this.slots.length - 1;
    let i = this.bucket(this.hashes, ref * HASH_BYTES) & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = ref + 1;
  }

  private reindex(capacity: number): void {
    this.slots = new Int32Array(capacity);
    for (let r = 0; r < this.size; r++) this.insert(r);
  }

  private growRows(): void {
    const hashes = new Uint8Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const dicts = new Uint32Array(this.dicts.length * 2);
    dicts.set(this.dicts);
    this.dicts = dicts;
  }

  private intern(value: string): number {
    let id = this.dictIds.get(value);
    if (id === undefined) {
      id = this.dict.length;
      const own = detach(value);
      this.dict.push(own);
      this.dictIds.set(own, id);
    }
    return id;
  }
}
