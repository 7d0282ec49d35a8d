// `npm run soak [-- --reports N --browsers B --seed S --minutes M --no-build]`: sends N reports
// (default 1,000) through the real extension in headless Chromium to the real receiver while the
// receiver fails at random (5xx, timeouts, dropped connections, replies lost after storing) and
// each service worker is stopped now and then (CDP ServiceWorker.stopAllWorkers; CDP's worker
// status events show it start again). Prints `lost: N duplicates: N` with totals and times; exits
// 1 when either is non-zero, a report was never acknowledged, or the time budget ran out.
//
// Reports are made through Netra's own code paths: pages of flagged posts served as
// https://x.com/soak/<first>/<count> are scanned by the content script (flags stored by the
// background), and each flag is reported with the popup's `ui/report` message from an extension
// page, in batches. B browsers (default 3, each its own profile, like several monitors) report to
// the one receiver at once: the queue sends one report at a time and pauses after each failure, so
// several queues keep the run within about ten minutes on two cores.
//
//   lost       = reports the extension acknowledged (ui/report answered with an id) that the
//                receiver never stored
//   duplicates = report ids the receiver stored more than once, plus posts it stored under more
//                than one report id (the same post filed twice); repeats of one id that the
//                receiver answered with 409 are counted separately
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { CHROME_BUILD, type ExtensionSession, launchExtension, REPO_ROOT, serveAs } from '../e2e/harness';
import { patchSettings } from '../e2e/page-objects';
import { PEOPLE } from '../fixtures/templates/content';
import { bigId, minutesBefore } from '../fixtures/templates/html';
import { xHomeHead, xPage, xTweetCell } from '../fixtures/templates/x';
import { type RandomFailures, seededRandom, startReceiver } from '../support/receiver';

interface Options {
  reports: number;
  seed: number;
  /** Whole-run budget; the drain gives up (and counts what is missing as lost) after it. */
  minutes: number;
  /** Browsers (profiles) reporting at once to the one receiver, like several monitors. */
  browsers: number;
  /** Posts per page (one tab at a time per browser). */
  perPage: number;
  /** ui/report messages in flight at once. */
  batch: number;
  /** Reporting pauses while more than this many acknowledged reports are not yet stored. */
  maxBacklog: number;
  /**
   * Mean time between service-worker stops. A stopped worker is started again by the next event
   * (a message, or the queue's alarms: the flush watchdog fires within 30 s).
   */
  stopEveryMs: number;
  build: boolean;
  /** Receiver misbehaves at random (off for a baseline). */
  failures: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    reports: 1000,
    seed: 1,
    minutes: 10,
    browsers: 3,
    perPage: 100,
    batch: 20,
    maxBacklog: 60,
    stopEveryMs: 60_000,
    build: true,
    failures: true,
  };
  const numeric: Record<string, keyof Options> = {
    '--reports': 'reports',
    '--seed': 'seed',
    '--minutes': 'minutes',
    '--browsers': 'browsers',
    '--per-page': 'perPage',
    '--batch': 'batch',
    '--max-backlog': 'maxBacklog',
    '--stop-every-ms': 'stopEveryMs',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag === '--no-build' || flag === '--no-failures') {
      if (flag === '--no-build') options.build = false;
      else options.failures = false;
      continue;
    }
    const key = numeric[flag];
    const value = Number(argv[i + 1]);
    if (!key || !Number.isFinite(value) || value <= 0) {
      console.error(`soak: bad argument ${flag} ${argv[i + 1] ?? ''}`.trim());
      console.error(
        'usage: npm run soak -- [--reports N] [--seed S] [--minutes M] [--browsers N] [--per-page N] [--batch N] [--max-backlog N] [--stop-every-ms MS] [--no-failures] [--no-build]',
      );
      process.exit(2);
    }
    (options as unknown as Record<string, number>)[key] = value;
    i += 1;
  }
  return options;
}

const TOKEN = 'soak-token';
// About 7% of requests misbehave. Each retryable failure pauses that browser's queue for its
// backoff (~2.5 s on average after a first failure) and each timeout for the 30 s send timeout,
// so these rates set most of the run time.
const FAILURES: Omit<RandomFailures, 'seed'> = {
  errorRate: 0.04,
  timeoutRate: 0.002,
  dropRate: 0.015,
  lostReplyRate: 0.015,
};
const POST_ID_BASE = '1960000000000000000';
/** No worker stops this close to the deadline (the queue's send lease is two minutes). */
const CHAOS_TAIL_MS = 150_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * A page of the soak feed: `count` campaign posts by the ASN account from post `first` on, each with
 * its own status id.
 * The text is short (two findings): the flag store and the queue rewrite their whole state on
 * every change, so report size multiplies the run time.
 */
