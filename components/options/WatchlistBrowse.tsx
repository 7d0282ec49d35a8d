import { useState } from 'preact/hooks';
import type { AsnEntry, AsnSource, RegistryStats } from '@/lib/asn/types';
import { type MessageKey, t } from '@/lib/i18n';
import { type Status, StatusLine } from './Field';
import { formatBytes, formatCount, formatTime } from './format';

export const SEARCH_PAGE = 50;

export type SearchOutcome = { ok: true; total: number; items: AsnEntry[] } | { ok: false; message: string };
export type RemoveOutcome =
  { ok: true; removedFrom: string[]; stillListedIn: string[] } | { ok: false; message: string };

export interface WatchlistBrowseProps {
  stats: RegistryStats | null;
  onRemoveList: (listId: string) => Promise<string | null>;
  onSearch: (query: string, offset: number) => Promise<SearchOutcome>;
  onRemoveEntry: (key: string) => Promise<RemoveOutcome>;
  /** Downloads the readable entries as CSV; resolves to an error message or null. */
  onExport: () => Promise<string | null>;
}

const SOURCE_KEYS: Record<AsnSource, MessageKey> = {
  watchlist: 'sourceWatchlist',
  sync: 'sourceSync',
  hashed: 'sourceHashed',
  manual: 'sourceManual',
};

