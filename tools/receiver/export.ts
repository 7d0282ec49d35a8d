import type { Report } from '../../lib/reports/schema';
import type { Queryable } from './db';

// `export --format jsonl|csv`: every report, oldest first, one per line: JSONL as received (the
// validated v2 report with its receipt), or CSV for a spreadsheet (without the screenshot).

export const CSV_COLUMNS = [
  'id',
  'received_at',
  'case_id',
  'case_status',
  'reporter',
  'site',
  'post_id',
  'url',
  'author',
  'asn_name',
  'asn_agency',
  'asn_region',
  'category',
  'stances',
  'rules',
  'text',
  'note',
  'detected_at',
  'body_sha256',
] as const;

/** One CSV field: quoted when needed, and a leading = + - @ neutralised (spreadsheet formulas). */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Writes every report to `out`, one line each (CSV: a header line first). */
export async function exportReports(
  db: Queryable,
  format: 'jsonl' | 'csv',
  out: (line: string) => void,
): Promise<void> {
  const rows = await db.query<{
    id: string;
    received_at: string;
    case_id: number | null;
    status: string | null;
    name: string;
    body_sha256: string;
    body: Report;
  }>(
    `SELECT r.id, r.received_at, r.case_id, c.status, t.name, r.body_sha256, r.body
     FROM reports r JOIN tokens t ON t.id = r.token_id LEFT JOIN cases c ON c.id = r.case_id
     ORDER BY r.received_at, r.id`,
  );
  if (format === 'csv') out(CSV_COLUMNS.join(','));
  for (const row of rows) {
    const receivedAt = new Date(row.received_at).toISOString();
    const r = row.body;
    if (format === 'jsonl') {
      out(
        JSON.stringify({
          receipt: {
            receivedAt,
            caseId: row.case_id,
            caseStatus: row.status,
            reporter: row.name,
            bodySha256: row.body_sha256,
          },
          report: r,
        }),
      );
      continue;
    }
    const fields: Record<(typeof CSV_COLUMNS)[number], string> = {
      id: row.id,
      received_at: receivedAt,
      case_id: String(row.case_id ?? ''),
      case_status: row.status ?? '',
      reporter: row.name,
      site: r.post.site,
      post_id: r.post.postId ?? '',
      url: r.post.url ?? r.evidence.url,
      author: r.post.author.handle,
      asn_name: r.asn?.name ?? '',
      asn_agency: r.asn?.agency ?? '',
      asn_region: r.asn?.region ?? '',
      category: r.reviewer.category,
      stances: r.stances.map((s) => `${s.candidate?.name ?? '?'}:${s.stance}`).join('; '),
      rules: r.findings.map((f) => f.ruleId).join('; '),
      text: r.post.text,
      note: r.reviewer.note ?? '',
      detected_at: r.evidence.detectedAt,
      body_sha256: row.body_sha256,
    };
    out(CSV_COLUMNS.map((column) => csvField(fields[column])).join(','));
  }
}
