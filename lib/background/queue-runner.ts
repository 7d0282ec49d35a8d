import { browser } from 'wxt/browser';
import { settingsItem } from '../storage/items';
import { reportQueue } from './services';

// When the queue sends: on enqueue from the popup (a person pressed send), on an alarm at the
// queue's next due time, every few minutes as a safety net, at browser start and when the
// browser comes back online. Reports confirmed from a page (the unprivileged content channel) are
// only stored; this alarm sends them, so no message from a page can cause a network request.

export const FLUSH_ALARM = 'netra-queue-flush';
export const FLUSH_SAFETY_ALARM = 'netra-queue-safety';
/** Armed while a flush runs (the alarm that started it has fired; the next is set when it ends). */
export const FLUSH_WATCHDOG_ALARM = 'netra-queue-watchdog';
const SAFETY_MINUTES = 5;
/** Chrome's shortest alarm period. */
const WATCHDOG_MINUTES = 0.5;

/** Sets the flush alarm at the queue's next due time (or soon, for `soon`). */
export async function scheduleFlush(soon = false): Promise<void> {
  const next = soon ? Date.now() + 1_000 : await reportQueue().nextWakeAt();
  if (next === null) {
    await browser.alarms.clear(FLUSH_ALARM);
    return;
  }
  await browser.alarms.create(FLUSH_ALARM, { when: Math.max(next, Date.now() + 1_000) });
}

let flushing: Promise<void> | undefined;

/** Sends what is due now, then schedules the next attempt. Overlapping calls share one flush. */
export function flushNow(): Promise<void> {
  flushing ??= (async () => {
    try {
      // If the worker is stopped mid-flush, this wakes a new one within half a minute instead of
      // leaving due reports until the safety alarm.
      await browser.alarms.create(FLUSH_WATCHDOG_ALARM, {
        delayInMinutes: WATCHDOG_MINUTES,
        periodInMinutes: WATCHDOG_MINUTES,
      });
      const { endpoint } = await settingsItem.get();
      if (endpoint) await reportQueue().flush();
    } finally {
      await browser.alarms.clear(FLUSH_WATCHDOG_ALARM);
      flushing = undefined;
      await scheduleFlush();
    }
  })();
  return flushing;
}

/** Registers the alarms and events that drive the queue. */
export function startQueueRunner(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (
      alarm.name === FLUSH_ALARM ||
      alarm.name === FLUSH_SAFETY_ALARM ||
      alarm.name === FLUSH_WATCHDOG_ALARM
    ) {
      void flushNow();
    }
  });
  void browser.alarms.create(FLUSH_SAFETY_ALARM, { periodInMinutes: SAFETY_MINUTES });
  browser.runtime.onStartup.addListener(() => void flushNow());
  globalThis.addEventListener?.('online', () => void flushNow());
  // A worker that starts (install, update, wake-up) picks up reports left waiting.
  void flushNow();
}
