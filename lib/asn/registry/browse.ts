import Papa from 'papaparse';
import { parseKey, parseProfileUrl, profileUrl } from '../canonical';
import type { AsnErrorCode } from '../messages';
import { COLUMNS, cleanCell, type TableRow } from '../rows';
import type { AsnEntry, AsnFields, AsnSource, ListStats, RegistryStats } from '../types';
import { type ManualEntry, manualEntry, type RegistryState, sourceOf, type StoredList } from './state';

// Reading the registry as a person does: search, export as CSV, counts. Hashed lists are never
// readable, so they appear only in the counts.

/** A page of search results. */
export interface SearchResult {
  total: number;
  items: AsnEntry[];
}

/**
 * Readable entries whose key, name, NIP, agency, position, region, note or source contain the
 * query (case-insensitive); a profile URL or key finds that account. Hashed lists are not
 * searchable. Order: hand tags, imported lists, synced lists.
 */
export function search(
  state: RegistryState,
  query: string,
  options: { limit?: number; offset?: number; sources?: AsnSource[] } = {},
): SearchResult {
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
    for (const entry of state.manual.values()) {
      if (exactKey ? entry.key === exactKey : manualMatches(entry, needle)) take(() => manualEntry(entry));
    }
  }
  for (const list of state.readableLists()) {
    if (!sources.has(sourceOf(list.meta))) continue;
    const table = list.table;
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
export function exportCsv(
  state: RegistryState,
  options: { sources?: AsnSource[]; listIds?: string[] } = {},
): string {
  const sources = new Set(options.sources ?? ['manual', 'watchlist', 'sync']);
  const wanted = options.listIds ? new Set(options.listIds) : undefined;
  const data: string[][] = [];
  const push = (e: Pick<AsnEntry, 'key' | 'altKey'> & AsnFields) => data.push(csvCells(e));
  if (sources.has('manual') && (!wanted || wanted.has('manual'))) {
    for (const entry of state.manual.values()) push(entry);
  }
  for (const list of state.readableLists()) {
    if (!sources.has(sourceOf(list.meta)) || (wanted && !wanted.has(list.meta.id))) continue;
    const table = list.table;
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
export function stats(state: RegistryState): RegistryStats {
  const bySource: Record<AsnSource, number> = {
    manual: state.manual.size,
    watchlist: 0,
    sync: 0,
    hashed: 0,
  };
  const lists: ListStats[] = [];
  let storedBytes = state.meta.manual?.chunk.bytes ?? 0;
  for (const stored of state.meta.lists) {
    const damage = state.damaged.get(stored.id);
    const entries = damage === undefined ? stored.rows : 0;
    const source = sourceOf(stored);
    bySource[source] += entries;
    const bytes = stored.chunks.reduce(
      (sum, c) => sum + c.bytes,
      (stored.dict?.bytes ?? 0) + (stored.parts?.bytes ?? 0),
    );
    storedBytes += bytes;
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
