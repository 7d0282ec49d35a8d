import { useEffect, useState } from 'preact/hooks';
import { setLocale, t } from '@/lib/i18n';
import { sendFromUi } from '@/lib/messaging/client';
import type { Settings } from '@/lib/storage/settings';
import { DataContainer } from './DataContainer';
import { errorText } from './files';
import { PacksContainer } from './PacksContainer';
import { SettingsContainer } from './SettingsContainer';
import { WatchlistContainer } from './WatchlistContainer';

/** Options page: loads the settings and mounts each section's container. */
export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Bumped when a restore or "delete all" replaced the data: every section reloads.
  const [revision, setRevision] = useState(0);
  // Bumped when a section changed stored data, so the data section's counts follow.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((c) => c + 1);

  function applySettings(next: Settings) {
    setLocale(next.language);
    document.documentElement.lang = next.language;
    document.title = t('optionsTitle');
    setSettings(next);
  }

  useEffect(() => {
    sendFromUi('ui/getSettings', {})
      .then(applySettings)
      .catch((e: unknown) => setError(errorText(e)));
  }, []);

  if (error) return <p role="alert">{t('errorGeneric', error)}</p>;
  if (!settings) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <main lang={settings.language} class="options">
      <h1>{t('optionsTitle')}</h1>
      <p class="privacy-note">
        {t('optionsPrivacyNote')}{' '}
        <a href="/privacy.html" target="_blank" rel="noopener" data-testid="privacy-link">
          {t('optionsPrivacyLink')}
        </a>
      </p>
      <nav aria-label={t('optionsNavLabel')} class="toc">
        <a href="#settings-title">{t('optionsSettingsTitle')}</a>
        <a href="#packs-title">{t('optionsPacksTitle')}</a>
        <a href="#watchlist-title">{t('optionsWatchlistTitle')}</a>
        <a href="#data-title">{t('optionsDataTitle')}</a>
      </nav>
      <SettingsContainer key={`settings-${revision}`} settings={settings} onSaved={applySettings} />
      <PacksContainer key={`packs-${revision}`} onChanged={changed} />
      <WatchlistContainer key={`watchlist-${revision}`} onSettingsSaved={applySettings} onChanged={changed} />
      <DataContainer
        changes={changes}
        onDataReplaced={(next) => {
          applySettings(next);
          setRevision((r) => r + 1);
        }}
      />
    </main>
  );
}
