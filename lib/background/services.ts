import { browser } from 'wxt/browser';
import { openIdbStore } from '../asn/idb-store';
import { type AsnRegistry, createRegistry } from '../asn/registry';
import { sendReport } from '../reports/endpoint';
import { createBrowserFlagRecords } from '../flags/records';
import { FlagStore } from '../flags/store';
import { createBrowserQueueStore, ReportQueue } from '../reports/queue';
import { settingsItem } from '../storage/items';

// The background's long-lived parts, created once per service-worker life. Each reads its state
// from storage when created, so a worker restarted by the browser picks up where it left off.

/** How long one report POST may take, reply included. */
export const SEND_TIMEOUT_MS = 30_000;

let registry: Promise<AsnRegistry> | undefined;
/** The ASN registry (IndexedDB-backed; loaded on first use). */
export function asnRegistry(): Promise<AsnRegistry> {
  registry ??= (async () => {
    const created = createRegistry(await openIdbStore(indexedDB));
    await created.ready();
    return created;
  })();
  return registry;
}

let flags: FlagStore | undefined;
/** The flag store (IndexedDB, one record per flag). */
export function flagStore(): FlagStore {
  flags ??= new FlagStore({ records: createBrowserFlagRecords() });
  return flags;
}

/** Netra's version, as reports and test reports state it. */
export function netraVersion(): string {
  return browser.runtime.getManifest().version;
}

let queue: ReportQueue | undefined;
/** The report queue (storage.local); it sends to the endpoint configured when it sends. */
export function reportQueue(): ReportQueue {
  queue ??= new ReportQueue({
    store: createBrowserQueueStore(),
    send: async (report) => {
      const { endpoint } = await settingsItem.get();
      if (!endpoint) {
        return { kind: 'retry', reason: 'network', message: 'Endpoint belum diatur di pengaturan Netra.' };
      }
      return sendReport(endpoint, report, { fetch: (...args) => fetch(...args), timeoutMs: SEND_TIMEOUT_MS });
    },
  });
  return queue;
}
