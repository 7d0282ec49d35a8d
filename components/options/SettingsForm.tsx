import { useState } from 'preact/hooks';
import { LanguageSwitch } from '@/components/LanguageSwitch';
import { t } from '@/lib/i18n';
import type { Endpoint, Settings } from '@/lib/storage/settings';
import { describedBy, FieldError, type Status, StatusLine, TextField } from './Field';
import { endpointErrors, type FieldErrors, hasErrors } from './validate';

/** The settings this form edits; the others (packs, watchlist URL) have their own sections. */
export type SettingsPatch = Pick<
  Settings,
  'mode' | 'language' | 'endpoint' | 'reporter' | 'screenshots' | 'retentionDays' | 'suggestionsCountAsAsn'
>;

export type SettingsSaveOutcome =
  { ok: true; notices?: string[] } | { ok: false; errors: FieldErrors; message?: string };

export interface SettingsFormProps {
  settings: Settings;
  /** Saves the patch (the container asks for the endpoint's host permission first). */
  onSave: (patch: SettingsPatch) => Promise<SettingsSaveOutcome>;
  /** Sends a test report to the endpoint as typed, saved or not. */
  onTestConnection: (endpoint: Endpoint) => Promise<{ ok: boolean; message: string }>;
  /** Asks for the permission screenshots need; resolves to whether it was granted. */
  onRequestScreenshots: () => Promise<boolean>;
  /** Whether Netra may reach the saved endpoint's host; null when there is no endpoint. */
  endpointAccess: boolean | null;
  onGrantEndpoint: () => Promise<boolean>;
}

/** DOM id of a field, from its settings path. */
const domId = (path: string) => path.replace(/\./g, '-');

