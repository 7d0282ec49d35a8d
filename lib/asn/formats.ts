import Papa from 'papaparse';
import { type AsnErrorCode, detach } from './messages';
import { CELL_STRIDE } from './plain-row';
import { COLUMNS, type Column, columnOfHeader, type RawRow, rawRowOfJson } from './rows';

// Reading watchlist files into rows, in batches so a big file never blocks for long:
// - CSV with a header row (English or Indonesian names, any order, `,` `;` or tab separated),
//   optionally preceded by a directive line `# netra-watchlist; version=12; generated-at=…; name=…`
//   that synced CSV lists must carry;
// - JSON: an array of entry objects, or `{format: 'netra-watchlist', version, generatedAt, name?,
//   entries: […]}`;
// - hashed JSON: `{format: 'netra-hashed-watchlist', version, salt, generatedAt?, name?,
//   entries: [{h, agency?, region?}]}`.

export const WATCHLIST_FORMAT = 'netra-watchlist';
export const HASHED_FORMAT = 'netra-hashed-watchlist';
/** Rows handed over per batch; between batches the importer yields to the event loop. */
export const BATCH_ROWS = 5000;
/** Largest list accepted, in rows. */
export const MAX_ROWS = 5_000_000;

/** What a list says about itself. */
export interface ListHeader {
  version?: number;
  generatedAt?: string;
  name?: string;
}

/** One row of a file: its line (1-based; entry number for JSON) and cells, or why it is unreadable. */
export type SourceRow =
  | { line: number; raw: RawRow }
  | { line: number; hash: HashedRaw }
  | { line: number; code: AsnErrorCode; params: Record<string, string | number> };

/** A hashed entry as read. */
export interface HashedRaw {
  h: string;
  agency: string;
  region: string;
}

/**
 * A batch of CSV rows as cell ranges into one text, so that reading a row makes no objects.
 * The source reuses the arrays: a batch is valid until the next one is asked for.
 */
export interface CellBatch {
  /** The text the bounds point into. */
  text: string;
  /** Rows in the batch. */
  count: number;
  /** Line of each row (1-based). */
  lines: Int32Array;
  /** Per row, CELL_STRIDE numbers: start and end in `text` of each column, in COLUMNS order; a
   * column the file lacks is an empty range. */
  bounds: Int32Array;
  /** Rows that could not be read, by index in the batch: their bounds mean nothing. */
  problems: Map<number, { code: AsnErrorCode; params: Record<string, string | number> }>;
}

/** A parsed file: its header and its rows in batches (row objects for JSON, cell ranges for CSV). */
export interface RowSource {
  kind: 'table' | 'hashed';
  header: ListHeader;
  salt?: string;
  /** Data rows; an estimate for CSV until every batch has been read. */
  estimatedTotal: number;
  batches(): Iterable<SourceRow[] | CellBatch>;
}

export type SourceResult =
  | { ok: true; source: RowSource }
  | { ok: false; line: number; code: AsnErrorCode; params: Record<string, string | number> };

export type WatchlistFormat = 'csv' | 'json' | 'auto';

