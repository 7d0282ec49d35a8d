import { parseAccount, parseProfileUrl, parseSiteName } from './canonical';
import type { AsnErrorCode } from './messages';
import { parseNip } from './nip';

// One watchlist row, from a CSV line or a JSON object, checked into a canonical row.

/** The columns of a watchlist, by their English names (the JSON keys). */
export const COLUMNS = [
  'site',
  'handle',
  'url',
  'name',
  'agency',
  'position',
  'region',
  'nip',
  'source',
  'note',
] as const;
export type Column = (typeof COLUMNS)[number];

// Header names accepted for each column: English, the Indonesian template, and common variants.
const HEADER_ALIASES = new Map<string, Column>();
const ALIASES: Record<Column, string[]> = {
  site: ['site', 'platform', 'situs', 'medsos', 'media sosial'],
  handle: ['handle', 'akun', 'username', 'nama akun', 'nama_akun', 'user'],
  url: ['url', 'tautan', 'link', 'profil', 'profile', 'profile url', 'profile_url', 'tautan profil'],
  name: ['name', 'nama', 'nama lengkap'],
  agency: ['agency', 'instansi', 'opd', 'unit kerja', 'satuan kerja'],
  position: ['position', 'jabatan'],
  region: ['region', 'wilayah', 'daerah'],
  nip: ['nip'],
  source: ['source', 'sumber'],
  note: ['note', 'catatan', 'keterangan'],
};
for (const [column, names] of Object.entries(ALIASES) as [Column, string[]][]) {
  for (const name of names) HEADER_ALIASES.set(name, column);
}

/** The column a header cell names (English or Indonesian, any case), or undefined. */
export function columnOfHeader(header: string): Column | undefined {
  return HEADER_ALIASES.get(
    header
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
      .replace(/\s+/g, ' '),
  );
}

/** A row as read, before checking: column → cell text. */
export type RawRow = { [C in Column]?: string | undefined };

/** A checked row. Empty strings stand for missing values (they keep the stored rows compact). */
export interface TableRow {
  key: string;
  altKey: string;
  name: string;
  agency: string;
  position: string;
  region: string;
  nip: string;
  reference: string;
  note: string;
}

export type RowResult =
  { ok: true; row: TableRow } | { ok: false; code: AsnErrorCode; params: Record<string, string | number> };

/** Longest cell of each column, in UTF-16 units after trimming. */
export const LIMITS: Record<Column, number> = {
  site: 40,
  handle: 300,
  url: 2048,
  name: 200,
  agency: 200,
  position: 200,
  region: 200,
  nip: 40,
  source: 500,
  note: 1000,
};

// Tabs and newlines separate fields and rows in storage; other control characters have no place
// in a name.
// eslint-disable-next-line no-control-regex -- stripping control characters on purpose
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** Trims a cell and turns control characters (tabs, newlines) into single spaces. */
export function cleanCell(value: string): string {
  if (value === '') return value;
  // most cells are clean: a char-code scan is much cheaper than a regex replace per cell
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c === 127) return value.replace(CONTROL, ' ').trim();
  }
  return value.trim();
}

/** Checks one row: a site and a handle, or a profile URL; optional facts within their limits. */
export function checkRow(raw: RawRow): RowResult {
  const siteCell = cleanCell(raw.site ?? '');
  const handle = cleanCell(raw.handle ?? '');
  const url = cleanCell(raw.url ?? '');
  const name = cleanCell(raw.name ?? '');
  const agency = cleanCell(raw.agency ?? '');
  const position = cleanCell(raw.position ?? '');
  const region = cleanCell(raw.region ?? '');
  const nipCell = cleanCell(raw.nip ?? '');
  const source = cleanCell(raw.source ?? '');
  const note = cleanCell(raw.note ?? '');
  const values = [siteCell, handle, url, name, agency, position, region, nipCell, source, note];
  for (let i = 0; i < COLUMNS.length; i++) {
    const column = COLUMNS[i]!;
    if (values[i]!.length > LIMITS[column]) {
      return { ok: false, code: 'field-too-long', params: { field: column, max: LIMITS[column] } };
    }
  }
  if (handle === '' && url === '') return { ok: false, code: 'missing-handle', params: {} };

  const site = siteCell === '' ? undefined : parseSiteName(siteCell);
  if (siteCell !== '' && !site) return { ok: false, code: 'unknown-site', params: { value: siteCell } };

  let fromUrl: ReturnType<typeof parseProfileUrl> | undefined;
  if (url !== '') {
    fromUrl = parseProfileUrl(url);
    if (!fromUrl.ok) return fromUrl;
    if (site && fromUrl.ref.site !== site) {
      return { ok: false, code: 'site-mismatch', params: { site: siteCell, urlSite: fromUrl.ref.site } };
    }
  }
  let fromHandle: ReturnType<typeof parseAccount> | undefined;
  if (handle !== '') {
    const handleSite = site ?? (fromUrl?.ok ? fromUrl.ref.site : undefined) ?? guessSiteOfUrl(handle);
    if (!handleSite) return { ok: false, code: 'missing-site', params: {} };
    fromHandle = parseAccount(handleSite, handle);
    if (!fromHandle.ok) return fromHandle;
  }

  const a = fromHandle?.ok ? fromHandle.ref : undefined;
  const b = fromUrl?.ok ? fromUrl.ref : undefined;
  let key: string;
  let altKey = '';
  if (a && b && a.key !== b.key) {
    if (a.kind === b.kind || a.site !== b.site) {
      return { ok: false, code: 'handle-mismatch', params: { handle, url } };
    }
    // one names the handle, the other the numeric id: the same account known two ways
    key = a.kind === 'handle' ? a.key : b.key;
    altKey = a.kind === 'handle' ? b.key : a.key;
  } else {
    key = (a ?? b)!.key;
  }

  let nip = '';
  if (nipCell !== '') {
    const parsed = parseNip(nipCell);
    if (!parsed) return { ok: false, code: 'invalid-nip', params: { value: nipCell } };
    nip = parsed;
  }
  return { ok: true, row: { key, altKey, name, agency, position, region, nip, reference: source, note } };
}

function guessSiteOfUrl(text: string) {
  const parsed = parseProfileUrl(text);
  return parsed.ok ? parsed.ref.site : undefined;
}

/** The raw row of a CSV row given as cell ranges of `text` (see formats.ts CellBatch). */
export function rawRowOfCells(text: string, bounds: Int32Array, off: number): RawRow {
  const cell = (c: number) => text.slice(bounds[off + c * 2], bounds[off + c * 2 + 1]);
  return {
    site: cell(0),
    handle: cell(1),
    url: cell(2),
    name: cell(3),
    agency: cell(4),
    position: cell(5),
    region: cell(6),
    nip: cell(7),
    source: cell(8),
    note: cell(9),
  };
}

/** Reads one JSON entry into a raw row: English (or Indonesian) keys, string values. */
export function rawRowOfJson(
  value: unknown,
): { ok: true; raw: RawRow } | { ok: false; code: AsnErrorCode; params: Record<string, string> } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'not-an-object', params: {} };
  }
  const raw: RawRow = {};
  for (const [name, cell] of Object.entries(value)) {
    const column = columnOfHeader(name);
    if (!column || cell === null || cell === undefined) continue;
    if (typeof cell === 'string') raw[column] = cell;
    else if (typeof cell === 'number' && column !== 'nip' && Number.isSafeInteger(cell))
      raw[column] = String(cell);
    else return { ok: false, code: 'invalid-field', params: { field: name } };
  }
  return { ok: true, raw };
}