/** General settings, the report endpoint, the reporter's identity and evidence screenshots: one form, one save. */
export function SettingsForm({
  settings,
  onSave,
  onTestConnection,
  onRequestScreenshots,
  endpointAccess,
  onGrantEndpoint,
}: SettingsFormProps) {
  const [mode, setMode] = useState(settings.mode);
  const [language, setLanguage] = useState(settings.language);
  const [url, setUrl] = useState(settings.endpoint?.url ?? '');
  const [token, setToken] = useState(settings.endpoint?.token ?? '');
  const [reporter, setReporter] = useState(settings.reporter);
  const [screenshots, setScreenshots] = useState(settings.screenshots);
  const [retention, setRetention] = useState(String(settings.retentionDays));
  const [suggestionsCount, setSuggestionsCount] = useState(settings.suggestionsCountAsAsn);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>(null);
  const [notices, setNotices] = useState<string[]>([]);
  const [testStatus, setTestStatus] = useState<Status>(null);
  const [shotStatus, setShotStatus] = useState<Status>(null);
  const [grantStatus, setGrantStatus] = useState<Status>(null);

  function focusFirst(found: FieldErrors) {
    const first = Object.keys(found)[0];
    if (first) document.getElementById(domId(first))?.focus();
  }

  function patch(): SettingsPatch {
    const trimmedUrl = url.trim();
    const trimmedToken = token.trim();
    return {
      mode,
      language,
      endpoint: trimmedUrl ? { url: trimmedUrl, ...(trimmedToken ? { token: trimmedToken } : {}) } : null,
      reporter: {
        name: reporter.name.trim(),
        organisation: reporter.organisation.trim(),
        contact: reporter.contact.trim(),
      },
      screenshots,
      retentionDays: Number(retention),
      suggestionsCountAsAsn: suggestionsCount,
    };
  }

  function submit(event: Event) {
    event.preventDefault();
    const found = endpointErrors(url, token);
    const days = Number(retention);
    if (!Number.isInteger(days) || days < 1 || days > 3650)
      found.retentionDays = t('optionsRetentionInvalid');
    setErrors(found);
    setNotices([]);
    if (hasErrors(found)) {
      setStatus({ kind: 'error', text: t('optionsErrFixFields') });
      focusFirst(found);
      return;
    }
    setStatus({ kind: 'busy', text: t('optionsSaving') });
    // Called before any await: the container asks for a host permission, which needs this click.
    void onSave(patch()).then((outcome) => {
      if (outcome.ok) {
        setStatus({ kind: 'ok', text: t('optionsSaved') });
        setNotices(outcome.notices ?? []);
        return;
      }
      setErrors(outcome.errors);
      setStatus({ kind: 'error', text: outcome.message ?? t('optionsErrFixFields') });
      focusFirst(outcome.errors);
    });
  }

  function testConnection() {
    const found = endpointErrors(url, token);
    if (url.trim() === '') found['endpoint.url'] = t('optionsErrUrlRequired');
    setErrors(found);
    if (hasErrors(found)) {
      setTestStatus(null);
      focusFirst(found);
      return;
    }
    setTestStatus({ kind: 'busy', text: t('optionsTesting') });
    const trimmedToken = token.trim();
    void onTestConnection({ url: url.trim(), ...(trimmedToken ? { token: trimmedToken } : {}) }).then(
      (result) => setTestStatus({ kind: result.ok ? 'ok' : 'error', text: result.message }),
    );
  }

  function toggleScreenshots(event: Event) {
    const on = (event.currentTarget as HTMLInputElement).checked;
    if (!on) {
      setScreenshots(false);
      setShotStatus({ kind: 'ok', text: t('optionsShotsOffNote') });
      return;
    }
    setShotStatus({ kind: 'busy', text: t('optionsShotsAsking') });
    void onRequestScreenshots().then((granted) => {
      setScreenshots(granted);
      setShotStatus(
        granted
          ? { kind: 'ok', text: t('optionsShotsGranted') }
          : { kind: 'error', text: t('optionsShotsRefused') },
      );
    });
  }

  function grantEndpoint() {
    setGrantStatus({ kind: 'busy', text: t('optionsShotsAsking') });
    void onGrantEndpoint().then((granted) =>
      setGrantStatus(
        granted
          ? { kind: 'ok', text: t('optionsEndpointAccessGranted') }
          : { kind: 'error', text: t('optionsEndpointAccessRefused') },
      ),
    );
  }

  const shotsHint = 'screenshots-hint';
  return (
    <form onSubmit={submit} data-testid="settings-form" noValidate>
      <fieldset id="section-general">
        <legend>{t('optionsGeneral')}</legend>
        <fieldset class="plain" aria-describedby="mode-hint">
          <legend>{t('optionsMode')}</legend>
          {(['asn', 'survey'] as const).map((value) => (
            <label key={value} class="inline">
              <input
                type="radio"
                name="mode"
                value={value}
                checked={mode === value}
                onChange={() => setMode(value)}
              />{' '}
              {value === 'asn' ? t('optionsModeAsn') : t('optionsModeSurvey')}
            </label>
          ))}
          <p id="mode-hint" class="muted hint">
            {t('optionsModeHint')}
          </p>
        </fieldset>
        <div class="field">
          <label for="options-language">{t('optionsLanguage')}</label>
          <LanguageSwitch id="options-language" value={language} onChange={setLanguage} />
          <p class="muted hint">{t('optionsLanguageHint')}</p>
        </div>
      </fieldset>

      <fieldset id="section-endpoint">
        <legend>{t('optionsEndpointTitle')}</legend>
        <p class="muted">{t('optionsEndpointIntro')}</p>
        <TextField
          id="endpoint-url"
          label={t('optionsEndpointUrl')}
          type="url"
          value={url}
          onInput={setUrl}
          maxLength={2048}
          placeholder="https://lapor.example.go.id/netra/reports"
          autoComplete="off"
          hint={t('optionsEndpointUrlHint')}
          error={errors['endpoint.url']}
        />
        <TextField
          id="endpoint-token"
          label={t('optionsEndpointToken')}
          type="password"
          value={token}
          onInput={setToken}
          maxLength={4096}
          autoComplete="off"
          hint={t('optionsEndpointTokenHint')}
          error={errors['endpoint.token']}
        />
        {endpointAccess === false && (
          <div class="notice warn" data-testid="endpoint-access">
            <p>{t('optionsEndpointAccessMissing')}</p>
            <button type="button" onClick={grantEndpoint}>
              {t('optionsEndpointAccessGrant')}
            </button>
            <StatusLine status={grantStatus} />
          </div>
        )}
        <div class="actions">
          <button type="button" onClick={testConnection} aria-describedby="endpoint-test-hint">
            {t('optionsTestConnection')}
          </button>
        </div>
        <StatusLine id="endpoint-test-result" status={testStatus} />
        <details id="endpoint-test-hint" class="muted">
          <summary>{t('optionsTestHowTitle')}</summary>
          <p>{t('optionsTestHow')}</p>
          <pre>
            {'X-Netra-Test: 1\n'}
            {'{ "schemaVersion": 1, "test": true, … }'}
          </pre>
          <p>{t('optionsTestHowReply')}</p>
        </details>
      </fieldset>

      <fieldset id="section-reporter">
        <legend>{t('optionsReporterTitle')}</legend>
        <p class="muted">{t('optionsReporterIntro')}</p>
        <TextField
          id="reporter-name"
          label={t('optionsReporterName')}
          value={reporter.name}
          onInput={(name) => setReporter({ ...reporter, name })}
          maxLength={200}
          autoComplete="name"
          error={errors['reporter.name']}
        />
        <TextField
          id="reporter-organisation"
          label={t('optionsReporterOrganisation')}
          value={reporter.organisation}
          onInput={(organisation) => setReporter({ ...reporter, organisation })}
          maxLength={200}
          autoComplete="organization"
          error={errors['reporter.organisation']}
        />
        <TextField
          id="reporter-contact"
          label={t('optionsReporterContact')}
          value={reporter.contact}
          onInput={(contact) => setReporter({ ...reporter, contact })}
          maxLength={200}
          hint={t('optionsReporterContactHint')}
          error={errors['reporter.contact']}
        />
      </fieldset>

      <fieldset id="section-evidence">
        <legend>{t('optionsShotsTitle')}</legend>
        <div class="field">
          <label class="inline">
            <input
              id="screenshots"
              type="checkbox"
              checked={screenshots}
              onChange={toggleScreenshots}
              aria-describedby={describedBy('screenshots', true, errors.screenshots)}
            />{' '}
            {t('optionsShotsLabel')}
          </label>
          <p id={shotsHint} class="muted hint">
            {t('optionsShotsWhy')}
          </p>
          <FieldError id="screenshots" error={errors.screenshots} />
          <StatusLine id="screenshots-status" status={shotStatus} />
        </div>
      </fieldset>

      <fieldset id="section-retention">
        <legend>{t('optionsRetentionTitle')}</legend>
        <div class="field">
          <label for="retentionDays">{t('optionsRetentionLabel')}</label>
          <input
            id="retentionDays"
            type="number"
            min={1}
            max={3650}
            value={retention}
            onInput={(e) => setRetention((e.currentTarget as HTMLInputElement).value)}
            aria-invalid={errors.retentionDays ? true : undefined}
            aria-describedby={describedBy('retentionDays', true, errors.retentionDays)}
          />
          <p id="retentionDays-hint" class="muted hint">
            {t('optionsRetentionHint')}
          </p>
          <FieldError id="retentionDays" error={errors.retentionDays} />
        </div>
        <div class="field">
          <label class="inline">
            <input
              id="suggestionsCountAsAsn"
              type="checkbox"
              checked={suggestionsCount}
              onChange={(e) => setSuggestionsCount((e.currentTarget as HTMLInputElement).checked)}
              aria-describedby="suggestionsCountAsAsn-hint"
            />{' '}
            {t('optionsSuggestionsLabel')}
          </label>
          <p id="suggestionsCountAsAsn-hint" class="muted hint">
            {t('optionsSuggestionsHint')}
          </p>
        </div>
      </fieldset>

      <div class="actions sticky-save">
        <button type="submit" class="primary">
          {t('optionsSave')}
        </button>
        <StatusLine id="settings-status" status={status} />
      </div>
      {notices.map((notice) => (
        <p key={notice} class="notice warn">
          {notice}
        </p>
      ))}
    </form>
  );
}
