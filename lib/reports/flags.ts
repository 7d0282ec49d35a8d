import { z } from 'zod';
import { CATEGORIES, type Category } from '../rules/categories';
import { type PostSnapshot, PostSnapshotSchema } from '../sites/snapshot';
import type { SiteId } from '../sites/types';
import { Mutex } from './mutex';
import { AsnMatchSchema, describeIssues, FindingSchema } from './schema';
import { browser } from 'wxt/browser';
import {
  type FlagChange,
  type FlagRecords,
  isEmptyChange,
  openIdbFlagRecords,
  type StoredFlagRecords,
} from './flag-records';
import { FLAGS_KEY } from './store';

// The flag store: one Flag per post (deduped by key) with what the rules found and what the
// person decided. Reported flags are never pruned: they are the local record of what was sent.

export const FLAG_STATUSES = ['new', 'reviewed', 'reported', 'dismissed'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

const isoDateTime = z.iso.datetime({ offset: true });

export const FlagSchema = z.object({
  key: z.string().min(1).max(3000),
  snapshot: PostSnapshotSchema,
  findings: z.array(FindingSchema).max(500),
  asn: AsnMatchSchema.nullable(),
  /** Distinct categories of the findings, in CATEGORIES order. */
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length),
  status: z.enum(FLAG_STATUSES),
  firstSeenAt: isoDateTime,
  lastSeenAt: isoDateTime,
  tabId: z.int().optional(),
  reportId: z.string().max(100).optional(),
});
export type Flag = z.infer<typeof FlagSchema>;

export interface QuarantinedFlag {
  key?: string;
  raw: unknown;
  reason: string;
  at: string;
}

/** The whole-state format flags were kept in by earlier versions (one storage.local key). */
export interface FlagState {
  version: 1;
  flags: Flag[];
  /** Stored flags that no longer validate, kept as they were found. */
  quarantined: QuarantinedFlag[];
}

export const FlagInputSchema = z.object({
  snapshot: PostSnapshotSchema,
  findings: z.array(FindingSchema).max(500),
  asn: AsnMatchSchema.nullable(),
  tabId: z.int().optional(),
});
export type FlagInput = z.infer<typeof FlagInputSchema>;

export interface FlagQuery {
  status?: FlagStatus | FlagStatus[];
  category?: Category;
  site?: SiteId;
  tabId?: number;
}

export interface PruneOptions {
  /** Flags not seen for this many days go (reported ones never). */
  retentionDays: number;
  /** Upper bound on stored flags; the oldest dismissed, then oldest unreported, go first. */
  maxFlags?: number;
  now?: number;
}

/** A flag seen again with nothing new is written again only after this long. */
export const SEEN_WRITE_MS = 5 * 60_000;

export const DEFAULT_MAX_FLAGS = 2_000;

/** A refused flag operation; `message` is Indonesian, for the UI. */
export class FlagError extends Error {
  override name = 'FlagError';
}

// Share and tracking parameters that differ between two views of the same post.
const TRACKING_PARAMS = /^(utm_.*|fbclid|gclid|igshid|igsh|si|__cft__.*|__tn__|ref_src|ref_url|mibextid)$/i;

function canonicalUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.hash = '';
    for (const name of [...url.searchParams.keys()]) {
      if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name);
    }
    return url.toString();
  } catch {
    return raw;
  }
}

function canonicalHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** FNV-1a, 32 bit: a short stable fingerprint for posts with neither id nor URL. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The dedupe key of a post: `site:postId`, else `site:url:author`, else `site:text:author:hash`. */
export function flagKey(snapshot: PostSnapshot): string {
  const author = canonicalHandle(snapshot.author.handle);
  let key: string;
  if (snapshot.postId) key = `${snapshot.site}:${snapshot.postId}`;
  else if (snapshot.url) key = `${snapshot.site}:${canonicalUrl(snapshot.url)}:${author}`;
  else key = `${snapshot.site}:text:${author}:${fingerprint(snapshot.text)}`;
  // Two ASN reposting the same post are two violations, not one.
  const reposter = snapshot.context?.repostedBy;
  if (snapshot.kind === 'repost' && reposter) key += `#repost:${canonicalHandle(reposter.handle)}`;
  return key;
}

/** Distinct categories of findings, in CATEGORIES order. */
export function categoriesOf(findings: readonly { category: Category }[]): Category[] {
  const present = new Set(findings.map((finding) => finding.category));
  return CATEGORIES.filter((category) => present.has(category));
}