function soakPage(first: number, count: number): string {
  const cells = Array.from({ length: count }, (_, i) => {
    const index = first + i;
    return xTweetCell({
      id: bigId(POST_ID_BASE, index),
      author: PEOPLE.x.asn,
      text: [`Ayo coblos nomor 2 (soak ${index})`],
      datetime: minutesBefore('2024-02-10T03:00:00.000Z', index),
      timeLabel: '1 j',
    });
  }).join('\n');
  return xPage({
    title: `Soak ${first} / X`,
    theme: 'light',
    url: `https://x.com/soak/${first}/${count}`,
    head: xHomeHead(),
    cells,
  });
}

interface UiReply<T> {
  ok: boolean;
  data?: T;
  error?: string;
}

/** Sends one ui message from the driver page, as Netra's popup does; never throws. */
async function ui<T>(driver: Page, type: string, data: unknown): Promise<UiReply<T>> {
  try {
    return await driver.evaluate(
      ([t, d]) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<UiReply<T>> } };
          }
        ).chrome.runtime.sendMessage({ netra: 1, channel: 'ui', type: t, data: d }),
      [type, data] as const,
    );
  } catch (error) {
    return { ok: false, error: String(error) };
  }
}

/** Sends ui/report for each flag at once (a batch of confirmations); one result per flag. */
async function reportBatch(driver: Page, keys: string[]): Promise<UiReply<{ reportId: string }>[]> {
  try {
    return await driver.evaluate(
      (flagKeys) =>
        Promise.all(
          flagKeys.map((flagKey, i) =>
            (
              globalThis as unknown as {
                chrome: { runtime: { sendMessage(m: unknown): Promise<UiReply<{ reportId: string }>> } };
              }
            ).chrome.runtime
              .sendMessage({
                netra: 1,
                channel: 'ui',
                type: 'ui/report',
                data: { flagKey, category: 'candidate_support', note: `soak ${i}` },
              })
              .then(
                (reply) => reply ?? { ok: false, error: 'no answer' },
                (error: unknown) => ({ ok: false, error: String(error) }),
              ),
          ),
        ),
      keys,
    );
  } catch (error) {
    return keys.map(() => ({ ok: false, error: String(error) }));
  }
}

/** Follows the worker's life over CDP and stops it on demand. */
class WorkerWatch {
  stops = 0;
  stopped = 0;
  started = 0;
  private lastStatus = '';

  constructor(private readonly cdp: CDPSession) {
    cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
      for (const version of event.versions) {
        if (!version.scriptURL.endsWith('/background.js')) continue;
        if (version.runningStatus === this.lastStatus) continue;
        this.lastStatus = version.runningStatus;
        if (version.runningStatus === 'stopped') this.stopped += 1;
        if (version.runningStatus === 'running') this.started += 1;
      }
    });
  }

  static async attach(page: Page): Promise<WorkerWatch> {
    const cdp = await page.context().newCDPSession(page);
    const watch = new WorkerWatch(cdp);
    await cdp.send('ServiceWorker.enable');
    return watch;
  }

  get running(): boolean {
    return this.lastStatus === 'running';
  }

  async stop(): Promise<void> {
    this.stops += 1;
    await this.cdp.send('ServiceWorker.stopAllWorkers');
  }
}

/** One monitor: a browser with its own profile and Netra, reporting posts [first, first + count). */
interface Monitor {
  name: string;
  first: number;
  count: number;
  session?: ExtensionSession;
  watch?: WorkerWatch;
  driver?: Page;
  /** Report ids ui/report answered with. */
  acknowledged: Set<string>;
  /** Reports of this monitor's posts the receiver stored. */
  stored: number;
  reportErrors: number;
  unacknowledged: number;
  pageReloads: number;
  phase: string;
  chaos?: NodeJS.Timeout;
  chaosOn: boolean;
}

