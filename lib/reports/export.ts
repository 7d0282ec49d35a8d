import type { Flag } from '../flags/flag';
import { bawasluDeadline } from './form-b1';
import type { AnyQueueEntry } from './queue';
import { type Report, reportStances } from './schema';

// Exports for coordinators: CSV for spreadsheets and JSON for tools. CSV follows RFC 4180
// (CRLF, quotes doubled) and is safe to open in Excel/Sheets: a cell that would start a formula
// is prefixed with an apostrophe (OWASP "CSV injection"), because post text is attacker-written.

export interface CsvOptions {
  /** A UTF-8 byte-order mark so Excel reads emoji and accents right. Default true. */
  bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-neutralised (strings only) and quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text: string;
  if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else {
    text = String(value);
    if (FORMULA_START.test(text)) text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: header row, then one row per record, CRLF line endings. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: CsvOptions = {},
): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

function findingColumns(findings: Report['findings']): [string, string, string] {
  return [
    reportStances(findings)
      .map(
        (s) =>
          `${s.stance === 'support' ? 'mendukung' : 'menyerang'} ${s.candidate?.name ?? 'seorang paslon'}`,
      )
      .join('; '),
    [...new Set(findings.map((f) => f.ruleId))].join('; '),
    findings.map((f) => f.match).join(' | '),
  ];
}

export const FLAG_CSV_COLUMNS = [
  'key',
  'status',
  'categories',
  'site',
  'kind',
  'author_handle',
  'author_name',
  'reposted_by',
  'post_id',
  'url',
  'published_at',
  'first_seen_at',
  'last_seen_at',
  'bawaslu_deadline',
  'asn_key',
  'asn_name',
  'asn_agency',
  'asn_position',
  'asn_region',
  'asn_source',
  'stances',
  'rule_ids',
  'matches',
  'report_id',
  'text',
] as const;

/** Flags as CSV, one row per flag. */
export function flagsToCsv(flags: readonly Flag[], options: CsvOptions = {}): string {
  const rows = flags.map((flag) => {
    const { snapshot: post, asn } = flag;
    return [
      flag.key,
      flag.status,
      flag.categories.join('; '),
      post.site,
      post.kind,
      post.author.handle,
      post.author.displayName,
      post.context?.repostedBy?.handle,
      post.postId,
      post.url,
      post.publishedAt,
      flag.firstSeenAt,
      flag.lastSeenAt,
      bawasluDeadline(flag.firstSeenAt).toISOString(),
      asn?.key,
      asn?.name,
      asn?.agency,
      asn?.position,
      asn?.region,
      asn?.source,
      ...findingColumns(flag.findings),
      flag.reportId,
      post.text,
    ];
  });
  return toCsv(FLAG_CSV_COLUMNS, rows, options);
}

export const REPORT_CSV_COLUMNS = [
  'entry_id',
  'report_id',
  'status',
  'attempts',
  'last_http_status',
  'last_error',
  'enqueued_at',
  'sent_at',
  'created_at',
  'category',
  'note',
  'reviewer_name',
  'reviewer_organisation',
  'site',
  'kind',
  'author_handle',
  'author_name',
  'reposted_by',
  'post_id',
  'url',
  'published_at',
  'detected_at',
  'bawaslu_deadline',
  'asn_key',
  'asn_name',
  'asn_agency',
  'asn_position',
  'asn_region',
  'asn_source',
  'stances',
  'rule_ids',
  'matches',
  'has_screenshot',
  'text',
] as const;

/** Queue entries as CSV; quarantined entries appear with their reason so nothing is hidden. */
export function reportsToCsv(entries: readonly AnyQueueEntry[], options: CsvOptions = {}): string {
  const rows = entries.map((entry) => {
    if (entry.status === 'quarantined') {
      return REPORT_CSV_COLUMNS.map((column) =>
        column === 'entry_id'
          ? entry.id
          : column === 'status'
            ? entry.status
            : column === 'last_error'
              ? entry.reason
              : column === 'enqueued_at'
                ? iso(entry.quarantinedAt)
                : undefined,
      );
    }
    const { report } = entry;
    const { post, asn, reviewer, evidence } = report;
    return [
      entry.id,
      report.id,
      entry.status,
      entry.attempts,
      entry.lastStatus,
      entry.lastError,
      iso(entry.enqueuedAt),
      iso(entry.sentAt),
      report.createdAt,
      reviewer.category,
      reviewer.note,
      reviewer.name,
      reviewer.organisation,
      post.site,
      post.kind,
      post.author.handle,
      post.author.displayName,
      post.context?.repostedBy?.handle,
      post.postId,
      post.url ?? evidence.url,
      post.publishedAt,
      evidence.detectedAt,
      bawasluDeadline(evidence.detectedAt).toISOString(),
      asn?.key,
      asn?.name,
      asn?.agency,
      asn?.position,
      asn?.region,
      asn?.source,
      ...findingColumns(report.findings),
      evidence.screenshot ? 'ya' : 'tidak',
      post.text,
    ];
  });
  return toCsv(REPORT_CSV_COLUMNS, rows, options);
}

export interface JsonExportOptions {
  now: () => Date;
  netraVersion?: string;
  /** Screenshots make files large; default true (they are the evidence). */
  includeScreenshots?: boolean;
}

/** Flags as a JSON document `{ format: 'netra-flags', version: 1, exportedAt, flags }`. */
export function flagsToJson(flags: readonly Flag[], options: JsonExportOptions): string {
  return JSON.stringify(
    {
      format: 'netra-flags',
      version: 1,
      exportedAt: options.now().toISOString(),
      ...(options.netraVersion ? { netraVersion: options.netraVersion } : {}),
      flags,
    },
    null,
    2,
  );
}

/** Queue entries (reports with their delivery state) as `{ format: 'netra-reports', version: 1, … }`. */
export function reportsToJson(entries: readonly AnyQueueEntry[], options: JsonExportOptions): string {
  const keepShots = options.includeScreenshots !== false;
  const shaped = entries.map((entry) => {
    if (entry.status === 'quarantined' || keepShots || !entry.report.evidence.screenshot) return entry;
    const { screenshot: _dropped, ...evidence } = entry.report.evidence;
    return {
      ...entry,
      report: {
        ...entry.report,
        evidence: { ...evidence, screenshotMissingReason: 'tidak disertakan dalam ekspor' },
      },
    };
  });
  return JSON.stringify(
    {
      format: 'netra-reports',
      version: 1,
      reportSchemaVersion: 1,
      exportedAt: options.now().toISOString(),
      ...(options.netraVersion ? { netraVersion: options.netraVersion } : {}),
      entries: shaped,
    },
    null,
    2,
  );
}
