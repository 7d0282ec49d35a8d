import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { Settings } from '@/lib/storage/settings';
import { LanguageSwitch } from './LanguageSwitch';

export interface SettingsGeneralProps {
  settings: Settings;
  /** Saves; resolves to an error message, or null when saved. */
  onSave: (next: Settings) => Promise<string | null>;
}

/** Mode and language. */
export function SettingsGeneral({ settings, onSave }: SettingsGeneralProps) {
  const [draft, setDraft] = useState(settings);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    const error = await onSave(draft);
    setStatus(
      error ? { ok: false, text: t('optionsSaveError', error) } : { ok: true, text: t('optionsSaved') },
    );
  }

  return (
    <form onSubmit={submit} data-testid="settings-general">
      <fieldset>
        <legend>{t('optionsGeneral')}</legend>
        <div class="row" role="radiogroup" aria-labelledby="mode-label">
          <span id="mode-label">{t('optionsMode')}</span>
          {(['asn', 'survey'] as const).map((mode) => (
            <label key={mode} style={{ marginLeft: '12px' }}>
              <input
                type="radio"
                name="mode"
                value={mode}
                checked={draft.mode === mode}
                onChange={() => setDraft({ ...draft, mode })}
              />{' '}
              {mode === 'asn' ? t('optionsModeAsn') : t('optionsModeSurvey')}
            </label>
          ))}
          <p class="muted">{t('optionsModeHint')}</p>
        </div>
        <div class="row">
          <label for="options-language">{t('optionsLanguage')}</label>{' '}
          <LanguageSwitch
            id="options-language"
            value={draft.language}
            onChange={(language) => setDraft({ ...draft, language })}
          />
          <p class="muted">{t('optionsLanguageHint')}</p>
        </div>
        <button type="submit" class="primary">
          {t('optionsSave')}
        </button>
        {status && (
          <span class={status.ok ? 'status muted' : 'status field-error'} role="status">
            {status.text}
          </span>
        )}
      </fieldset>
    </form>
  );
}