/** A predicate for a flag query. */
function matcherOf(filter: FlagQuery): (flag: Flag) => boolean {
  const statuses = filter.status === undefined ? undefined : new Set([filter.status].flat());
  return (flag) =>
    (statuses === undefined || statuses.has(flag.status)) &&
    (filter.category === undefined || flag.categories.includes(filter.category)) &&
    (filter.site === undefined || flag.snapshot.site === filter.site) &&
    (filter.tabId === undefined || flag.tabId === filter.tabId);
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

const DAY_MS = 86_400_000;

/** The flag store's working copy: every flag by key, and the records set aside. */
interface LiveState {
  flags: Map<string, Flag>;
  quarantined: QuarantinedFlag[];
}

/** What a transaction hands back: its result and what to write (nothing when omitted). */
interface Outcome<T> {
  result: T;
  change?: FlagChange;
}

/** Most recently seen first; the key breaks ties so the order does not depend on storage. */
function byRecency(a: Flag, b: Flag): number {
  return Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Validates loaded records: the flags that fit, and the ones that do not, to be moved into the
 * quarantine with the reason (never dropped).
 */
export function validateFlagRecords(
  stored: StoredFlagRecords,
  nowIso: string,
): { state: LiveState; change: FlagChange } {
  const flags = new Map<string, Flag>();
  const quarantine: QuarantinedFlag[] = [];
  const remove: string[] = [];
  for (const value of stored.flags) {
    const parsed = FlagSchema.safeParse(value);
    const rawKey = (value as { key?: unknown } | null)?.key;
    if (parsed.success && !flags.has(parsed.data.key)) {
      flags.set(parsed.data.key, value as Flag);
      continue;
    }
    if (typeof rawKey === 'string') remove.push(rawKey);
    quarantine.push({
      ...(typeof rawKey === 'string' ? { key: rawKey.slice(0, 3000) } : {}),
      raw: value,
      reason: parsed.success ? 'Penanda ganda.' : describeIssues(parsed.error),
      at: nowIso,
    });
  }
  return {
    state: { flags, quarantined: [...(stored.quarantined as QuarantinedFlag[]), ...quarantine] },
    change: { remove, quarantine },
  };
}

/** The persistent flag store over injected per-flag records. */
export class FlagStore {
  private readonly mutex = new Mutex();
  private readonly now: () => number;
  // Flags are written on every sighting while the person browses; the background is the only
  // writer, so the records are read once and kept.
  private cache: LiveState | null = null;

  constructor(private readonly deps: { records: FlagRecords; now?: () => number }) {
    this.now = deps.now ?? Date.now;
  }

  /** Adds a flag or refreshes the one with the same key (status and firstSeenAt are kept). */
  async upsertFlag(input: FlagInput): Promise<{ flag: Flag; created: boolean }> {
    const [result] = await this.upsertFlags([input]);
    return result!;
  }

  /**
   * Adds or refreshes several flags in one write (a scan tick's worth). A flag seen again with
   * nothing new is not written again until its lastSeenAt is SEEN_WRITE_MS old.
   */
  upsertFlags(inputs: readonly FlagInput[]): Promise<{ flag: Flag; created: boolean }[]> {
    const parsed = inputs.map((input) => FlagInputSchema.safeParse(input));
    const bad = parsed.find((p) => !p.success);
    if (bad && !bad.success)
      return Promise.reject(new FlagError(`Penanda tidak valid: ${describeIssues(bad.error)}`));
    return this.transact<{ flag: Flag; created: boolean }[]>((state, nowIso, now) => {
      const put = new Map<string, Flag>();
      const results = parsed.map((p) => {
        const { snapshot, findings, asn, tabId } = p.data!;
        const key = flagKey(snapshot);
        const existing = state.flags.get(key);
        if (existing) {
          const categories = categoriesOf(findings);
          const same =
            JSON.stringify([
              existing.snapshot.text,
              existing.findings,
              existing.categories,
              existing.tabId,
            ]) === JSON.stringify([snapshot.text, findings, categories, tabId ?? existing.tabId]) &&
            (!asn || JSON.stringify(existing.asn) === JSON.stringify(asn));
          const stale = now - Date.parse(existing.lastSeenAt) >= SEEN_WRITE_MS;
          existing.snapshot = snapshot;
          existing.findings = findings;
          existing.categories = categories;
          // A later sighting without a match (e.g. watchlist reloaded) must not erase why it was flagged.
          if (asn) existing.asn = asn;
          existing.lastSeenAt = nowIso;
          if (tabId !== undefined) existing.tabId = tabId;
          if (!same || stale) put.set(key, existing);
          return { flag: existing, created: false };
        }
        const flag: Flag = {
          key,
          snapshot,
          findings,
          asn,
          categories: categoriesOf(findings),
          status: 'new',
          firstSeenAt: nowIso,
          lastSeenAt: nowIso,
          ...(tabId === undefined ? {} : { tabId }),
        };
        state.flags.set(key, flag);
        put.set(key, flag);
        return { flag, created: true };
      });
      return { result: results, change: { put: [...put.values()] } };
    });
  }

  /** Records the person's decision; `reported` needs the report id it was sent under. */
  setStatus(key: string, status: FlagStatus, options: { reportId?: string } = {}): Promise<Flag> {
    return this.transact((state) => {
      const flag = state.flags.get(key);
      if (!flag) throw new FlagError('Penanda tidak ditemukan.');
      if (status === 'reported' && !options.reportId)
        throw new FlagError('Status "dilaporkan" memerlukan id laporan.');
      const next: Flag = {
        ...flag,
        status,
        ...(status === 'reported' ? { reportId: options.reportId } : {}),
      };
      state.flags.set(key, next);
      return { result: next, change: { put: [next] } };
    });
  }

  /** One flag by key. */
  get(key: string): Promise<Flag | undefined> {
    return this.transact((state) => ({ result: state.flags.get(key) }));
  }

  /** Flags matching every given filter, most recently seen first. */
  query(filter: FlagQuery = {}): Promise<Flag[]> {
    const matches = matcherOf(filter);
    return this.transact((state) => ({ result: [...state.flags.values()].filter(matches).sort(byRecency) }));
  }

  /** How many flags match, without copying them (the toolbar badge asks after every scan tick). */
  count(filter: FlagQuery = {}): Promise<number> {
    const matches = matcherOf(filter);
    return this.transact((state) => {
      let n = 0;
      for (const flag of state.flags.values()) if (matches(flag)) n += 1;
      return { result: n };
    });
  }

  /** Stored flags that failed validation, as found. */
  quarantined(): Promise<QuarantinedFlag[]> {
    return this.transact((state) => ({ result: state.quarantined }));
  }

  /** Unlinks flags from a closed tab (tab ids are reused). */
  forgetTab(tabId: number): Promise<number> {
    return this.transact((state) => {
      const put: Flag[] = [];
      for (const flag of state.flags.values()) {
        if (flag.tabId === tabId) {
          delete flag.tabId;
          put.push(flag);
        }
      }
      return { result: put.length, change: { put } };
    });
  }

  /** Deletes old unreported flags (and the oldest beyond maxFlags); returns how many went. */
  prune(options: PruneOptions): Promise<number> {
    return this.transact((state, _nowIso, clock) => {
      const now = options.now ?? clock;
      const cutoff = now - options.retentionDays * DAY_MS;
      const all = [...state.flags.values()];
      const remove = new Set(
        all
          .filter((flag) => flag.status !== 'reported' && Date.parse(flag.lastSeenAt) < cutoff)
          .map((flag) => flag.key),
      );
      const kept = all.length - remove.size;
      const max = options.maxFlags ?? DEFAULT_MAX_FLAGS;
      if (kept > max) {
        // Evict dismissed before unreviewed, oldest first; reported flags are never evicted.
        const rank = (flag: Flag) => (flag.status === 'dismissed' ? 0 : 1);
        const evictable = all
          .filter((flag) => flag.status !== 'reported' && !remove.has(flag.key))
          .sort((a, b) => rank(a) - rank(b) || Date.parse(a.lastSeenAt) - Date.parse(b.lastSeenAt));
        for (const flag of evictable.slice(0, kept - max)) remove.add(flag.key);
      }
      for (const key of remove) state.flags.delete(key);
      return { result: remove.size, change: { remove: [...remove] } };
    });
  }

  /** Deletes one flag at the user's request. */
  remove(key: string): Promise<boolean> {
    return this.transact((state) => {
      const found = state.flags.delete(key);
      return { result: found, change: found ? { remove: [key] } : undefined };
    });
  }

  /** Deletes every flag and every quarantined record (the user's "delete my local data"). */
  deleteAll(): Promise<number> {
    return this.transact((state) => {
      const count = state.flags.size + state.quarantined.length;
      state.flags.clear();
      state.quarantined = [];
      return { result: count, change: { clear: true } };
    });
  }

  /** Drops the in-memory copy; call when something else wrote the records. */
  invalidate(): void {
    this.cache = null;
  }

  private transact<T>(fn: (state: LiveState, nowIso: string, now: number) => Outcome<T>): Promise<T> {
    return this.mutex.run(async () => {
      const now = this.now();
      const nowIso = new Date(now).toISOString();
      let state = this.cache;
      try {
        if (!state) {
          const loaded = validateFlagRecords(await this.deps.records.load(), nowIso);
          if (!isEmptyChange(loaded.change)) await this.deps.records.apply(loaded.change);
          state = loaded.state;
          this.cache = state;
        }
        const { result, change } = fn(state, nowIso, now);
        if (!isEmptyChange(change)) await this.deps.records.apply(change!);
        // Callers get copies: the cached state must only change through transact.
        return structuredClone(result);
      } catch (error) {
        // The working copy may be ahead of what was written: read the records again next time.
        this.cache = null;
        throw error;
      }
    });
  }
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
