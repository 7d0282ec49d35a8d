import { browser } from 'wxt/browser';
import { settingsItem } from '../storage/items';
import { flagStore, reportQueue } from './services';

// Storage stays bounded: flags not seen for the retention period go (reported ones never), the
// flag store is capped (dismissed first), and old sent reports leave the queue's history.
// Waiting or failed reports are never pruned.

export const PRUNE_ALARM = 'netra-prune';
const THROTTLE_MS = 10 * 60_000;
let lastRun = 0;

/** Prunes as of `now`. */
export async function pruneNow(now = Date.now()): Promise<{ flags: number; reports: number }> {
  lastRun = Date.now();
  const { retentionDays } = await settingsItem.get();
  const flags = await flagStore().prune({ retentionDays, now });
  const reports = await reportQueue().prune({ now });
  return { flags, reports };
}

/** Prunes unless it ran in the last few minutes (called after flags are added). */
export function pruneSoon(): void {
  if (Date.now() - lastRun < THROTTLE_MS) return;
  void pruneNow().catch((error: unknown) => console.warn('[netra] prune:', error));
}

/** Daily pruning, and once at start. */
export function startRetention(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PRUNE_ALARM)
      void pruneNow().catch((error: unknown) => console.warn('[netra] prune:', error));
  });
  void browser.alarms.create(PRUNE_ALARM, { periodInMinutes: 24 * 60 });
  pruneSoon();
}
