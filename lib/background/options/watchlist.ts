import type { AsnRegistry } from '../../asn/registry';
import type { ImportProgress } from '../../asn/types';
import { MAX_WATCHLIST_BYTES } from '../../messaging/options-protocol';
import type { MessageRouter } from '../../messaging/router';
import { takeHandedOver } from '../../storage/handover';
import { type ImportProgressState, settingsItem, watchlistProgressItem } from '../../storage/items';
import { asnRegistry } from '../services';
import { syncWatchlistNow } from '../watchlist-sync';
import { offerText } from './transfer';

// The options page's watchlist section: import a handed-over file (with progress), cancel, sync,
// search, remove, export.

const PROGRESS_EVERY_MS = 200;
const MANUAL_TAG_LIMIT = 50_000;

const imports = new Map<string, AbortController>();

async function importWatchlist(request: {
  fileId: string;
  importId: string;
  fileName: string;
  listName: string;
  format: 'auto' | 'csv' | 'json';
}) {
  const file = await takeHandedOver(indexedDB, request.fileId);
  if (!file) throw new Error('Berkas tidak ditemukan di Netra; pilih berkas lagi.');
  if (file.size > MAX_WATCHLIST_BYTES)
    throw new Error(`Berkas terlalu besar (maks. ${MAX_WATCHLIST_BYTES >> 20} MB).`);
  const text = await file.text();
  const controller = new AbortController();
  imports.set(request.importId, controller);
  let last = 0;
  const progress = (phase: ImportProgressState['phase'], p: ImportProgress) =>
    watchlistProgressItem.set({
      importId: request.importId,
      fileName: request.fileName.slice(0, 300),
      phase,
      done: p.done,
      total: p.total,
      at: new Date().toISOString(),
    });
  try {
    await progress('importing', { done: 0, total: 0 });
    const registry = await asnRegistry();
    const listName = request.listName.trim();
    const report = await registry.importWatchlist(text, request.format, {
      ...(listName ? { listName } : {}),
      signal: controller.signal,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        void progress('importing', p);
      },
    });
    await progress('done', { done: report.total, total: report.total });
    return report;
  } catch (error) {
    await progress('failed', { done: 0, total: 0 });
    throw error;
  } finally {
    imports.delete(request.importId);
  }
}

/** The hand-made tags, as a backup holds them. */
export async function manualTags(registry: AsnRegistry) {
  const { items } = await registry.search('', { sources: ['manual'], limit: MANUAL_TAG_LIMIT });
  return items.map(({ key, name, agency, position, region, note, taggedAt }) => ({
    key,
    ...(name ? { name } : {}),
    ...(agency ? { agency } : {}),
    ...(position ? { position } : {}),
    ...(region ? { region } : {}),
    ...(note ? { note } : {}),
    ...(taggedAt ? { taggedAt } : {}),
  }));
}

/** Today as YYYYMMDD, for file names. */
export function dateStamp(): string {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '');
}

/** Registers the watchlist section's handlers. */
export function registerWatchlistHandlers(router: MessageRouter): void {
  router
    .on('ui', 'options/watchlistImport', (request) => importWatchlist(request))
    .on('ui', 'options/watchlistCancel', ({ importId }) => {
      const controller = imports.get(importId);
      controller?.abort();
      return Boolean(controller);
    })
    .on('ui', 'options/watchlistOverview', async () => {
      const [registry, settings] = await Promise.all([asnRegistry(), settingsItem.get()]);
      return { stats: await registry.stats(), syncUrl: settings.watchlistSyncUrl };
    })
    .on('ui', 'options/watchlistSync', () => syncWatchlistNow())
    .on('ui', 'options/watchlistSearch', async ({ query, offset, limit }) =>
      (await asnRegistry()).search(query, { offset, limit }),
    )
    .on('ui', 'options/watchlistRemove', async ({ key }) => (await asnRegistry()).remove(key))
    .on('ui', 'options/watchlistRemoveList', async ({ listId }) => (await asnRegistry()).removeList(listId))
    .on('ui', 'options/watchlistExport', async () => {
      const csv = await (await asnRegistry()).exportCsv();
      return { ...offerText(csv), fileName: `netra-watchlist-${dateStamp()}.csv` };
    });
}
