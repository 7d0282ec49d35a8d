import { useState } from 'preact/hooks';
import type { ImportReport } from '@/lib/asn/types';
import { getLocale, t } from '@/lib/i18n';
import { type Status, StatusLine, TextField } from './Field';
import { formatCount } from './format';

/** Where a running import is: handing the file to the background, importing rows. */
export interface ImportProgressView {
  stage: 'reading' | 'importing';
  done: number;
  total: number;
}

export type WatchlistImportOutcome =
  { ok: true; fileName: string; report: ImportReport } | { ok: false; message: string };

export interface WatchlistImportProps {
  onImport: (file: File, listName: string) => Promise<WatchlistImportOutcome>;
  onCancel: () => void;
  progress: ImportProgressView | null;
  /** The CSV template shipped with Netra. */
  templateUrl: string;
}

function progressText(progress: ImportProgressView): string {
  if (progress.stage === 'reading') return t('optionsImportReading');
  if (progress.total === 0) return t('optionsImportStarting');
  return t('optionsImportRows', formatCount(progress.done), formatCount(progress.total));
}

/** Import a watchlist file (CSV, JSON or a hashed list), with progress and the per-row report. */
export function WatchlistImport({ onImport, onCancel, progress, templateUrl }: WatchlistImportProps) {
  const [file, setFile] = useState<File | null>(null);
  const [listName, setListName] = useState('');
  const [status, setStatus] = useState<Status>(null);
  const [result, setResult] = useState<{ fileName: string; report: ImportReport } | null>(null);
  const [running, setRunning] = useState(false);

  function submit(event: Event) {
    event.preventDefault();
    if (!file) {
      setStatus({ kind: 'error', text: t('optionsImportChooseFile') });
      document.getElementById('watchlist-file')?.focus();
      return;
    }
    setRunning(true);
    setResult(null);
    setStatus(null);
    void onImport(file, listName.trim()).then((outcome) => {
      setRunning(false);
      if (outcome.ok) {
        setResult(outcome);
        setStatus(null);
      } else {
        setStatus({ kind: 'error', text: outcome.message });
      }
    });
  }

  return (
    <form onSubmit={submit} aria-labelledby="watchlist-import-title" data-testid="watchlist-import">
      <h3 id="watchlist-import-title">{t('optionsImportTitle')}</h3>
      <p class="muted">
        {t('optionsImportIntro')}{' '}
        <a href={templateUrl} download="watchlist-template.csv">
          {t('optionsImportTemplate')}
        </a>
      </p>
      <div class="field">
        <label for="watchlist-file">{t('optionsImportFile')}</label>
        <input
          id="watchlist-file"
          type="file"
          accept=".csv,.json,.txt,text/csv,application/json"
          aria-describedby="watchlist-file-hint"
          onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
        />
        <p id="watchlist-file-hint" class="muted hint">
          {t('optionsImportFileHint')}
        </p>
      </div>
      <TextField
        id="watchlist-list-name"
        label={t('optionsImportListName')}
        value={listName}
        onInput={setListName}
        maxLength={100}
        placeholder="default"
        hint={t('optionsImportListNameHint')}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={running}>
          {t('optionsImportButton')}
        </button>
        {running && (
          <button type="button" onClick={onCancel}>
            {t('actionCancel')}
          </button>
        )}
      </div>
      {running && progress && (
        <div class="progress" data-testid="import-progress">
          <progress
            value={progress.stage === 'reading' ? undefined : progress.done}
            max={Math.max(progress.total, 1)}
            aria-labelledby="import-progress-text"
          />
          <p id="import-progress-text" role="status">
            {progressText(progress)}
          </p>
        </div>
      )}
      <StatusLine id="watchlist-import-status" status={status} />
      {result && <ImportReportView fileName={result.fileName} report={result.report} />}
    </form>
  );
}

/** What an import did: counts, and each rejected row with its line number and reason. */
export function ImportReportView({ fileName, report }: { fileName: string; report: ImportReport }) {
  const english = getLocale() === 'en';
  return (
    <div class="import-report" data-testid="import-report" aria-live="polite">
      <p class={report.replaced ? 'ok' : 'warn'}>
        {report.replaced
          ? t('optionsImportDone', fileName, formatCount(report.imported), formatCount(report.total))
          : t('optionsImportNothing', fileName)}
      </p>
      {report.errorCount > 0 && (
        <>
          <div class="table-wrap">
            <table data-testid="import-errors">
              <caption>{t('optionsImportRejected', formatCount(report.errorCount))}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('optionsImportLine')}</th>
                  <th scope="col">{t('optionsImportReason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((error, i) => (
                  <tr key={i} data-line={error.line}>
                    <td>{error.line > 0 ? error.line : '—'}</td>
                    <td>{english ? error.messageEn : error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.errorCount > report.errors.length && (
            <p class="muted">{t('optionsImportMoreErrors', formatCount(report.errors.length))}</p>
          )}
        </>
      )}
    </div>
  );
}
