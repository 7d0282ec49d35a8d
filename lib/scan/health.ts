import type { SiteId } from '../sites/types';
import type { SiteHealth } from '../storage/items';
import type { ScanCounts } from './scanner';

// The popup's health view of one tab: posts seen, parsed, drift, flagged. Sent with the next
// batch of posts when one goes within a second (the usual case while the page scrolls), else on
// its own. The timer is left running when a batch takes the health (no timer churn per batch):
// when it fires, it sends what no batch took.

const HEALTH_DEBOUNCE_MS = 1_000;

export interface HealthReporter {
  /** Scanner counts changed. */
  setCounts(counts: ScanCounts): void;
  /** One more post is marked. */
  addFlagged(): void;
  /** A new page in the same document: the counts start again. */
  reset(counts: ScanCounts): void;
  /** The health changed: send it within a second. */
  schedule(): void;
  /** The health to send with a batch, when it changed since it was last taken. */
  take(): SiteHealth | undefined;
  stop(): void;
}

/** Health of a tab's scanner, sent at most once a second through `send`. */
export function createHealthReporter(site: SiteId, send: (health: SiteHealth) => void): HealthReporter {
  let counts: ScanCounts = { seen: 0, parsed: 0, skipped: 0, drift: 0, driftNames: [] };
  let flagged = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  const reporter: HealthReporter = {
    setCounts(next) {
      counts = next;
      reporter.schedule();
    },
    addFlagged() {
      flagged++;
      reporter.schedule();
    },
    reset(next) {
      flagged = 0;
      counts = next;
    },
    schedule() {
      dirty = true;
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        const health = reporter.take();
        if (health) send(health);
      }, HEALTH_DEBOUNCE_MS);
    },
    take() {
      if (!dirty) return undefined;
      dirty = false;
      return {
        site,
        url: location.href,
        seen: counts.seen,
        parsed: counts.parsed,
        drift: counts.drift,
        driftNames: counts.driftNames.slice(0, 50),
        flagged,
        updatedAt: new Date().toISOString(),
      };
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
  return reporter;
}
