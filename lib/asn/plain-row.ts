import type { SiteId } from '../sites/types';
import { isReservedHandle, parseSiteName, RESERVED_WITHOUT_DIGITS } from './canonical';
import { nipStructureValid } from './nip';
import { COLUMNS, LIMITS } from './rows';
import { type ChunkBuilder, type EntryTable, HASH_SEED, hashFinish, hashStep } from './table';

// The fast path of a CSV import: most rows of a big list are "plain" (printable ASCII cells
// without surrounding spaces, a site and a simple handle, no URL, an NIP of 18 digits or none).
// Such a row is checked and written into the chunk builder straight from the file's text: no
// cell strings, no row objects, no Map lookups. Anything else (a URL, `id:`, a non-ASCII name,
// a bad cell, a duplicate...) is left to `checkRow`, which reports errors: this path only ever
// accepts rows that `checkRow` accepts, with the same canonical row (tests/asn/plain-row.test.ts
// compares the two).

/** Numbers per row in a cell-bounds array: start and end of each column, in COLUMNS order. */
export const CELL_STRIDE = COLUMNS.length * 2;

const SITE = 0;
const HANDLE = 2;
const URL = 4;
const NAME = 6;
const AGENCY = 8;
const POSITION = 10;
const REGION = 12;
const NIP = 14;
const SOURCE = 16;
const NOTE = 18;
const CELL_LIMITS = COLUMNS.map((c) => LIMITS[c]);

const AT = 64;
const DOT = 46;
const UNDERSCORE = 95;
const DASH = 45;
const TAB = 9;
const NEWLINE = 10;

/** The handle rules of canonical.ts (HANDLE_RE) for ASCII handles, lowercased. */
interface HandleRule {
  min: number;
  max: number;
  underscore: boolean;
  dash: boolean;
  /** Dots: kept, dropped (Facebook ignores them), or not allowed. */
  dot: 'keep' | 'drop' | 'no';
  /** Instagram: no dot first and no two dots in a row. */
  dotRules: boolean;
  reserved: boolean;
}

const RULES: Record<SiteId, HandleRule> = {
  x: { min: 1, max: 15, underscore: true, dash: false, dot: 'no', dotRules: false, reserved: true },
  facebook: { min: 5, max: 50, underscore: false, dash: false, dot: 'drop', dotRules: false, reserved: true },
  instagram: { min: 1, max: 30, underscore: true, dash: false, dot: 'keep', dotRules: true, reserved: true },
  tiktok: { min: 2, max: 24, underscore: true, dash: false, dot: 'keep', dotRules: false, reserved: false },
  youtube: { min: 3, max: 30, underscore: true, dash: true, dot: 'keep', dotRules: false, reserved: false },
};

