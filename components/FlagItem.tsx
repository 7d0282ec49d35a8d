import { useState } from 'preact/hooks';
import { type MessageKey, t } from '@/lib/i18n';
import type { Flag, FlagStatus } from '@/lib/reports/flags';
import type { Category } from '@/lib/rules/categories';
import { actorOf } from '@/lib/sites/actor';
import { highlightSegments } from './highlight';
import { ReportFields } from './ReportFields';
import { categoryLabel, siteLabel } from './labels';
import { capitalised, stancesOf, stanceWords } from './stance-words';

export const STATUS_KEYS: Record<FlagStatus, MessageKey> = {
  new: 'statusNew',
  reviewed: 'statusReviewed',
  reported: 'statusReported',
  dismissed: 'statusDismissed',
};

export interface FlagItemProps {
  flag: Flag;
  onReport: (category: Category, note: string) => Promise<void>;
  onStatus: (status: 'new' | 'reviewed' | 'dismissed') => Promise<void>;
  onOpen: (url: string) => void;
}

/** One flag in the popup: who, why (matched words highlighted), when, and its actions. */
export function FlagItem({ flag, onReport, onStatus, onOpen }: FlagItemProps) {
  const [confirming, setConfirming] = useState(false);
  const [category, setCategory] = useState<Category>(flag.categories[0] ?? 'candidate_support');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const post = flag.snapshot;
  const actor = actorOf(post);

  async function act(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class={`flag flag--${flag.status}`} data-testid="flag-item" data-flag-key={flag.key}>
      <div class="flag-head">
        <strong>{actor.displayName ?? actor.handle}</strong> <span class="muted">@{actor.handle}</span>
        <span class="muted"> · {siteLabel(post.site)}</span>
        <span class={`pill pill--${flag.status}`}>{t(STATUS_KEYS[flag.status])}</span>
      </div>
      <p class="muted small">
        {flag.asn
          ? [flag.asn.agency, flag.asn.position, flag.asn.source && `(${flag.asn.source})`]
              .filter(Boolean)
              .join(' · ')
          : t('flagNotAsn')}
      </p>
      <p class="cats">
        {flag.categories.map((c) => (
          <span key={c} class="pill">
            {categoryLabel(c)}
          </span>
        ))}
        {stancesOf(flag.findings).map((s) => (
          <span
            key={`${s.candidate?.id ?? ''}:${s.stance}`}
            class={`pill stance stance--${s.stance}`}
            data-testid="flag-stance"
          >
            {capitalised(stanceWords(s))}
          </span>
        ))}
      </p>
      <blockquote class="text">
        {highlightSegments(post.text, flag.findings).map((s, i) =>
          s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
        )}
      </blockquote>
      <ul class="why">
        {flag.findings.map((f) => (
          <li key={`${f.ruleId}:${f.start}`}>
            {f.explanation} <q>{f.match}</q>
            {f.candidate ? ` → ${f.candidate.name}` : ''}
          </li>
        ))}
      </ul>
      <p class="muted small">{t('flagSeenAt', new Date(flag.firstSeenAt).toLocaleString())}</p>
      {!confirming && (
        <div class="actions">
          {flag.status !== 'reported' && (
            <button type="button" class="primary" disabled={busy} onClick={() => setConfirming(true)}>
              {t('actionReport')}
            </button>
          )}
          {flag.status !== 'reported' && flag.status !== 'dismissed' && (
            <button type="button" disabled={busy} onClick={() => act(() => onStatus('dismissed'))}>
              {t('actionDismiss')}
            </button>
          )}
          {flag.status === 'dismissed' && (
            <button type="button" disabled={busy} onClick={() => act(() => onStatus('new'))}>
              {t('actionUndismiss')}
            </button>
          )}
          {flag.status === 'new' && (
            <button type="button" disabled={busy} onClick={() => act(() => onStatus('reviewed'))}>
              {t('actionMarkReviewed')}
            </button>
          )}
          {post.url && (
            <button type="button" onClick={() => onOpen(post.url!)}>
              {t('actionOpenPost')}
            </button>
          )}
        </div>
      )}
      {confirming && (
        <form
          class="confirm"
          data-testid="popup-confirm"
          onSubmit={(event) => {
            event.preventDefault();
            void act(async () => {
              await onReport(category, note.trim());
              setConfirming(false);
            });
          }}
        >
          <p class="muted small">{t('reportConfirmHint')}</p>
          <ReportFields
            category={category}
            note={note}
            onCategory={setCategory}
            onNote={setNote}
            noteRows={2}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {t('reportSend')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('actionCancel')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" class="field-error">
          {t('actionFailed', error)}
        </p>
      )}
    </li>
  );
}
