import { useState } from 'preact/hooks';
import { type MessageKey, t } from '@/lib/i18n';
import type { Verdict } from '@/lib/messaging/protocol';
import type { AsnMatch } from '@/lib/reports/schema';
import type { Category, Severity } from '@/lib/rules/categories';
import { actorOf } from '@/lib/sites/actor';
import type { PostSnapshot } from '@/lib/sites/snapshot';
import { highlightSegments } from './highlight';
import { ReportFields } from './ReportFields';
import { categoryLabel, siteLabel } from './labels';
import { capitalised, stancesOf, stanceWords } from './stance-words';
import { trusted } from './trusted';

export interface FlagPanelProps {
  post: PostSnapshot;
  verdict: Verdict;
  onReport: (category: Category, note: string) => Promise<void>;
  onStatus: (status: 'dismissed' | 'new') => Promise<void>;
  onTag: (agency: string, note: string) => Promise<void>;
  onUntag: () => Promise<void>;
  onCopyDiagnostic: () => Promise<void>;
  onClose: () => void;
}

const SOURCE_KEYS: Record<AsnMatch['source'], MessageKey> = {
  watchlist: 'sourceWatchlist',
  sync: 'sourceSync',
  hashed: 'sourceHashed',
  manual: 'sourceManual',
};
const SEVERITY_KEYS: Record<Severity, MessageKey> = {
  low: 'severityLow',
  medium: 'severityMedium',
  high: 'severityHigh',
};

type Mode =
  { kind: 'view' } | { kind: 'confirm' } | { kind: 'tag' } | { kind: 'done'; text: string; error?: boolean };

