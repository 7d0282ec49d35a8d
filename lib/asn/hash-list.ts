import { HASHED_FORMAT, type WatchlistFormat } from './formats';
import { saltedHashHex } from './hashed';
import { AsnError } from './messages';
import { createRegistry } from './registry';
import { MemoryStore } from './store';
import type { ImportReport } from './types';

// Turns a readable watchlist into a hashed one for monitors who may match but not read it. The
// rows go through the same import as in the extension, so a row the extension would refuse is
// refused here too.

/** A hashed watchlist document. */
export interface HashedWatchlist {
  format: typeof HASHED_FORMAT;
  version: number;
  generatedAt: string;
  name?: string;
  salt: string;
  entries: { h: string; agency?: string; region?: string }[];
}

/** Options of `hashWatchlist`. */
export interface HashOptions {
  salt: string;
  version: number;
  name?: string;
  /** Clear-text fields kept next to each hash (none by default). */
  keep?: ('agency' | 'region')[];
  now?: Date;
}

/**
 * Checks a watchlist and hashes its accounts (every key of a row: handle and numeric id).
 * Entries are sorted by hash so the file order says nothing about the original order.
 */
export async function hashWatchlist(
  text: string,
  format: WatchlistFormat,
  options: HashOptions,
): Promise<{ report: ImportReport; list?: HashedWatchlist }> {
  if (options.salt.length < 8 || options.salt.length > 200) throw new AsnError('invalid-salt');
  if (!Number.isSafeInteger(options.version) || options.version < 1) throw new AsnError('missing-version');
  const registry = createRegistry(new MemoryStore());
  const report = await registry.importWatchlist(text, format, { maxErrors: Number.POSITIVE_INFINITY });
  if (!report.replaced) return { report };
  const keep = new Set(options.keep ?? []);
  const { items } = await registry.search('', { limit: Number.POSITIVE_INFINITY });
  const entries: HashedWatchlist['entries'] = [];
  for (const item of items) {
    for (const key of [item.key, item.altKey]) {
      if (!key) continue;
      entries.push({
        h: saltedHashHex(options.salt, key),
        ...(keep.has('agency') && item.agency && { agency: item.agency }),
        ...(keep.has('region') && item.region && { region: item.region }),
      });
    }
  }
  entries.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  return {
    report,
    list: {
      format: HASHED_FORMAT,
      version: options.version,
      generatedAt: (options.now ?? new Date()).toISOString(),
      ...(options.name && { name: options.name }),
      salt: options.salt,
      entries,
    },
  };
}
