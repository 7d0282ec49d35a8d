import { browser } from 'wxt/browser';
import type { SyncResult } from '../asn/types';
import { WATCHLIST_SYNC_MINUTES } from '../messaging/options-protocol';
import { settingsItem } from '../storage/items';
import { asnRegistry } from './services';

// Issue #4: the coordinator's watchlist URL (settings.watchlistSyncUrl) is fetched on a schedule
// and on demand from the options page. The registry does the conditional request and keeps the
// last good list when a sync fails; it records the time and error of each attempt for `stats`.

export const WATCHLIST_SYNC_ALARM = 'netra-watchlist-sync';
/** One sync may take this long, download included. */
const SYNC_TIMEOUT_MS = 120_000;

let running: Promise<SyncResult | null> | undefined;

/**
 * Syncs the configured watchlist URL now; null when none is configured. Overlapping calls (the
 * alarm and a click in the options page) share one sync.
 */
export function syncWatchlistNow(): Promise<SyncResult | null> {
  running ??= (async () => {
    try {
      const { watchlistSyncUrl } = await settingsItem.get();
      if (!watchlistSyncUrl) return null;
      const registry = await asnRegistry();
      return await registry.sync(watchlistSyncUrl, {
        fetch: (...args) => fetch(...args),
        timeoutMs: SYNC_TIMEOUT_MS,
      });
    } finally {
      running = undefined;
    }
  })();
  return running;
}

async function ensureAlarm(): Promise<void> {
  // Re-creating the alarm on every worker start would push its first run back each time.
  const existing = await browser.alarms.get(WATCHLIST_SYNC_ALARM);
  if (existing?.periodInMinutes === WATCHLIST_SYNC_MINUTES) return;
  await browser.alarms.create(WATCHLIST_SYNC_ALARM, {
    delayInMinutes: 1,
    periodInMinutes: WATCHLIST_SYNC_MINUTES,
  });
}

/** Registers the scheduled sync of the configured watchlist URL (alarms). */
export function startWatchlistSync(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== WATCHLIST_SYNC_ALARM) return;
    void syncWatchlistNow().catch((error: unknown) => {
      // The registry records failures for the options page; this is a storage failure.
      console.warn('[netra] watchlist sync failed:', error);
    });
  });
  void ensureAlarm();
}
