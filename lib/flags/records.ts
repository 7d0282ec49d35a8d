import { browser } from 'wxt/browser';
import { describeIssues } from '../reports/schema';
import { FLAGS_KEY } from '../reports/store';
import { idbDone, idbOpen, idbRequest } from '../storage/idb';
import { type Flag, FlagSchema, type QuarantinedFlag } from './flag';

// Where flags are kept: one record per flag, so a scan tick that finds three new flags writes
// three records, not the whole history. (Flags used to live under one storage.local key that was
// rewritten whole on every change: at 1,000 flags that cost the browser ~2.5 ms of CPU per post
// scanned, tests/bench/page.bench.ts.)

/** What is stored, unvalidated: the flag store validates every record when it loads them. */
export interface StoredFlagRecords {
  flags: unknown[];
  quarantined: unknown[];
}

/** One atomic change: `clear` first, then removals, puts and new quarantined records. */
export interface FlagChange {
  clear?: boolean;
  put?: readonly Flag[];
  remove?: readonly string[];
  quarantine?: readonly QuarantinedFlag[];
}

/** Per-flag persistence (IndexedDB in the extension, memory in unit tests). */
export interface FlagRecords {
  load(): Promise<StoredFlagRecords>;
  apply(change: FlagChange): Promise<void>;
}

/** Whether a change writes nothing. */
export function isEmptyChange(change: FlagChange | undefined): boolean {
  return (
    !change || (!change.clear && !change.put?.length && !change.remove?.length && !change.quarantine?.length)
  );
}

/** In-memory records that copy on every read and write, as real storage does. */
export function createMemoryFlagRecords(initial: Partial<StoredFlagRecords> = {}): FlagRecords & {
  peek(): StoredFlagRecords;
} {
  const flags = new Map<string, unknown>();
  for (const value of initial.flags ?? []) {
    const key = (value as { key?: unknown } | null)?.key;
    if (typeof key !== 'string') throw new Error('memory flag records: every flag needs a string key');
    flags.set(key, structuredClone(value));
  }
  let quarantined: unknown[] = structuredClone(initial.quarantined ?? []);
  return {
    async load() {
      return { flags: structuredClone([...flags.values()]), quarantined: structuredClone(quarantined) };
    },
    async apply(change) {
      // Validate the whole change before touching anything, as a transaction would.
      const put = structuredClone(change.put ?? []);
      const added = structuredClone(change.quarantine ?? []);
      if (change.clear) {
        flags.clear();
        quarantined = [];
      }
      for (const key of change.remove ?? []) flags.delete(key);
      for (const flag of put) flags.set(flag.key, flag);
      quarantined.push(...added);
    },
    peek() {
      return { flags: [...flags.values()], quarantined };
    },
  };
}

const DB_VERSION = 1;
const FLAGS = 'flags';
const QUARANTINE = 'quarantine';

/** The flag database's name (listed in lib/storage/items.ts). */
export const FLAG_DB_NAME = 'netra-flags';

/** Flag records in an IndexedDB database: `flags` keyed by flag key, `quarantine` as a log. */
export function openIdbFlagRecords(factory: () => IDBFactory, name = FLAG_DB_NAME): FlagRecords {
  let db: Promise<IDBDatabase> | undefined;
  const open = () => {
    db ??= idbOpen(factory(), name, DB_VERSION, (created) => {
      if (!created.objectStoreNames.contains(FLAGS)) created.createObjectStore(FLAGS, { keyPath: 'key' });
      if (!created.objectStoreNames.contains(QUARANTINE))
        created.createObjectStore(QUARANTINE, { autoIncrement: true });
    }).catch((error: unknown) => {
      db = undefined;
      throw error;
    });
    return db;
  };
  return {
    async load() {
      const tx = (await open()).transaction([FLAGS, QUARANTINE], 'readonly');
      const [flags, quarantined] = await Promise.all([
        idbRequest(tx.objectStore(FLAGS).getAll()),
        idbRequest(tx.objectStore(QUARANTINE).getAll()),
      ]);
      return { flags, quarantined };
    },
    async apply(change) {
      if (isEmptyChange(change)) return;
      const tx = (await open()).transaction([FLAGS, QUARANTINE], 'readwrite');
      const flags = tx.objectStore(FLAGS);
      const quarantine = tx.objectStore(QUARANTINE);
      const committed = idbDone(tx);
      try {
        if (change.clear) {
          flags.clear();
          quarantine.clear();
        }
        for (const key of change.remove ?? []) flags.delete(key);
        for (const flag of change.put ?? []) flags.put(flag);
        for (const record of change.quarantine ?? []) quarantine.add(record);
      } catch (error) {
        // A value IndexedDB cannot store: nothing of this change is written.
        tx.abort();
        await committed.catch(() => undefined);
        throw error;
      }
      await committed;
    },
  };
}

/** The whole-state format flags were kept in by earlier versions (one storage.local key). */
export interface FlagState {
  version: 1;
  flags: Flag[];
  /** Stored flags that no longer validate, kept as they were found. */
  quarantined: QuarantinedFlag[];
}

/** Validates a whole state of the earlier format; invalid flags are set aside in `quarantined`. */
export function loadFlagState(raw: unknown, nowIso: string): { state: FlagState; repaired: boolean } {
  if (raw === undefined || raw === null) return { state: emptyState(), repaired: false };
  const record =
    typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  if (!record || !Array.isArray(record.flags)) {
    return {
      state: { ...emptyState(), quarantined: [{ raw, reason: 'Data penanda tidak dikenali.', at: nowIso }] },
      repaired: true,
    };
  }
  const quarantined: QuarantinedFlag[] = Array.isArray(record.quarantined)
    ? (record.quarantined as QuarantinedFlag[])
    : [];
  let repaired = !Array.isArray(record.quarantined);
  const flags: Flag[] = [];
  const seen = new Set<string>();
  for (const value of record.flags as unknown[]) {
    const parsed = FlagSchema.safeParse(value);
    if (parsed.success && !seen.has(parsed.data.key)) {
      flags.push(value as Flag);
      seen.add(parsed.data.key);
      continue;
    }
    repaired = true;
    const rawKey = (value as { key?: unknown } | null)?.key;
    quarantined.push({
      ...(typeof rawKey === 'string' ? { key: rawKey.slice(0, 3000) } : {}),
      raw: value,
      reason: parsed.success ? 'Penanda ganda.' : describeIssues(parsed.error),
      at: nowIso,
    });
  }
  return { state: { version: 1, flags, quarantined }, repaired };
}

function emptyState(): FlagState {
  return { version: 1, flags: [], quarantined: [] };
}

/**
 * The extension's flag records: IndexedDB, after moving flags kept by earlier versions under one
 * storage.local key (read once, written as records, then the key is removed).
 */
export function createBrowserFlagRecords(
  factory: () => IDBFactory = () => globalThis.indexedDB,
): FlagRecords {
  const records = openIdbFlagRecords(factory);
  return {
    async load() {
      const legacy = (await browser.storage.local.get(FLAGS_KEY))[FLAGS_KEY];
      if (legacy !== undefined) {
        const { state } = loadFlagState(legacy, new Date().toISOString());
        await records.apply({ put: state.flags, quarantine: state.quarantined });
        await browser.storage.local.remove(FLAGS_KEY);
      }
      return records.load();
    },
    apply: (change) => records.apply(change),
  };
}
