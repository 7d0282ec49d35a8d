import { z } from 'zod';
import type { SendOutcome } from './endpoint';
import { Mutex } from './mutex';
import { describeIssues, type Report, ReportSchema, ReportV1Schema, reportStances } from './schema';
import { createBrowserStore, REPORT_QUEUE_KEY, type StateStore } from './store';

// The report queue: nothing confirmed by a person is ever lost. Every report is in the store
// before any send; sending is claimed in the store (status `sending` with a lease) so a claim
// survives a service-worker kill; an expired lease means the worker died mid-send and the entry
// is sent again with the same Idempotency-Key, which the server dedupes (PROTOCOL.md).
// One ReportQueue per store per JS context: storage has no compare-and-swap, so the in-process
// mutex plus the persisted lease are what keep a report from being sent twice at once.

export const QUEUE_STATUSES = ['waiting', 'sending', 'sent', 'failed', 'quarantined'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

const timestamp = z.number().int().min(0);

const LiveEntrySchema = z.object({
  /** Stable local id: the first report id; editAndResend gives the report a new id. */
  id: z.string().min(1).max(100),
  status: z.enum(['waiting', 'sending', 'sent', 'failed']),
  report: ReportSchema,
  attempts: z.int().min(0),
  enqueuedAt: timestamp,
  /** When a waiting entry is due (ms epoch). */
  nextAttemptAt: timestamp.nullable(),
  /** While `sending`: after this the claim is treated as abandoned (worker died). */
  leaseUntil: timestamp.optional(),
  lastAttemptAt: timestamp.optional(),
  /** HTTP status of the last reply (absent for timeouts and network errors). */
  lastStatus: z.int().optional(),
  /** Last error or server message, shown to the user. */
  lastError: z.string().max(1000).optional(),
  sentAt: timestamp.optional(),
  /** Report ids this entry was sent under before an edit. */
  supersededIds: z.array(z.string().max(100)).max(100).optional(),
});
export type QueueEntry = z.infer<typeof LiveEntrySchema>;

const QuarantinedEntrySchema = z.object({
  id: z.string().min(1).max(200),
  status: z.literal('quarantined'),
  /** The stored value exactly as it was found. */
  raw: z.unknown(),
  reason: z.string(),
  quarantinedAt: timestamp,
});
export type QuarantinedEntry = z.infer<typeof QuarantinedEntrySchema>;

export type AnyQueueEntry = QueueEntry | QuarantinedEntry;

export interface QueueState {
  version: 1;
  entries: AnyQueueEntry[];
  /** The endpoint asked us to back off (5xx/429/unreachable): no sends before this. */
  pausedUntil: number | null;
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, capMs: 30 * 60_000 };
/** A Retry-After longer than this is treated as this (a broken server must not stall reports for days). */
export const MAX_RETRY_AFTER_MS = 6 * 60 * 60_000;

export interface ReportQueueDeps {
  store: StateStore<QueueState>;
  /** Sends one report (usually sendReport bound to the endpoint config). */
  send: (report: Report) => Promise<SendOutcome>;
  now?: () => number;
  random?: () => number;
  randomUUID?: () => string;
  backoff?: Partial<BackoffOptions>;
  /** How long a `sending` claim is honoured; must exceed the send timeout. Default 2 min. */
  leaseMs?: number;
  /** Sent entries kept for the popup's history. Default 200 entries, 30 days. */
  keepSent?: { max?: number; days?: number };
  /** Called with the whole list after every change (for the popup). */
  onChange?: (entries: AnyQueueEntry[]) => void;
}

export interface FlushResult {
  attempted: number;
  delivered: number;
  retried: number;
  failed: number;
  /** The endpoint asked to back off; remaining due entries wait until pausedUntil. */
  pausedUntil: number | null;
}

/** A refused queue operation; `message` is Indonesian, for the UI. */
export class QueueError extends Error {
  override name = 'QueueError';
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base·2^(attempts−1))). */
export function backoffDelay(
  attempts: number,
  random: () => number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

// The envelope alone; the report inside is checked once per id (see loadQueueState).
const EnvelopeSchema = LiveEntrySchema.extend({ report: z.looseObject({ id: z.string() }) });

/**
 * Validates stored queue state; entries that no longer fit are quarantined with the reason, never
 * dropped. `validatedReportIds` memoises report bodies already checked: a report id names one
 * immutable body (an edit gets a new id), and re-validating every report on every queue
 * operation made flushing a long offline backlog quadratic in zod time.
 */
export function loadQueueState(
  raw: unknown,
  now: number,
  validatedReportIds?: Set<string>,
): { state: QueueState; repaired: boolean } {
  if (raw === undefined || raw === null) return { state: emptyState(), repaired: false };
  const record = typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
  if (!record || !Array.isArray(record.entries)) {
    return {
      state: {
        ...emptyState(),
        entries: [
          {
            id: `state-${now}`,
            status: 'quarantined',
            raw,
            reason: 'Data antrean tidak dikenali.',
            quarantinedAt: now,
          },
        ],
      },
      repaired: true,
    };
  }
  let repaired = false;
  const seen = new Set<string>();
  const entries: AnyQueueEntry[] = [];
  record.entries.forEach((stored: unknown, index) => {
    let value = stored;
    const quarantined = QuarantinedEntrySchema.safeParse(value);
    if (quarantined.success) {
      entries.push(value as QuarantinedEntry);
      seen.add(quarantined.data.id);
      return;
    }
    const migrated = migrateEntry(value);
    if (migrated !== value) {
      value = migrated;
      repaired = true;
    }
    const envelope = EnvelopeSchema.safeParse(value);
    const valid =
      envelope.success &&
      (validatedReportIds?.has(envelope.data.report.id) ||
        ReportSchema.safeParse((value as { report: unknown }).report).success);
    if (envelope.success && valid && !seen.has(envelope.data.id)) {
      validatedReportIds?.add(envelope.data.report.id);
      // Keep the stored object, not zod's output, so fields a newer version added survive.
      entries.push(value as QueueEntry);
      seen.add(envelope.data.id);
      return;
    }
    repaired = true;
    const live = LiveEntrySchema.safeParse(value);
    const rawId = (value as { id?: unknown } | null)?.id;
    let id = typeof rawId === 'string' && rawId.length <= 100 ? rawId : `entry-${index}`;
    while (seen.has(id)) id = `${id}-dup`;
    seen.add(id);
    entries.push({
      id,
      status: 'quarantined',
      raw: value,
      reason: live.success ? 'Entri ganda di antrean.' : describeIssues(live.error),
      quarantinedAt: now,
    });
  });
  const pausedUntil = typeof record.pausedUntil === 'number' ? record.pausedUntil : null;
  return { state: { version: 1, entries, pausedUntil }, repaired };
}

/**
 * An entry whose report an earlier build stored as schema version 1, with its report brought to
 * the current version (the stored object kept, so fields a newer version added survive); any
 * other value as it is.
 */
function migrateEntry(value: unknown): unknown {
  const report = (value as { report?: unknown } | null)?.report;
  if (
    report === null ||
    typeof report !== 'object' ||
    (report as { schemaVersion?: unknown }).schemaVersion !== 1
  )
    return value;
  const v1 = ReportV1Schema.safeParse(report);
  if (!v1.success) return value;
  return {
    ...(value as object),
    report: { ...report, schemaVersion: 2, stances: reportStances(v1.data.findings) },
  };
}

function emptyState(): QueueState {
  return { version: 1, entries: [], pausedUntil: null };
}

function isLive(entry: AnyQueueEntry): entry is QueueEntry {
  return entry.status !== 'quarantined';
}

/** When an entry may be (re)sent, or undefined when it is not pending. */
function dueAt(entry: AnyQueueEntry): number | undefined {
  if (entry.status === 'waiting') return entry.nextAttemptAt ?? 0;
  if (entry.status === 'sending') return entry.leaseUntil ?? 0;
  return undefined;
}

const DAY_MS = 86_400_000;

/** The persistent report queue; see the file comment for its guarantees. */
export class ReportQueue {
  private readonly mutex = new Mutex();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly randomUUID: () => string;
  private readonly backoff: BackoffOptions;
  private readonly leaseMs: number;
  private readonly keepSentMax: number;
  private readonly keepSentMs: number;
  private readonly validatedReportIds = new Set<string>();
  private flushTail: Promise<unknown> = Promise.resolve();
  private nextFlush: Promise<FlushResult> | null = null;

  constructor(private readonly deps: ReportQueueDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.randomUUID = deps.randomUUID ?? (() => crypto.randomUUID());
    this.backoff = { ...DEFAULT_BACKOFF, ...deps.backoff };
    this.leaseMs = deps.leaseMs ?? 120_000;
    this.keepSentMax = deps.keepSent?.max ?? 200;
    this.keepSentMs = (deps.keepSent?.days ?? 30) * DAY_MS;
  }

  /**
   * Stores a confirmed report (idempotent by report id); it is on disk when this resolves. When
   * `sameAs` matches a report already queued, that entry is returned and nothing is stored.
   */
  enqueue(report: Report, options: { sameAs?: (queued: Report) => boolean } = {}): Promise<QueueEntry> {
    const parsed = ReportSchema.safeParse(report);
    if (!parsed.success) {
      return Promise.reject(new QueueError(`Laporan tidak valid: ${describeIssues(parsed.error)}`));
    }
    if (report.test) return Promise.reject(new QueueError('Laporan uji tidak dimasukkan ke antrean.'));
    return this.transact((state, now) => {
      const existing = state.entries.find(
        (entry) => entry.id === report.id || (isLive(entry) && entry.report.id === report.id),
      );
      if (existing && isLive(existing)) return { result: existing, changed: false };
      if (existing) throw new QueueError('Id laporan ini bentrok dengan entri karantina.');
      const same = options.sameAs
        ? state.entries.find((entry): entry is QueueEntry => isLive(entry) && options.sameAs!(entry.report))
        : undefined;
      if (same) return { result: same, changed: false };
      const entry: QueueEntry = {
        id: report.id,
        status: 'waiting',
        report,
        attempts: 0,
        enqueuedAt: now,
        nextAttemptAt: now,
      };
      state.entries.push(entry);
      return { result: entry, changed: true };
    });
  }

  /**
   * Sends due entries one at a time until none is due or the endpoint asks to back off.
   * Concurrent calls never overlap: a call made while one runs starts after it (calls made
   * meanwhile share that second run), so an entry enqueued mid-flush is not left behind.
   */
  flush(options: { now?: number } = {}): Promise<FlushResult> {
    if (this.nextFlush) return this.nextFlush;
    const run = this.flushTail.then(() => {
      this.nextFlush = null;
      return this.runFlush(options.now);
    });
    this.nextFlush = run;
    this.flushTail = run.catch(() => undefined);
    return run;
  }

  private async runFlush(fixedNow: number | undefined): Promise<FlushResult> {
    const result: FlushResult = { attempted: 0, delivered: 0, retried: 0, failed: 0, pausedUntil: null };
    const tried = new Set<string>();
    for (;;) {
      const claimed = await this.transact((state, clock) => {
        const now = fixedNow ?? clock;
        if (state.pausedUntil !== null && state.pausedUntil > now) {
          result.pausedUntil = state.pausedUntil;
          return { result: undefined, changed: false };
        }
        const next = state.entries
          .filter(isLive)
          .filter((entry) => !tried.has(entry.id))
          .map((entry) => ({ entry, due: dueAt(entry) }))
          .filter(
            (item): item is { entry: QueueEntry; due: number } => item.due !== undefined && item.due <= now,
          )
          .sort((a, b) => a.due - b.due || a.entry.enqueuedAt - b.entry.enqueuedAt)[0]?.entry;
        if (!next) return { result: undefined, changed: false };
        next.status = 'sending';
        next.attempts += 1;
        next.lastAttemptAt = clock;
        next.leaseUntil = clock + this.leaseMs;
        next.nextAttemptAt = null;
        return { result: structuredClone(next), changed: true };
      });
      if (!claimed) break;
      tried.add(claimed.id);
      result.attempted += 1;

      let outcome: SendOutcome;
      try {
        outcome = await this.deps.send(claimed.report);
      } catch (error) {
        outcome = { kind: 'retry', reason: 'network', message: `Kesalahan tak terduga: ${String(error)}` };
      }

      const stop = await this.transact((state, clock) => {
        const entry = state.entries.find((e): e is QueueEntry => e.id === claimed.id && isLive(e));
        // Removed or changed while we were sending: the store's version wins.
        if (entry?.status !== 'sending' || entry.report.id !== claimed.report.id) {
          return { result: false, changed: false };
        }
        delete entry.leaseUntil;
        if (outcome.kind === 'delivered') {
          entry.status = 'sent';
          entry.sentAt = clock;
          entry.lastStatus = outcome.status;
          delete entry.lastError;
          state.pausedUntil = null;
          result.delivered += 1;
          return { result: false, changed: true };
        }
        if (outcome.status === undefined) delete entry.lastStatus;
        else entry.lastStatus = outcome.status;
        entry.lastError = outcome.message.slice(0, 1000);
        if (outcome.kind === 'failed') {
          entry.status = 'failed';
          result.failed += 1;
          return { result: false, changed: true };
        }
        const retryAfter = Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
        const delay = Math.max(backoffDelay(entry.attempts, this.random, this.backoff), retryAfter);
        entry.status = 'waiting';
        entry.nextAttemptAt = clock + delay;
        // One endpoint: if it is down or throttling, the other reports wait with this one.
        state.pausedUntil = entry.nextAttemptAt;
        result.pausedUntil = entry.nextAttemptAt;
        result.retried += 1;
        return { result: true, changed: true };
      });
      if (stop) break;
    }
    await this.prune();
    return result;
  }

  /** Makes a failed or waiting entry due now and lifts any endpoint pause. */
  retryNow(id: string): Promise<QueueEntry> {
    return this.transact((state, now) => {
      const entry = this.findLive(state, id);
      if (entry.status !== 'failed' && entry.status !== 'waiting') {
        throw new QueueError('Hanya laporan yang gagal atau menunggu yang dapat dikirim ulang.');
      }
      entry.status = 'waiting';
      entry.nextAttemptAt = now;
      state.pausedUntil = null;
      return { result: entry, changed: true };
    });
  }

  /** Makes every failed and waiting entry due now (e.g. after the token was fixed); returns how many. */
  retryAll(): Promise<number> {
    return this.transact((state, now) => {
      let count = 0;
      for (const entry of state.entries) {
        if (entry.status === 'failed' || entry.status === 'waiting') {
          entry.status = 'waiting';
          entry.nextAttemptAt = now;
          count += 1;
        }
      }
      state.pausedUntil = null;
      return { result: count, changed: count > 0 };
    });
  }

  /**
   * Edits the reviewer's category/note of a failed report and queues it again. The report gets a
   * new id (an Idempotency-Key names one exact body); the entry id stays, the old id is kept.
   */
  editAndResend(
    id: string,
    patch: { category?: Report['reviewer']['category']; note?: string },
  ): Promise<QueueEntry> {
    return this.transact((state, now) => {
      const entry = this.findLive(state, id);
      if (entry.status !== 'failed') throw new QueueError('Hanya laporan yang gagal yang dapat diubah.');
      const reviewer = { ...entry.report.reviewer };
      if (patch.category !== undefined) reviewer.category = patch.category;
      if (patch.note !== undefined) {
        if (patch.note.trim() === '') delete reviewer.note;
        else reviewer.note = patch.note;
      }
      const candidate = {
        ...entry.report,
        id: this.randomUUID(),
        createdAt: new Date(now).toISOString(),
        reviewer,
      };
      const parsed = ReportSchema.safeParse(candidate);
      if (!parsed.success) throw new QueueError(`Perubahan tidak valid: ${describeIssues(parsed.error)}`);
      entry.supersededIds = [...(entry.supersededIds ?? []), entry.report.id];
      entry.report = candidate;
      entry.status = 'waiting';
      entry.nextAttemptAt = now;
      state.pausedUntil = null;
      return { result: entry, changed: true };
    });
  }

  /** Deletes one entry at the user's request (not while it is being sent); returns whether it existed. */
  remove(id: string): Promise<boolean> {
    return this.transact((state) => {
      const index = state.entries.findIndex((entry) => entry.id === id);
      if (index === -1) return { result: false, changed: false };
      if (state.entries[index]!.status === 'sending') {
        throw new QueueError('Laporan sedang dikirim; coba hapus sebentar lagi.');
      }
      state.entries.splice(index, 1);
      return { result: true, changed: true };
    });
  }

  /** Every entry, newest first. */
  list(): Promise<AnyQueueEntry[]> {
    return this.transact((state) => ({
      result: [...state.entries].sort((a, b) => enqueuedAt(b) - enqueuedAt(a)),
      changed: false,
    }));
  }

  /** When the background should next call flush (ms epoch), or null when nothing is pending. */
  nextWakeAt(): Promise<number | null> {
    return this.transact((state) => {
      const dues = state.entries.map(dueAt).filter((due): due is number => due !== undefined);
      if (dues.length === 0) return { result: null, changed: false };
      const earliest = Math.min(...dues);
      return { result: Math.max(earliest, state.pausedUntil ?? 0), changed: false };
    });
  }

  /** Drops sent entries beyond the kept count or age; returns how many were dropped. */
  prune(options: { now?: number } = {}): Promise<number> {
    return this.transact((state, clock) => {
      const now = options.now ?? clock;
      const sent = state.entries
        .filter((entry): entry is QueueEntry => entry.status === 'sent')
        .sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0));
      const drop = new Set(
        sent
          .filter((entry, index) => index >= this.keepSentMax || (entry.sentAt ?? 0) < now - this.keepSentMs)
          .map((entry) => entry.id),
      );
      if (drop.size === 0) return { result: 0, changed: false };
      state.entries = state.entries.filter((entry) => !drop.has(entry.id));
      return { result: drop.size, changed: true };
    });
  }

  private findLive(state: QueueState, id: string): QueueEntry {
    const entry = state.entries.find((e) => e.id === id);
    if (!entry) throw new QueueError('Laporan tidak ditemukan di antrean.');
    if (!isLive(entry)) throw new QueueError('Laporan ini dikarantina karena datanya tidak valid.');
    return entry;
  }

  private transact<T>(fn: (state: QueueState, now: number) => { result: T; changed: boolean }): Promise<T> {
    return this.mutex.run(async () => {
      const now = this.now();
      const { state, repaired } = loadQueueState(await this.deps.store.get(), now, this.validatedReportIds);
      const { result, changed } = fn(state, now);
      if (changed || repaired) {
        await this.deps.store.set(state);
        this.deps.onChange?.(state.entries);
      }
      return result;
    });
  }
}

function enqueuedAt(entry: AnyQueueEntry): number {
  return isLive(entry) ? entry.enqueuedAt : entry.quarantinedAt;
}

/** The queue's store over browser.storage.local (one key, REPORT_QUEUE_KEY). */
export function createBrowserQueueStore(): StateStore<QueueState> {
  return createBrowserStore<QueueState>(REPORT_QUEUE_KEY);
}
