import { REPORT_SCHEMA_VERSION, type Report, ReportSchema } from './schema';
import { readCappedText } from '../net/capped-body';

// The endpoint client: one POST per report, classified into delivered / retry / failed as
// lib/reports/PROTOCOL.md describes. No retries happen here; the queue owns scheduling.

export interface EndpointConfig {
  url: string;
  /** Bearer token; sent only in the Authorization header, never in the URL. */
  token?: string;
}

export interface SendDeps {
  fetch: typeof fetch;
  /** Whole request including reading the reply. */
  timeoutMs: number;
  /** Wall clock for HTTP-date Retry-After values; defaults to Date.now. */
  now?: () => number;
}

export type RetryReason = 'timeout' | 'network' | 'rate_limited' | 'server';
export type FailReason = 'config' | 'redirect' | 'auth' | 'not_found' | 'too_large' | 'rejected';

export type SendOutcome =
  | { kind: 'delivered'; status: number }
  | {
      kind: 'retry';
      reason: RetryReason;
      status?: number;
      message: string;
      serverMessage?: string;
      retryAfterMs?: number;
    }
  /** `status` is 0 when the request was never made (bad configuration) or was redirected. */
  | { kind: 'failed'; reason: FailReason; status: number; message: string; serverMessage?: string };

/** Longest server message we keep (it is stored per queue entry and shown in the popup). */
export const MAX_SERVER_MESSAGE = 300;
/** The most of an error reply read for its message (a hostile or broken server may send gigabytes). */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

const TEST_HEADER = 'X-Netra-Test';

/** Why an endpoint URL cannot be used (Indonesian), or undefined when it is fine. */
export function endpointProblem(cfg: EndpointConfig): string | undefined {
  let url: URL;
  try {
    url = new URL(cfg.url);
  } catch {
    return 'Alamat endpoint bukan URL yang valid.';
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && local))) {
    return 'Alamat endpoint harus memakai https:// (http:// hanya untuk localhost).';
  }
  if (url.username || url.password) {
    return 'Alamat endpoint tidak boleh memuat nama pengguna atau kata sandi; pakai token.';
  }
  // fetch throws on header values with control characters, which would look like a network
  // failure and be retried forever; catch it as a configuration error instead.
  if (cfg.token !== undefined && cfg.token.trim() !== '' && !/^[\x21-\x7e]+$/.test(cfg.token.trim())) {
    return 'Token berisi karakter yang tidak valid (spasi, baris baru, atau huruf non-ASCII).';
  }
  return undefined;
}

/** Parses a Retry-After header (delta-seconds or HTTP-date) into milliseconds from `nowMs`. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only accept things that look like an HTTP-date, so "1.5" or "-3" are not read as dates.
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Pulls a human message out of a reply body: JSON `{error}` / `{error: {message}}` / `{message}`, or text. */
export function extractServerMessage(body: string): string | undefined {
  const trimmed = body.trim();
  if (trimmed === '') return undefined;
  let message: string | undefined;
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      message = pickMessage(parsed);
    } catch {
      // not JSON after all; fall through to text
    }
  }
  if (message === undefined) {
    message = trimmed.startsWith('<') ? trimmed.replace(/<[^>]*>/g, ' ') : trimmed;
  }
  const collapsed = message.replace(/\s+/g, ' ').trim();
  if (collapsed === '') return undefined;
  return collapsed.length > MAX_SERVER_MESSAGE ? `${collapsed.slice(0, MAX_SERVER_MESSAGE - 1)}…` : collapsed;
}

function pickMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.error === 'string') return record.error;
  if (typeof record.error === 'object' && record.error !== null) {
    const inner = (record.error as Record<string, unknown>).message;
    if (typeof inner === 'string') return inner;
  }
  if (typeof record.message === 'string') return record.message;
  return undefined;
}

function statusFallback(status: number): string {
  if (status === 401 || status === 403) return `Token ditolak server (HTTP ${status}).`;
  if (status === 404) return 'Alamat endpoint tidak ditemukan (HTTP 404).';
  if (status === 413) return 'Laporan terlalu besar untuk server (HTTP 413).';
  if (status === 429) return 'Server membatasi jumlah kiriman (HTTP 429).';
  if (status >= 500) return `Server sedang bermasalah (HTTP ${status}).`;
  return `Server menolak laporan (HTTP ${status}).`;
}

function failReason(status: number): FailReason {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 405 || status === 410) return 'not_found';
  if (status === 413) return 'too_large';
  return 'rejected';
}

/** POSTs one report to the endpoint and classifies the reply; never throws. */
export function sendReport(cfg: EndpointConfig, report: Report, deps: SendDeps): Promise<SendOutcome> {
  return post(cfg, report, deps, {});
}

