import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { PackInfo } from '@/lib/messaging/options-protocol';
import { t } from '@/lib/i18n';
import type { PackListing } from '@/lib/messaging/options-protocol';
import type { PackError } from '@/lib/rules/pack';
import { type Status, StatusLine } from './Field';
import { PackErrorList } from './PackEditor';

export type PackImportOutcome = { ok: true; message: string } | { ok: false; errors: PackError[] };

export interface PackSectionProps {
  listing: PackListing | null;
  /** Resolves to an error message, or null when done. */
  onToggle: (id: string, enabled: boolean) => Promise<string | null>;
  onImport: (file: File) => Promise<PackImportOutcome>;
  onExport: (id: string) => Promise<string | null>;
  onRemove: (id: string) => Promise<string | null>;
  /** Opens the editor on a campaign pack, or on a new one (null). */
  onEdit: (id: string | null) => void;
  /** The editor, when open. */
  editor?: ComponentChildren;
}

function packLabel(pack: PackInfo): string {
  return pack.name ? `${pack.name} (${pack.id})` : pack.id;
}

/** Rule packs: shipped and imported, on/off, import, export, remove, and the campaign pack editor. */
export function PackSection({
  listing,
  onToggle,
  onImport,
  onExport,
  onRemove,
  onEdit,
  editor,
}: PackSectionProps) {
  const [status, setStatus] = useState<Status>(null);
  const [importErrors, setImportErrors] = useState<PackError[]>([]);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);

  const report = (error: string | null, ok: string) =>
    setStatus(error ? { kind: 'error', text: error } : { kind: 'ok', text: ok });

  function importFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setImportErrors([]);
    setStatus({ kind: 'busy', text: t('optionsPackImporting', file.name) });
    void onImport(file).then((outcome) => {
      // The same file can be chosen again after fixing it.
      input.value = '';
      if (outcome.ok) {
        setStatus({ kind: 'ok', text: outcome.message });
        return;
      }
      setImportErrors(outcome.errors);
      setStatus({ kind: 'error', text: t('optionsPackImportRefused', file.name) });
    });
  }

  return (
    <section id="section-packs" aria-labelledby="packs-title" class="card">
      <h2 id="packs-title">{t('optionsPacksTitle')}</h2>
      <p class="muted">{t('optionsPacksIntro')}</p>
      {!listing && <p aria-busy="true">{t('loading')}</p>}
      {listing && (
        <div class="table-wrap">
          <table class="packs" data-testid="pack-table">
            <caption class="sr-only">{t('optionsPacksTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('optionsPackActive')}</th>
                <th scope="col">{t('optionsPackName')}</th>
                <th scope="col">{t('optionsPackVersion')}</th>
                <th scope="col">{t('optionsPackKind')}</th>
                <th scope="col">{t('optionsPackContents')}</th>
                <th scope="col">{t('optionsPackOrigin')}</th>
                <th scope="col">{t('optionsPackActions')}</th>
              </tr>
            </thead>
            <tbody>
              {listing.packs.map((pack) => (
                <tr key={pack.id} data-pack-id={pack.id}>
                  <td>
                    <input
                      type="checkbox"
                      checked={pack.enabled}
                      aria-label={t('optionsPackEnable', packLabel(pack))}
                      onChange={(e) => {
                        const enabled = (e.currentTarget as HTMLInputElement).checked;
                        void onToggle(pack.id, enabled).then((error) =>
                          report(error, t(enabled ? 'optionsPackOn' : 'optionsPackOff', packLabel(pack))),
                        );
                      }}
                    />
                  </td>
                  <td>
                    {pack.name ?? pack.id}
                    <br />
                    <code class="muted">{pack.id}</code>
                  </td>
                  <td>{pack.version}</td>
                  <td>
                    {pack.kind === 'base'
                      ? t('optionsPackKindBase')
                      : pack.kind === 'model'
                        ? t('optionsPackKindModel')
                        : t('optionsPackKindCampaign')}
                  </td>
                  <td>
                    {pack.model
                      ? t('optionsPackModelInfo', pack.model.category, pack.model.licence, pack.model.dataset)
                      : t('optionsPackRulesCount', pack.rules)}
                    {pack.kind === 'campaign' && (
                      <>
                        <br />
                        {t('optionsPackCandidatesCount', pack.candidates)}
                      </>
                    )}
                  </td>
                  <td>
                    {pack.origin === 'shipped'
                      ? t('optionsPackOriginShipped')
                      : t('optionsPackOriginImported')}
                  </td>
                  <td class="row-actions">
                    <button
                      type="button"
                      class="link"
                      onClick={() =>
                        void onExport(pack.id).then((e) => report(e, t('optionsPackExported', pack.id)))
                      }
                      aria-label={t('optionsPackExportOf', packLabel(pack))}
                    >
                      {t('optionsExport')}
                    </button>
                    {pack.kind === 'campaign' && (
                      <button
                        type="button"
                        class="link"
                        onClick={() => onEdit(pack.id)}
                        aria-label={t('optionsPackEditOf', packLabel(pack))}
                      >
                        {t('optionsPackEdit')}
                      </button>
                    )}
                    {pack.origin === 'imported' &&
                      (confirmRemove === pack.id ? (
                        <span class="confirm-inline">
                          {t('optionsPackRemoveConfirm')}{' '}
                          <button
                            type="button"
                            class="danger"
                            onClick={() => {
                              setConfirmRemove(null);
                              void onRemove(pack.id).then((e) => report(e, t('optionsPackRemoved', pack.id)));
                            }}
                          >
                            {t('optionsYesRemove')}
                          </button>{' '}
                          <button type="button" onClick={() => setConfirmRemove(null)}>
                            {t('actionCancel')}
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          class="link danger"
                          onClick={() => setConfirmRemove(pack.id)}
                          aria-label={t('optionsPackRemoveOf', packLabel(pack))}
                        >
                          {t('optionsRemove')}
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {listing && listing.errors.length > 0 && (
        <div class="notice warn">
          <p>{t('optionsPackStoredInvalid')}</p>
          <PackErrorList errors={listing.errors} />
        </div>
      )}
      <StatusLine id="packs-status" status={status} />

      <div class="actions">
        <div class="field">
          <label for="pack-import-file">{t('optionsPackImportLabel')}</label>
          <input
            id="pack-import-file"
            type="file"
            accept=".json,application/json"
            onChange={importFile}
            aria-describedby="pack-import-hint"
          />
          <p id="pack-import-hint" class="muted hint">
            {t('optionsPackImportHint')}
          </p>
        </div>
      </div>
      {importErrors.length > 0 && <PackErrorList id="pack-import-errors" errors={importErrors} />}
      <div class="actions">
        <button type="button" onClick={() => onEdit(null)}>
          {t('optionsPackNew')}
        </button>
      </div>
      {editor}
    </section>
  );
}
