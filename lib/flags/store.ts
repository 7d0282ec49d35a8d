import { Mutex } from '../reports/mutex';
import { describeIssues } from '../reports/schema';
import type { Category } from '../rules/categories';
import type { PostSnapshot } from '../sites/snapshot';
import type { SiteId } from '../sites/types';
import {
  categoriesOf,
  type Flag,
  flagAccount,
  MAX_FLAG_VERSIONS,
  type FlagInput,
  FlagInputSchema,
  FlagSchema,
  flagKey,
  type FlagStatus,
  type QuarantinedFlag,
} from './flag';
import { type FlagChange, type FlagRecords, isEmptyChange, type StoredFlagRecords } from './records';

// The flag store: one Flag per post (deduped by key) with what the rules found and what the
// person decided. Reported flags are never pruned: they are the local record of what was sent.

export interface FlagQuery {
  status?: FlagStatus | FlagStatus[];
  category?: Category;
  site?: SiteId;
  tabId?: number;
}

export interface PruneOptions {
  /** Flags not seen for this many days go (reported ones never). */
  retentionDays: number;
  /**
   * Upper bound on flags the count may evict: the oldest dismissed, then the oldest reviewed go.
   * Unreviewed (`new`) and reported flags are never evicted by count; they are the monitor's work,
   * and the flood cap (FloodLimits) keeps their number bounded instead.
   */
  maxFlags?: number;
  now?: number;
}

/** A flag seen again with nothing new is written again only after this long. */
export const SEEN_WRITE_MS = 5 * 60_000;

export const DEFAULT_MAX_FLAGS = 2_000;

/**
 * How many new flags one account, and one page, may add per hour. A page can render thousands of
 * matching posts by a watched account (or, in survey mode, by anyone): the excess is counted and
 * shown, not stored, so a flood cannot bury or push out the monitor's real work.
 */
export interface FloodLimits {
  perAccountPerHour: number;
  perPagePerHour: number;
}
export const DEFAULT_FLOOD_LIMITS: FloodLimits = { perAccountPerHour: 30, perPagePerHour: 300 };
const HOUR_MS = 3_600_000;

/** What upsertFlags did with one input: stored (new or refreshed), or refused and why. */
export type UpsertResult =
  { flag: Flag; created: boolean } | { flag: null; refused: 'invalid' | 'capped'; reason: string };

/** A refused flag operation; `message` is Indonesian, for the UI. */
export class FlagError extends Error {
  override name = 'FlagError';
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

const DAY_MS = 86_400_000;

/** What a sighting says about the post (its capture time aside), to compare two sightings. */
function evidenceOf(snapshot: PostSnapshot, findings: readonly unknown[]): string {
  const { capturedAt: _capturedAt, ...post } = snapshot;
  return JSON.stringify([post, findings]);
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

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

  private readonly limits: FloodLimits;

  constructor(
    private readonly deps: { records: FlagRecords; now?: () => number; limits?: Partial<FloodLimits> },
  ) {
    this.now = deps.now ?? Date.now;
    this.limits = { ...DEFAULT_FLOOD_LIMITS, ...deps.limits };
  }

  /** Adds a flag or refreshes the one with the same key (status and firstSeenAt are kept). */
  async upsertFlag(input: FlagInput): Promise<{ flag: Flag; created: boolean }> {
    const [result] = await this.upsertFlags([input]);
    if (!result!.flag) throw new FlagError(result!.reason);
    return result!;
  }

  /**
   * Adds or refreshes several flags in one write (a scan tick's worth). A flag seen again with
   * nothing new is not written again until its lastSeenAt is SEEN_WRITE_MS old. Each input is
   * judged on its own: one that is invalid is refused with the reason and the others are stored.
   */
  upsertFlags(inputs: readonly FlagInput[]): Promise<UpsertResult[]> {
    const parsed = inputs.map((input) => FlagInputSchema.safeParse(input));
    return this.transact<UpsertResult[]>((state, nowIso, now) => {
      const put = new Map<string, Flag>();
      // Flags created in the last hour, per account and per page, counted only when a new one comes.
      let recent: { accounts: Map<string, number>; pages: Map<string, number> } | undefined;
      const recentCounts = () => {
        if (recent) return recent;
        recent = { accounts: new Map(), pages: new Map() };
        const since = now - HOUR_MS;
        for (const flag of state.flags.values()) {
          if (Date.parse(flag.firstSeenAt) < since) continue;
          bump(recent.accounts, flagAccount(flag.snapshot));
          if (flag.page) bump(recent.pages, flag.page);
        }
        return recent;
      };
      const results = parsed.map((p): UpsertResult => {
        if (!p.success)
          return {
            flag: null,
            refused: 'invalid',
            reason: `Penanda tidak valid: ${describeIssues(p.error)}`,
          };
        const { snapshot, findings, asn, tabId, page } = p.data;
        const key = flagKey(snapshot);
        const existing = state.flags.get(key);
        if (existing) {
          // Issue #17, attack 7: the first snapshot is the evidence and stays as it was. A later
          // sighting that differs (the page rewrote the post, or expanded it) is kept as a version
          // beside it; a reported flag is the record of what was sent and takes none.
          const reported = existing.status === 'reported';
          let changed = false;
          const seen = evidenceOf(snapshot, findings);
          const latest = existing.versions?.at(-1);
          if (
            !reported &&
            seen !== evidenceOf(existing.snapshot, existing.findings) &&
            (!latest || seen !== evidenceOf(latest.snapshot, latest.findings))
          ) {
            existing.versions = [...(existing.versions ?? []), { snapshot, findings, seenAt: nowIso }].slice(
              -MAX_FLAG_VERSIONS,
            );
            changed = true;
          }
          // A later sighting without a match (e.g. watchlist reloaded) must not erase why it was flagged.
          if (asn && !reported && JSON.stringify(existing.asn) !== JSON.stringify(asn)) {
            existing.asn = asn;
            changed = true;
          }
          if (tabId !== undefined && tabId !== existing.tabId) {
            existing.tabId = tabId;
            changed = true;
          }
          const stale = now - Date.parse(existing.lastSeenAt) >= SEEN_WRITE_MS;
          existing.lastSeenAt = nowIso;
          if (changed || stale) put.set(key, existing);
          return { flag: existing, created: false };
        }
        const counts = recentCounts();
        const account = flagAccount(snapshot);
        if ((counts.accounts.get(account) ?? 0) >= this.limits.perAccountPerHour)
          return {
            flag: null,
            refused: 'capped',
            reason: `Lebih dari ${this.limits.perAccountPerHour} temuan baru dari ${account} dalam satu jam: tidak disimpan.`,
          };
        if (page && (counts.pages.get(page) ?? 0) >= this.limits.perPagePerHour)
          return {
            flag: null,
            refused: 'capped',
            reason: `Lebih dari ${this.limits.perPagePerHour} temuan baru dari satu halaman dalam satu jam: tidak disimpan.`,
          };
        bump(counts.accounts, account);
        if (page) bump(counts.pages, page);
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
          ...(page === undefined ? {} : { page }),
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

  /** Deletes old unreported flags (and old decided ones beyond maxFlags); returns how many went. */
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
        // Evict dismissed before reviewed, oldest first; unreviewed and reported flags never.
        const rank = (flag: Flag) => (flag.status === 'dismissed' ? 0 : 1);
        const evictable = all
          .filter(
            (flag) => (flag.status === 'dismissed' || flag.status === 'reviewed') && !remove.has(flag.key),
          )
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
