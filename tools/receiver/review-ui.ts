import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CATEGORIES } from '../../lib/rules/categories';
import type { Report } from '../../lib/reports/schema';
import { SITE_IDS } from '../../lib/sites/types';
import {
  CASE_STATUSES,
  type CaseDetail,
  type CaseStatus,
  type CaseSummary,
  decide,
  getCase,
  listCases,
  ReviewError,
  STATUS_ID,
} from './cases';
import type { Database } from './db';
import { html, raw, type SafeHtml } from './html';
import { type Route, send } from './server';
import { findToken, type TokenRecord } from './tokens';
import { parseDecision } from './status';

// The review UI: server-rendered HTML, Indonesian, no script at all. Report text, names and URLs
// are hostile input: every value goes through `html` (escaped), the CSP forbids scripts, frames
// and remote loads, and the only image source is data: (the screenshots, validated base64 of
// image/png or image/jpeg). Login with a reviewer token; the session cookie is HttpOnly,
// SameSite=Strict, and every form carries the session's CSRF token.

const COOKIE = 'netra_review';
const SESSION_HOURS = 12;
const CSP =
  "default-src 'none'; style-src 'self'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': CSP,
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const MESSAGES = JSON.parse(
  readFileSync(new URL('../../public/_locales/id/messages.json', import.meta.url), 'utf8'),
) as Record<string, { message: string }>;
const CATEGORY_KEYS: Record<string, string> = {
  candidate_support: 'categoryCandidateSupport',
  candidate_attack: 'categoryCandidateAttack',
  hate_speech: 'categoryHateSpeech',
  abusive: 'categoryAbusive',
  money_politics: 'categoryMoneyPolitics',
  intimidation: 'categoryIntimidation',
};
const categoryLabel = (id: string) => MESSAGES[CATEGORY_KEYS[id] ?? '']?.message ?? id;

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f6f4}
header{background:#7a1f1f;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center}
header a{color:#fff}header form{margin-left:auto}main{padding:1rem;max-width:70rem}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
.status{font-weight:600}.received{color:#555}.verified{color:#0a5}.rejected{color:#a00}.forwarded{color:#05a}
.report{background:#fff;border:1px solid #ddd;padding:.8rem;margin:.8rem 0}.text{white-space:pre-wrap;overflow-wrap:anywhere;background:#fafafa;border-left:3px solid #7a1f1f;padding:.5rem}
.error{background:#fee;border:1px solid #c00;padding:.5rem}.decide{display:flex;gap:1rem;flex-wrap:wrap}.decide form{background:#fff;border:1px solid #ddd;padding:.6rem}
img{max-width:100%;border:1px solid #ccc}label{display:block}`;

interface Session {
  reviewer: TokenRecord;
  csrf: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function cookieValue(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 64 * 1024) throw new ReviewError('Isian terlalu panjang.', 400);
  }
  return new URLSearchParams(body);
}

function page(title: string, body: SafeHtml, session?: Session): string {
  return html`<!doctype html>
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Netra</title>
        <link rel="stylesheet" href="/review/style.css" />
      </head>
      <body>
        <header>
          <strong>Netra · Tinjauan kasus</strong>
          ${
            session
              ? html`<a href="/review">Daftar kasus</a>
                  <form method="post" action="/review/logout">
                    <input type="hidden" name="csrf" value="${session.csrf}" />
                    ${session.reviewer.name} <button>Keluar</button>
                  </form>`
              : ''
          }
        </header>
        <main>${body}</main>
      </body>
    </html>`.value;
}

function statusBadge(status: CaseStatus): SafeHtml {
  return html`<span class="status ${status}">${STATUS_ID[status]}</span>`;
}

function options(values: readonly string[], selected: string | null, label: (v: string) => string): SafeHtml {
  return html`<option value="">semua</option>
    ${values.map(
      (v) => html`<option value="${v}" ${v === selected ? raw('selected') : ''}>${label(v)}</option>`,
    )}`;
}

function listPage(cases: CaseSummary[], filter: URLSearchParams): SafeHtml {
  return html`<h1>Kasus</h1>
    <form method="get" action="/review">
      Status
      <select name="status">
        ${options(CASE_STATUSES, filter.get('status'), (s) => STATUS_ID[s as CaseStatus])}
      </select>
      Situs
      <select name="site">
        ${options(SITE_IDS, filter.get('site'), (s) => s)}
      </select>
      Kategori
      <select name="category">
        ${options(CATEGORIES, filter.get('category'), categoryLabel)}
      </select>
      <button>Saring</button>
    </form>
    <table>
      <tr>
        <th>#</th>
        <th>Status</th>
        <th>Pos</th>
        <th>Laporan</th>
        <th>Pelapor</th>
        <th>Kategori</th>
        <th>Terakhir terlihat</th>
      </tr>
      ${cases.map(
        (c) =>
          html`<tr>
            <td><a href="/review/cases/${c.id}">${c.id}</a></td>
            <td>${statusBadge(c.status)}</td>
            <td>${c.postKey}</td>
            <td>${c.reports}</td>
            <td>${c.reporters}</td>
            <td>${c.categories.map(categoryLabel).join(', ')}</td>
            <td>${c.lastSeenAt}</td>
          </tr>`,
      )}
    </table>
    ${cases.length === 0 ? html`<p>Belum ada kasus.</p>` : ''}`;
}

function reportBlock(entry: CaseDetail['reportList'][number]): SafeHtml {
  const r: Report = entry.report;
  const shot = r.evidence.screenshot;
  return html`<section class="report">
    <h3>Laporan ${entry.id}</h3>
    <p>
      Dari <strong>${entry.reporter}</strong>, diterima ${entry.receivedAt}; kategori pelapor:
      <strong>${categoryLabel(r.reviewer.category)}</strong
      >${r.reviewer.note ? html` — “${r.reviewer.note}”` : ''}
    </p>
    <p>
      ${r.post.site} · ${r.post.kind} ·
      @${r.post.author.handle}${r.post.author.displayName ? html` (${r.post.author.displayName})` : ''}
      ${r.post.publishedAt ? html` · terbit ${r.post.publishedAt}` : ''}
    </p>
    <div class="text">${r.post.text}</div>
    ${
      r.asn
        ? html`<p>
            ASN:
            ${r.asn.name ?? r.asn.key}${r.asn.position ? html`, ${r.asn.position}` : ''}${r.asn.agency ? html`, ${r.asn.agency}` : ''}${r.asn.region ? html`, ${r.asn.region}` : ''}
            (sumber: ${r.asn.source}${r.asn.listName ? html`, ${r.asn.listName}` : ''})
          </p>`
        : html`<p>ASN: tidak tercatat (mode survei)</p>`
    }
    ${
      r.stances.length > 0
        ? html`<p>
            Sikap:
            ${r.stances.map((s) => `${s.candidate?.name ?? 'paslon'}: ${s.stance === 'support' ? 'mendukung' : 'menyerang'}`).join('; ')}
          </p>`
        : ''
    }
    <table>
      <tr>
        <th>Aturan</th>
        <th>Kategori</th>
        <th>Tingkat</th>
        <th>Cocok</th>
        <th>Penjelasan</th>
      </tr>
      ${r.findings.map(
        (f) =>
          html`<tr>
            <td>${f.ruleId}</td>
            <td>${categoryLabel(f.category)}</td>
            <td>${f.severity}</td>
            <td>${f.match}</td>
            <td>${f.explanation}</td>
          </tr>`,
      )}
    </table>
    <p>
      Bukti: <a href="${r.evidence.url}" rel="noopener noreferrer" target="_blank">${r.evidence.url}</a>,
      terdeteksi ${r.evidence.detectedAt}
    </p>
    ${
      shot
        ? html`<img
            alt="Tangkapan layar pos"
            width="${shot.width}"
            height="${shot.height}"
            src="data:${shot.mediaType};base64,${shot.dataBase64}"
          />`
        : html`<p>
            Tanpa tangkapan
            layar${r.evidence.screenshotMissingReason ? html`: ${r.evidence.screenshotMissingReason}` : ''}.
          </p>`
    }
  </section>`;
}

function casePage(c: CaseDetail, session: Session, error?: string): SafeHtml {
  const form = (decision: string, label: string, field?: SafeHtml) =>
    html`<form method="post" action="/review/cases/${c.id}/decide">
      <input type="hidden" name="csrf" value="${session.csrf}" />
      <input type="hidden" name="decision" value="${decision}" />
      ${field ?? ''}<button>${label}</button>
    </form>`;
  return html`<h1>Kasus ${c.id} ${statusBadge(c.status)}</h1>
    ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
    <p>
      ${c.postKey} · ${c.reports} laporan dari ${c.reporters} pelapor · pertama terlihat ${c.firstSeenAt},
      terakhir ${c.lastSeenAt}
    </p>
    ${c.reason ? html`<p>Alasan penolakan: ${c.reason}</p>` : ''}
    ${c.forwardedTo ? html`<p>Diteruskan ke: ${c.forwardedTo}</p>` : ''}
    <div class="decide">
      ${form('verified', 'Verifikasi')}
      ${form('rejected', 'Tolak', html`<label>Alasan <input name="reason" required maxlength="2000" /></label>`)}
      ${form('forwarded', 'Teruskan (peninjau kedua)', html`<label>Ke <input name="to" required maxlength="200" placeholder="Bawaslu Kota …" /></label>`)}
    </div>
    <h2>Jejak keputusan</h2>
    ${
      c.decisions.length === 0
        ? html`<p>Belum ada keputusan.</p>`
        : html`<table>
            <tr>
              <th>Waktu</th>
              <th>Peninjau</th>
              <th>Keputusan</th>
              <th>Catatan</th>
            </tr>
            ${c.decisions.map(
              (d) =>
                html`<tr>
                  <td>${d.at}</td>
                  <td>${d.reviewer}</td>
                  <td>${STATUS_ID[d.decision as CaseStatus] ?? d.decision}</td>
                  <td>${d.reason ?? d.forwardedTo ?? ''}</td>
                </tr>`,
            )}
          </table>`
    }
    <h2>Laporan</h2>
    ${c.reportList.map(reportBlock)}`;
}

function loginPage(error?: string): SafeHtml {
  return html`<h1>Masuk</h1>
    ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
    <form method="post" action="/review/login">
      <label>Token peninjau <input name="token" type="password" required autocomplete="off" /></label>
      <button>Masuk</button>
    </form>
    <p>
      Token peninjau dibuat koordinator:
      <code>npm run --silent receiver -- token add NAMA --role reviewer</code>
    </p>`;
}

/** The review UI routes under /review (the JSON API under /review/api is separate). */
export function reviewUiRoute(db: Database): Route {
  async function session(req: IncomingMessage): Promise<Session | undefined> {
    const value = cookieValue(req);
    if (!value) return undefined;
    const rows = await db.query<{ token_id: number; csrf: string }>(
      'SELECT token_id, csrf FROM review_sessions WHERE id_hash = $1 AND expires_at > now()',
      [sha256(value)],
    );
    if (!rows[0]) return undefined;
    const tokens = await db.query(
      `SELECT id, name, role, created_at, revoked_at FROM tokens WHERE id = $1 AND revoked_at IS NULL AND role = 'reviewer'`,
      [rows[0].token_id],
    );
    if (!tokens[0]) return undefined;
    const t = tokens[0];
    return {
      csrf: rows[0].csrf,
      reviewer: {
        id: t.id as number,
        name: t.name as string,
        role: 'reviewer',
        createdAt: new Date(t.created_at as string).toISOString(),
        revokedAt: null,
      },
    };
  }

  const htmlReply = (
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ) => send(res, { status, raw: body, headers: { ...PAGE_HEADERS, ...headers } });
  const redirect = (res: ServerResponse, to: string, headers: Record<string, string> = {}) =>
    send(res, { status: 303, raw: '', headers: { Location: to, ...headers } });

  // A form posted from another site: SameSite=Strict already keeps the cookie away; this refuses
  // it outright when the browser says where it came from.
  const crossOrigin = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    if (!origin || origin === 'null') return origin === 'null';
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  };

  return async (req, res, url) => {
    const path = url.pathname;
    if (path !== '/review' && !path.startsWith('/review/')) return false;
    if (path.startsWith('/review/api/')) return false;
    if (path === '/review/style.css') {
      send(res, { status: 200, raw: STYLE, headers: { 'Content-Type': 'text/css; charset=utf-8' } });
      return true;
    }
    if (req.method === 'POST' && crossOrigin(req)) {
      htmlReply(res, 403, page('Ditolak', html`<p class="error">Formulir dari situs lain ditolak.</p>`));
      return true;
    }
    if (path === '/review/login') {
      if (req.method === 'POST') {
        const form = await readForm(req);
        const token = await findToken(db, form.get('token') ?? '');
        if (!token || token.role !== 'reviewer') {
          htmlReply(
            res,
            401,
            page('Masuk', loginPage('Token tidak dikenal, sudah dicabut, atau bukan token peninjau.')),
          );
          return true;
        }
        const id = randomBytes(32).toString('base64url');
        await db.query(
          `INSERT INTO review_sessions (id_hash, token_id, csrf, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
          [sha256(id), token.id, randomBytes(16).toString('hex'), SESSION_HOURS],
        );
        redirect(res, '/review', {
          'Set-Cookie': `${COOKIE}=${id}; Path=/review; HttpOnly; Secure; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}`,
        });
        return true;
      }
      htmlReply(res, 200, page('Masuk', loginPage()));
      return true;
    }
    const current = await session(req);
    if (!current) {
      if (req.method === 'GET') redirect(res, '/review/login');
      else htmlReply(res, 401, page('Masuk', loginPage('Sesi berakhir; masuk lagi.')));
      return true;
    }
    if (req.method === 'POST') {
      const form = await readForm(req);
      if (form.get('csrf') !== current.csrf) {
        htmlReply(
          res,
          403,
          page('Ditolak', html`<p class="error">Formulir kedaluwarsa; muat ulang halaman.</p>`, current),
        );
        return true;
      }
      if (path === '/review/logout') {
        await db.query('DELETE FROM review_sessions WHERE id_hash = $1', [sha256(cookieValue(req)!)]);
        redirect(res, '/review/login', {
          'Set-Cookie': `${COOKIE}=; Path=/review; HttpOnly; Secure; SameSite=Strict; Max-Age=0`,
        });
        return true;
      }
      const match = /^\/review\/cases\/(\d+)\/decide$/.exec(path);
      if (match) {
        const id = Number(match[1]);
        try {
          await decide(db, id, current.reviewer, parseDecision(Object.fromEntries(form.entries())));
          redirect(res, `/review/cases/${id}`);
        } catch (error) {
          if (!(error instanceof ReviewError)) throw error;
          const detail = await getCase(db, id);
          if (!detail) htmlReply(res, 404, page('Tidak ada', html`<p>Kasus tidak ada.</p>`, current));
          else
            htmlReply(
              res,
              error.status,
              page(`Kasus ${id}`, casePage(detail, current, error.message), current),
            );
        }
        return true;
      }
    }
    if (req.method === 'GET' && path === '/review') {
      const status = url.searchParams.get('status') || undefined;
      const site = url.searchParams.get('site') || undefined;
      const category = url.searchParams.get('category') || undefined;
      const cases = await listCases(db, {
        status: CASE_STATUSES.includes(status as CaseStatus) ? (status as CaseStatus) : undefined,
        site,
        category,
      });
      htmlReply(res, 200, page('Kasus', listPage(cases, url.searchParams), current));
      return true;
    }
    const one = /^\/review\/cases\/(\d+)$/.exec(path);
    if (req.method === 'GET' && one) {
      const detail = await getCase(db, Number(one[1]));
      if (!detail) htmlReply(res, 404, page('Tidak ada', html`<p>Kasus tidak ada.</p>`, current));
      else htmlReply(res, 200, page(`Kasus ${detail.id}`, casePage(detail, current), current));
      return true;
    }
    htmlReply(res, 404, page('Tidak ada', html`<p>Tidak ada di sini.</p>`, current));
    return true;
  };
}
