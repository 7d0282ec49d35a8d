import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FlagFilters } from '@/components/FlagFilters';
import { FlagItem } from '@/components/FlagItem';
import { LanguageSwitch } from '@/components/LanguageSwitch';
import { siteLabel } from '@/components/labels';
import { QueueList } from '@/components/QueueList';
import { TabStatus } from '@/components/TabStatus';
import { type Locale, setLocale, t } from '@/lib/i18n';
import { sendFromUi } from '@/lib/messaging/client';
import { isFlagsChanged } from '@/lib/messaging/define';
import type { FlagFilter, QueueView } from '@/lib/messaging/popup-protocol';
import type { Flag } from '@/lib/reports/flags';
import type { SiteHealth } from '@/lib/storage/items';
import type { Settings } from '@/lib/storage/settings';

/** The tab the popup reviews: `?tabId=` when opened as a page (tests, pinned window), else the active tab. */
async function currentTabId(): Promise<number | null> {
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery) return Number(fromQuery);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Drift worth a warning: some posts unreadable, and not a one-off. */
function driftWarning(health: SiteHealth | null): string | null {
  if (!health || health.drift === 0 || health.drift < Math.max(2, health.seen * 0.2)) return null;
  return t('healthDrift', health.drift, siteLabel(health.site), health.driftNames.join(', '));
}

function download(file: { filename: string; mime: string; text: string }) {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Popup container: loads state over messages and renders the presentational components. */
export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [tabId, setTabId] = useState<number | null>(null);
  const [health, setHealth] = useState<SiteHealth | null>(null);
  const [filter, setFilter] = useState<FlagFilter>({ tabId: null, status: null, category: null, site: null });
  const [flags, setFlags] = useState<{ tab: Flag[]; recent: Flag[] }>({ tab: [], recent: [] });
  const [queue, setQueue] = useState<QueueView>({ entries: [], endpointConfigured: false });
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async (id: number | null, f: FlagFilter) => {
    const [nextFlags, nextQueue] = await Promise.all([
      sendFromUi('ui/flags', { ...f, tabId: id }),
      sendFromUi('ui/queue', {}),
    ]);
    setFlags(nextFlags);
    setQueue(nextQueue);
    if (id !== null) setHealth((await sendFromUi('ui/tabStatus', { tabId: id })).health);
  }, []);

  useEffect(() => {
    (async () => {
      const loaded = await sendFromUi('ui/getSettings', {});
      setLocale(loaded.language);
      setSettings(loaded);
      const id = await currentTabId();
      setTabId(id);
      await refresh(id, filter);
    })().catch((e: unknown) => setError(message(e)));
    // The queue (storage.local) and the flags (the background's notice) change while the popup
    // is open: follow them, with the filter chosen at the time.
    const follow = () => void currentTabId().then((id) => refresh(id, filterRef.current));
    const onChange = (_changes: unknown, area: string) => {
      if (area === 'local') follow();
    };
    const onMessage = (message: unknown) => {
      if (isFlagsChanged(message)) follow();
    };
    browser.storage.onChanged.addListener(onChange);
    browser.runtime.onMessage.addListener(onMessage);
    return () => {
      browser.storage.onChanged.removeListener(onChange);
      browser.runtime.onMessage.removeListener(onMessage);
    };
  }, []);

  const filterRef = useRef(filter);
  filterRef.current = filter;

  async function changeLanguage(language: Locale) {
    if (!settings) return;
    try {
      const saved = await sendFromUi('ui/saveSettings', { settings: { ...settings, language } });
      setLocale(saved.language);
      setSettings(saved);
    } catch (e) {
      setError(message(e));
    }
  }

  async function changeFilter(next: FlagFilter) {
    setFilter(next);
    await refresh(tabId, next).catch((e: unknown) => setError(message(e)));
  }

  const item = (flag: Flag) => (
    <FlagItem
      key={flag.key}
      flag={flag}
      onReport={async (category, note) => {
        await sendFromUi('ui/report', { flagKey: flag.key, category, note });
        await refresh(tabId, filter);
      }}
      onStatus={async (status) => {
        await sendFromUi('ui/setFlagStatus', { flagKey: flag.key, status });
        await refresh(tabId, filter);
      }}
      onOpen={(url) => void browser.tabs.create({ url })}
    />
  );

  if (error) return <p role="alert">{t('errorGeneric', error)}</p>;
  if (!settings) return <p aria-busy="true">{t('loading')}</p>;
  const drift = driftWarning(health);
  return (
    <main lang={settings.language}>
      <header class="bar">
        <h1>{t('popupTitle')}</h1>
        <label class="sr-only" for="language">
          {t('popupLanguage')}
        </label>
        <LanguageSwitch value={settings.language} onChange={changeLanguage} />
      </header>
      <TabStatus health={health} />
      {drift && (
        <p class="warn" role="alert" data-testid="drift-warning">
          {drift}
        </p>
      )}
      <FlagFilters value={filter} onChange={changeFilter} />
      <section aria-labelledby="tab-flags">
        <h2 id="tab-flags">{t('popupTabFlags')}</h2>
        {flags.tab.length === 0 ? (
          <p class="muted">{health ? t('popupNoTabFlags') : t('popupNoFlags')}</p>
        ) : (
          <ul class="flags" data-testid="tab-flags">
            {flags.tab.map(item)}
          </ul>
        )}
      </section>
      <section aria-labelledby="recent-flags">
        <h2 id="recent-flags">{t('popupRecentFlags')}</h2>
        {flags.recent.length === 0 ? (
          <p class="muted">{t('popupNoFlags')}</p>
        ) : (
          <ul class="flags" data-testid="recent-flags">
            {flags.recent.map(item)}
          </ul>
        )}
      </section>
      <section aria-labelledby="queue-title">
        <h2 id="queue-title">{t('queueTitle')}</h2>
        <QueueList
          entries={queue.entries}
          endpointConfigured={queue.endpointConfigured}
          onRetry={async (id) => {
            await sendFromUi('ui/queueRetry', { id }).catch((e: unknown) => setError(message(e)));
          }}
          onEdit={async (id, category, note) => {
            await sendFromUi('ui/queueEdit', { id, category, note }).catch((e: unknown) =>
              setError(message(e)),
            );
            await refresh(tabId, filter);
          }}
          onFormB1={(id) =>
            void browser.tabs.create({
              url: browser.runtime.getURL(`/form-b1.html?id=${encodeURIComponent(id)}`),
            })
          }
        />
      </section>
      <section aria-labelledby="export-title">
        <h2 id="export-title">{t('exportTitle')}</h2>
        <div class="actions">
          {(
            [
              ['flags', 'csv', 'exportFlagsCsv'],
              ['flags', 'json', 'exportFlagsJson'],
              ['reports', 'csv', 'exportReportsCsv'],
              ['reports', 'json', 'exportReportsJson'],
            ] as const
          ).map(([what, format, key]) => (
            <button
              key={key}
              type="button"
              onClick={() =>
                void sendFromUi('ui/export', { what, format })
                  .then(download)
                  .catch((e: unknown) => setError(message(e)))
              }
            >
              {t(key)}
            </button>
          ))}
        </div>
      </section>
      <footer>
        <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
          {t('popupOpenOptions')}
        </button>
      </footer>
    </main>
  );
}
