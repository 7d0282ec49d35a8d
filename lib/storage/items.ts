import { z } from 'zod';
import { SITE_IDS } from '../sites/types';
import { defineStoredItem, type StoredItem } from './item';
import { DEFAULT_SETTINGS, SettingsSchema } from './settings';

// Every storage item Netra keeps is defined here, with its version and migrations, so one
// place says what is stored and the registry test checks every item's invariants.

export const settingsItem = defineStoredItem({
  key: 'local:settings',
  description: 'User settings: mode, language, endpoint, reporter identity, evidence, retention.',
  schema: SettingsSchema,
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

export const SiteHealthSchema = z.object({
  site: z.enum(SITE_IDS),
  url: z.string().max(2048),
  seen: z.number().int().nonnegative(),
  parsed: z.number().int().nonnegative(),
  drift: z.number().int().nonnegative(),
  driftNames: z.array(z.string().max(100)).max(50),
  flagged: z.number().int().nonnegative(),
  updatedAt: z.string(),
  /** The content script could not start on this page (its hello failed after retries): why. */
  startError: z.string().max(300).optional(),
  // Counted by the background, not sent by the page (lib/background/settings-handlers.ts):
  /** Posts of this tab the background refused (malformed even after bounding). */
  rejected: z.number().int().nonnegative().optional(),
  /** Flags not stored because their author or page passed the hourly cap (a flood). */
  capped: z.number().int().nonnegative().optional(),
  /** Why the last refused post was refused (what and where). */
  lastRejection: z.string().max(300).optional(),
});
export type SiteHealth = z.infer<typeof SiteHealthSchema>;

/**
 * The health as a content script sends it: any page address is accepted and cut to 2,048
 * characters (a long URL must not lose the tab's health), the background's own counts are not
 * taken from the page.
 */
export const SentSiteHealthSchema = SiteHealthSchema.omit({
  rejected: true,
  capped: true,
  lastRejection: true,
}).extend({ url: z.string().transform((url) => url.slice(0, 2048)) });

/** Per-tab scanner health, for the popup (session storage: gone when the browser closes). */
export const tabHealthItem = defineStoredItem({
  key: 'session:tabHealth',
  description: 'Per-tab scanner health: posts seen, parsed, drift.',
  schema: z.record(z.string(), SiteHealthSchema),
  fallback: {},
  version: 1,
});

export const ImportedPackSchema = z.object({
  /** The pack as the user imported or edited it; validated again (PackSchema) when loaded. */
  json: z.unknown(),
  source: z.string().max(300),
  importedAt: z.string(),
});
export type ImportedPack = z.infer<typeof ImportedPackSchema>;

/** Rule packs the user imported or made in the editor (shipped packs live in the bundle). */
export const importedPacksItem = defineStoredItem({
  key: 'local:importedPacks',
  description: 'Rule packs imported or edited by the user, by pack id.',
  schema: z.record(z.string().max(200), ImportedPackSchema),
  fallback: {},
  version: 1,
});

/**
 * The compiled matcher of the enabled packs, so a restarted service worker loads it (~0.1 s)
 * instead of parsing the packs and compiling again (~2 s). `signature` names what it was compiled
 * from (lib/background/packs.ts), `versions` the packs in it; the data is checked by
 * deserialiseMatcher when loaded, and recompiled when it does not fit.
 */
export const compiledMatcherItem = defineStoredItem({
  key: 'local:compiledMatcher',
  description: 'Cache: the compiled rule matcher, the packs in it and what it was compiled from.',
  schema: z
    .object({
      signature: z.string(),
      data: z.unknown(),
      versions: z.array(z.object({ id: z.string(), version: z.string() })),
    })
    .nullable(),
  fallback: null,
  version: 2,
  migrations: {
    // 2 (issue #24): the signature no longer needs the packs parsed, and the pack versions are
    // kept with the matcher; a cache of version 1 is dropped and compiled again once
    2: () => null,
  },
});

/** Progress of a watchlist import, written by the background while it runs. */
export const ImportProgressSchema = z.object({
  importId: z.string().max(100),
  fileName: z.string().max(300),
  phase: z.enum(['importing', 'done', 'failed']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  at: z.string(),
});
export type ImportProgressState = z.infer<typeof ImportProgressSchema>;

/**
 * Where the background reports a running watchlist import; the options page watches it. Session
 * storage: nothing to keep once the browser closes.
 */
export const watchlistProgressItem = defineStoredItem({
  key: 'session:watchlistImportProgress',
  description: 'Progress of the running watchlist import, for the options page.',
  schema: ImportProgressSchema.nullable(),
  fallback: null,
  version: 1,
});

/**
 * Stored state whose own module validates it as a whole (with its own quarantine of entries
 * that no longer fit) rather than through defineStoredItem; listed here so this file names
 * everything Netra keeps.
 */
export const SELF_VALIDATED_STORES = [
  {
    key: 'indexeddb:netra-flags',
    owner: 'lib/flags/records.ts',
    description:
      'Flags, one record each: post snapshot, findings, ASN match, review status (earlier versions kept them under local:flags; moved on first load).',
  },
  {
    key: 'local:reportQueue',
    owner: 'lib/reports/queue.ts',
    description: 'Reports waiting, sent, failed or quarantined.',
  },
  {
    key: 'indexeddb:netra-handover',
    owner: 'lib/storage/handover.ts',
    description: 'Files the options page hands to the background (a watchlist to import); taken at once.',
  },
  {
    key: 'indexeddb:netra-asn',
    owner: 'lib/asn/idb-store.ts',
    description: 'The ASN registry: watchlists, synced and hashed lists, hand tags.',
  },
] as const;

/** Every item, for the registry test and for "delete all data". */
export const STORAGE_ITEMS: readonly StoredItem<unknown>[] = [
  settingsItem,
  tabHealthItem,
  importedPacksItem,
  compiledMatcherItem,
  watchlistProgressItem,
] as StoredItem<unknown>[];