/** Drives one monitor: flags from its pages, reported in paced batches, under worker stops. */
async function runMonitor(
  m: Monitor,
  options: Options,
  build: string,
  receiverUrl: string,
  deadline: number,
  rng: () => number,
): Promise<void> {
  const session = await launchExtension({ extensionPath: build });
  m.session = session;
  await serveAs(session.context, 'https://x.com', (url) => {
    const match = /^\/soak\/(\d+)\/(\d+)$/.exec(url.pathname);
    return match ? soakPage(Number(match[1]), Number(match[2])) : undefined;
  });
  // Every author is checked (survey mode): each campaign post becomes a flag.
  await patchSettings(session, { mode: 'survey', endpoint: { url: receiverUrl, token: TOKEN } });
  // A light extension page to send the popup's messages from (the popup itself re-renders on
  // every storage change, which at this volume measures the popup, not the queue).
  const driver = await session.openExtensionPage('form-b1.html');
  m.driver = driver;
  const watch = await WorkerWatch.attach(driver);
  m.watch = watch;

  const scheduleChaos = () => {
    m.chaos = setTimeout(
      () => {
        // No stops in the last stretch: a worker stopped mid-send leaves a two-minute lease.
        if (!m.chaosOn || Date.now() > deadline - CHAOS_TAIL_MS) return;
        void watch
          .stop()
          .catch((error: unknown) => console.error(`soak: stopping the worker failed: ${String(error)}`))
          .finally(scheduleChaos);
      },
      options.stopEveryMs * (0.5 + rng()),
    );
  };
  scheduleChaos();

  for (let first = m.first; first < m.first + m.count && Date.now() < deadline; first += options.perPage) {
    const count = Math.min(options.perPage, m.first + m.count - first);
    const path = `https://x.com/soak/${first}/${count}`;
    const tab = await session.context.newPage();
    await tab.goto(path);
    const tabId = await tabIdOf(driver, path);
    m.phase = `flagging posts ${first}-${first + count - 1}`;
    // Wait for the page's flags. A classify message in flight when the worker is stopped is
    // dropped by the content script (those posts stay unflagged until the page is scanned
    // again), so a page that stops making progress is reloaded, as a person would.
    let pending: string[];
    let seen = -1;
    let progressAt = Date.now();
    let reloads = 0;
    for (;;) {
      const reply = await ui<{ tab: { key: string; status: string }[] }>(driver, 'ui/flags', {
        tabId,
        status: null,
        category: null,
        site: null,
      });
      const tabFlags = reply.ok ? reply.data!.tab : [];
      pending = tabFlags.filter((f) => f.status === 'new').map((f) => f.key);
      if (tabFlags.length >= count) break;
      if (tabFlags.length > seen) {
        seen = tabFlags.length;
        progressAt = Date.now();
      } else if (Date.now() - progressAt > 15_000) {
        if (reloads >= 5)
          throw new Error(`${path}: ${tabFlags.length}/${count} flags after ${reloads} reloads`);
        reloads += 1;
        m.pageReloads += 1;
        progressAt = Date.now();
        await tab.reload();
      }
      await sleep(250);
    }
    m.phase = `reporting posts ${first}-${first + count - 1}`;
    // Report in batches, pacing on what the receiver has not stored yet. A batch hit by a worker
    // stop is answered with errors: those are reported again (the popup shows the error and the
    // person presses send again).
    for (let round = 0; pending.length > 0 && round < 20; round += 1) {
      const failed: string[] = [];
      for (let i = 0; i < pending.length; i += options.batch) {
        while (m.acknowledged.size - m.stored > options.maxBacklog && Date.now() < deadline) {
          await sleep(250);
        }
        const keys = pending.slice(i, i + options.batch);
        const replies = await reportBatch(driver, keys);
        replies.forEach((reply, j) => {
          if (reply.ok && reply.data) {
            m.acknowledged.add(reply.data.reportId);
          } else {
            m.reportErrors += 1;
            failed.push(keys[j]!);
          }
        });
      }
      pending = failed;
      if (pending.length > 0) await sleep(500);
    }
    m.unacknowledged += pending.length;
    await tab.close();
  }
  m.phase = 'waiting for the queue';
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const deadline = started + options.minutes * 60_000;

  if (options.build) execFileSync('npx', ['wxt', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
  // A private copy: a rebuild of .output during a ten-minute run must not change the extension.
  const build = mkdtempSync(join(tmpdir(), 'netra-soak-build-'));
  cpSync(CHROME_BUILD, build, { recursive: true });

  const share = Math.ceil(options.reports / options.browsers);
  const monitors: Monitor[] = Array.from({ length: options.browsers }, (_, i) => ({
    name: `browser ${i + 1}`,
    first: i * share,
    count: Math.max(0, Math.min(share, options.reports - i * share)),
    acknowledged: new Set<string>(),
    stored: 0,
    reportErrors: 0,
    unacknowledged: 0,
    pageReloads: 0,
    phase: 'starting',
    chaosOn: true,
  })).filter((m) => m.count > 0);
  const monitorOfPost = (postId: string | undefined) => {
    const index = postId === undefined ? -1 : Number(BigInt(postId) - BigInt(POST_ID_BASE));
    return monitors.find((m) => index >= m.first && index < m.first + m.count);
  };
  const receiver = await startReceiver({
    token: TOKEN,
    onRequest: (_entry, report) => {
      if (report) {
        const m = monitorOfPost(report.post.postId);
        if (m) m.stored += 1;
      }
    },
  });

  const closeAll = async () => {
    for (const m of monitors) {
      m.chaosOn = false;
      if (m.chaos) clearTimeout(m.chaos);
    }
    await Promise.allSettled(monitors.map((m) => m.session?.close()));
    await receiver.close();
    rmSync(build, { recursive: true, force: true });
  };
  const interrupted = () => {
    console.error('soak: interrupted');
    void closeAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const acknowledgedCount = () => monitors.reduce((sum, m) => sum + m.acknowledged.size, 0);
  const ticker = setInterval(() => {
    const last = receiver.requests.at(-1);
    console.log(
      `  [${seconds(Date.now() - started)}] acknowledged ${acknowledgedCount()}, stored ${receiver.received.length}, ` +
        `requests ${receiver.requests.length} (last ${last ? `${seconds(Date.now() - last.at)} ago, ${last.status}` : 'none'}); ` +
        monitors
          .map(
            (m) =>
              `${m.name}: ${m.phase}, worker ${m.watch?.running ? 'running' : 'stopped'}, stops ${m.watch?.stops ?? 0}`,
          )
          .join('; '),
    );
  }, 30_000);
  try {
    if (options.failures) receiver.setRandomFailures({ ...FAILURES, seed: options.seed });
    console.log(
      `soak: ${options.reports} reports from ${monitors.length} browser(s), seed ${options.seed}, ` +
        `receiver failures ${options.failures ? JSON.stringify(FAILURES) : 'off'}, ` +
        `each worker stopped every ~${seconds(options.stopEveryMs)}`,
    );

    // 1. Each browser flags its pages and reports them.
    await Promise.all(
      monitors.map((m, i) =>
        runMonitor(m, options, build, receiver.url, deadline, seededRandom((options.seed << 4) + i)),
      ),
    );
    const acknowledgedAt = Date.now();

    // 2. Drain: the queues send the rest on their own (alarms). Now and then someone looks at the
    // queue (the popup's ui/queue), which also wakes a stopped worker, as opening the popup does.
    const acknowledged = new Set(monitors.flatMap((m) => [...m.acknowledged]));
    const storedIds = () => new Set(receiver.received.map((r) => r.id));
    let lastLook = Date.now();
    while (Date.now() < deadline) {
      const stored = storedIds();
      const missing = [...acknowledged].filter((id) => !stored.has(id)).length;
      if (missing === 0) break;
      // Stop the chaos for the tail: a worker stopped mid-send leaves a two-minute lease behind.
      if (missing < Math.max(10, acknowledged.size * 0.05)) for (const m of monitors) m.chaosOn = false;
      if (Date.now() - lastLook > 60_000) {
        lastLook = Date.now();
        await Promise.all(monitors.map((m) => ui(m.driver!, 'ui/queue', {})));
      }
      await sleep(500);
    }
    for (const m of monitors) {
      m.chaosOn = false;
      if (m.chaos) clearTimeout(m.chaos);
    }
    clearInterval(ticker);
    const drainedAt = Date.now();

    // 3. Tally.
    const stored = storedIds();
    const missingIds = [...acknowledged].filter((id) => !stored.has(id));
    // What the extensions still hold unsent is not lost (the time budget ran out before it went).
    const queues = await Promise.all(
      monitors.map((m) =>
        ui<{ entries: { status: string; report?: { id: string }; supersededIds?: string[] }[] }>(
          m.driver!,
          'ui/queue',
          {},
        ),
      ),
    );
    const unsent = queues.flatMap((q) => (q.ok ? q.data!.entries.filter((e) => e.status !== 'sent') : []));
    const unsentIds = new Set(
      unsent.flatMap((e) => [...(e.report ? [e.report.id] : []), ...(e.supersededIds ?? [])]),
    );
    const stillQueued = missingIds.filter((id) => unsentIds.has(id));
    const lostIds = missingIds.filter((id) => !unsentIds.has(id));
    const storedPerKey = new Map<string, number>();
    for (const request of receiver.requests) {
      if (request.outcome === 'stored' && request.idempotencyKey) {
        storedPerKey.set(request.idempotencyKey, (storedPerKey.get(request.idempotencyKey) ?? 0) + 1);
      }
    }
    const idsStoredTwice = [...storedPerKey.values()].filter((count) => count > 1).length;
    const idsPerPost = new Map<string, Set<string>>();
    for (const report of receiver.received) {
      const post = report.post.postId ?? report.post.url ?? report.id;
      idsPerPost.set(post, (idsPerPost.get(post) ?? new Set()).add(report.id));
    }
    const postsFiledTwice = [...idsPerPost.values()].filter((ids) => ids.size > 1).length;
    const duplicates = idsStoredTwice + postsFiledTwice;
    const byOutcome = (outcome: string) => receiver.requests.filter((r) => r.outcome === outcome).length;
    const byStatus = (status: number | string) => receiver.requests.filter((r) => r.status === status).length;
    const unexpected = receiver.requests.filter(
      (r) => r.outcome === 'invalid' || r.outcome === 'unauthorized' || r.outcome === 'other',
    );
    const gaps = receiver.requests
      .slice(1)
      .map((r, i) => ({ ms: r.at - receiver.requests[i]!.at, after: receiver.requests[i]!.status }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3);
    const notSent = queues.map((q) =>
      q.ok ? q.data!.entries.filter((e) => e.status !== 'sent').length : -1,
    );
    const unacknowledged = monitors.reduce((sum, m) => sum + m.unacknowledged, 0);
    const reportErrors = monitors.reduce((sum, m) => sum + m.reportErrors, 0);
    const pageReloads = monitors.reduce((sum, m) => sum + m.pageReloads, 0);
    const neverRestarted = monitors.filter((m) => m.watch!.stops > 0 && m.watch!.started < 2);

    console.log('');
    console.log(
      `reports: ${options.reports} wanted, ${acknowledged.size} acknowledged by the extension, ` +
        `${unacknowledged} never acknowledged (${reportErrors} ui/report errors, sent again), ${stored.size} stored by the receiver`,
    );
    console.log(
      `requests: ${receiver.requests.length} (stored ${byOutcome('stored')}, 409 repeats ${byOutcome('duplicate')}, ` +
        `500/503 ${byStatus(500) + byStatus(503)}, timeouts ${byStatus('timeout')}, dropped ${byStatus('drop')}, ` +
        `stored-then-dropped ${byStatus('lost-reply')}, invalid/unauthorized/other ${unexpected.length})`,
    );
    console.log(
      `service workers: ${monitors
        .map(
          (m) =>
            `${m.name} stopped ${m.watch!.stops}× by the soak, CDP saw ${m.watch!.stopped} stops and ${m.watch!.started} starts`,
        )
        .join('; ')}`,
    );
    console.log(
      `pages reloaded after flagging stalled: ${pageReloads}; queue entries not sent at the end: ${notSent.join(' + ')}`,
    );
    console.log(
      `longest quiet spells at the receiver: ${gaps.map((g) => `${seconds(g.ms)} after ${g.after}`).join(', ')}`,
    );
    console.log(
      `time: ${seconds(drainedAt - started)} total (reports acknowledged after ${seconds(acknowledgedAt - started)}, ` +
        `drain ${seconds(drainedAt - acknowledgedAt)})` +
        (missingIds.length === 0 ? '' : ` — time budget exhausted, ${stillQueued.length} still queued`),
    );
    console.log(`lost: ${lostIds.length} duplicates: ${duplicates}`);
    if (lostIds.length > 0) console.log(`lost ids (first 10): ${lostIds.slice(0, 10).join(', ')}`);
    if (duplicates > 0) {
      console.log(
        `ids stored twice: ${idsStoredTwice}; posts filed under more than one id: ${postsFiledTwice}`,
      );
    }
    if (neverRestarted.length > 0) console.log('a service worker never restarted after a stop');
    return lostIds.length === 0 &&
      stillQueued.length === 0 &&
      duplicates === 0 &&
      unacknowledged === 0 &&
      unexpected.length === 0 &&
      neverRestarted.length === 0
      ? 0
      : 1;
  } finally {
    clearInterval(ticker);
    await closeAll();
  }
}

/** The id of the tab showing `url`, asked from the extension page as the popup asks for its tab. */
function tabIdOf(driver: Page, url: string): Promise<number> {
  return driver.evaluate(async (u) => {
    const api = (
      globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number }[]> } } }
    ).chrome;
    const [tab] = await api.tabs.query({ url: u });
    if (tab?.id === undefined) throw new Error(`no tab at ${u}`);
    return tab.id;
  }, url);
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
