import { normalizeKey, parseKey } from '../canonical';
import type { WatchlistFormat } from '../formats';
import { AsnError, detach } from '../messages';
import { cleanCell } from '../rows';
import type { RegistryStore } from '../store';
import { EntryTable } from '../table';
import type {
  AsnEntry,
  AsnFields,
  AsnMatch,
  AsnSource,
  ImportReport,
  RegistryStats,
  SyncResult,
} from '../types';
import { exportCsv, type SearchResult, search, stats } from './browse';
import { importFile, type ImportOptions } from './import';
import { listHolds, matchKeys } from './lookup';
import { migrateMeta } from './migrate';
import {
  chunkIdsOf,
  type ManualEntry,
  manualEntry,
  META,
  RegistryState,
  type RegistryOptions,
  type StoredMeta,
} from './state';
import { type SyncOptions, syncUrl } from './sync';

// The ASN registry: which accounts are ASN, from imported watchlists, synced watchlist URLs,
// hashed lists and accounts tagged by hand. Owned by the background; everything it needs from
// the outside (storage, fetch, the clock) is injected. This class only orders the work: every
// mutation runs one at a time through `exclusive`, and reads wait for the first load. The work
// itself is in lookup.ts, import.ts, sync.ts and browse.ts, over the state in state.ts.

export type { ImportOptions, RegistryOptions, SearchResult, SyncOptions };

const MANUAL_LIMITS = { name: 200, agency: 200, position: 200, region: 200, note: 1000 } as const;

/** Fields a person gives when tagging an account by hand. */
export type TagInfo = Pick<AsnFields, 'name' | 'agency' | 'position' | 'region' | 'note'>;

/** Result of `remove`: which lists lost the key, and which still list it (synced, hashed). */
export interface RemoveResult {
  removedFrom: string[];
  stillListedIn: string[];
}

/** The registry of ASN accounts. Create it with `createRegistry`. */
export class AsnRegistry {
  private readonly state: RegistryState;
  private readonly loaded: Promise<void>;
  private readonly cleaned: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(store: RegistryStore, options: RegistryOptions = {}) {
    this.state = new RegistryState(store, options);
    this.loaded = this.exclusive(() => this.state.load(migrateMeta));
    // callers see a load failure when they await; this only keeps it from being "unhandled"
    this.loaded.catch(() => undefined);
    // Leftovers of interrupted writes are collected a while after the load, so that listing
    // every stored record does not hold up the first lookups after the worker wakes.
    this.cleaned = this.loaded
      .then(() => new Promise((resolve) => setTimeout(resolve, options.cleanupDelayMs ?? 5000)))
      .then(() => this.exclusive(() => this.state.collectOrphans()))
      .catch(() => undefined);
  }

  /**
   * Resolves once the registry can answer: the meta record and the hand-made tags are read (lists
   * are read as lookups need them); rejects if the store cannot be read.
   */
  ready(): Promise<void> {
    return this.loaded;
  }

  /** Resolves once leftovers of interrupted writes have been looked for and deleted. */
  settled(): Promise<void> {
    return this.cleaned;
  }

  /** The matches for canonical keys (see `accountKeys`), keyed as asked; unknown keys are absent. */
  async lookup(keys: readonly string[]): Promise<Map<string, AsnMatch>> {
    await this.loaded;
    const asked = [...new Set(keys)];
    const matches = await matchKeys(this.state, asked.map(normalizeKey));
    const out = new Map<string, AsnMatch>();
    asked.forEach((key, i) => {
      const match = matches[i];
      if (match) out.set(key, match);
    });
    return out;
  }

  /**
   * Imports a watchlist file (CSV, JSON or a hashed list), replacing the list of the same name.
   * Bad rows are reported and skipped; when no row is valid the previous list stays.
   * Throws AsnError only when the list cannot be stored (or the import is aborted).
   */
  async importWatchlist(
    text: string,
    format: WatchlistFormat = 'auto',
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    return this.exclusive(async () => {
      await this.loaded;
      return importFile(this.state, text, format, options);
    });
  }

  /**
   * Fetches a watchlist URL with a conditional request and replaces the synced list if the server
   * has a newer version. A failure keeps the last good list and is recorded for `stats`.
   */
  async sync(url: string, options: SyncOptions = {}): Promise<SyncResult> {
    return this.exclusive(async () => {
      await this.loaded;
      return syncUrl(this.state, url, options);
    });
  }

