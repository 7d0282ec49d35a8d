import type { ComponentChildren } from 'preact';

/** The ids an input's `aria-describedby` names: its hint and its error, when shown. */
export function describedBy(id: string, hint?: unknown, error?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** A field's error, next to it; the input points at it with aria-describedby. */
export function FieldError({ id, error }: { id: string; error?: string | undefined }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} class="field-error" data-testid={`${id}-error`}>
      {error}
    </p>
  );
}

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  hint?: ComponentChildren;
  type?: 'text' | 'url' | 'password' | 'search' | 'email';
  maxLength?: number;
  placeholder?: string;
  autoComplete?: string;
  /** A textarea with this many rows instead of an input. */
  rows?: number;
  required?: boolean;
}

/** A labelled text input (or textarea) with its hint and error. */
export function TextField({
  id,
  label,
  value,
  onInput,
  error,
  hint,
  type = 'text',
  maxLength,
  placeholder,
  autoComplete,
  rows,
  required,
}: TextFieldProps) {
  const common = {
    id,
    name: id,
    value,
    maxLength,
    placeholder,
    required,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, hint, error),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {rows ? (
        <textarea
          {...common}
          rows={rows}
          onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
        />
      ) : (
        <input
          {...common}
          // Preact types inputs per `type`; this component only renders text-like ones.
          type={type as 'text'}
          autoComplete={autoComplete}
          spellcheck={type === 'text' ? undefined : false}
          onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        />
      )}
      {hint && (
        <p id={`${id}-hint`} class="muted hint">
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

/** A status line after an action: ok, error, or working. */
export function StatusLine({
  id,
  status,
}: {
  id?: string;
  status: { kind: 'ok' | 'error' | 'busy'; text: string } | null;
}) {
  if (!status) return null;
  return (
    <p id={id} class={`status-line ${status.kind}`} role="status" data-testid={id}>
      {status.text}
    </p>
  );
}

export type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;