/** Reads a watchlist file of any supported format into a row source, or a file-level error. */
export function readWatchlist(text: string, format: WatchlistFormat = 'auto'): SourceResult {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, line: 1, code: 'empty-file', params: {} };
  const kind = format === 'auto' ? (/^\s*[[{]/.test(body) ? 'json' : 'csv') : format;
  return kind === 'json' ? readJson(body) : readCsv(body);
}

function readJson(text: string): SourceResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      line: 1,
      code: 'invalid-json',
      params: { detail: (e as Error).message.slice(0, 200) },
    };
  }
  if (Array.isArray(doc)) return { ok: true, source: jsonSource(doc, {}, 'table') };
  if (typeof doc !== 'object' || doc === null) {
    return {
      ok: false,
      line: 1,
      code: 'invalid-format',
      params: { detail: 'expected an array or an object' },
    };
  }
  const obj = doc as Record<string, unknown>;
  const format = obj.format ?? WATCHLIST_FORMAT;
  if (format !== WATCHLIST_FORMAT && format !== HASHED_FORMAT) {
    return {
      ok: false,
      line: 1,
      code: 'invalid-format',
      params: { detail: `unknown format ${String(format)}` },
    };
  }
  if (!Array.isArray(obj.entries)) {
    return { ok: false, line: 1, code: 'invalid-format', params: { detail: 'entries must be an array' } };
  }
  const header: ListHeader = {};
  if (obj.version !== undefined) {
    if (!isVersion(obj.version)) return { ok: false, line: 1, code: 'missing-version', params: {} };
    header.version = obj.version;
  }
  if (typeof obj.generatedAt === 'string') header.generatedAt = detach(obj.generatedAt.slice(0, 64));
  if (typeof obj.name === 'string') header.name = detach(obj.name.trim().slice(0, 200));
  if (format === HASHED_FORMAT) {
    const salt = obj.salt;
    if (typeof salt !== 'string' || salt.length < 8 || salt.length > 200) {
      return { ok: false, line: 1, code: 'invalid-salt', params: {} };
    }
    const source = jsonSource(obj.entries, header, 'hashed');
    source.salt = salt;
    return { ok: true, source };
  }
  return { ok: true, source: jsonSource(obj.entries, header, 'table') };
}

function isVersion(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function jsonSource(entries: unknown[], header: ListHeader, kind: 'table' | 'hashed'): RowSource {
  return {
    kind,
    header,
    estimatedTotal: entries.length,
    *batches() {
      for (let start = 0; start < entries.length; start += BATCH_ROWS) {
        const batch: SourceRow[] = [];
        const end = Math.min(entries.length, start + BATCH_ROWS);
        for (let i = start; i < end; i++) {
          batch.push(kind === 'hashed' ? hashedRow(entries[i], i + 1) : tableRow(entries[i], i + 1));
        }
        yield batch;
      }
    },
  };
}

function tableRow(entry: unknown, line: number): SourceRow {
  const read = rawRowOfJson(entry);
  return read.ok ? { line, raw: read.raw } : { line, code: read.code, params: read.params };
}

const HASH_RE = /^[0-9a-f]{64}$/i;

function hashedRow(entry: unknown, line: number): SourceRow {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return { line, code: 'not-an-object', params: {} };
  }
  const { h, agency = '', region = '' } = entry as Record<string, unknown>;
  if (typeof h !== 'string' || !HASH_RE.test(h)) return { line, code: 'invalid-hash', params: {} };
  for (const [field, value] of [
    ['agency', agency],
    ['region', region],
  ] as const) {
    if (typeof value !== 'string') return { line, code: 'invalid-field', params: { field } };
    if (value.length > 200) return { line, code: 'field-too-long', params: { field, max: 200 } };
  }
  return { line, hash: { h: h.toLowerCase(), agency: agency as string, region: region as string } };
}

/** Reads a `# netra-watchlist; version=…` directive line, or undefined if the line is not one. */
export function parseDirective(line: string): (ListHeader & { bad?: boolean }) | undefined {
  const m = /^#\s*netra-watchlist\b(.*)$/i.exec(line.trim());
  if (!m) return undefined;
  const header: ListHeader & { bad?: boolean } = {};
  for (const part of m[1]!.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (name === 'version') {
      const n = Number(value);
      if (/^\d+$/.test(value) && isVersion(n)) header.version = n;
      else header.bad = true;
    } else if (name === 'generated-at' || name === 'generatedat')
      header.generatedAt = detach(value.slice(0, 64));
    else if (name === 'name') header.name = detach(value.slice(0, 200));
  }
  return header;
}

