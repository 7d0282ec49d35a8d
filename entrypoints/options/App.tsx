import { useEffect, useState } from 'preact/hooks';
import { SettingsGeneral } from '@/components/SettingsGeneral';
import { setLocale, t } from '@/lib/i18n';
import { sendFromUi } from '@/lib/messaging/client';
import type { Settings } from '@/lib/storage/settings';

/** Options container: loads and saves settings over messages. */
export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    sendFromUi('ui/getSettings', {})
      .then((loaded) => {
        setLocale(loaded.language);
        setSettings(loaded);
      })
      .catch((e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  }, []);

  async function save(next: Settings): Promise<string | null> {
    try {
      const saved = await sendFromUi('ui/saveSettings', { settings: next });
      setLocale(saved.language);
      setSettings(saved);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  if (error) return <p role="alert">{t('errorGeneric', error)}</p>;
  if (!settings) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <main lang={settings.language} class="options">
      <h1>{t('optionsTitle')}</h1>
      <SettingsGeneral settings={settings} onSave={save} />
    </main>
  );
}