/** Whether `text[start, end)` is printable ASCII, not starting or ending with a space, within `max`. */
function plainCell(text: string, start: number, end: number, max: number): boolean {
  if (end - start > max) return false;
  if (start === end) return true;
  if (text.charCodeAt(start) === 32 || text.charCodeAt(end - 1) === 32) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

function copyAscii(text: string, start: number, end: number, bytes: Uint8Array, at: number): number {
  for (let i = start; i < end; i++) bytes[at++] = text.charCodeAt(i);
  return at;
}

/** Writes plain rows of one import into a chunk builder (see the top of this file). */
export class PlainRows {
  // the site cells seen so far ("x", "Twitter", "fb"…) and the sites they name
  private siteCells: string[] = [];
  private siteIds: SiteId[] = [];

  constructor(
    private readonly builder: ChunkBuilder,
    private readonly table: EntryTable,
    /** The current year, for the NIP check. */
    private readonly year: number,
  ) {}

  /**
   * Adds the row whose cells are `text` ranges at `bounds[off, off + CELL_STRIDE)` if it is plain
   * and new; false when it is not (nothing is added: `checkRow` must look at it).
   */
  add(text: string, bounds: Int32Array, off: number): boolean {
    for (let c = 0; c < CELL_STRIDE; c += 2) {
      if (!plainCell(text, bounds[off + c]!, bounds[off + c + 1]!, CELL_LIMITS[c >> 1]!)) return false;
    }
    const handleStart = bounds[off + HANDLE]!;
    const handleEnd = bounds[off + HANDLE + 1]!;
    if (handleStart === handleEnd || bounds[off + URL] !== bounds[off + URL + 1]) return false;
    const site = this.site(text, bounds[off + SITE]!, bounds[off + SITE + 1]!);
    if (site === undefined) return false;
    // a YouTube channel id is an id, not a handle
    if (site === 'youtube' && handleEnd - handleStart === 24 && text.startsWith('UC', handleStart))
      return false;

    const nipStart = bounds[off + NIP]!;
    const nipEnd = bounds[off + NIP + 1]!;
    if (nipEnd !== nipStart) {
      if (nipEnd - nipStart !== 18) return false;
      for (let i = nipStart; i < nipEnd; i++) {
        const c = text.charCodeAt(i);
        if (c < 48 || c > 57) return false;
      }
      if (!nipStructureValid(text, nipStart, this.year)) return false;
    }

    const nameStart = bounds[off + NAME]!;
    const nameEnd = bounds[off + NAME + 1]!;
    const sourceStart = bounds[off + SOURCE]!;
    const sourceEnd = bounds[off + SOURCE + 1]!;
    const noteStart = bounds[off + NOTE]!;
    const noteEnd = bounds[off + NOTE + 1]!;
    const b = this.builder;
    b.reserve(
      site.length +
        1 +
        (handleEnd - handleStart) +
        (nameEnd - nameStart) +
        18 +
        (sourceEnd - sourceStart) +
        (noteEnd - noteStart) +
        6,
    );
    const bytes = b.bytes;
    const start = b.length;
    let at = start;
    let h = HASH_SEED;

    // the key: "<site>:<handle>", the handle lowercased and checked as canonical.ts does
    for (let i = 0; i < site.length; i++) {
      const c = site.charCodeAt(i);
      bytes[at++] = c;
      h = hashStep(h, c);
    }
    bytes[at++] = 58; // ':'
    h = hashStep(h, 58);
    const valueStart = at;
    const rule = RULES[site];
    let from = handleStart;
    if (text.charCodeAt(from) === AT) from++;
    let allDigits = true;
    let hasDigit = false;
    let previous = 0;
    for (let i = from; i < handleEnd; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      if (c >= 48 && c <= 57) {
        hasDigit = true;
      } else {
        allDigits = false;
        if (c >= 97 && c <= 122) {
          // a letter
        } else if (c === UNDERSCORE) {
          if (!rule.underscore) return false;
        } else if (c === DASH) {
          if (!rule.dash) return false;
        } else if (c === DOT) {
          if (rule.dot === 'no') return false;
          if (rule.dot === 'drop') continue;
          if (rule.dotRules && (at === valueStart || previous === DOT)) return false;
        } else {
          return false;
        }
      }
      previous = c;
      bytes[at++] = c;
      h = hashStep(h, c);
    }
    const length = at - valueStart;
    if (length < rule.min || length > rule.max) return false;
    // a Facebook handle of digits is a numeric id
    if (site === 'facebook' && allDigits) return false;
    if (rule.reserved && (!hasDigit || !RESERVED_WITHOUT_DIGITS)) {
      const value = String.fromCharCode(...bytes.subarray(valueStart, at));
      if (isReservedHandle(site, value)) return false;
    }
    const keyLength = at - start;
    const keyHash = hashFinish(h);
    // a duplicate is reported by the checked path, with the line of the first occurrence
    if (b.findAscii(keyHash, start, keyLength) >= 0) return false;

    bytes[at++] = TAB; // no alternative key
    bytes[at++] = TAB;
    at = copyAscii(text, nameStart, nameEnd, bytes, at);
    bytes[at++] = TAB;
    at = copyAscii(text, nipStart, nipEnd, bytes, at);
    bytes[at++] = TAB;
    at = copyAscii(text, sourceStart, sourceEnd, bytes, at);
    bytes[at++] = TAB;
    at = copyAscii(text, noteStart, noteEnd, bytes, at);
    bytes[at++] = NEWLINE;
    b.length = at;
    b.commit(
      start,
      keyLength,
      keyHash,
      0,
      0,
      this.intern(text, bounds[off + AGENCY]!, bounds[off + AGENCY + 1]!),
      this.intern(text, bounds[off + POSITION]!, bounds[off + POSITION + 1]!),
      this.intern(text, bounds[off + REGION]!, bounds[off + REGION + 1]!),
    );
    return true;
  }

  private intern(text: string, start: number, end: number): number {
    return start === end ? 0 : this.table.internRange(text, start, end);
  }

  private site(text: string, start: number, end: number): SiteId | undefined {
    if (start === end) return undefined;
    const length = end - start;
    for (let i = 0; i < this.siteCells.length; i++) {
      const cell = this.siteCells[i]!;
      if (cell.length === length && text.startsWith(cell, start)) return this.siteIds[i];
    }
    const cell = text.slice(start, end);
    const site = parseSiteName(cell);
    if (site !== undefined && this.siteCells.length < 32) {
      this.siteCells.push(cell);
      this.siteIds.push(site);
    }
    return site;
  }
}
