import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SendOutcome } from '@/lib/reports/endpoint';
import {
  type AnyQueueEntry,
  backoffDelay,
  createBrowserQueueStore,
  DEFAULT_BACKOFF,
  loadQueueState,
  MAX_RETRY_AFTER_MS,
  type QueueEntry,
  type QueueState,
  ReportQueue,
  type ReportQueueDeps,
} from '@/lib/reports/queue';
import type { Report } from '@/lib/reports/schema';
import { createMemoryStore, REPORT_QUEUE_KEY } from '@/lib/reports/store';
import { createFindingMock, createReportMock, nextUuid } from './factories';

const T0 = Date.parse('2024-02-03T05:00:00Z');
const LEASE = 60_000;

interface Harness {
  queue: ReportQueue;
  store: ReturnType<typeof createMemoryStore<QueueState>>;
  clock: { t: number };
  sent: Report[];
  setReplies(...replies: SendOutcome[]): void;
}

const delivered: SendOutcome = { kind: 'delivered', status: 201 };
const serverDown: SendOutcome = { kind: 'retry', reason: 'server', status: 503, message: 'Server sibuk' };
const rejected: SendOutcome = { kind: 'failed', reason: 'rejected', status: 400, message: 'Kategori salah' };

function harness(overrides: Partial<ReportQueueDeps> = {}, store = createMemoryStore<QueueState>()): Harness {
  const clock = { t: T0 };
  const sent: Report[] = [];
  let replies: SendOutcome[] = [];
  const queue = new ReportQueue({
    store,
    send: async (report) => {
      sent.push(report);
      return replies.shift() ?? delivered;
    },
    now: () => clock.t,
    random: () => 0.5,
    randomUUID: nextUuid,
    leaseMs: LEASE,
    ...overrides,
  });
  return { queue, store, clock, sent, setReplies: (...next) => (replies = next) };
}

function entryOf(store: Harness['store'], id: string): AnyQueueEntry | undefined {
  return (store.peek() as QueueState | undefined)?.entries.find((entry) => entry.id === id);
}

