import { t } from '@/lib/i18n';
import type { FieldIssue } from '@/lib/messaging/options-protocol';

// Field checks the options page runs before anything is sent, with messages in the UI language.
// The background checks again (SettingsSchema, the endpoint client's rules); its messages are
// shown for anything these miss.

/** Field id → message. Field ids are the settings paths: `endpoint.url`, `reporter.name`. */
export type FieldErrors = Record<string, string>;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a report endpoint or watchlist URL cannot be used, or undefined. */
export function urlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return t('optionsErrUrlInvalid');
  }
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)))) {
    return t('optionsErrUrlHttps');
  }
  if (url.username || url.password) return t('optionsErrUrlCredentials');
  return undefined;
}

/** Why a bearer token cannot be sent in a header, or undefined. */
export function tokenProblem(token: string): string | undefined {
  const trimmed = token.trim();
  if (trimmed === '') return undefined;
  if (trimmed.length > 4096) return t('optionsErrTooLong', 4096);
  return /^[\x21-\x7e]+$/.test(trimmed) ? undefined : t('optionsErrToken');
}

/** The endpoint fields' problems; an empty URL means "no endpoint" and is fine. */
export function endpointErrors(url: string, token: string): FieldErrors {
  const errors: FieldErrors = {};
  if (url.trim() === '') {
    if (token.trim() !== '') errors['endpoint.url'] = t('optionsErrTokenWithoutUrl');
    return errors;
  }
  const u = urlProblem(url);
  if (u) errors['endpoint.url'] = u;
  const k = tokenProblem(token);
  if (k) errors['endpoint.token'] = k;
  return errors;
}

/**
 * The host permission pattern for a URL's host. Without a port: Firefox refuses ports in match
 * patterns, and Chromium's port-less pattern covers every port of the host.
 */
export function hostPattern(raw: string): string | undefined {
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return `${url.protocol}//${url.hostname}/*`;
  } catch {
    return undefined;
  }
}

/** The background's issues by field id (the first message of each field wins). */
export function errorsFromIssues(issues: readonly FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    // `endpoint` as a whole (e.g. null vs object) is shown at its URL field.
    const field = issue.path === 'endpoint' ? 'endpoint.url' : issue.path;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Whether an object has no keys: `hasErrors` reads better at call sites. */
export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
