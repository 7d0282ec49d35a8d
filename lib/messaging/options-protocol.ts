import { z } from 'zod';
import type { AsnEntry, ImportReport, RegistryStats, SyncResult } from '../asn/types';
import type { ConnectionTestResult } from '../reports/endpoint';
import type { Pack, PackError } from '../rules';
import type { Backup } from '../storage/backup';
import type { QuarantineEntry } from '../storage/item';
import { EndpointSchema, type Settings } from '../storage/settings';
import { message } from './define';

// Messages of the options page (privileged `ui` channel), merged into uiProtocol.
// Every entry here needs its one handler in lib/background/options-handlers.ts.

/**
 * Characters per transfer chunk. Runtime messages are capped (64 MiB in Chromium, after JSON
 * encoding, which can triple non-ASCII text), so big texts the background prepares (exports)
 * travel to the page in chunks of this size. Files going the other way are handed over in
 * IndexedDB (lib/storage/handover.ts).
 */
export const TRANSFER_CHUNK_CHARS = 4 * 1024 * 1024;
/** Largest watchlist file accepted, in bytes (the registry refuses lists above 256 MB anyway). */
export const MAX_WATCHLIST_BYTES = 256 * 1024 * 1024;
/** Largest rule pack file accepted. */
export const MAX_PACK_CHARS = 8 * 1024 * 1024;
/** How often the background syncs the watchlist URL (settings.watchlistSyncUrl). */
export const WATCHLIST_SYNC_MINUTES = 60;
/** The format name of a backup file. */
export const BACKUP_FORMAT = 'netra-backup';

/** One problem of a settings change, by dotted field path (`endpoint.url`). */
export interface FieldIssue {
  path: string;
  message: string;
}

export type SettingsUpdateResult = { ok: true; settings: Settings } | { ok: false; issues: FieldIssue[] };

/** A pack the extension knows, with where it came from and whether it is on. */
export interface PackInfo {
  id: string;
  version: string;
  kind: Pack['kind'] | 'model';
  name?: string;
  origin: 'shipped' | 'imported';
  enabled: boolean;
  rules: number;
  /** Context cues (news, quotes, questions…) that cancel partisan findings. */
  contexts: number;
  candidates: number;
  /** A model pack's category, licence and training data (lib/models). */
  model?: { category: string; licence: string; dataset: string };
}

/** Every pack with its state, and the imported packs that no longer validate. */
export interface PackListing {
  packs: PackInfo[];
  errors: PackError[];
}

/** The result of importing or saving a pack: stored (and what it replaced), or why not. */
export type PackSaveResult =
  | { ok: true; id: string; replaced: 'shipped' | 'imported' | null; listing: PackListing }
  | { ok: false; errors: PackError[] };

/** A chunked text held by the background for the options page to fetch. */
export interface TransferHandle {
  transferId: string;
  chunks: number;
  chars: number;
}

/** What the watchlist section shows. */
export interface WatchlistOverview {
  stats: RegistryStats;
  syncUrl: string | null;
}

export interface RestoreResult {
  settings: Settings;
  packs: number;
  manualTags: number;
}

/** What local data there is, for the data section and the delete confirmation. */
export interface DataSummary {
  flags: number;
  /** Reports not yet delivered (waiting, failed, set aside). */
  reportsUnsent: number;
  reportsSent: number;
  watchlistEntries: number;
  manualTags: number;
  importedPacks: number;
  quarantined: number;
}

export interface DeleteAllResult {
  flags: number;
  reports: number;
  /** Reports being sent at that moment, which the queue keeps. */
  reportsKept: number;
  lists: number;
  manualTags: number;
}

const transferId = z.uuid();
// Exports are built from what Netra holds (watchlists up to MAX_WATCHLIST_BYTES, as CSV).
const chunkIndex = z
  .int()
  .min(0)
  .max(Math.ceil((2 * MAX_WATCHLIST_BYTES) / TRANSFER_CHUNK_CHARS));
