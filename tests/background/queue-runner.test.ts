import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FLUSH_WATCHDOG_ALARM, flushNow, startQueueRunner } from '@/lib/background/queue-runner';
import { reportQueue } from '@/lib/background/services';
import { settingsItem } from '@/lib/storage/items';
import { DEFAULT_SETTINGS } from '@/lib/storage/settings';
import { createReportMock } from '../reports/factories';

// The queue runner's alarms. A worker stopped mid-flush (the browser's decision, not ours) must be
// woken again soon: the alarm that started the flush has fired and the next one is set only when
// the flush ends, so without a watchdog nothing but the 5-minute safety alarm would wake it.

/** A fetch whose replies the test gives one by one. */
function controlledFetch() {
  const replies: ((response: Response) => void)[] = [];
  const fetch = vi.fn(() => new Promise<Response>((resolve) => replies.push(resolve)));
  return { fetch, answer: (status: number) => replies.shift()!(new Response('{}', { status })) };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await settingsItem.set({
    ...DEFAULT_SETTINGS,
    endpoint: { url: 'https://laporan.example/api', token: 't' },
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('queue runner', () => {
  test('a watchdog alarm is armed while a flush sends (a worker stopped now is woken) and cleared when it ends', async () => {
    const { fetch, answer } = controlledFetch();
    vi.stubGlobal('fetch', fetch);
    const report = createReportMock();
    await reportQueue().enqueue(report);

    const flushing = flushNow();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    // The request is in flight: this is where a stopped worker would leave the report "sending".
    expect(await browser.alarms.get(FLUSH_WATCHDOG_ALARM)).toMatchObject({ periodInMinutes: 0.5 });

    answer(201);
    await flushing;
    expect(await browser.alarms.get(FLUSH_WATCHDOG_ALARM)).toBeUndefined();
    const [entry] = await reportQueue().list();
    expect(entry).toMatchObject({ id: report.id, status: 'sent' });
  });

  test('the watchdog alarm starts a flush in a new worker', async () => {
    const { fetch, answer } = controlledFetch();
    vi.stubGlobal('fetch', fetch);
    startQueueRunner(); // a worker starting: it flushes (nothing due yet)
    await vi.waitFor(async () => expect(await browser.alarms.get(FLUSH_WATCHDOG_ALARM)).toBeUndefined());
    await flushNow();
    const report = createReportMock();
    await reportQueue().enqueue(report);

    await fakeBrowser.alarms.onAlarm.trigger({ name: FLUSH_WATCHDOG_ALARM, scheduledTime: Date.now() });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    answer(201);
    await vi.waitFor(async () => expect((await reportQueue().list())[0]?.status).toBe('sent'));
    await flushNow();
  });
});
