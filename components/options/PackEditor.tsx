import { useState } from 'preact/hooks';
import { type MessageKey, t } from '@/lib/i18n';
import type { PackError } from '@/lib/rules/pack';
import { type Status, StatusLine, TextField } from './Field';
import {
  blankCandidate,
  type CandidateDraft,
  candidateId,
  checkDraft,
  LIST_FIELDS,
  type ListField,
  type PackDraft,
} from './pack-editor-model';
import type { FieldErrors } from './validate';

export type PackEditorSaveOutcome = { ok: true; message: string } | { ok: false; errors: PackError[] };

export interface PackEditorProps {
  initial: PackDraft;
  /** What the draft started from, for the heading: a pack id, or null for a new pack. */
  startedFrom: string | null;
  onSave: (json: Record<string, unknown>) => Promise<PackEditorSaveOutcome>;
  onClose: () => void;
}

const LIST_LABELS: Record<ListField, MessageKey> = {
  names: 'optionsPackNames',
  nicknames: 'optionsPackNicknames',
  acronyms: 'optionsPackAcronyms',
  parties: 'optionsPackParties',
  hashtags: 'optionsPackHashtags',
  accounts: 'optionsPackAccounts',
  slogans: 'optionsPackSlogans',
  supportHashtags: 'optionsPackSupportHashtags',
  attackNames: 'optionsPackAttackNames',
  attackHashtags: 'optionsPackAttackHashtags',
  attackSlogans: 'optionsPackAttackSlogans',
};