const packId = z.string().min(1).max(200);

export const optionsProtocol = {
  /**
   * Changes some settings: the patch is merged into the stored settings and the whole is
   * validated; nothing is written unless all of it is valid.
   */
  'options/updateSettings': message<SettingsUpdateResult>()(
    z.object({ patch: z.record(z.string().max(100), z.unknown()) }),
  ),
  /** Sends a test report (X-Netra-Test: 1, `test: true`) to an endpoint, saved or not yet. */
  'options/testConnection': message<ConnectionTestResult>()(z.object({ endpoint: EndpointSchema })),

  'options/packs': message<PackListing>()(z.object({})),
  'options/packToggle': message<PackListing>()(z.object({ id: packId, enabled: z.boolean() })),
  /** Imports a pack file's text (validated; on failure nothing changes). */
  'options/packImport': message<PackSaveResult>()(
    z.object({ text: z.string().max(MAX_PACK_CHARS), source: z.string().min(1).max(300) }),
  ),
  /** Stores a pack made in the editor (validated; on failure nothing changes). */
  'options/packSave': message<PackSaveResult>()(z.object({ pack: z.unknown() })),
  /** A pack as JSON, for export or as the editor's starting point. */
  'options/packGet': message<{ json: unknown; origin: PackInfo['origin'] }>()(z.object({ id: packId })),
  /** Removes an imported pack (a shipped pack of the same id comes back). */
  'options/packRemove': message<PackListing>()(z.object({ id: packId })),

  /** One chunk of a text the background prepared (an export). */
  'options/transferGet': message<string>()(z.object({ transferId, index: chunkIndex })),

  /**
   * Imports a watchlist file the page handed over in IndexedDB (lib/storage/handover.ts);
   * progress goes to watchlistProgressItem (lib/storage/items.ts).
   */
  'options/watchlistImport': message<ImportReport>()(
    z.object({
      fileId: z.string().min(1).max(100),
      importId: z.string().min(1).max(100),
      fileName: z.string().max(300),
      /** Which list to replace; empty: the file's own name, else `default`. */
      listName: z.string().max(100),
      format: z.enum(['auto', 'csv', 'json']),
    }),
  ),
  'options/watchlistCancel': message<boolean>()(z.object({ importId: z.string().min(1).max(100) })),
  'options/watchlistOverview': message<WatchlistOverview>()(z.object({})),
  /** Syncs the configured watchlist URL now. */
  'options/watchlistSync': message<SyncResult | null>()(z.object({})),
  'options/watchlistSearch': message<{ total: number; items: AsnEntry[] }>()(
    z.object({
      query: z.string().max(300),
      offset: z.int().min(0).max(10_000_000),
      limit: z.int().min(1).max(200),
    }),
  ),
  'options/watchlistRemove': message<{ removedFrom: string[]; stillListedIn: string[] }>()(
    z.object({ key: z.string().min(1).max(400) }),
  ),
  'options/watchlistRemoveList': message<void>()(z.object({ listId: z.string().min(1).max(2100) })),
  /** Readable entries as CSV, to fetch with transferGet. */
  'options/watchlistExport': message<TransferHandle & { fileName: string }>()(z.object({})),

  'options/dataSummary': message<DataSummary>()(z.object({})),
  'options/backup': message<Backup>()(z.object({ includeToken: z.boolean() })),
  /** Replaces settings, imported packs and hand-made tags with a backup's, all or nothing. */
  'options/restore': message<RestoreResult>()(z.object({ backup: z.unknown() })),
  /** Deletes every piece of local data. The literal guards against a stray call. */
  'options/deleteAll': message<DeleteAllResult>()(z.object({ confirm: z.literal('hapus-semua') })),
  'options/quarantine': message<QuarantineEntry[]>()(z.object({})),
  'options/quarantineClear': message<void>()(z.object({})),
};
