import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { DataSummary } from '@/lib/messaging/options-protocol';
import type { QuarantineEntry } from '@/lib/storage/item';
import { type Status, StatusLine } from './Field';
import { formatCount, formatTime } from './format';

export type ActionOutcome = { ok: true; message: string } | { ok: false; message: string };

export interface DataSectionProps {
  summary: DataSummary | null;
  quarantine: QuarantineEntry[] | null;
  onBackup: (includeToken: boolean) => Promise<ActionOutcome>;
  onRestore: (file: File) => Promise<ActionOutcome>;
  onDeleteAll: () => Promise<ActionOutcome>;
  onClearQuarantine: () => Promise<ActionOutcome>;
}

const toStatus = (outcome: ActionOutcome): Status => ({
  kind: outcome.ok ? 'ok' : 'error',
  text: outcome.message,
});

/** Backup and restore, delete everything (with a confirm step), and values set aside as invalid. */
export function DataSection({
  summary,
  quarantine,
  onBackup,
  onRestore,
  onDeleteAll,
  onClearQuarantine,
}: DataSectionProps) {
  const [includeToken, setIncludeToken] = useState(false);
  const [backupStatus, setBackupStatus] = useState<Status>(null);
  const [restoreStatus, setRestoreStatus] = useState<Status>(null);
  const [confirming, setConfirming] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [deleteStatus, setDeleteStatus] = useState<Status>(null);
  const [quarantineStatus, setQuarantineStatus] = useState<Status>(null);

  function restore(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setRestoreStatus({ kind: 'busy', text: t('optionsRestoring', file.name) });
    void onRestore(file).then((outcome) => {
      input.value = '';
      setRestoreStatus(toStatus(outcome));
    });
  }

  function deleteAll() {
    setDeleteStatus({ kind: 'busy', text: t('optionsDeleting') });
    void onDeleteAll().then((outcome) => {
      setConfirming(false);
      setUnderstood(false);
      setDeleteStatus(toStatus(outcome));
    });
  }

  return (
    <section id="section-data" aria-labelledby="data-title" class="card">
      <h2 id="data-title">{t('optionsDataTitle')}</h2>
      {summary && (
        <p data-testid="data-summary">
          {t(
            'optionsDataSummary',
            formatCount(summary.flags),
            formatCount(summary.reportsUnsent),
            formatCount(summary.reportsSent),
            formatCount(summary.watchlistEntries),
            formatCount(summary.manualTags),
            formatCount(summary.importedPacks),
          )}
        </p>
      )}

      <h3>{t('optionsBackupTitle')}</h3>
      <p class="muted">{t('optionsBackupIntro')}</p>
      <div class="field">
        <label class="inline">
          <input
            id="backup-include-token"
            type="checkbox"
            checked={includeToken}
            aria-describedby="backup-include-token-hint"
            onChange={(e) => setIncludeToken((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('optionsBackupIncludeToken')}
        </label>
        <p id="backup-include-token-hint" class="muted hint">
          {t('optionsBackupIncludeTokenHint')}
        </p>
      </div>
      <div class="actions">
        <button
          type="button"
          onClick={() => {
            setBackupStatus({ kind: 'busy', text: t('optionsBackingUp') });
            void onBackup(includeToken).then((outcome) => setBackupStatus(toStatus(outcome)));
          }}
        >
          {t('optionsBackupButton')}
        </button>
      </div>
      <StatusLine id="backup-status" status={backupStatus} />

      <div class="field">
        <label for="restore-file">{t('optionsRestoreLabel')}</label>
        <input
          id="restore-file"
          type="file"
          accept=".json,application/json"
          aria-describedby="restore-file-hint"
          onChange={restore}
        />
        <p id="restore-file-hint" class="muted hint">
          {t('optionsRestoreHint')}
        </p>
      </div>
      <StatusLine id="restore-status" status={restoreStatus} />

      <h3>{t('optionsDeleteTitle')}</h3>
      <p class="muted">{t('optionsDeleteIntro')}</p>
      {!confirming ? (
        <div class="actions">
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            {t('optionsDeleteButton')}
          </button>
        </div>
      ) : (
        <div
          class="notice danger"
          role="group"
          aria-labelledby="delete-confirm-title"
          data-testid="delete-confirm"
        >
          <p id="delete-confirm-title">
            <strong>{t('optionsDeleteConfirmTitle')}</strong>
          </p>
          {summary && summary.reportsUnsent > 0 && (
            <p class="field-error">{t('optionsDeleteUnsent', formatCount(summary.reportsUnsent))}</p>
          )}
          <label class="inline">
            <input
              type="checkbox"
              checked={understood}
              onChange={(e) => setUnderstood((e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {t('optionsDeleteUnderstood')}
          </label>
          <div class="actions">
            <button type="button" class="danger" disabled={!understood} onClick={deleteAll}>
              {t('optionsDeleteYes')}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                setUnderstood(false);
              }}
            >
              {t('actionCancel')}
            </button>
          </div>
        </div>
      )}
      <StatusLine id="delete-status" status={deleteStatus} />

      <h3>{t('optionsQuarantineTitle')}</h3>
      {quarantine && quarantine.length === 0 && <p class="muted">{t('optionsQuarantineEmpty')}</p>}
      {quarantine && quarantine.length > 0 && (
        <>
          <p>{t('optionsQuarantineIntro', quarantine.length)}</p>
          <ul class="quarantine" data-testid="quarantine">
            {quarantine.map((entry, i) => (
              <li key={i}>
                <details>
                  <summary>
                    <code>{entry.key}</code> · {formatTime(entry.at)} · {entry.issues.slice(0, 2).join('; ')}
                  </summary>
                  <ul>
                    {entry.issues.map((issue) => (
                      <li key={issue}>{issue}</li>
                    ))}
                  </ul>
                  <pre>{JSON.stringify(entry.value, null, 2)?.slice(0, 20_000)}</pre>
                </details>
              </li>
            ))}
          </ul>
          <div class="actions">
            <button
              type="button"
              onClick={() =>
                void onClearQuarantine().then((outcome) => setQuarantineStatus(toStatus(outcome)))
              }
            >
              {t('optionsQuarantineClear')}
            </button>
          </div>
        </>
      )}
      <StatusLine id="quarantine-status" status={quarantineStatus} />
    </section>
  );
}
