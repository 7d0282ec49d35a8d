import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  describeIssues,
  migrateReportV1,
  type Report,
  ReportV1Schema,
  ReportV2Schema,
} from '../../lib/reports/schema';
import type { Database } from './db';
import type { Logger } from './log';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import { type Reply, type Route, send } from './server';
import { findToken, type TokenRecord } from './tokens';

// POST /reports, exactly as lib/reports/PROTOCOL.md says, validated with the extension's own zod
// schema (lib/reports/schema.ts): the receiver and Netra cannot disagree about what a report is.

/** PROTOCOL.md: a body can be about 4 MB; accept at least 8 MB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

// Without the endpoint's host permission Netra's request is a CORS one: the preflight must allow
// its headers, every reply needs Allow-Origin, and Retry-After must be exposed to be seen.
export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers':
    'Authorization, Content-Type, Idempotency-Key, X-Netra-Schema-Version, X-Netra-Test',
  'Access-Control-Expose-Headers': 'Retry-After',
  'Access-Control-Max-Age': '600',
};

/** What a receiver accepts: the current version, and version 1 from builds that queued it (migrated). */
const IncomingReportSchema = z.discriminatedUnion('schemaVersion', [ReportV1Schema, ReportV2Schema]);

/** Validates a parsed body; a v1 report comes back as v2. */
export function parseReport(body: unknown): { report: Report } | { error: string } {
  const result = IncomingReportSchema.safeParse(body);
  if (!result.success) return { error: `Laporan tidak sesuai skema v2: ${describeIssues(result.error)}` };
  const report = result.data.schemaVersion === 1 ? migrateReportV1(result.data) : result.data;
  return { report };
}

export interface IntakeOptions {
  db: Database;
  maxBodyBytes?: number;
  rateLimiter?: RateLimiter;
  log?: Logger;
  /** Called inside the transaction that files a report (the cases step hangs on it). */
  onFiled?: (tx: Parameters<Parameters<Database['transaction']>[0]>[0], report: Report) => Promise<void>;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The bearer token of a request, or undefined. */
export function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  return match?.[1];
}

/** Checks the bearer token: the record, or the 401 to send. */
export async function authenticate(
  db: Database,
  req: IncomingMessage,
): Promise<{ token: TokenRecord } | { reply: Reply }> {
  const secret = bearer(req);
  if (!secret) {
    return {
      reply: {
        status: 401,
        body: { error: 'Token diperlukan: isi token dari koordinator di pengaturan Netra.' },
        headers: { 'WWW-Authenticate': 'Bearer' },
      },
    };
  }
  const token = await findToken(db, secret);
  if (!token) {
    return {
      reply: {
        status: 401,
        body: { error: 'Token tidak dikenal atau sudah dicabut. Minta token baru ke koordinator.' },
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      },
    };
  }
  return { token };
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > max) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The routes of the intake: CORS preflight for /reports…, POST /reports. */
export function intakeRoute(options: IntakeOptions): Route {
  const { db } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limiter = options.rateLimiter ?? createRateLimiter();
  const reply = (res: ServerResponse, r: Reply) => send(res, r, CORS_HEADERS);

  return async (req, res, url) => {
    if (url.pathname !== '/reports' && !url.pathname.startsWith('/reports/')) return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return true;
    }
    if (url.pathname !== '/reports') return false;
    if (req.method !== 'POST') {
      reply(res, {
        status: 405,
        body: { error: 'Kirim laporan dengan POST.' },
        headers: { Allow: 'POST, OPTIONS' },
      });
      return true;
    }
    // The body is read before any other answer: replying while the client is still uploading
    // can reset the connection, and Netra would see a network error instead of the reason.
    const raw = await readBody(req, maxBodyBytes);
    if (raw === 'too-large') {
      reply(res, {
        status: 413,
        body: { error: `Laporan terlalu besar untuk server ini (batas ${maxBodyBytes} byte).` },
        headers: { Connection: 'close' },
      });
      return true;
    }
    const auth = await authenticate(db, req);
    if ('reply' in auth) {
      reply(res, auth.reply);
      return true;
    }
    if (auth.token.role !== 'monitor') {
      reply(res, { status: 403, body: { error: 'Token ini untuk peninjau, bukan untuk mengirim laporan.' } });
      return true;
    }
    const wait = limiter.take(`token:${auth.token.id}`);
    if (wait !== undefined) {
      reply(res, {
        status: 429,
        body: { error: `Terlalu banyak laporan sekaligus; Netra mencoba lagi dalam ${wait} detik.` },
        headers: { 'Retry-After': String(wait) },
      });
      return true;
    }
    if (!(header(req, 'content-type') ?? '').toLowerCase().startsWith('application/json')) {
      reply(res, { status: 415, body: { error: 'Content-Type harus application/json.' } });
      return true;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      reply(res, { status: 400, body: { error: 'Badan permintaan bukan JSON yang valid.' } });
      return true;
    }
    const parsed = parseReport(body);
    if ('error' in parsed) {
      reply(res, { status: 400, body: { error: parsed.error.slice(0, 1000) } });
      return true;
    }
    const { report } = parsed;
    const key = header(req, 'idempotency-key');
    if (!key) {
      reply(res, {
        status: 400,
        body: { error: 'Header Idempotency-Key wajib diisi (sama dengan id laporan).' },
      });
      return true;
    }
    if (key !== report.id) {
      reply(res, { status: 400, body: { error: 'Idempotency-Key harus sama dengan id laporan.' } });
      return true;
    }
    if (report.test === true || header(req, 'x-netra-test') === '1') {
      reply(res, {
        status: 200,
        body: {
          ok: true,
          test: true,
          message: `Koneksi baik: token ${auth.token.name} diterima. Laporan uji tidak disimpan.`,
        },
      });
      return true;
    }
    const sha256 = createHash('sha256').update(raw).digest('hex');
    // Committed before the 2xx: an acknowledged report is on disk. The primary key is the dedupe,
    // so two copies racing on two connections still file one.
    const filed = await db.transaction(async (tx) => {
      const rows = await tx.query(
        `INSERT INTO reports (id, token_id, schema_version, site, category, body_sha256, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          report.id,
          auth.token.id,
          report.schemaVersion,
          report.post.site,
          report.reviewer.category,
          sha256,
          JSON.stringify(report),
        ],
      );
      if (rows.length === 0) return false;
      await options.onFiled?.(tx, report);
      return true;
    });
    if (!filed) {
      reply(res, { status: 409, body: { id: report.id, message: 'Laporan ini sudah diterima.' } });
      return true;
    }
    options.log?.('info', 'report filed', { id: report.id, token: auth.token.id, site: report.post.site });
    reply(res, { status: 201, body: { id: report.id, status: 'received', message: 'Laporan diterima.' } });
    return true;
  };
}