async function post(
  cfg: EndpointConfig,
  report: Report,
  deps: SendDeps,
  extraHeaders: Record<string, string>,
): Promise<SendOutcome> {
  const problem = endpointProblem(cfg);
  if (problem) return { kind: 'failed', reason: 'config', status: 0, message: problem };

  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    'Idempotency-Key': report.id,
    'X-Netra-Schema-Version': String(REPORT_SCHEMA_VERSION),
    ...extraHeaders,
  };
  const token = cfg.token?.trim();
  if (token) headers.Authorization = `Bearer ${token}`;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, deps.timeoutMs);
  try {
    const response = await deps.fetch(cfg.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(report),
      signal: controller.signal,
      // A redirected POST may turn into a GET or lose its Authorization header: refuse it and
      // ask for the final URL instead.
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
    });
    const status = response.status;
    if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
      void response.body?.cancel().catch(() => {});
      return {
        kind: 'failed',
        reason: 'redirect',
        status: 0,
        message: 'Endpoint mengalihkan ke alamat lain (redirect). Masukkan alamat akhirnya di pengaturan.',
      };
    }
    if ((status >= 200 && status < 300) || status === 409) {
      void response.body?.cancel().catch(() => {});
      return { kind: 'delivered', status };
    }
    // Only a message is wanted from an error reply: its first 64 KiB, whatever its size.
    const text = await readCappedText(response, MAX_ERROR_BODY_BYTES, 'truncate').then(
      (body) => body.text,
      () => '',
    );
    const serverMessage = extractServerMessage(text);
    const message = serverMessage ?? statusFallback(status);
    const said = serverMessage === undefined ? {} : { serverMessage };
    if (status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), (deps.now ?? Date.now)());
      return {
        kind: 'retry',
        reason: status === 429 ? 'rate_limited' : 'server',
        status,
        message,
        ...said,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    }
    return { kind: 'failed', reason: failReason(status), status, message, ...said };
  } catch (error) {
    if (timedOut) {
      return {
        kind: 'retry',
        reason: 'timeout',
        message: `Server tidak menjawab dalam ${Math.round(deps.timeoutMs / 1000)} detik.`,
      };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return {
      kind: 'retry',
      reason: 'network',
      message: `Tidak dapat menghubungi server: ${detail}`.slice(0, 300),
    };
  } finally {
    clearTimeout(timer);
  }
}

export interface TestReportOptions {
  randomUUID: () => string;
  now: () => Date;
  netraVersion: string;
}

/** A synthetic, clearly marked report for connection tests; servers must not file it. */
export function buildTestReport(options: TestReportOptions): Report {
  const at = options.now().toISOString();
  return ReportSchema.parse({
    schemaVersion: REPORT_SCHEMA_VERSION,
    id: options.randomUUID(),
    createdAt: at,
    test: true,
    post: {
      site: 'x',
      kind: 'post',
      postId: '0',
      url: 'https://x.com/netra_uji/status/0',
      author: { handle: 'netra_uji', displayName: 'Uji koneksi Netra' },
      text: 'Laporan uji koneksi dari Netra. Jangan diproses.',
      capturedAt: at,
    },
    asn: null,
    findings: [],
    stances: [],
    reviewer: { category: 'candidate_support', note: 'Uji koneksi: abaikan laporan ini.' },
    evidence: {
      url: 'https://x.com/netra_uji/status/0',
      capturedAt: at,
      detectedAt: at,
      screenshot: null,
      screenshotMissingReason: 'laporan uji',
    },
    versions: { netra: options.netraVersion, packs: [] },
  });
}

export type ConnectionProblem = RetryReason | FailReason;

export type ConnectionTestResult =
  | { ok: true; status: number; message: string }
  | { ok: false; problem: ConnectionProblem; status?: number; message: string; serverMessage?: string };

const PROBLEM_MESSAGES: Record<ConnectionProblem, string> = {
  config: 'Pengaturan endpoint belum benar.',
  redirect: 'Endpoint mengalihkan ke alamat lain (redirect). Masukkan alamat akhirnya di pengaturan.',
  network:
    'Tidak dapat menghubungi server. Periksa alamat endpoint, koneksi internet, dan izin akses ke situs endpoint.',
  timeout: 'Server tidak menjawab tepat waktu. Periksa alamat endpoint atau coba lagi nanti.',
  auth: 'Token ditolak server. Periksa token di pengaturan atau minta token baru ke koordinator.',
  not_found: 'Alamat endpoint tidak ditemukan di server. Periksa URL-nya (termasuk path).',
  too_large: 'Server menolak ukuran laporan. Minta koordinator menaikkan batas ukuran kiriman.',
  rejected: 'Server menolak laporan uji. Pastikan server mendukung format laporan Netra versi 1.',
  rate_limited: 'Server membatasi jumlah kiriman saat ini. Coba lagi beberapa saat lagi.',
  server: 'Server sedang bermasalah. Coba lagi nanti atau hubungi pengelola server.',
};

/** Sends a test report (header X-Netra-Test: 1, body test: true) and explains the result in Indonesian. */
export async function testConnection(
  cfg: EndpointConfig,
  deps: SendDeps & { randomUUID?: () => string; netraVersion?: string },
): Promise<ConnectionTestResult> {
  const clock = deps.now ?? Date.now;
  const report = buildTestReport({
    randomUUID: deps.randomUUID ?? (() => crypto.randomUUID()),
    now: () => new Date(clock()),
    netraVersion: deps.netraVersion ?? '0.0.0',
  });
  const outcome = await post(cfg, report, deps, { [TEST_HEADER]: '1' });
  if (outcome.kind === 'delivered') {
    return {
      ok: true,
      status: outcome.status,
      message: `Koneksi berhasil: server menerima laporan uji (HTTP ${outcome.status}).`,
    };
  }
  const problem = outcome.reason;
  if (problem === 'config') return { ok: false, problem, status: 0, message: outcome.message };
  const base = PROBLEM_MESSAGES[problem];
  let message = outcome.status ? `${base} (HTTP ${outcome.status})` : base;
  if (outcome.serverMessage) message += ` Pesan server: ${outcome.serverMessage}`;
  else if (problem === 'network') message += ` (${outcome.message})`;
  return {
    ok: false,
    problem,
    ...(outcome.status ? { status: outcome.status } : {}),
    message,
    ...(outcome.serverMessage ? { serverMessage: outcome.serverMessage } : {}),
  };
}
