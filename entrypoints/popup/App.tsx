import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { LanguageSwitch } from '@/components/LanguageSwitch';
import { TabStatus } from '@/components/TabStatus';
import { type Locale, setLocale, t } from '@/lib/i18n';
import { sendFromUi } from '@/lib/messaging/client';
import type { SiteHealth } from '@/lib/storage/items';
import type { Settings } from '@/lib/storage/settings';

/** The tab the popup reviews: `?tabId=` when opened as a page (tests, pinned window), else the active tab. */
async function currentTabId(): Promise<number | null> {
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery) return Number(fromQuery);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Popup container: loads state over messages and renders the presentational components. */
export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [health, setHealth] = useState<SiteHealth | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      const loaded = await sendFromUi('ui/getSettings', {});
      setLocale(loaded.language);
      setSettings(loaded);
      const tabId = await currentTabId();
      if (tabId !== null) setHealth((await sendFromUi('ui/tabStatus', { tabId })).health);
    })().catch((e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  }, []);

  async function changeLanguage(language: Locale) {
    if (!settings) return;
    try {
      const saved = await sendFromUi('ui/saveSettings', { settings: { ...settings, language } });
      setLocale(saved.language);
      setSettings(saved);
    } catch (e) {
      setError(String(e instanceof Error ? e.message : e));
    }
  }

  if (error) return <p role="alert">{t('errorGeneric', error)}</p>;
  if (!settings) return <p aria-busy="true">{t('loading')}</p>;
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
      <section aria-labelledby="flags-title">
        <h2 id="flags-title">{t('popupFlagsTitle')}</h2>
        <p class="muted">{t('popupNoFlags')}</p>
      </section>
      <footer>
        <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
          {t('popupOpenOptions')}
        </button>
      </footer>
    </main>
  );
}
