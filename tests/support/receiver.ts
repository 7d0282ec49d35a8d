// A real HTTP report receiver for tests, soak runs and demos. It speaks the protocol in
// lib/reports/PROTOCOL.md: validates every body against public/schemas/report-v2.json (so the
// published schema, not the zod one, is what tests exercise), dedupes by Idempotency-Key, and
// can be told to misbehave (scripted replies, seeded random failures).
//
// CLI demo:  npx tsx tests/support/receiver.ts --port 8787 [--token SECRET] [--script 500,503:retry-after=2,ok]
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Report } from '../../lib/reports/schema';

/** What the receiver does with one request instead of the normal handling. */
export type ReplySpec =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Hold the request open until the client gives up. */
  | { action: 'timeout' }
  /** Destroy the connection before doing anything. */
  | { action: 'drop' }
  /** Store the report, then destroy the connection: the client never learns it was accepted. */
  | { action: 'lost-reply' };

export interface RequestContext {
  /** 1-based number of this request since start (or reset). */
  n: number;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** Returns a reply to override normal handling, or undefined to handle the request normally. */
export type Behaviour = (ctx: RequestContext) => ReplySpec | undefined;

export interface RandomFailures {
  errorRate?: number;
  timeoutRate?: number;
  dropRate?: number;
  lostReplyRate?: number;
  seed: number;
}

export interface LoggedRequest {
  n: number;
  at: number;
  method: string;
  path: string;
  idempotencyKey?: string;
  authorization?: string;
  test: boolean;
  status: number | 'timeout' | 'drop' | 'lost-reply';
  outcome: 'stored' | 'duplicate' | 'test' | 'invalid' | 'unauthorized' | 'overridden' | 'other';
  error?: string;
}

export interface ReceiverOptions {
  port?: number;
  host?: string;
  token?: string;
  /** Largest body accepted, in bytes. */
  maxBodyBytes?: number;
  /**
   * Send CORS headers (default true). Chromium's service worker can read a reply from an endpoint
   * whose host permission the user has not granted only through CORS; `false` plays a server that
   * relies on the permission alone.
   */
  cors?: boolean;
  /** Called once per request after it is handled (the CLI prints from here). */
  onRequest?: (entry: LoggedRequest, report: Report | undefined) => void;
}

export interface Receiver {
  /** The endpoint URL to configure in Netra. */
  url: string;
  port: number;
  /** Reports accepted, first copy per Idempotency-Key, in arrival order. */
  received: Report[];
  /** Every request, in arrival order. */
  requests: LoggedRequest[];
  /** A function, or a script consumed one token per request: 'ok', '500', '503:retry-after=2', '400:message=…', 'timeout', 'drop', 'lost-reply'. */
  setBehaviour(behaviour: Behaviour | string[] | null): void;
  setRandomFailures(options: RandomFailures | null): void;
  /** Resolves when at least `count` distinct reports have been accepted. */
  waitForReports(count: number, timeoutMs?: number): Promise<void>;
  /** Forgets received reports, the log, and any behaviour. */
  reset(): void;
  close(): Promise<void>;
}

const SCHEMA_PATH = fileURLToPath(new URL('../../public/schemas/report-v2.json', import.meta.url));
// Without the endpoint's host permission the extension's fetch is a CORS request: the preflight
// must allow Netra's headers, every reply (errors included) needs Allow-Origin, and Retry-After is
// not a CORS-safelisted response header, so it is invisible to Netra unless exposed.
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers':
    'Authorization, Content-Type, Idempotency-Key, X-Netra-Test, X-Netra-Schema-Version',
  'Access-Control-Expose-Headers': 'Retry-After',
};

/** Parses one script token ('503:retry-after=2;message=busy') into a reply, or undefined for 'ok'. */
export function parseScriptToken(token: string): ReplySpec | undefined {
  const trimmed = token.trim();
  if (trimmed === 'ok' || trimmed === '') return undefined;
  if (trimmed === 'timeout' || trimmed === 'drop' || trimmed === 'lost-reply') return { action: trimmed };
  const colon = trimmed.indexOf(':');
  const head = colon === -1 ? trimmed : trimmed.slice(0, colon);
  const status = Number(head);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new Error(`receiver: unknown script token ${JSON.stringify(token)}`);
  }
  const headers: Record<string, string> = {};
  let message: string | undefined;
  if (colon !== -1) {
    for (const option of trimmed.slice(colon + 1).split(';')) {
      const eq = option.indexOf('=');
      const key = (eq === -1 ? option : option.slice(0, eq)).trim().toLowerCase();
      const value = eq === -1 ? '' : option.slice(eq + 1);
      if (key === 'retry-after') headers['Retry-After'] = value;
      else if (key === 'message') message = value;
      else throw new Error(`receiver: unknown script option ${JSON.stringify(option)}`);
    }
  }
  return {
    status,
    headers,
    body: message === undefined ? { error: `scripted ${status}` } : { error: message },
  };
}

