import { flagKey } from '../../lib/flags/flag';
import type { Report } from '../../lib/reports/schema';
import type { Database, Queryable } from './db';
import type { TokenRecord } from './tokens';

// Cases: the reports about one post (the same post key as Netra's flags: site + post id, else
// the canonical URL and author) form one case. A reviewer verifies or rejects it (with a reason);
// a SECOND reviewer, not the one who verified, forwards it. Every decision is appended to the
// decisions table, which refuses updates and deletes.

export const CASE_STATUSES = ['received', 'verified', 'rejected', 'forwarded'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type Decision =
  | { decision: 'verified' }
  | { decision: 'rejected'; reason: string }
  /** `to`: the channel it went to (Bawaslu, BKN, Komdigi…): configuration, never hard-coded. */
  | { decision: 'forwarded'; to: string };

export interface CaseSummary {
  id: number;
  postKey: string;
  site: string;
  status: CaseStatus;
  reason: string | null;
  forwardedTo: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  updatedAt: string;
  reports: number;
  reporters: number;
  categories: string[];
}

/** A decision the rules refuse; `status` is the HTTP status to answer with. */
export class ReviewError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409,
  ) {
    super(message);
  }
}

const iso = (value: unknown): string => new Date(value as string).toISOString();

/** Files `report` in its post's case (creating it); inside the intake's transaction. */
export async function fileInCase(tx: Queryable, report: Report): Promise<number> {
  const seen = report.evidence.detectedAt;
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO cases (post_key, site, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $3)
     ON CONFLICT (post_key) DO UPDATE SET
       first_seen_at = LEAST(cases.first_seen_at, EXCLUDED.first_seen_at),
       last_seen_at = GREATEST(cases.last_seen_at, EXCLUDED.last_seen_at)
     RETURNING id`,
    [flagKey(report.post), report.post.site, seen],
  );
  const caseId = rows[0]!.id;
  await tx.query('UPDATE reports SET case_id = $1 WHERE id = $2', [caseId, report.id]);
  return caseId;
}

/** Gives each report without a case (filed before cases existed) its case. */
export async function assignCases(db: Database): Promise<number> {
  const orphans = await db.query<{ id: string; body: Report }>(
    'SELECT id, body FROM reports WHERE case_id IS NULL',
  );
  for (const orphan of orphans) await db.transaction((tx) => fileInCase(tx, orphan.body));
  return orphans.length;
}

const SUMMARY_SQL = `
  SELECT c.id, c.post_key, c.site, c.status, c.reason, c.forwarded_to, c.first_seen_at, c.last_seen_at,
         c.updated_at, count(r.id)::integer AS reports, count(DISTINCT r.token_id)::integer AS reporters,
         array_remove(array_agg(DISTINCT r.category), NULL) AS categories
  FROM cases c LEFT JOIN reports r ON r.case_id = c.id`;

function toSummary(row: Record<string, unknown>): CaseSummary {
  return {
    id: row.id as number,
    postKey: row.post_key as string,
    site: row.site as string,
    status: row.status as CaseStatus,
    reason: (row.reason as string | null) ?? null,
    forwardedTo: (row.forwarded_to as string | null) ?? null,
    firstSeenAt: iso(row.first_seen_at),
    lastSeenAt: iso(row.last_seen_at),
    updatedAt: iso(row.updated_at),
    reports: row.reports as number,
    reporters: row.reporters as number,
    categories: [...((row.categories as string[] | null) ?? [])].sort(),
  };
}

/** Cases, latest sighting first; optionally only those of one status. */
export async function listCases(
  db: Queryable,
  filter: { status?: CaseStatus; site?: string; category?: string; limit?: number } = {},
): Promise<CaseSummary[]> {
  const rows = await db.query(
    `${SUMMARY_SQL}
     WHERE ($1::text IS NULL OR c.status = $1) AND ($3::text IS NULL OR c.site = $3)
       AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM reports r2 WHERE r2.case_id = c.id AND r2.category = $4))
     GROUP BY c.id ORDER BY c.last_seen_at DESC, c.id DESC LIMIT $2`,
    [filter.status ?? null, filter.limit ?? 200, filter.site ?? null, filter.category ?? null],
  );
  return rows.map(toSummary);
}

export interface CaseDetail extends CaseSummary {
  reportList: { id: string; receivedAt: string; reporter: string; category: string; report: Report }[];
  decisions: {
    at: string;
    reviewer: string;
    decision: string;
    reason: string | null;
    forwardedTo: string | null;
  }[];
}

/** One case with its reports and its decisions, or undefined. */
export async function getCase(db: Queryable, id: number): Promise<CaseDetail | undefined> {
  const rows = await db.query(`${SUMMARY_SQL} WHERE c.id = $1 GROUP BY c.id`, [id]);
  if (!rows[0]) return undefined;
  const reports = await db.query(
    `SELECT r.id, r.received_at, t.name, r.category, r.body FROM reports r JOIN tokens t ON t.id = r.token_id
     WHERE r.case_id = $1 ORDER BY r.received_at, r.id`,
    [id],
  );
  const decisions = await db.query(
    `SELECT d.at, t.name, d.decision, d.reason, d.forwarded_to FROM decisions d JOIN tokens t ON t.id = d.reviewer_id
     WHERE d.case_id = $1 ORDER BY d.id`,
    [id],
  );
  return {
    ...toSummary(rows[0]),
    reportList: reports.map((r) => ({
      id: r.id as string,
      receivedAt: iso(r.received_at),
      reporter: r.name as string,
      category: r.category as string,
      report: r.body as Report,
    })),
    decisions: decisions.map((d) => ({
      at: iso(d.at),
      reviewer: d.name as string,
      decision: d.decision as string,
      reason: (d.reason as string | null) ?? null,
      forwardedTo: (d.forwarded_to as string | null) ?? null,
    })),
  };
}

const FROM: Record<Decision['decision'], readonly CaseStatus[]> = {
  verified: ['received', 'rejected'],
  rejected: ['received', 'verified'],
  forwarded: ['verified'],
};

/** The statuses as the Indonesian UI names them. */
export const STATUS_ID: Record<CaseStatus, string> = {
  received: 'diterima',
  verified: 'diverifikasi',
  rejected: 'ditolak',
  forwarded: 'diteruskan',
};

/** Records a reviewer's decision on a case, enforcing the transitions and the second reviewer. */
export async function decide(
  db: Database,
  caseId: number,
  reviewer: TokenRecord,
  input: Decision,
): Promise<CaseSummary> {
  if (reviewer.role !== 'reviewer' || reviewer.revokedAt)
    throw new ReviewError('Hanya peninjau yang bisa memutuskan kasus.', 403);
  const reason = input.decision === 'rejected' ? input.reason.trim() : null;
  const to = input.decision === 'forwarded' ? input.to.trim() : null;
  if (input.decision === 'rejected' && (!reason || reason.length > 2000)) {
    throw new ReviewError('Penolakan perlu alasan (1–2000 karakter).', 400);
  }
  if (input.decision === 'forwarded' && (!to || to.length > 200)) {
    throw new ReviewError('Sebutkan ke mana kasus diteruskan (1–200 karakter).', 400);
  }
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ status: CaseStatus }>('SELECT status FROM cases WHERE id = $1 FOR UPDATE', [
      caseId,
    ]);
    const current = rows[0];
    if (!current) throw new ReviewError(`Kasus ${caseId} tidak ada.`, 404);
    if (!FROM[input.decision].includes(current.status)) {
      throw new ReviewError(
        `Kasus berstatus ${STATUS_ID[current.status]} tidak bisa di-${STATUS_ID[input.decision]}.`,
        409,
      );
    }
    if (input.decision === 'forwarded') {
      const verifier = await tx.query<{ reviewer_id: number }>(
        `SELECT reviewer_id FROM decisions WHERE case_id = $1 AND decision = 'verified' ORDER BY id DESC LIMIT 1`,
        [caseId],
      );
      if (verifier[0]?.reviewer_id === reviewer.id) {
        throw new ReviewError(
          'Perlu peninjau kedua: yang meneruskan kasus harus orang lain dari yang memverifikasinya.',
          409,
        );
      }
    }
    await tx.query(
      'INSERT INTO decisions (case_id, reviewer_id, decision, reason, forwarded_to) VALUES ($1, $2, $3, $4, $5)',
      [caseId, reviewer.id, input.decision, reason, to],
    );
    await tx.query(
      `UPDATE cases SET status = $2, reason = $3, forwarded_to = COALESCE($4, CASE WHEN $2 = 'rejected' THEN NULL ELSE forwarded_to END),
         updated_at = now() WHERE id = $1`,
      [caseId, input.decision, reason, to],
    );
  });
  return (await listCaseById(db, caseId))!;
}

async function listCaseById(db: Queryable, id: number): Promise<CaseSummary | undefined> {
  const rows = await db.query(`${SUMMARY_SQL} WHERE c.id = $1 GROUP BY c.id`, [id]);
  return rows[0] ? toSummary(rows[0]) : undefined;
}

export interface ReportStatus {
  id: string;
  status: CaseStatus | 'unknown';
  reason?: string;
  forwardedTo?: string;
  updatedAt?: string;
}

/** The status of a monitor's own reports; another monitor's report or an unknown id is `unknown`. */
export async function reportStatuses(db: Queryable, tokenId: number, ids: string[]): Promise<ReportStatus[]> {
  const rows = await db.query(
    `SELECT r.id::text AS id, c.status, c.reason, c.forwarded_to, c.updated_at
     FROM reports r JOIN cases c ON c.id = r.case_id WHERE r.token_id = $1 AND r.id::text = ANY($2::text[])`,
    [tokenId, ids.map((id) => id.toLowerCase())],
  );
  const byId = new Map(rows.map((row) => [row.id as string, row]));
  return ids.map((id) => {
    const row = byId.get(id.toLowerCase());
    if (!row) return { id, status: 'unknown' };
    const status = row.status as CaseStatus;
    return {
      id,
      status,
      ...(status === 'rejected' && row.reason ? { reason: row.reason as string } : {}),
      ...(status === 'forwarded' && row.forwarded_to ? { forwardedTo: row.forwarded_to as string } : {}),
      updatedAt: iso(row.updated_at),
    };
  });
}