/** A promise with its resolver, to hold a send open. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

beforeEach(() => fakeBrowser.reset());

describe('backoffDelay (full jitter, base 5 s, cap 30 min)', () => {
  test.each([
    [1, 0.5, 2_500],
    [2, 0.5, 5_000],
    [3, 0.5, 10_000],
    [1, 0, 0],
    [1, 0.999, 4_995],
    [10, 0.5, 15 * 60_000],
    [20, 0.999, Math.floor(0.999 * 30 * 60_000)],
    [1_000, 0.5, 15 * 60_000],
  ])('attempt %d, random %d → %d ms', (attempts, random, expected) => {
    expect(backoffDelay(attempts, () => random, DEFAULT_BACKOFF)).toBe(expected);
  });
});

describe('enqueue', () => {
  test('writes the report to the store before anything is sent', async () => {
    const h = harness();
    const report = createReportMock();
    await h.queue.enqueue(report);
    expect(h.sent).toHaveLength(0);
    expect(entryOf(h.store, report.id)).toMatchObject({ status: 'waiting', report, attempts: 0 });
  });

  test('at send time the store already holds the entry, marked sending', async () => {
    const store = createMemoryStore<QueueState>();
    const report = createReportMock();
    const seen: (AnyQueueEntry | undefined)[] = [];
    const h = harness(
      {
        send: async (r) => {
          seen.push(entryOf(store, r.id));
          return delivered;
        },
      },
      store,
    );
    await h.queue.enqueue(report);
    await h.queue.flush();
    expect(seen).toEqual([
      expect.objectContaining({ status: 'sending', attempts: 1, leaseUntil: T0 + LEASE, report }),
    ]);
  });

  test('a store that cannot write means enqueue fails and nothing is sent', async () => {
    const store = createMemoryStore<QueueState>();
    store.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    const h = harness({}, store);
    await expect(h.queue.enqueue(createReportMock())).rejects.toThrow(/quota/);
    await expect(h.queue.flush()).resolves.toMatchObject({ attempted: 0 });
    expect(h.sent).toHaveLength(0);
  });

  test('is idempotent by report id', async () => {
    const h = harness();
    const report = createReportMock();
    await h.queue.enqueue(report);
    await h.queue.enqueue(report);
    expect(await h.queue.list()).toHaveLength(1);
  });

  test.each([
    ['an invalid report', { ...createReportMock(), id: 'x' }, /Laporan tidak valid: id/],
    ['a test report', createReportMock({ test: true }), /Laporan uji/],
  ])('refuses %s', async (_name, report, message) => {
    const h = harness();
    await expect(h.queue.enqueue(report as Report)).rejects.toThrow(message);
    expect(await h.queue.list()).toHaveLength(0);
  });
});

describe('flush outcomes', () => {
  test('delivered (2xx or 409) → sent', async () => {
    const h = harness();
    const [a, b] = [createReportMock(), createReportMock()];
    await h.queue.enqueue(a);
    h.clock.t += 1;
    await h.queue.enqueue(b);
    h.setReplies(delivered, { kind: 'delivered', status: 409 });
    expect(await h.queue.flush()).toEqual({
      attempted: 2,
      delivered: 2,
      retried: 0,
      failed: 0,
      pausedUntil: null,
    });
    expect(h.sent.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(entryOf(h.store, b.id)).toMatchObject({ status: 'sent', lastStatus: 409, sentAt: T0 + 1 });
    expect(await h.queue.nextWakeAt()).toBeNull();
  });

  test('retry → waiting with full-jitter backoff; the endpoint pause holds the other reports', async () => {
    const h = harness();
    const [a, b] = [createReportMock(), createReportMock()];
    await h.queue.enqueue(a);
    await h.queue.enqueue(b);
    h.setReplies(serverDown);
    const first = await h.queue.flush();
    expect(first).toMatchObject({ attempted: 1, retried: 1, pausedUntil: T0 + 2_500 });
    expect(entryOf(h.store, a.id)).toMatchObject({
      status: 'waiting',
      attempts: 1,
      nextAttemptAt: T0 + 2_500,
      lastStatus: 503,
      lastError: 'Server sibuk',
    });
    expect(await h.queue.nextWakeAt()).toBe(T0 + 2_500);

    h.clock.t = T0 + 2_499;
    expect(await h.queue.flush()).toMatchObject({ attempted: 0 });

    h.clock.t = T0 + 2_500;
    h.setReplies(serverDown);
    await h.queue.flush();
    // b had waited longest, so it goes first after the pause; a is not due again yet.
    expect(h.sent.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(entryOf(h.store, b.id)).toMatchObject({ attempts: 1, nextAttemptAt: T0 + 2_500 + 2_500 });

    h.clock.t = T0 + 10_000;
    await h.queue.flush();
    expect(entryOf(h.store, a.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(entryOf(h.store, b.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test.each([
    ['shorter than the backoff: backoff wins', 1_000, 2_500],
    ['longer than the backoff: Retry-After wins', 120_000, 120_000],
    ['longer than the 30-min cap: still honoured', 2 * 3_600_000, 2 * 3_600_000],
    ['absurdly long: limited', 7 * 86_400_000, MAX_RETRY_AFTER_MS],
  ])('Retry-After %s', async (_name, retryAfterMs, delay) => {
    const h = harness();
    const report = createReportMock();
    await h.queue.enqueue(report);
    h.setReplies({ kind: 'retry', reason: 'rate_limited', status: 429, message: 'pelan', retryAfterMs });
    await h.queue.flush();
    expect(entryOf(h.store, report.id)).toMatchObject({ nextAttemptAt: T0 + delay });
  });

  test('a poison report that always gets 5xx does not block the others forever', async () => {
    const store = createMemoryStore<QueueState>();
    const poison = createReportMock();
    const good = createReportMock();
    const h = harness(
      { send: async (r) => (r.id === poison.id ? serverDown : delivered), random: () => 0.9 },
      store,
    );
    await h.queue.enqueue(poison);
    h.clock.t += 1;
    await h.queue.enqueue(good);
    for (let i = 0; i < 3; i += 1) {
      await h.queue.flush();
      h.clock.t = (await h.queue.nextWakeAt()) ?? h.clock.t;
    }
    expect(entryOf(store, good.id)).toMatchObject({ status: 'sent' });
    expect(entryOf(store, poison.id)).toMatchObject({ status: 'waiting' });
  });

  test('a send that throws is a retry, not a loss', async () => {
    const h = harness({
      send: async () => {
        throw new Error('boom');
      },
    });
    const report = createReportMock();
    await h.queue.enqueue(report);
    await h.queue.flush();
    expect(entryOf(h.store, report.id)).toMatchObject({
      status: 'waiting',
      lastError: expect.stringMatching(/boom/),
    });
  });

  test('failed (other 4xx) → kept with the server message; flush leaves it alone', async () => {
    const h = harness();
    const report = createReportMock();
    await h.queue.enqueue(report);
    h.setReplies(rejected);
    expect(await h.queue.flush()).toMatchObject({ failed: 1, pausedUntil: null });
    await h.queue.flush({ now: T0 + 86_400_000 });
    expect(h.sent).toHaveLength(1);
    expect(entryOf(h.store, report.id)).toMatchObject({
      status: 'failed',
      lastStatus: 400,
      lastError: 'Kategori salah',
    });
    expect(await h.queue.nextWakeAt()).toBeNull();
  });
});

describe('retryNow, retryAll, editAndResend, remove', () => {
  test('retryNow sends a failed report again with the same id', async () => {
    const h = harness();
    const report = createReportMock();
    await h.queue.enqueue(report);
    h.setReplies({ kind: 'failed', reason: 'auth', status: 401, message: 'Token tidak valid.' });
    await h.queue.flush();
    await h.queue.retryNow(report.id);
    await h.queue.flush();
    expect(h.sent.map((r) => r.id)).toEqual([report.id, report.id]);
    expect(entryOf(h.store, report.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('retryNow lifts an endpoint pause', async () => {
    const h = harness();
    const report = createReportMock();
    await h.queue.enqueue(report);
    h.setReplies(serverDown);
    await h.queue.flush();
    await h.queue.retryNow(report.id);
    expect(await h.queue.flush()).toMatchObject({ delivered: 1 });
  });

  test('retryAll makes every failed and waiting entry due', async () => {
    const h = harness();
    const reports = [createReportMock(), createReportMock(), createReportMock()];
    for (const report of reports) await h.queue.enqueue(report);
    h.setReplies(rejected, rejected, rejected);
    await h.queue.flush();
    expect(await h.queue.retryAll()).toBe(3);
    expect(await h.queue.flush()).toMatchObject({ delivered: 3 });
  });

  test('editAndResend changes category and note under a new report id, keeping the entry id', async () => {
    const h = harness();
    const report = createReportMock();
    await h.queue.enqueue(report);
    h.setReplies(rejected);
    await h.queue.flush();
    h.clock.t = T0 + 5_000;
    const edited = await h.queue.editAndResend(report.id, { category: 'hate_speech', note: 'Ujaran SARA' });
    expect(edited).toMatchObject({ id: report.id, status: 'waiting', supersededIds: [report.id] });
    expect(edited.report.id).not.toBe(report.id);
    expect(edited.report.reviewer).toMatchObject({ category: 'hate_speech', note: 'Ujaran SARA' });
    expect(edited.report.createdAt).toBe(new Date(T0 + 5_000).toISOString());
    await h.queue.flush();
    expect(h.sent.at(-1)!.id).toBe(edited.report.id);
  });

  test('editAndResend with an empty note removes the note', async () => {
    const h = harness();
    const report = createReportMock();
    await h.queue.enqueue(report);
    h.setReplies(rejected);
    await h.queue.flush();
    const edited = await h.queue.editAndResend(report.id, { note: '  ' });
    expect(edited.report.reviewer.note).toBeUndefined();
  });

  test.each([
    ['a waiting report', 'waiting', /Hanya laporan yang gagal/],
    ['a sent report', 'sent', /Hanya laporan yang gagal/],
    ['an unknown id', 'missing', /tidak ditemukan/],
  ])('editAndResend refuses %s', async (_name, status, message) => {
    const h = harness();
    const report = createReportMock();
    await h.queue.enqueue(report);
    if (status === 'sent') await h.queue.flush();
    const id = status === 'missing' ? 'nope' : report.id;
    await expect(h.queue.editAndResend(id, { note: 'x' })).rejects.toThrow(message);
  });

  test('editAndResend refuses an invalid category and keeps the entry unchanged', async () => {
    const h = harness();
    const report = createReportMock();
    await h.queue.enqueue(report);
    h.setReplies(rejected);
    await h.queue.flush();
    await expect(h.queue.editAndResend(report.id, { category: 'gossip' as never })).rejects.toThrow(
      /reviewer\.category/,
    );
    expect(entryOf(h.store, report.id)).toMatchObject({ status: 'failed', report });
  });

  test('remove deletes at the user request, but not while sending', async () => {
    const hold = deferred<SendOutcome>();
    const h = harness({ send: () => hold.promise });
    const report = createReportMock();
    await h.queue.enqueue(report);
    const flushing = h.queue.flush();
    await vi.waitFor(() => expect(entryOf(h.store, report.id)).toMatchObject({ status: 'sending' }));
    await expect(h.queue.remove(report.id)).rejects.toThrow(/sedang dikirim/);
    hold.resolve(rejected);
    await flushing;
    expect(await h.queue.remove(report.id)).toBe(true);
    expect(await h.queue.remove(report.id)).toBe(false);
    expect(await h.queue.list()).toEqual([]);
  });
});

describe('concurrency and restarts', () => {
  test('concurrent flushes never send the same entry twice', async () => {
    const holds: ReturnType<typeof deferred<SendOutcome>>[] = [];
    const sent: string[] = [];
    const h = harness({
      send: (report) => {
        sent.push(report.id);
        const hold = deferred<SendOutcome>();
        holds.push(hold);
        return hold.promise;
      },
    });
    const reports = [createReportMock(), createReportMock(), createReportMock()];
    for (const report of reports) await h.queue.enqueue(report);
    const flushes = [h.queue.flush(), h.queue.flush(), h.queue.flush(), h.queue.flush()];
    for (let i = 0; i < reports.length; i += 1) {
      await vi.waitFor(() => expect(holds).toHaveLength(i + 1));
      holds[i]!.resolve(delivered);
    }
    await Promise.all(flushes);
    expect(sent.sort()).toEqual(reports.map((r) => r.id).sort());
    expect(new Set(sent).size).toBe(sent.length);
  });

  test('a report enqueued during a flush is sent by the next flush call', async () => {
    const hold = deferred<SendOutcome>();
    let calls = 0;
    const h = harness({
      send: () => {
        calls += 1;
        return calls === 1 ? hold.promise : Promise.resolve(delivered);
      },
    });
    await h.queue.enqueue(createReportMock());
    const first = h.queue.flush();
    await vi.waitFor(() => expect(calls).toBe(1));
    const late = createReportMock();
    await h.queue.enqueue(late);
    const second = h.queue.flush();
    hold.resolve(delivered);
    await Promise.all([first, second]);
    expect(entryOf(h.store, late.id)).toMatchObject({ status: 'sent' });
  });

  test('a new queue over the same store continues where the old one stopped', async () => {
    const store = createMemoryStore<QueueState>();
    const a = harness({}, store);
    const report = createReportMock();
    await a.queue.enqueue(report);
    a.setReplies(serverDown);
    await a.queue.flush();

    const b = harness({}, store);
    b.clock.t = (await b.queue.nextWakeAt())!;
    expect(b.clock.t).toBe(T0 + 2_500);
    await b.queue.flush();
    expect(entryOf(store, report.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('a send whose worker died is retried after its lease; a late reply from the dead worker is ignored', async () => {
    const store = createMemoryStore<QueueState>();
    const hold = deferred<SendOutcome>();
    const dead = harness({ send: () => hold.promise }, store);
    const report = createReportMock();
    await dead.queue.enqueue(report);
    void dead.queue.flush();
    await vi.waitFor(() => expect(entryOf(store, report.id)).toMatchObject({ status: 'sending' }));

    const fresh = harness({}, store);
    expect(await fresh.queue.flush()).toMatchObject({ attempted: 0 });
    expect(fresh.sent).toHaveLength(0);
    expect(await fresh.queue.nextWakeAt()).toBe(T0 + LEASE);

    fresh.clock.t = T0 + LEASE;
    await fresh.queue.flush();
    expect(fresh.sent.map((r) => r.id)).toEqual([report.id]);
    expect(entryOf(store, report.id)).toMatchObject({ status: 'sent', attempts: 2 });

    hold.resolve(rejected);
    await vi.waitFor(async () => expect(await dead.queue.list()).toHaveLength(1));
    expect(entryOf(store, report.id)).toMatchObject({ status: 'sent' });
  });
});

describe('loading stored state', () => {
  function liveEntry(report: Report, extra: Partial<QueueEntry> = {}): QueueEntry {
    return {
      id: report.id,
      status: 'waiting',
      report,
      attempts: 0,
      enqueuedAt: T0,
      nextAttemptAt: T0,
      ...extra,
    };
  }

  test('entries that no longer fit the schema are quarantined with the reason, never dropped', async () => {
    const good = createReportMock();
    const renamed = { ...createReportMock(), reviewer: { category: 'kampanye' } };
    const store = createMemoryStore<QueueState>({
      version: 1,
      pausedUntil: null,
      entries: [liveEntry(good), liveEntry(renamed as never), 42, { status: 'sent' }],
    });
    const h = harness({}, store);
    await h.queue.flush();
    expect(h.sent.map((r) => r.id)).toEqual([good.id]);
    const entries = (store.peek() as QueueState).entries;
    expect(entries).toHaveLength(4);
    expect(entries[1]).toMatchObject({
      id: renamed.id,
      status: 'quarantined',
      raw: liveEntry(renamed as never),
      reason: expect.stringMatching(/report\.reviewer\.category/),
    });
    expect(entries[2]).toMatchObject({ id: 'entry-2', status: 'quarantined', raw: 42 });
    expect(entries[3]).toMatchObject({ id: 'entry-3', status: 'quarantined', raw: { status: 'sent' } });
    await expect(h.queue.retryNow(renamed.id)).rejects.toThrow(/dikarantina/);
  });

  test.each([
    ['a string', 'garbage'],
    ['an object without entries', { items: [] }],
    ['an array', [1, 2]],
  ])('a whole state that is %s is set aside as one quarantined entry', (_name, raw) => {
    const { state, repaired } = loadQueueState(raw, T0);
    expect(repaired).toBe(true);
    expect(state.entries).toEqual([
      { id: `state-${T0}`, status: 'quarantined', raw, reason: expect.any(String), quarantinedAt: T0 },
    ]);
  });

  test.each([[undefined], [null]])('nothing stored (%j) is an empty queue', (raw) => {
    expect(loadQueueState(raw, T0)).toEqual({
      state: { version: 1, entries: [], pausedUntil: null },
      repaired: false,
    });
  });

  test('a duplicated entry id is quarantined rather than sent twice', () => {
    const report = createReportMock();
    const { state } = loadQueueState({ version: 1, entries: [liveEntry(report), liveEntry(report)] }, T0);
    expect(state.entries.map((e) => e.status)).toEqual(['waiting', 'quarantined']);
    expect(state.entries[1]!.id).toBe(`${report.id}-dup`);
  });

  test('a report an earlier build queued as schema version 1 is migrated and sent as version 2', async () => {
    const { stances: _s, ...rest } = createReportMock({
      findings: [createFindingMock({ candidate: { id: 'prabowo-gibran', name: 'Prabowo – Gibran' } })],
    });
    const v1 = { ...rest, schemaVersion: 1, oldField: 'kept' };
    const store = createMemoryStore<QueueState>({
      version: 1,
      pausedUntil: null,
      entries: [liveEntry(v1 as never)],
    });
    const h = harness({}, store);
    await h.queue.flush();
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]).toMatchObject({
      id: v1.id,
      schemaVersion: 2,
      oldField: 'kept',
      stances: [{ candidate: { id: 'prabowo-gibran', name: 'Prabowo – Gibran' }, stance: 'support' }],
    });
    expect(entryOf(store, v1.id)).toMatchObject({ status: 'sent', report: { schemaVersion: 2 } });
  });

  test('fields written by a newer version survive a load and save', async () => {
    const report = createReportMock();
    const store = createMemoryStore<QueueState>({
      version: 1,
      pausedUntil: null,
      entries: [{ ...liveEntry(report), futureField: 'x', report: { ...report, futureReportField: 1 } }],
    });
    const h = harness({}, store);
    await h.queue.flush();
    expect(entryOf(store, report.id)).toMatchObject({
      status: 'sent',
      futureField: 'x',
      report: { futureReportField: 1 },
    });
  });
});

describe('pruning sent entries', () => {
  test.each([
    ['more than max', { max: 2, days: 30 }, 0, 2],
    ['older than days', { max: 100, days: 1 }, 2 * 86_400_000, 0],
    ['within both', { max: 100, days: 30 }, 86_400_000, 3],
  ])('%s', async (_name, keepSent, later, kept) => {
    const h = harness({ keepSent });
    for (let i = 0; i < 3; i += 1) {
      await h.queue.enqueue(createReportMock());
      h.clock.t += 1;
    }
    await h.queue.flush();
    h.clock.t += later;
    await h.queue.prune();
    expect((await h.queue.list()).filter((e) => e.status === 'sent')).toHaveLength(kept);
  });

  test('never prunes waiting, failed or quarantined entries', async () => {
    const h = harness({ keepSent: { max: 0, days: 0 } });
    const [a, b] = [createReportMock(), createReportMock()];
    await h.queue.enqueue(a);
    await h.queue.enqueue(b);
    h.setReplies(rejected, serverDown);
    await h.queue.flush();
    h.clock.t += 365 * 86_400_000;
    await h.queue.prune();
    expect((await h.queue.list()).map((e) => e.status).sort()).toEqual(['failed', 'waiting']);
    await h.queue.flush();
    expect((await h.queue.list()).map((e) => e.status)).toEqual(['failed']);
  });
});

describe('createBrowserQueueStore', () => {
  test('keeps the whole queue under one storage.local key', async () => {
    const store = createBrowserQueueStore();
    const h = harness({}, store as never);
    const report = createReportMock();
    await h.queue.enqueue(report);
    const stored = await fakeBrowser.storage.local.get(REPORT_QUEUE_KEY);
    expect((stored[REPORT_QUEUE_KEY] as QueueState).entries[0]).toMatchObject({
      id: report.id,
      status: 'waiting',
    });
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual([REPORT_QUEUE_KEY]);
  });
});
