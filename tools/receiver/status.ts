import {
  type CaseStatus,
  type Decision,
  decide,
  getCase,
  listCases,
  ReviewError,
  CASE_STATUSES,
  reportStatuses,
} from './cases';
import type { Database } from './db';
import { authenticate, CORS_HEADERS } from './intake';
import type { RateLimiter } from './rate-limit';
import { type Route, send } from './server';

// GET /reports/status: the monitor asks for the status of its own reports (PROTOCOL.md, "Status
// of reports"). And the reviewers' JSON API under /review/api (a reviewer's bearer token).

/** Most ids one status request may ask about. */
export const MAX_STATUS_IDS = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function statusRoute(db: Database, limiter: RateLimiter): Route {
  return async (req, res, url) => {
    if (url.pathname !== '/reports/status' || req.method === 'OPTIONS') return false;
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      send(res, { status, body, headers }, CORS_HEADERS);
    if (req.method !== 'GET') {
      reply(405, { error: 'Pakai GET /reports/status?id=…' }, { Allow: 'GET, OPTIONS' });
      return true;
    }
    const auth = await authenticate(db, req);
    if ('reply' in auth) {
      send(res, auth.reply, CORS_HEADERS);
      return true;
    }
    if (auth.token.role !== 'monitor') {
      reply(403, { error: 'Token ini untuk peninjau; status laporan hanya untuk pengirimnya.' });
      return true;
    }
    const wait = limiter.take(`status:${auth.token.id}`);
    if (wait !== undefined) {
      reply(
        429,
        { error: `Terlalu sering; coba lagi dalam ${wait} detik.` },
        { 'Retry-After': String(wait) },
      );
      return true;
    }
    const ids: string[] = [];
    url.searchParams.forEach((value, name) => {
      if (name === 'id') ids.push(...value.split(',').filter(Boolean));
    });
    if (ids.length === 0 || ids.length > MAX_STATUS_IDS || !ids.every((id) => UUID.test(id))) {
      reply(400, { error: `Sebutkan 1–${MAX_STATUS_IDS} id laporan (UUID): ?id=…&id=…` });
      return true;
    }
    reply(200, { reports: await reportStatuses(db, auth.token.id, ids) });
    return true;
  };
}

async function readJson(req: import('node:http').IncomingMessage, max = 64 * 1024): Promise<unknown> {
  let raw = '';
  for await (const chunk of req) {
    raw += String(chunk);
    if (raw.length > max) throw new ReviewError('Badan permintaan terlalu besar.', 400);
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new ReviewError('Badan permintaan bukan JSON yang valid.', 400);
  }
}

/** Parses a decision from a JSON body or a form. */
export function parseDecision(body: unknown): Decision {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  if (b.decision === 'verified') return { decision: 'verified' };
  if (b.decision === 'rejected') return { decision: 'rejected', reason: text(b.reason) };
  if (b.decision === 'forwarded') return { decision: 'forwarded', to: text(b.to) };
  throw new ReviewError('decision harus verified, rejected atau forwarded.', 400);
}

/** The reviewers' JSON API: GET /review/api/cases[?status=], GET …/cases/N, POST …/cases/N/decisions. */
export function reviewApiRoute(db: Database): Route {
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/review/api/')) return false;
    const reply = (status: number, body: unknown) => send(res, { status, body });
    const auth = await authenticate(db, req);
    if ('reply' in auth) {
      send(res, auth.reply);
      return true;
    }
    if (auth.token.role !== 'reviewer') {
      reply(403, { error: 'Hanya token peninjau.' });
      return true;
    }
    try {
      const path = url.pathname.slice('/review/api'.length);
      const one = /^\/cases\/(\d+)$/.exec(path);
      const decision = /^\/cases\/(\d+)\/decisions$/.exec(path);
      if (req.method === 'GET' && path === '/cases') {
        const status = url.searchParams.get('status') ?? undefined;
        if (status && !CASE_STATUSES.includes(status as CaseStatus))
          throw new ReviewError(`status tidak dikenal: ${status}`, 400);
        reply(200, { cases: await listCases(db, { status: status as CaseStatus | undefined }) });
      } else if (req.method === 'GET' && one) {
        const detail = await getCase(db, Number(one[1]));
        if (!detail) throw new ReviewError('Kasus tidak ada.', 404);
        reply(200, detail);
      } else if (req.method === 'POST' && decision) {
        const input = parseDecision(await readJson(req));
        reply(200, await decide(db, Number(decision[1]), auth.token, input));
      } else reply(404, { error: 'Tidak ada di sini.' });
    } catch (error) {
      if (!(error instanceof ReviewError)) throw error;
      reply(error.status, { error: error.message });
    }
    return true;
  };
}