function countChar(text: string, char: string, from: number, to: number): number {
  // search a slice: indexOf on the whole text would scan to its end when the char is absent
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  let n = 0;
  for (let i = part.indexOf(char); i >= 0; i = part.indexOf(char, i + 1)) n++;
  return n;
}

function guessDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const count = headerLine.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

// Slices of about this many characters are handed to papaparse one at a time.
const SLICE_CHARS = 1 << 18;

function readCsv(input: string): SourceResult {
  // One line-ending style makes slicing and line numbers simple (Excel on Windows writes \r\n).
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  let pos = 0;
  let line = 1;
  let header: ListHeader = {};
  // skip blank lines and pick up the directive before the header row
  for (;;) {
    const nl = text.indexOf('\n', pos);
    const first = text.slice(pos, nl < 0 ? text.length : nl);
    const directive = parseDirective(first);
    if (directive?.bad) return { ok: false, line, code: 'missing-version', params: {} };
    if (directive === undefined && first.trim() !== '') break;
    if (directive) header = directive;
    if (nl < 0) return { ok: false, line, code: 'empty-file', params: {} };
    pos = nl + 1;
    line++;
  }
  const headerEnd = text.indexOf('\n', pos);
  const headerLine = text.slice(pos, headerEnd < 0 ? text.length : headerEnd);
  const delimiter = guessDelimiter(headerLine);
  const headerCells = Papa.parse<string[]>(headerLine, { delimiter }).data[0] ?? [];
  const columns: (Column | undefined)[] = headerCells.map((cell) => columnOfHeader(cell));
  const has = (c: Column) => columns.includes(c);
  // rows without a site column can still name their site through a URL
  if (!has('url') && !has('handle')) {
    return { ok: false, line, code: 'missing-columns', params: {} };
  }
  // for each cell of a row, where its bounds go (the first column of each kind counts), or -1
  const slotOf = new Int32Array(columns.length).fill(-1);
  for (let c = 0; c < COLUMNS.length; c++) {
    const i = columns.indexOf(COLUMNS[c]);
    if (i >= 0) slotOf[i] = c * 2;
  }
  const width = columns.length;
  const headerLineNo = line;
  const bodyStart = headerEnd < 0 ? text.length : headerEnd + 1;
  const estimatedTotal = Math.max(0, countChar(text, '\n', bodyStart, text.length) + 1);
  const anyQuote = text.includes('"', bodyStart);

  return {
    ok: true,
    source: {
      kind: 'table',
      header,
      estimatedTotal,
      *batches() {
        const batch: CellBatch = {
          text,
          count: 0,
          lines: new Int32Array(BATCH_ROWS),
          bounds: new Int32Array(BATCH_ROWS * CELL_STRIDE),
          problems: new Map(),
        };
        const start = (batchText: string) => {
          batch.text = batchText;
          batch.count = 0;
          batch.problems.clear();
        };
        // the next delimiter at or after a position: found once, not once per line, so a file
        // whose rows lack trailing cells is not scanned to its end again and again
        let nextDelimiter = -1;
        let lineNo = headerLineNo + 1;
        let at = bodyStart;
        while (at < text.length) {
          const end = sliceEnd(text, at, anyQuote);
          if (!anyQuote || !text.slice(at, end).includes('"')) {
            // no quotes: a row is a line, a cell is what lies between delimiters
            start(text);
            while (at < end) {
              let lineEnd = text.indexOf('\n', at);
              if (lineEnd < 0 || lineEnd > end) lineEnd = end;
              const rowLine = lineNo++;
              if (lineEnd > at) {
                const r = batch.count;
                const o = r * CELL_STRIDE;
                batch.bounds.fill(0, o, o + CELL_STRIDE);
                batch.lines[r] = rowLine;
                let cells = 0;
                let extra = false;
                for (let cellStart = at; ;) {
                  if (nextDelimiter < cellStart) {
                    nextDelimiter = text.indexOf(delimiter, cellStart);
                    if (nextDelimiter < 0) nextDelimiter = text.length;
                  }
                  const cellEnd = nextDelimiter < lineEnd ? nextDelimiter : lineEnd;
                  if (cells < width) {
                    const slot = slotOf[cells]!;
                    if (slot >= 0) {
                      batch.bounds[o + slot] = cellStart;
                      batch.bounds[o + slot + 1] = cellEnd;
                    }
                  } else if (!extra && text.slice(cellStart, cellEnd).trim() !== '') {
                    extra = true;
                  }
                  cells++;
                  if (cellEnd === lineEnd) break;
                  cellStart = cellEnd + 1;
                }
                if (extra)
                  batch.problems.set(r, { code: 'column-count', params: { got: cells, expected: width } });
                batch.count++;
              }
              at = lineEnd + 1;
              // keep batches bounded even when a slice holds many short rows
              if (batch.count === BATCH_ROWS) {
                yield batch;
                start(text);
              }
            }
            if (batch.count > 0) yield batch;
            at = end;
            continue;
          }
          const slice = text.slice(at, end);
          at = end;
          const parsed = Papa.parse<string[]>(slice, { delimiter, newline: '\n', quoteChar: '"' });
          const badRows = new Map<number, string>();
          for (const e of parsed.errors) {
            if (e.row !== undefined && !badRows.has(e.row)) badRows.set(e.row, e.message);
          }
          // a slice ending in a newline gives papaparse a phantom empty last row: not a line
          const last = parsed.data[parsed.data.length - 1];
          const count =
            slice.endsWith('\n') && last?.length === 1 && last[0] === ''
              ? parsed.data.length - 1
              : parsed.data.length;
          // the cells of the batch, end to end in one string
          let parts: string[] = [];
          let length = 0;
          start('');
          for (let i = 0; i < count; i++) {
            const cells = parsed.data[i]!;
            const rowLine = lineNo;
            // only a quoted cell can hold a line break
            for (const cell of cells) lineNo += countChar(cell, '\n', 0, cell.length);
            lineNo++;
            const problem = badRows.get(i);
            if (cells.length === 1 && cells[0] === '' && !problem) continue; // blank line
            const r = batch.count;
            const o = r * CELL_STRIDE;
            batch.bounds.fill(0, o, o + CELL_STRIDE);
            batch.lines[r] = rowLine;
            batch.count++;
            if (problem) {
              batch.problems.set(r, { code: 'malformed-row', params: { detail: problem } });
            } else if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
              batch.problems.set(r, { code: 'column-count', params: { got: cells.length, expected: width } });
            } else {
              for (let c = 0; c < width && c < cells.length; c++) {
                const slot = slotOf[c]!;
                if (slot < 0) continue;
                const cell = cells[c]!;
                parts.push(cell);
                batch.bounds[o + slot] = length;
                length += cell.length;
                batch.bounds[o + slot + 1] = length;
              }
            }
            if (batch.count === BATCH_ROWS) {
              batch.text = parts.join('');
              yield batch;
              parts = [];
              length = 0;
              start('');
            }
          }
          if (batch.count > 0) {
            batch.text = parts.join('');
            yield batch;
          }
        }
      },
    },
  };
}

// The end of a slice that starts at `from`: the first newline after SLICE_CHARS that is outside
// quotes (an even number of quote characters since `from`), so no record is cut in two.
function sliceEnd(text: string, from: number, quotes: boolean): number {
  let end = from + SLICE_CHARS;
  if (end >= text.length) return text.length;
  if (!quotes) {
    const nl = text.indexOf('\n', end);
    return nl < 0 ? text.length : nl + 1;
  }
  let count = countChar(text, '"', from, end);
  for (;;) {
    const nl = text.indexOf('\n', end);
    if (nl < 0) return text.length;
    count += countChar(text, '"', end, nl);
    if (count % 2 === 0) return nl + 1;
    end = nl + 1;
  }
}
