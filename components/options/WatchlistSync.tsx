import { useState } from 'preact/hooks';
import type { ListStats } from '@/lib/asn/types';
import { getLocale, t } from '@/lib/i18n';
import { type Status, StatusLine, TextField } from './Field';
import { formatCount, formatTime } from './format';
import { urlProblem } from './validate';

export interface WatchlistSyncProps {
  syncUrl: string | null;
  /** The registry's record of the list synced from `syncUrl`, if any sync ran. */
  list: ListStats | undefined;
  /** Saves the URL (null: no sync); resolves to an error message or null. */
  onSaveUrl: (url: string | null) => Promise<string | null>;
  onSyncNow: () => Promise<{ ok: boolean; message: string }>;
  /** Minutes between scheduled syncs. */
  periodMinutes: number;
}

/** The coordinator's watchlist URL: saved, synced on a schedule and on demand, with the last result. */
export function WatchlistSync({ syncUrl, list, onSaveUrl, onSyncNow, periodMinutes }: WatchlistSyncProps) {
  const [url, setUrl] = useState(syncUrl ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<Status>(null);

  function save(event: Event) {
    event.preventDefault();
    const trimmed = url.trim();
    const problem = trimmed === '' ? undefined : urlProblem(trimmed);
    setError(problem);
    if (problem) {
      document.getElementById('watchlist-sync-url')?.focus();
      return;
    }
    setStatus({ kind: 'busy', text: t('optionsSaving') });
    void onSaveUrl(trimmed || null).then((failure) => {
      if (failure) {
        setError(failure);
        setStatus(null);
      } else {
        setStatus({ kind: 'ok', text: trimmed ? t('optionsSyncUrlSaved') : t('optionsSyncUrlCleared') });
      }
    });
  }

  function syncNow() {
    setStatus({ kind: 'busy', text: t('optionsSyncRunning') });
    void onSyncNow().then((result) => setStatus({ kind: result.ok ? 'ok' : 'error', text: result.message }));
  }

  const english = getLocale() === 'en';
  return (
    <form onSubmit={save} aria-labelledby="watchlist-sync-title" data-testid="watchlist-sync" noValidate>
      <h3 id="watchlist-sync-title">{t('optionsSyncTitle')}</h3>
      <p class="muted">{t('optionsSyncIntro', periodMinutes)}</p>
      <TextField
        id="watchlist-sync-url"
        label={t('optionsSyncUrl')}
        type="url"
        value={url}
        onInput={setUrl}
        maxLength={2048}
        placeholder="https://bkd.example.go.id/netra/watchlist.json"
        hint={t('optionsSyncUrlHint')}
        error={error}
      />
      <div class="actions">
        <button type="submit">{t('optionsSyncApply')}</button>
        <button type="button" onClick={syncNow} disabled={!syncUrl}>
          {t('optionsSyncNow')}
        </button>
      </div>
      <StatusLine id="watchlist-sync-status" status={status} />
      {syncUrl && (
        <dl class="facts" data-testid="watchlist-sync-last">
          <dt>{t('optionsSyncLastChecked')}</dt>
          <dd>{formatTime(list?.lastCheckedAt)}</dd>
          <dt>{t('optionsSyncLastUpdated')}</dt>
          <dd>
            {list && list.entries > 0
              ? t(
                  'optionsSyncListState',
                  formatTime(list.updatedAt),
                  list.version ?? '—',
                  formatCount(list.entries),
                )
              : '—'}
          </dd>
          {list?.lastError && (
            <>
              <dt>{t('optionsSyncLastError')}</dt>
              <dd class="field-error">
                {formatTime(list.lastError.at)}: {english ? list.lastError.messageEn : list.lastError.message}
              </dd>
            </>
          )}
        </dl>
      )}
    </form>
  );
}