  /** Tags an account as ASN by hand (or updates its tag). `key` must be canonical. */
  async tag(key: string, info: TagInfo = {}): Promise<AsnEntry> {
    return this.exclusive(async () => {
      await this.loaded;
      const ref = parseKey(normalizeKey(key));
      if (!ref) throw new AsnError('invalid-key', { value: key });
      const entry: ManualEntry = { key: ref.key, taggedAt: this.state.now().toISOString() };
      for (const field of Object.keys(MANUAL_LIMITS) as (keyof typeof MANUAL_LIMITS)[]) {
        const value = cleanCell(info[field] ?? '');
        if (value.length > MANUAL_LIMITS[field]) {
          throw new AsnError('field-too-long', { field, max: MANUAL_LIMITS[field] });
        }
        if (value !== '') entry[field] = detach(value);
      }
      const next = new Map(this.state.manual);
      next.set(ref.key, entry);
      await this.state.saveManual(next);
      return manualEntry(entry);
    });
  }

  /** Removes a hand-made tag; true if there was one. */
  async untag(key: string): Promise<boolean> {
    return this.exclusive(async () => {
      await this.loaded;
      const k = normalizeKey(key);
      if (!this.state.manual.has(k)) return false;
      const next = new Map(this.state.manual);
      next.delete(k);
      await this.state.saveManual(next);
      return true;
    });
  }

  /**
   * Removes an account from the hand-made tags and every imported list. Synced and hashed lists
   * are the coordinator's: they are reported in `stillListedIn`, not edited.
   */
  async remove(key: string): Promise<RemoveResult> {
    return this.exclusive(async () => {
      await this.loaded;
      const k = normalizeKey(key);
      const removedFrom: string[] = [];
      if (this.state.manual.has(k)) {
        const next = new Map(this.state.manual);
        next.delete(k);
        await this.state.saveManual(next);
        removedFrom.push('manual');
      }
      for (const list of this.state.lists) {
        if (list.meta.origin !== 'import' || list.meta.kind !== 'table') continue;
        if (!(await listHolds(this.state, list, k))) continue;
        await this.state.loadWhole(list);
        if (!(list.table instanceof EntryTable)) continue;
        await this.state.removeFromTable(list, k);
        removedFrom.push(list.meta.id);
      }
      const stillListedIn: string[] = [];
      for (const list of this.state.lists) {
        if (await listHolds(this.state, list, k)) stillListedIn.push(list.meta.id);
      }
      return { removedFrom, stillListedIn };
    });
  }

  /** Deletes a whole list (imported, synced or hashed). */
  async removeList(listId: string): Promise<void> {
    return this.exclusive(async () => {
      await this.loaded;
      const stored = this.state.meta.lists.find((l) => l.id === listId);
      if (!stored) throw new AsnError('unknown-list', { value: listId });
      const meta: StoredMeta = {
        ...this.state.meta,
        lists: this.state.meta.lists.filter((l) => l.id !== listId),
      };
      await this.state.store.putRecord(META, meta);
      this.state.meta = meta;
      this.state.lists = this.state.lists.filter((l) => l.meta.id !== listId);
      this.state.damaged.delete(listId);
      await this.state.dropChunks(chunkIdsOf(stored));
    });
  }

  /**
   * Readable entries whose key, name, NIP, agency, position, region, note or source contain the
   * query (case-insensitive); a profile URL or key finds that account. Hashed lists are not
   * searchable. Order: hand tags, imported lists, synced lists.
   */
  async search(
    query: string,
    options: { limit?: number; offset?: number; sources?: AsnSource[] } = {},
  ): Promise<SearchResult> {
    await this.loaded;
    await this.state.loadReadable();
    return search(this.state, query, options);
  }

  /** Readable entries as a watchlist CSV (the import format, English header). */
  async exportCsv(options: { sources?: AsnSource[]; listIds?: string[] } = {}): Promise<string> {
    await this.loaded;
    await this.state.loadReadable();
    return exportCsv(this.state, options);
  }

  /** Counts per source and per list, with sync state and storage use. */
  async stats(): Promise<RegistryStats> {
    await this.loaded;
    return stats(this.state);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Creates a registry over a store; it starts loading at once (await `ready()` to know when). */
export function createRegistry(store: RegistryStore, options: RegistryOptions = {}): AsnRegistry {
  return new AsnRegistry(store, options);
}