/** A small seeded PRNG (mulberry32) so soak runs are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts a receiver on 127.0.0.1 (port 0 = any free port). */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const cors = options.cors === false ? {} : CORS_HEADERS;

  const byKey = new Map<string, Report>();
  const received: Report[] = [];
  const requests: LoggedRequest[] = [];
  let script: string[] | null = null;
  let behaviour: Behaviour | null = null;
  let random: { rates: Required<Omit<RandomFailures, 'seed'>>; next: () => number } | null = null;
  let counter = 0;
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();

  function notify(): void {
    for (const waiter of waiters) waiter();
  }

  function decide(ctx: RequestContext): ReplySpec | undefined {
    if (script && script.length > 0) return parseScriptToken(script.shift()!);
    const fromFn = behaviour?.(ctx);
    if (fromFn) return fromFn;
    if (random) {
      const { errorRate, timeoutRate, dropRate, lostReplyRate } = random.rates;
      const r = random.next();
      if (r < errorRate)
        return { status: random.next() < 0.5 ? 500 : 503, body: { error: 'random failure' } };
      if (r < errorRate + timeoutRate) return { action: 'timeout' };
      if (r < errorRate + timeoutRate + dropRate) return { action: 'drop' };
      if (r < errorRate + timeoutRate + dropRate + lostReplyRate) return { action: 'lost-reply' };
    }
    return undefined;
  }

  function reply(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const payload = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { ...cors, 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(payload);
  }

  async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBodyBytes) return 'too-large';
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    if (req.method === 'GET' && path === '/health') {
      reply(res, 200, { ok: true, received: received.length });
      return;
    }
    counter += 1;
    const header = (name: string): string | undefined => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const entry: LoggedRequest = {
      n: counter,
      at: Date.now(),
      method: req.method ?? '',
      path,
      ...(header('idempotency-key') ? { idempotencyKey: header('idempotency-key') } : {}),
      ...(header('authorization') ? { authorization: header('authorization') } : {}),
      test: header('x-netra-test') === '1',
      status: 0,
      outcome: 'other',
    };
    requests.push(entry);
    let stored: Report | undefined;
    const finish = (status: LoggedRequest['status'], outcome: LoggedRequest['outcome'], error?: string) => {
      entry.status = status;
      entry.outcome = outcome;
      if (error !== undefined) entry.error = error;
      options.onRequest?.(entry, stored);
    };

    if (req.method !== 'POST' || path !== '/reports') {
      reply(res, 404, { error: 'Tidak ada di sini: kirim POST ke /reports.' });
      finish(404, 'other');
      return;
    }
    const raw = await readBody(req);
    if (raw === 'too-large') {
      reply(res, 413, { error: `Badan permintaan melebihi ${maxBodyBytes} byte.` }, { Connection: 'close' });
      finish(413, 'invalid', 'too large');
      return;
    }
    if (options.token !== undefined && header('authorization') !== `Bearer ${options.token}`) {
      reply(res, 401, { error: 'Token tidak valid.' }, { 'WWW-Authenticate': 'Bearer' });
      finish(401, 'unauthorized');
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      reply(res, 400, { error: 'Badan permintaan bukan JSON yang valid.' });
      finish(400, 'invalid', 'not JSON');
      return;
    }

    const override = decide({ n: counter, headers: req.headers, body });
    if (override && 'action' in override) {
      if (override.action === 'timeout') {
        finish('timeout', 'overridden');
        return; // never answered; close() or the client's abort ends it
      }
      if (override.action === 'drop') {
        finish('drop', 'overridden');
        req.socket.destroy();
        return;
      }
    } else if (override) {
      reply(res, override.status, override.body, override.headers);
      finish(override.status, 'overridden');
      return;
    }

    if (!(header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
      reply(res, 415, { error: 'Content-Type harus application/json.' });
      finish(415, 'invalid', 'content type');
      return;
    }
    if (!validate(body)) {
      const error = ajv.errorsText(validate.errors, { dataVar: 'laporan', separator: '; ' }).slice(0, 500);
      reply(res, 400, { error: `Laporan tidak sesuai skema v1: ${error}` });
      finish(400, 'invalid', error);
      return;
    }
    const report = body as Report;
    const key = header('idempotency-key');
    if (!key) {
      reply(res, 400, { error: 'Header Idempotency-Key wajib diisi.' });
      finish(400, 'invalid', 'no key');
      return;
    }
    if (key !== report.id) {
      reply(res, 400, { error: 'Idempotency-Key harus sama dengan id laporan.' });
      finish(400, 'invalid', 'key mismatch');
      return;
    }
    if (report.test === true || entry.test) {
      reply(res, 200, { ok: true, test: true, message: 'Laporan uji diterima dan tidak disimpan.' });
      finish(200, 'test');
      return;
    }
    if (byKey.has(key)) {
      reply(res, 409, { id: key, message: 'Laporan ini sudah diterima.' });
      finish(409, 'duplicate');
      return;
    }
    byKey.set(key, report);
    received.push(report);
    stored = report;
    notify();
    if (override !== undefined && 'action' in override && override.action === 'lost-reply') {
      finish('lost-reply', 'stored');
      req.socket.destroy();
      return;
    }
    reply(res, 201, { id: key, status: 'stored' });
    finish(201, 'stored');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, { error: `receiver bug: ${String(error)}` });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/reports`,
    port: address.port,
    received,
    requests,
    setBehaviour(next) {
      script = Array.isArray(next) ? [...next] : null;
      behaviour = typeof next === 'function' ? next : null;
    },
    setRandomFailures(next) {
      random = next
        ? {
            rates: {
              errorRate: next.errorRate ?? 0,
              timeoutRate: next.timeoutRate ?? 0,
              dropRate: next.dropRate ?? 0,
              lostReplyRate: next.lostReplyRate ?? 0,
            },
            next: seededRandom(next.seed),
          }
        : null;
    },
    waitForReports(count, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`receiver: ${received.length}/${count} reports after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    reset() {
      byKey.clear();
      received.length = 0;
      requests.length = 0;
      script = null;
      behaviour = null;
      random = null;
      counter = 0;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function summarise(entry: LoggedRequest, report: Report | undefined): string {
  const time = new Date(entry.at).toISOString().slice(11, 19);
  const head = `[${time}] #${entry.n} ${entry.status} ${entry.outcome}`;
  if (!report) return `${head}${entry.error ? ` (${entry.error})` : ''}`;
  const text = report.post.text.replace(/\s+/g, ' ').slice(0, 60);
  const shot = report.evidence.screenshot
    ? ` screenshot=${Math.round((report.evidence.screenshot.dataBase64.length * 3) / 4 / 1024)}KB`
    : '';
  const asn = report.asn
    ? ` asn=${report.asn.name ?? report.asn.key}${report.asn.agency ? ` (${report.asn.agency})` : ''}`
    : '';
  return `${head} id=${report.id} ${report.post.site} @${report.post.author.handle} category=${report.reviewer.category} findings=${report.findings.length}${asn}${shot}\n    “${text}”`;
}

function cliArgs(argv: string[]): ReceiverOptions & { script?: string[] } {
  const out: ReceiverOptions & { script?: string[] } = { port: 8787 };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--port' && value) out.port = Number(value);
    else if (flag === '--host' && value) out.host = value;
    else if (flag === '--token' && value) out.token = value;
    else if (flag === '--script' && value) out.script = value.split(',');
    else continue;
    i += 1;
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = cliArgs(process.argv.slice(2));
  const receiver = await startReceiver({
    ...args,
    onRequest: (entry, report) => console.log(summarise(entry, report)),
  });
  if (args.script) receiver.setBehaviour(args.script);
  console.log(
    `Netra report receiver on ${receiver.url}${args.token ? ' (bearer token required)' : ''}. Ctrl+C to stop.`,
  );
  process.on('SIGINT', () => {
    void receiver.close().then(() => process.exit(0));
  });
}
