import type { AsnMatch } from '../reports/schema';
import type { SiteId } from '../sites/types';
import type { AsnErrorCode } from './messages';

/**
 * What `lookup` answers for a key that is in the registry; hashed matches carry only
 * agency/region. Defined once, by the report's zod schema (a report carries it as it is).
 */
export type { AsnMatch };

/** Where a registry entry came from; `hashed` entries can be matched but never read. */
export type AsnSource = AsnMatch['source'];

/** Readable facts about an account, as imported, synced or tagged. All optional but the key. */
export interface AsnFields {
  name?: string;
  agency?: string;
  position?: string;
  region?: string;
  nip?: string;
  /** Where the coordinator learnt it (the `source`/`sumber` column): an SK, an agency site. */
  reference?: string;
  note?: string;
}

/** One readable entry, as `search` and `exportCsv` see it. */
export interface AsnEntry extends AsnFields {
  key: string;
  /** A second key of the same account, e.g. `facebook:id:…` next to `facebook:budi`. */
  altKey?: string;
  source: Exclude<AsnSource, 'hashed'>;
  listId: string;
  listName: string;
  /** Manual tags only: when the account was tagged. */
  taggedAt?: string;
}

/** One row that was not imported, with its 1-based line in the file. */
export interface ImportRowError {
  line: number;
  code: AsnErrorCode;
  /** Bahasa Indonesia, shown to the user. */
  message: string;
  messageEn: string;
}

/** The result of an import: how many rows went in, and why the others did not. */
export interface ImportReport {
  imported: number;
  /** Data rows read (valid and bad). */
  total: number;
  /** The bad rows, in file order, up to the importer's `maxErrors` (1000 by default). */
  errors: ImportRowError[];
  /** How many rows were bad in all, including those beyond `maxErrors`. */
  errorCount: number;
  /** False when nothing valid was found: the previous list then stays in force. */
  replaced: boolean;
  listId?: string;
}

/** Progress of a long import, reported between batches. `total` is an estimate until the end. */
export interface ImportProgress {
  done: number;
  total: number;
}

/** Outcome of one sync of a watchlist URL. */
export type SyncResult =
  | {
      status: 'updated';
      listId: string;
      version: number;
      imported: number;
      total: number;
      errors: ImportRowError[];
    }
  | { status: 'not-modified'; listId: string; version?: number }
  | {
      status: 'error';
      listId: string;
      code: AsnErrorCode;
      message: string;
      messageEn: string;
      httpStatus?: number;
    };

/** One list held by the registry, as `stats` reports it. */
export interface ListStats {
  id: string;
  name: string;
  source: AsnSource;
  entries: number;
  updatedAt: string;
  version?: number;
  generatedAt?: string;
  url?: string;
  lastCheckedAt?: string;
  lastError?: { code: AsnErrorCode; message: string; messageEn: string; at: string };
  /** Set when the stored list could not be read; it is kept aside, not deleted. */
  damaged?: { message: string };
  storedBytes: number;
}

/** Counts for the options page. */
export interface RegistryStats {
  total: number;
  bySource: Record<AsnSource, number>;
  lists: ListStats[];
  storedBytes: number;
}

/** A parsed canonical account: the key and its parts. */
export interface AccountRef {
  site: SiteId;
  key: string;
  /** `handle` for names people choose, `id` for numeric or channel ids. */
  kind: 'handle' | 'id';
  /** The handle or id as it appears in the key (lowercase except YouTube channel ids). */
  value: string;
}
