import { useState } from 'preact/hooks';
import { getLocale, t } from '@/lib/i18n';
import type { AsnSuggestion } from '@/lib/asn/suggest';
import { SUGGEST_REASON_LABELS } from '@/lib/asn/suggest';
import { trusted } from './trusted';

export interface SuggestionBannerProps {
  handle: string;
  suggestion: AsnSuggestion;
  onAccept: () => Promise<void>;
  onIgnore: () => void;
}

/** A profile page's "may be ASN" suggestion with its evidence; accepting tags the account. */
export function SuggestionBanner({ handle, suggestion, onAccept, onIgnore }: SuggestionBannerProps) {
  const [done, setDone] = useState<string | null>(null);
  const locale = getLocale();
  return (
    <aside class="suggestion" aria-live="polite" data-testid="netra-suggestion">
      <strong>{t('suggestTitle', handle)}</strong>
      <ul>
        {suggestion.evidence.map((e) => (
          <li key={`${e.field}:${e.start}`}>
            <q>{e.text}</q> — {SUGGEST_REASON_LABELS[e.reason][locale]}
          </li>
        ))}
      </ul>
      <p class="muted">{t('suggestHint')}</p>
      {done ? (
        <p class="ok">{done}</p>
      ) : (
        <div class="actions">
          <button
            type="button"
            class="primary"
            onClick={trusted(() => {
              void onAccept().then(
                () => setDone(t('suggestAccepted', handle)),
                (error: unknown) =>
                  setDone(t('actionFailed', error instanceof Error ? error.message : String(error))),
              );
            })}
          >
            {t('suggestAccept')}
          </button>
          <button type="button" onClick={trusted(onIgnore)}>
            {t('suggestIgnore')}
          </button>
        </div>
      )}
    </aside>
  );
}
