import type { WxtStorageItem } from 'wxt/utils/storage';
import { storage } from 'wxt/utils/storage';
import type { z } from 'zod';
import { repairValue } from './repair';

type StorageKey = `local:${string}` | `session:${string}` | `sync:${string}` | `managed:${string}`;

/** A record of a stored value that failed validation and was set aside instead of dropped. */
export interface QuarantineEntry {
  key: string;
  at: string;
  issues: string[];
  value: unknown;
}

const QUARANTINE_LIMIT = 100;

/** Where set-aside values go; the options page shows them. */
export const quarantineItem = storage.defineItem<QuarantineEntry[]>('local:quarantine', { fallback: [] });

async function setAside(entry: QuarantineEntry): Promise<void> {
  const list = await quarantineItem.getValue();
  await quarantineItem.setValue([...list, entry].slice(-QUARANTINE_LIMIT));
}

export interface StoredItemOptions<S extends z.ZodType> {
  key: StorageKey;
  schema: S;
  fallback: z.output<S>;
  /** Bumped whenever the stored shape changes; each bump has a numbered migration. */
  version: number;
  migrations?: Record<number, (old: unknown) => unknown>;
  /** One line on what the item holds (shown in the storage registry test output). */
  description: string;
}

/** A storage item whose reads are validated and repaired, and whose writes are validated. */
export interface StoredItem<T> {
  readonly key: StorageKey;
  readonly version: number;
  readonly description: string;
  readonly schema: z.ZodType<T>;
  readonly fallback: T;
  readonly migrations: Readonly<Record<number, (old: unknown) => unknown>>;
  get(): Promise<T>;
  /** Validates before writing; throws a ZodError (nothing written) when `value` is invalid. */
  set(value: T): Promise<void>;
  /** Reads, applies `fn`, validates and writes; returns the new value. */
  update(fn: (current: T) => T): Promise<T>;
  watch(callback: (value: T) => void): () => void;
  raw: WxtStorageItem<T, Record<string, unknown>>;
}

/** Defines one item of the storage registry (see items.ts): versioned, migrated, validated. */
export function defineStoredItem<S extends z.ZodType>(
  options: StoredItemOptions<S>,
): StoredItem<z.output<S>> {
  type T = z.output<S>;
  const raw = storage.defineItem<T>(options.key, {
    fallback: options.fallback,
    version: options.version,
    migrations: options.migrations as Record<number, (old: unknown) => T> | undefined,
  });

  async function get(): Promise<T> {
    const stored = await raw.getValue();
    const repair = repairValue(options.schema, stored, options.fallback);
    if (repair.issues.length > 0) {
      console.warn(`[netra] ${options.key} was invalid and was repaired:`, repair.issues);
      if (repair.setAside !== undefined) {
        await setAside({
          key: options.key,
          at: new Date().toISOString(),
          issues: repair.issues,
          value: repair.setAside,
        });
      }
      await raw.setValue(repair.value);
    }
    return repair.value;
  }

  async function set(value: T): Promise<void> {
    await raw.setValue(options.schema.parse(value));
  }

  return {
    key: options.key,
    version: options.version,
    description: options.description,
    schema: options.schema as z.ZodType<T>,
    fallback: options.fallback,
    migrations: options.migrations ?? {},
    get,
    set,
    async update(fn) {
      const next = fn(await get());
      await set(next);
      return next;
    },
    watch(callback) {
      return raw.watch((value) => {
        const parsed = options.schema.safeParse(value);
        if (parsed.success) callback(parsed.data);
      });
    },
    raw,
  };
}