/** The in-page explanation of one flag, with report (confirm step), dismiss and tag actions. */
export function FlagPanel({
  post,
  verdict,
  onReport,
  onStatus,
  onTag,
  onUntag,
  onCopyDiagnostic,
  onClose,
}: FlagPanelProps) {
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [category, setCategory] = useState<Category>(verdict.categories[0] ?? 'candidate_support');
  const [note, setNote] = useState('');
  const [agency, setAgency] = useState('');
  const actor = actorOf(post);

  async function run(action: () => Promise<void>, done: string) {
    try {
      await action();
      setMode({ kind: 'done', text: done });
    } catch (error) {
      setMode({
        kind: 'done',
        text: t('actionFailed', error instanceof Error ? error.message : String(error)),
        error: true,
      });
    }
  }

  const candidates = [...new Set(verdict.findings.flatMap((f) => (f.candidate ? [f.candidate.name] : [])))];
  const stances = stancesOf(verdict.findings);

  return (
    <section
      class="panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="netra-panel-title"
      data-testid="netra-panel"
    >
      <header>
        <h2 id="netra-panel-title">{t('panelTitle')}</h2>
        <button type="button" class="close" onClick={trusted(onClose)} aria-label={t('actionClose')}>
          ×
        </button>
      </header>

      <h3>{t('panelWho')}</h3>
      <p data-testid="netra-who">
        <strong>{actor.displayName ?? actor.handle}</strong> <span class="muted">@{actor.handle}</span> ·{' '}
        {siteLabel(post.site)}
      </p>
      {post.kind === 'repost' && post.context?.repostedBy && (
        <p class="muted">{t('panelRepostBy', post.context.repostedBy.handle)}</p>
      )}
      {verdict.asn ? (
        <p>
          {t('panelKnownAs', t(SOURCE_KEYS[verdict.asn.source]))}
          {verdict.asn.agency && (
            <>
              <br />
              {t('panelAgency', verdict.asn.agency)}
            </>
          )}
        </p>
      ) : (
        <p class="warn">{t('panelNotAsn')}</p>
      )}

      <h3>{t('panelWhy')}</h3>
      {stances.length > 0 && (
        <ul class="stances" data-testid="netra-stances">
          {stances.map((stance) => (
            <li key={`${stance.candidate?.id ?? ''}:${stance.stance}`} data-stance={stance.stance}>
              <strong>{capitalised(stanceWords(stance))}</strong>
              <br />
              <span class="muted">
                {t('stanceWhy', [...new Set(stance.evidence.map((e) => `“${e.match}”`))].join(', '))}
              </span>
              {stance.references.length > 0 && (
                <>
                  <br />
                  <span class="muted">
                    {t(
                      'stanceNamedBy',
                      [...new Set(stance.references.map((r) => `“${r.match}”`))].join(', '),
                    )}
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <ul class="findings" data-testid="netra-findings">
        {verdict.findings.map((finding) => (
          <li key={`${finding.ruleId}:${finding.start}`}>
            <span class="cat">{categoryLabel(finding.category)}</span>{' '}
            <span class="sev">({t(SEVERITY_KEYS[finding.severity])})</span>: {finding.explanation}{' '}
            <q>{finding.match}</q>
          </li>
        ))}
      </ul>
      {stances.length === 0 && candidates.length > 0 && <p>{t('panelCandidate', candidates.join(', '))}</p>}

      <h3>{t('panelText')}</h3>
      <blockquote class="text" data-testid="netra-text">
        {highlightSegments(post.text, verdict.findings).map((segment, i) =>
          segment.hit ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>,
        )}
      </blockquote>
      {post.url && (
        <p>
          <a href={post.url} target="_blank" rel="noopener noreferrer">
            {t('panelOpenPost')}
          </a>
        </p>
      )}

      {mode.kind === 'view' && (
        <div class="actions">
          {verdict.flagKey && verdict.status !== 'reported' && (
            <button type="button" class="primary" onClick={trusted(() => setMode({ kind: 'confirm' }))}>
              {t('actionReport')}
            </button>
          )}
          {verdict.flagKey &&
            (verdict.status === 'dismissed' ? (
              <button type="button" onClick={trusted(() => run(() => onStatus('new'), t('optionsSaved')))}>
                {t('actionUndismiss')}
              </button>
            ) : (
              <button
                type="button"
                onClick={trusted(() => run(() => onStatus('dismissed'), t('flagDismissed')))}
              >
                {t('actionDismiss')}
              </button>
            ))}
          {verdict.asn?.source === 'manual' ? (
            <button type="button" onClick={trusted(() => run(onUntag, t('untagDone', actor.handle)))}>
              {t('actionUntag')}
            </button>
          ) : (
            !verdict.asn && (
              <button type="button" onClick={trusted(() => setMode({ kind: 'tag' }))}>
                {t('actionTag')}
              </button>
            )
          )}
          <button
            type="button"
            class="link"
            onClick={trusted(() => run(onCopyDiagnostic, t('diagnosticCopied')))}
          >
            {t('copyDiagnostic')}
          </button>
        </div>
      )}

      {mode.kind === 'confirm' && (
        <form
          class="confirm"
          data-testid="netra-confirm"
          onSubmit={trusted((event: Event) => {
            event.preventDefault();
            void run(() => onReport(category, note.trim()), t('reportQueued'));
          })}
        >
          <h3>{t('reportConfirmTitle')}</h3>
          <p class="muted">{t('reportConfirmHint')}</p>
          <ReportFields category={category} note={note} onCategory={setCategory} onNote={setNote} />
          <div class="actions">
            <button type="submit" class="primary">
              {t('reportSend')}
            </button>
            <button type="button" onClick={trusted(() => setMode({ kind: 'view' }))}>
              {t('actionCancel')}
            </button>
          </div>
        </form>
      )}

      {mode.kind === 'tag' && (
        <form
          class="confirm"
          data-testid="netra-tag"
          onSubmit={trusted((event: Event) => {
            event.preventDefault();
            void run(() => onTag(agency.trim(), note.trim()), t('tagDone', actor.handle));
          })}
        >
          <h3>{t('tagTitle')}</h3>
          <label>
            {t('tagAgency')}
            <input
              name="agency"
              maxLength={300}
              value={agency}
              onInput={(e) => setAgency((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t('tagNote')}
            <textarea
              name="note"
              rows={2}
              maxLength={2000}
              value={note}
              onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </label>
          <div class="actions">
            <button type="submit" class="primary">
              {t('tagSave')}
            </button>
            <button type="button" onClick={trusted(() => setMode({ kind: 'view' }))}>
              {t('actionCancel')}
            </button>
          </div>
        </form>
      )}

      {mode.kind === 'done' && (
        <p role="status" class={mode.error ? 'error' : 'ok'} data-testid="netra-status">
          {mode.text}
        </p>
      )}
    </section>
  );
}
