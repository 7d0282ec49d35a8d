import { afterAll, beforeAll, expect, test } from 'vitest';
import { type SendOutcome, sendReport } from '@/lib/reports/endpoint';
import { type QueueState, ReportQueue } from '@/lib/reports/queue';
import type { Report } from '@/lib/reports/schema';
import { createMemoryStore } from '@/lib/reports/store';
import { type Receiver, seededRandom, startReceiver } from '../support/receiver';
import { createReportMock, nextUuid } from './factories';

// Soak: a flaky real endpoint (5xx, hangs, dropped connections, replies lost after storing) and a
// service worker that restarts between flushes and sometimes dies mid-send. Every report must
// arrive exactly once (by Idempotency-Key) and end `sent`.

const REPORTS = 120;
const TOKEN = 'soak-token';
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver({ token: TOKEN });
});
afterAll(() => receiver.close());

test(
  'a flaky endpoint and a dying worker lose no report and file none twice',
  {
    timeout: 60_000,
  },
  async () => {
    receiver.setRandomFailures({
      errorRate: 0.15,
      timeoutRate: 0.04,
      dropRate: 0.05,
      lostReplyRate: 0.1,
      seed: 42,
    });
    const chance = seededRandom(7);
    const store = createMemoryStore<QueueState>();
    const clock = { t: Date.parse('2024-02-03T05:00:00Z') };
    const stats = { instances: 0, deaths: 0, rounds: 0 };

    let died: () => void = () => {};
    const makeQueue = () => {
      stats.instances += 1;
      return new ReportQueue({
        store,
        now: () => clock.t,
        random: seededRandom(stats.instances),
        leaseMs: 1_000,
        send: async (report: Report): Promise<SendOutcome> => {
          const outcome = await sendReport({ url: receiver.url, token: TOKEN }, report, {
            fetch: globalThis.fetch,
            timeoutMs: 150,
          });
          if (chance() < 0.08) {
            stats.deaths += 1;
            died();
            return new Promise<never>(() => {}); // the worker is gone; its outcome never lands
          }
          return outcome;
        },
      });
    };

    let queue = makeQueue();
    const reports = Array.from({ length: REPORTS }, () => createReportMock({ id: nextUuid() }));
    for (const report of reports) {
      await queue.enqueue(report);
      clock.t += 10;
    }

    while (stats.rounds < 2_000) {
      stats.rounds += 1;
      const death = new Promise<'died'>((resolve) => {
        died = () => resolve('died');
      });
      if ((await Promise.race([queue.flush(), death])) === 'died' || chance() < 0.2) queue = makeQueue();
      const wake = await queue.nextWakeAt();
      if (wake === null) break;
      clock.t = Math.max(clock.t + 1, wake);
    }

    const entries = (store.peek() as QueueState).entries;
    expect(entries.map((e) => e.status)).toEqual(Array(REPORTS).fill('sent'));
    expect(receiver.received.map((r) => r.id).sort()).toEqual(reports.map((r) => r.id).sort());

    const outcomes = receiver.requests.reduce<Record<string, number>>((acc, r) => {
      const key = `${r.outcome}:${r.status}`;
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {});
    console.log('soak', { ...stats, requests: receiver.requests.length, outcomes });
    // The run must actually have exercised the dedupe path and the lease takeover.
    expect(outcomes['duplicate:409'] ?? 0).toBeGreaterThan(0);
    expect(stats.deaths).toBeGreaterThan(0);
  },
);