/** The lists the registry holds, a search over readable entries with removal, and the CSV export. */
export function WatchlistBrowse({
  stats,
  onRemoveList,
  onSearch,
  onRemoveEntry,
  onExport,
}: WatchlistBrowseProps) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{
    query: string;
    offset: number;
    total: number;
    items: AsnEntry[];
  } | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [confirmList, setConfirmList] = useState<string | null>(null);

  function search(offset: number, q = query) {
    setStatus({ kind: 'busy', text: t('optionsSearching') });
    void onSearch(q, offset).then((outcome) => {
      if (!outcome.ok) {
        setStatus({ kind: 'error', text: outcome.message });
        return;
      }
      setStatus(null);
      setResults({ query: q, offset, total: outcome.total, items: outcome.items });
    });
  }

  function removeEntry(entry: AsnEntry) {
    void onRemoveEntry(entry.key).then((outcome) => {
      if (!outcome.ok) {
        setStatus({ kind: 'error', text: outcome.message });
        return;
      }
      const still = outcome.stillListedIn.length
        ? ` ${t('optionsEntryStillListed', outcome.stillListedIn.join(', '))}`
        : '';
      setStatus({ kind: 'ok', text: `${t('optionsEntryRemoved', entry.key)}${still}` });
      if (results) search(results.offset, results.query);
    });
  }

  return (
    <div data-testid="watchlist-browse">
      <h3 id="watchlist-lists-title">{t('optionsListsTitle')}</h3>
      {!stats && <p aria-busy="true">{t('loading')}</p>}
      {stats && (
        <>
          <p data-testid="watchlist-totals">
            {t(
              'optionsListsTotals',
              formatCount(stats.total),
              formatCount(stats.bySource.watchlist),
              formatCount(stats.bySource.sync),
              formatCount(stats.bySource.hashed),
              formatCount(stats.bySource.manual),
            )}
          </p>
          {stats.lists.length === 0 ? (
            <p class="muted">{t('optionsListsEmpty')}</p>
          ) : (
            <div class="table-wrap">
              <table aria-labelledby="watchlist-lists-title" data-testid="watchlist-lists">
                <thead>
                  <tr>
                    <th scope="col">{t('optionsListName')}</th>
                    <th scope="col">{t('optionsListSource')}</th>
                    <th scope="col">{t('optionsListEntries')}</th>
                    <th scope="col">{t('optionsListUpdated')}</th>
                    <th scope="col">{t('optionsListSize')}</th>
                    <th scope="col">{t('optionsPackActions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.lists.map((list) => (
                    <tr key={list.id}>
                      <td>
                        {list.name}
                        {list.version !== undefined && <span class="muted"> · v{list.version}</span>}
                        {list.damaged && (
                          <p class="field-error">{t('optionsListDamaged', list.damaged.message)}</p>
                        )}
                      </td>
                      <td>{t(SOURCE_KEYS[list.source])}</td>
                      <td>{formatCount(list.entries)}</td>
                      <td>{formatTime(list.updatedAt)}</td>
                      <td>{formatBytes(list.storedBytes)}</td>
                      <td>
                        {confirmList === list.id ? (
                          <span class="confirm-inline">
                            {t('optionsListRemoveConfirm')}{' '}
                            <button
                              type="button"
                              class="danger"
                              onClick={() => {
                                setConfirmList(null);
                                void onRemoveList(list.id).then((error) =>
                                  setStatus(
                                    error
                                      ? { kind: 'error', text: error }
                                      : { kind: 'ok', text: t('optionsListRemoved', list.name) },
                                  ),
                                );
                              }}
                            >
                              {t('optionsYesRemove')}
                            </button>{' '}
                            <button type="button" onClick={() => setConfirmList(null)}>
                              {t('actionCancel')}
                            </button>
                          </span>
                        ) : (
                          <button
                            type="button"
                            class="link danger"
                            onClick={() => setConfirmList(list.id)}
                            aria-label={t('optionsListRemoveOf', list.name)}
                          >
                            {t('optionsRemove')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <div class="actions">
        <button
          type="button"
          onClick={() =>
            void onExport().then((error) =>
              setStatus(error ? { kind: 'error', text: error } : { kind: 'ok', text: t('optionsExported') }),
            )
          }
        >
          {t('optionsListsExport')}
        </button>
      </div>

      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          search(0);
        }}
        aria-labelledby="watchlist-search-title"
      >
        <h3 id="watchlist-search-title">{t('optionsSearchTitle')}</h3>
        <div class="field inline-field">
          <label for="watchlist-search">{t('optionsSearchLabel')}</label>
          <input
            id="watchlist-search"
            type="search"
            value={query}
            maxLength={300}
            aria-describedby="watchlist-search-hint"
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit">{t('optionsSearch')}</button>
          <p id="watchlist-search-hint" class="muted hint">
            {t('optionsSearchHint')}
          </p>
        </div>
      </form>
      <StatusLine id="watchlist-browse-status" status={status} />
      {results && (
        <div data-testid="watchlist-results">
          <p>{t('optionsSearchCount', formatCount(results.total))}</p>
          {results.items.length > 0 && (
            <div class="table-wrap">
              <table>
                <caption class="sr-only">{t('optionsSearchTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('optionsEntryAccount')}</th>
                    <th scope="col">{t('optionsEntryName')}</th>
                    <th scope="col">{t('optionsEntryAgency')}</th>
                    <th scope="col">{t('optionsListSource')}</th>
                    <th scope="col">{t('optionsPackActions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.items.map((entry) => (
                    <tr key={`${entry.listId}:${entry.key}`} data-key={entry.key}>
                      <td>
                        <code>{entry.key}</code>
                        {entry.altKey && (
                          <>
                            <br />
                            <code class="muted">{entry.altKey}</code>
                          </>
                        )}
                      </td>
                      <td>{entry.name ?? ''}</td>
                      <td>
                        {entry.agency ?? ''}
                        {entry.position && <span class="muted"> · {entry.position}</span>}
                        {entry.region && <span class="muted"> · {entry.region}</span>}
                      </td>
                      <td>
                        {t(SOURCE_KEYS[entry.source])}
                        {entry.source !== 'manual' && <span class="muted"> · {entry.listName}</span>}
                      </td>
                      <td>
                        {entry.source === 'sync' ? (
                          <span class="muted">{t('optionsEntrySyncedHint')}</span>
                        ) : (
                          <button
                            type="button"
                            class="link danger"
                            onClick={() => removeEntry(entry)}
                            aria-label={t('optionsEntryRemoveOf', entry.key)}
                          >
                            {t('optionsRemove')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="actions">
            <button
              type="button"
              disabled={results.offset === 0}
              onClick={() => search(Math.max(0, results.offset - SEARCH_PAGE), results.query)}
            >
              {t('optionsPrevious')}
            </button>
            <button
              type="button"
              disabled={results.offset + SEARCH_PAGE >= results.total}
              onClick={() => search(results.offset + SEARCH_PAGE, results.query)}
            >
              {t('optionsNext')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
