import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { hostPattern } from '@/components/options/validate';
import { SEARCH_PAGE, WatchlistBrowse } from '@/components/options/WatchlistBrowse';
import {
  type ImportProgressView,
  WatchlistImport,
  type WatchlistImportOutcome,
} from '@/components/options/WatchlistImport';
import { WatchlistSync } from '@/components/options/WatchlistSync';
import type { SyncResult } from '@/lib/asn/types';
import { getLocale, t } from '@/lib/i18n';
import { sendFromUi } from '@/lib/messaging/client';
import {
  MAX_WATCHLIST_BYTES,
  WATCHLIST_SYNC_MINUTES,
  type WatchlistOverview,
} from '@/lib/messaging/options-protocol';
import { watchlistProgressItem } from '@/lib/storage/items';
import type { Settings } from '@/lib/storage/settings';
import { errorText, saveFile } from './files';
import { requestOrigins } from './permissions';
import { handOver } from '@/lib/storage/handover';
import { downloadText } from './transfer';

export interface WatchlistContainerProps {
  onSettingsSaved: (settings: Settings) => void;
  /** Called after the registry changed (import, sync, removal). */
  onChanged: () => void;
}

function syncMessage(result: SyncResult | null): { ok: boolean; message: string } {
  if (!result) return { ok: false, message: t('optionsSyncNoUrl') };
  if (result.status === 'updated') {
    return {
      ok: true,
      message: t('optionsSyncUpdated', result.version, result.imported, result.errors.length),
    };
  }
  if (result.status === 'not-modified') return { ok: true, message: t('optionsSyncNotModified') };
  return { ok: false, message: getLocale() === 'en' ? result.messageEn : result.message };
}

/** The ASN watchlist section's container (issue #4). */
export function WatchlistContainer({ onSettingsSaved, onChanged }: WatchlistContainerProps) {
  const [overview, setOverview] = useState<WatchlistOverview | null>(null);
  const [progress, setProgress] = useState<ImportProgressView | null>(null);
  const importId = useRef<string | null>(null);

  async function refresh(): Promise<void> {
    try {
      setOverview(await sendFromUi('options/watchlistOverview', {}));
      onChanged();
    } catch (error) {
      console.warn('[netra] watchlist overview failed:', error);
    }
  }

  useEffect(() => {
    void refresh();
    // The background writes progress while it imports; follow the import this page started.
    return watchlistProgressItem.watch((state) => {
      if (state && state.importId === importId.current && state.phase === 'importing') {
        setProgress({ stage: 'importing', done: state.done, total: state.total });
      }
    });
  }, []);

  async function importFile(file: File, listName: string): Promise<WatchlistImportOutcome> {
    const id = crypto.randomUUID();
    importId.current = id;
    try {
      if (file.size > MAX_WATCHLIST_BYTES) {
        return { ok: false, message: t('optionsImportTooLarge', MAX_WATCHLIST_BYTES >> 20) };
      }
      setProgress({ stage: 'reading', done: 0, total: file.size });
      // The file goes to the background through IndexedDB (by reference, not copied in messages).
      const fileId = await handOver(indexedDB, file);
      setProgress({ stage: 'importing', done: 0, total: 0 });
      const report = await sendFromUi('options/watchlistImport', {
        fileId,
        importId: id,
        fileName: file.name,
        listName,
        format: 'auto',
      });
      return { ok: true, fileName: file.name, report };
    } catch (error) {
      return { ok: false, message: t('optionsImportFailed', errorText(error)) };
    } finally {
      importId.current = null;
      setProgress(null);
      void refresh();
    }
  }

  function cancelImport(): void {
    if (importId.current) void sendFromUi('options/watchlistCancel', { importId: importId.current });
  }

  function saveSyncUrl(url: string | null): Promise<string | null> {
    const pattern = url ? hostPattern(url) : undefined;
    // Inside the click: the watchlist's host must be reachable from the background.
    const asked = requestOrigins(pattern ? [pattern] : []);
    return (async () => {
      const granted = await asked;
      try {
        const result = await sendFromUi('options/updateSettings', { patch: { watchlistSyncUrl: url } });
        if (!result.ok) return result.issues.map((i) => i.message).join('; ');
        onSettingsSaved(result.settings);
        await refresh();
        if (url && granted) void sendFromUi('options/watchlistSync', {}).finally(refresh);
        return granted ? null : t('optionsSyncAccessRefused');
      } catch (error) {
        return errorText(error);
      }
    })();
  }

  function syncNow(): Promise<{ ok: boolean; message: string }> {
    const url = overview?.syncUrl;
    const pattern = url ? hostPattern(url) : undefined;
    const asked = requestOrigins(pattern ? [pattern] : []);
    return (async () => {
      if (!(await asked)) return { ok: false, message: t('optionsSyncAccessRefused') };
      try {
        return syncMessage(await sendFromUi('options/watchlistSync', {}));
      } catch (error) {
        return { ok: false, message: errorText(error) };
      } finally {
        await refresh();
      }
    })();
  }

  async function exportCsv(): Promise<string | null> {
    try {
      const handle = await sendFromUi('options/watchlistExport', {});
      // A byte-order mark so spreadsheet programs read the file as UTF-8.
      saveFile(handle.fileName, ['\uFEFF', ...(await downloadText(handle))], 'text/csv;charset=utf-8');
      return null;
    } catch (error) {
      return errorText(error);
    }
  }

  async function guarded<T>(action: () => Promise<T>): Promise<T | string> {
    try {
      return await action();
    } catch (error) {
      return errorText(error);
    }
  }

  const syncUrl = overview?.syncUrl ?? null;
  return (
    <section id="section-watchlist" aria-labelledby="watchlist-title" class="card">
      <h2 id="watchlist-title">{t('optionsWatchlistTitle')}</h2>
      <p class="muted">{t('optionsWatchlistIntro')}</p>
      <WatchlistImport
        onImport={importFile}
        onCancel={cancelImport}
        progress={progress}
        templateUrl={browser.runtime.getURL('/templates/watchlist-template.csv')}
      />
      {overview && (
        <WatchlistSync
          syncUrl={syncUrl}
          list={overview.stats.lists.find((l) => l.source === 'sync' && l.url === syncUrl)}
          onSaveUrl={saveSyncUrl}
          onSyncNow={syncNow}
          periodMinutes={WATCHLIST_SYNC_MINUTES}
        />
      )}
      <WatchlistBrowse
        stats={overview?.stats ?? null}
        onRemoveList={async (listId) => {
          const result = await guarded(() => sendFromUi('options/watchlistRemoveList', { listId }));
          await refresh();
          return typeof result === 'string' ? result : null;
        }}
        onSearch={async (query, offset) => {
          const result = await guarded(() =>
            sendFromUi('options/watchlistSearch', { query, offset, limit: SEARCH_PAGE }),
          );
          return typeof result === 'string' ? { ok: false, message: result } : { ok: true, ...result };
        }}
        onRemoveEntry={async (key) => {
          const result = await guarded(() => sendFromUi('options/watchlistRemove', { key }));
          await refresh();
          return typeof result === 'string' ? { ok: false, message: result } : { ok: true, ...result };
        }}
        onExport={exportCsv}
      />
    </section>
  );
}
