import { useEffect, useState } from 'preact/hooks';
import {
  SettingsForm,
  type SettingsPatch,
  type SettingsSaveOutcome,
} from '@/components/options/SettingsForm';
import { errorsFromIssues, hostPattern } from '@/components/options/validate';
import { t } from '@/lib/i18n';
import { sendFromUi } from '@/lib/messaging/client';
import type { SettingsUpdateResult } from '@/lib/messaging/options-protocol';
import type { Endpoint, Settings } from '@/lib/storage/settings';
import { errorText } from './files';
import { hasOrigins, removeOrigins, requestOrigins, SCREENSHOT_ORIGINS } from './permissions';

export interface SettingsContainerProps {
  settings: Settings;
  onSaved: (settings: Settings) => void;
}

/** The settings form's container: host permissions, saving and the connection test over messages. */
export function SettingsContainer({ settings, onSaved }: SettingsContainerProps) {
  const [endpointAccess, setEndpointAccess] = useState<boolean | null>(null);
  const endpointUrl = settings.endpoint?.url;

  async function checkEndpointAccess(url: string | undefined): Promise<void> {
    const pattern = url ? hostPattern(url) : undefined;
    setEndpointAccess(pattern ? await hasOrigins([pattern]) : null);
  }

  useEffect(() => {
    void checkEndpointAccess(endpointUrl);
  }, [endpointUrl]);

  function save(patch: SettingsPatch): Promise<SettingsSaveOutcome> {
    const pattern = patch.endpoint ? hostPattern(patch.endpoint.url) : undefined;
    const wanted = [...(pattern ? [pattern] : []), ...(patch.screenshots ? SCREENSHOT_ORIGINS : [])];
    // First, inside the click: the prompt needs the user's gesture.
    const asked = requestOrigins(wanted);
    return (async () => {
      const notices: string[] = [];
      let next = patch;
      if (!(await asked)) {
        if (patch.screenshots && !(await hasOrigins(SCREENSHOT_ORIGINS))) {
          next = { ...next, screenshots: false };
          notices.push(t('optionsShotsRefused'));
        }
        if (pattern && !(await hasOrigins([pattern]))) notices.push(t('optionsEndpointAccessMissing'));
      }
      let result: SettingsUpdateResult;
      try {
        result = await sendFromUi('options/updateSettings', { patch: next });
      } catch (error) {
        return { ok: false, errors: {}, message: t('optionsSaveError', errorText(error)) };
      }
      if (!result.ok) return { ok: false, errors: errorsFromIssues(result.issues) };

      // Least privilege: give back what the saved settings no longer need.
      if (settings.screenshots && !result.settings.screenshots) await removeOrigins(SCREENSHOT_ORIGINS);
      const oldPattern = settings.endpoint ? hostPattern(settings.endpoint.url) : undefined;
      const syncPattern = result.settings.watchlistSyncUrl
        ? hostPattern(result.settings.watchlistSyncUrl)
        : undefined;
      if (oldPattern && oldPattern !== pattern && oldPattern !== syncPattern)
        await removeOrigins([oldPattern]);
      await checkEndpointAccess(result.settings.endpoint?.url);
      onSaved(result.settings);
      return { ok: true, notices };
    })();
  }

  function testConnection(endpoint: Endpoint): Promise<{ ok: boolean; message: string }> {
    const pattern = hostPattern(endpoint.url);
    const asked = requestOrigins(pattern ? [pattern] : []);
    return (async () => {
      if (!(await asked)) return { ok: false, message: t('optionsEndpointAccessRefused') };
      try {
        const result = await sendFromUi('options/testConnection', { endpoint });
        if (settings.endpoint?.url === endpoint.url) await checkEndpointAccess(endpoint.url);
        return { ok: result.ok, message: result.message };
      } catch (error) {
        return { ok: false, message: errorText(error) };
      }
    })();
  }

  function grantEndpoint(): Promise<boolean> {
    const pattern = endpointUrl ? hostPattern(endpointUrl) : undefined;
    const asked = requestOrigins(pattern ? [pattern] : []);
    return (async () => {
      const granted = await asked;
      await checkEndpointAccess(endpointUrl);
      return granted;
    })();
  }

  return (
    <section aria-labelledby="settings-title" class="card">
      <h2 id="settings-title">{t('optionsSettingsTitle')}</h2>
      <SettingsForm
        settings={settings}
        onSave={save}
        onTestConnection={testConnection}
        onRequestScreenshots={() => requestOrigins(SCREENSHOT_ORIGINS)}
        endpointAccess={endpointAccess}
        onGrantEndpoint={grantEndpoint}
      />
    </section>
  );
}