/** The campaign pack editor: pack id, name, version, and the candidates with their names, numbers and tags. */
export function PackEditor({ initial, startedFrom, onSave, onClose }: PackEditorProps) {
  const [draft, setDraft] = useState<PackDraft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverErrors, setServerErrors] = useState<PackError[]>([]);
  const [status, setStatus] = useState<Status>(null);

  const setCandidate = (index: number, patch: Partial<CandidateDraft>) =>
    setDraft({
      ...draft,
      candidates: draft.candidates.map((c, i) => (i === index ? { ...c, ...patch } : c)),
    });

  function submit(event: Event) {
    event.preventDefault();
    setServerErrors([]);
    const checked = checkDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus({ kind: 'error', text: t('optionsErrFixFields') });
      const first = Object.keys(checked.errors)[0];
      if (first) document.getElementById(`pack-${first.replace(/\./g, '-')}`)?.focus();
      return;
    }
    setErrors({});
    setStatus({ kind: 'busy', text: t('optionsSaving') });
    void onSave(checked.json).then((outcome) => {
      if (outcome.ok) {
        setStatus({ kind: 'ok', text: outcome.message });
        return;
      }
      setServerErrors(outcome.errors);
      setStatus({ kind: 'error', text: t('optionsPackSaveRefused') });
    });
  }

  const field = (key: string) => `pack-${key.replace(/\./g, '-')}`;

  return (
    <form
      class="pack-editor"
      onSubmit={submit}
      noValidate
      aria-labelledby="pack-editor-title"
      data-testid="pack-editor"
    >
      <h3 id="pack-editor-title">
        {startedFrom ? t('optionsPackEditorFrom', startedFrom) : t('optionsPackEditorNew')}
      </h3>
      <p class="muted">{t('optionsPackEditorIntro')}</p>
      <div class="grid-3">
        <TextField
          id={field('id')}
          label={t('optionsPackId')}
          value={draft.id}
          onInput={(id) => setDraft({ ...draft, id })}
          maxLength={64}
          placeholder="campaign.pilkada-jabar-2024"
          hint={t('optionsPackIdHint')}
          error={errors.id}
        />
        <TextField
          id={field('name')}
          label={t('optionsPackName')}
          value={draft.name}
          onInput={(name) => setDraft({ ...draft, name })}
          maxLength={200}
          error={errors.name}
        />
        <TextField
          id={field('version')}
          label={t('optionsPackVersion')}
          value={draft.version}
          onInput={(version) => setDraft({ ...draft, version })}
          maxLength={20}
          hint={t('optionsPackVersionHint')}
          error={errors.version}
        />
      </div>
      <TextField
        id={field('description')}
        label={t('optionsPackDescription')}
        value={draft.description}
        onInput={(description) => setDraft({ ...draft, description })}
        maxLength={2000}
        rows={2}
        error={errors.description}
      />
      {draft.rules.length > 0 && <p class="muted">{t('optionsPackRulesKept', draft.rules.length)}</p>}
      {errors.rules && <p class="field-error">{errors.rules}</p>}
      {errors.candidates && (
        <p id="pack-candidates-error" class="field-error">
          {errors.candidates}
        </p>
      )}

      {draft.candidates.map((candidate, index) => {
        const key = (name: string) => `candidates.${index}.${name}`;
        const title = candidate.name.trim() || t('optionsPackCandidateN', index + 1);
        return (
          <fieldset key={index} class="candidate" data-testid={`candidate-${index}`}>
            <legend>{title}</legend>
            <div class="grid-3">
              <TextField
                id={field(key('name'))}
                label={t('optionsPackCandidateName')}
                value={candidate.name}
                onInput={(name) => setCandidate(index, { name })}
                maxLength={200}
                error={errors[key('name')]}
              />
              <TextField
                id={field(key('number'))}
                label={t('optionsPackCandidateNumber')}
                value={candidate.number}
                onInput={(number) => setCandidate(index, { number })}
                maxLength={2}
                error={errors[key('number')]}
              />
              <TextField
                id={field(key('id'))}
                label={t('optionsPackCandidateId')}
                value={candidate.id}
                onInput={(id) => setCandidate(index, { id })}
                maxLength={64}
                placeholder={candidateId({ ...candidate, id: '' }, index)}
                hint={t('optionsPackCandidateIdHint')}
                error={errors[key('id')]}
              />
            </div>
            <div class="grid-2">
              {LIST_FIELDS.map((name) => (
                <TextField
                  key={name}
                  id={field(key(name))}
                  label={t(LIST_LABELS[name])}
                  value={candidate[name]}
                  onInput={(value) => setCandidate(index, { [name]: value })}
                  rows={3}
                  hint={t('optionsPackOnePerLine')}
                  error={errors[key(name)]}
                />
              ))}
            </div>
            <button
              type="button"
              class="link danger"
              onClick={() =>
                setDraft({ ...draft, candidates: draft.candidates.filter((_, i) => i !== index) })
              }
            >
              {t('optionsPackRemoveCandidate', title)}
            </button>
          </fieldset>
        );
      })}
      <div class="actions">
        <button
          type="button"
          onClick={() => setDraft({ ...draft, candidates: [...draft.candidates, blankCandidate()] })}
        >
          {t('optionsPackAddCandidate')}
        </button>
      </div>

      {serverErrors.length > 0 && <PackErrorList errors={serverErrors} />}
      <div class="actions">
        <button type="submit" class="primary">
          {t('optionsPackSave')}
        </button>
        <button type="button" onClick={onClose}>
          {t('optionsClose')}
        </button>
        <StatusLine id="pack-editor-status" status={status} />
      </div>
    </form>
  );
}

/** Pack validation errors: which pack, where in it (JSON path), and why. */
export function PackErrorList({ errors, id }: { errors: PackError[]; id?: string }) {
  return (
    <div class="error-list" id={id} data-testid={id}>
      <table>
        <caption>{t('optionsPackErrorsCaption', errors.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('optionsPackErrPack')}</th>
            <th scope="col">{t('optionsPackErrPath')}</th>
            <th scope="col">{t('optionsPackErrReason')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((error, i) => (
            <tr key={i}>
              <td>{error.pack}</td>
              <td>
                <code>{error.path}</code>
              </td>
              <td>{error.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
