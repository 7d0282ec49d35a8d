import { useState } from 'preact/hooks';
import { type MessageKey, t } from '@/lib/i18n';
import type { AnyQueueEntry, QueueEntry } from '@/lib/reports/queue';
import type { Category } from '@/lib/rules/categories';
import { categoryLabel } from './labels';
import { ReportFields } from './ReportFields';

const STATUS_KEYS: Record<AnyQueueEntry['status'], MessageKey> = {
  waiting: 'queueWaiting',
  sending: 'queueSending',
  sent: 'queueSent',
  failed: 'queueFailed',
  quarantined: 'queueQuarantined',
};

export interface QueueListProps {
  entries: AnyQueueEntry[];
  endpointConfigured: boolean;
  onRetry: (id: string | null) => Promise<void>;
  onEdit: (id: string, category: Category, note: string) => Promise<void>;
  onFormB1: (id: string) => void;
}

function EditForm({ entry, onEdit }: { entry: QueueEntry; onEdit: QueueListProps['onEdit'] }) {
  const [category, setCategory] = useState<Category>(entry.report.reviewer.category);
  const [note, setNote] = useState(entry.report.reviewer.note ?? '');
  return (
    <form
      class="confirm"
      data-testid="queue-edit"
      onSubmit={(event) => {
        event.preventDefault();
        void onEdit(entry.id, category, note);
      }}
    >
      <ReportFields category={category} note={note} onCategory={setCategory} onNote={setNote} noteRows={2} />
      <button type="submit" class="primary">
        {t('reportSend')}
      </button>
    </form>
  );
}

/** The report queue: each report's delivery state, the server's message, retry and edit-and-resend. */
export function QueueList({ entries, endpointConfigured, onRetry, onEdit, onFormB1 }: QueueListProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const waiting = entries.some((e) => e.status === 'waiting');
  return (
    <div data-testid="queue">
      {!endpointConfigured && entries.some((e) => e.status === 'waiting') && (
        <p class="warn" role="status">
          {t('queueNoEndpoint')}
        </p>
      )}
      {entries.length === 0 && <p class="muted">{t('queueEmpty')}</p>}
      <ul class="queue">
        {entries.map((entry) => (
          <li key={entry.id} data-testid="queue-entry" data-status={entry.status}>
            <span class={`pill pill--${entry.status}`}>{t(STATUS_KEYS[entry.status])}</span>{' '}
            {entry.status === 'quarantined' ? (
              <span class="muted small">{entry.reason}</span>
            ) : (
              <>
                <strong>@{entry.report.post.author.handle}</strong>{' '}
                <span class="muted">· {categoryLabel(entry.report.reviewer.category)}</span>{' '}
                <span class="muted small">· {t('queueAttempts', entry.attempts)}</span>
                {entry.status === 'waiting' && entry.nextAttemptAt && (
                  <span class="muted small">
                    {' '}
                    · {t('queueNextAttempt', new Date(entry.nextAttemptAt).toLocaleTimeString())}
                  </span>
                )}
                {entry.lastError && entry.status !== 'sent' && (
                  <p
                    class={entry.status === 'failed' ? 'field-error small' : 'muted small'}
                    data-testid="queue-error"
                  >
                    {t('queueServerSaid', entry.lastError)}
                  </p>
                )}
                <div class="actions">
                  {(entry.status === 'waiting' || entry.status === 'failed') && endpointConfigured && (
                    <button type="button" onClick={() => void onRetry(entry.id)}>
                      {t('queueRetryNow')}
                    </button>
                  )}
                  {entry.status === 'failed' && (
                    <button type="button" onClick={() => setEditing(editing === entry.id ? null : entry.id)}>
                      {t('queueEdit')}
                    </button>
                  )}
                  <button type="button" class="link" onClick={() => onFormB1(entry.id)}>
                    {t('queueFormB1')}
                  </button>
                </div>
                {editing === entry.id && entry.status === 'failed' && (
                  <EditForm
                    entry={entry}
                    onEdit={async (id, category, note) => {
                      await onEdit(id, category, note);
                      setEditing(null);
                    }}
                  />
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      {waiting && endpointConfigured && (
        <button type="button" onClick={() => void onRetry(null)}>
          {t('queueRetryAll')}
        </button>
      )}
    </div>
  );
}
