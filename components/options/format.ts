import { getLocale } from '@/lib/i18n';

const tag = () => (getLocale() === 'en' ? 'en-GB' : 'id-ID');

/** A count with the UI language's digit grouping: 1.000.000 in Indonesian. */
export function formatCount(n: number): string {
  return n.toLocaleString(tag());
}

/** An ISO time as the UI language writes a date and time; the raw text if it is not a date. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(tag(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** A byte count as KB/MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString(tag(), { maximumFractionDigits: 1 })} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString(tag(), { maximumFractionDigits: 1 })} MB`;
}
