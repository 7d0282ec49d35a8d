import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Database } from './db';
import { type Logger, silentLogger } from './log';

// The receiver's HTTP server. Plain HTTP, for localhost only: in production it sits behind a
// TLS-terminating proxy (docs/RECEIVER.md), because reports carry personal data (UU 27/2022).

export interface ServerOptions {
  db: Database;
  port?: number;
  /** A loopback address unless `behindProxy` (see isLoopback). */
  host?: string;
  /** The operator says a TLS-terminating proxy is the only way in (allows a non-loopback host). */
  behindProxy?: boolean;
  log?: Logger;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8787 (reports go to `${url}/reports`). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is (HTML), instead of JSON. */
  raw?: string;
}

/** Whether `host` only listens on this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function send(res: ServerResponse, reply: Reply, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
    ...reply.headers,
  };
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, headers);
    res.end(reply.raw);
    return;
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** Starts the HTTP server with the given routes (tried in order) and /health. */
export async function startServer(options: ServerOptions, routes: Route[] = []): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.behindProxy) {
    throw new Error(
      `Menolak mendengarkan di ${host} dengan HTTP biasa: laporan berisi data pribadi. ` +
        'Pakai 127.0.0.1 di belakang proxy TLS (docs/RECEIVER.md), atau --behind-proxy bila proxy itu satu-satunya jalan masuk.',
    );
  }
  const log = options.log ?? silentLogger;
  const sockets = new Set<Socket>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (req.method === 'GET' && url.pathname === '/health') {
      await options.db.query('SELECT 1');
      send(res, { status: 200, body: { ok: true, database: options.db.kind } });
      return;
    }
    for (const route of routes) if (await route(req, res, url)) return;
    send(res, { status: 404, body: { error: 'Tidak ada di sini: kirim laporan dengan POST ke /reports.' } });
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    res.on('finish', () => {
      log('info', 'request', {
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        status: res.statusCode,
        ms: Date.now() - started,
      });
    });
    handle(req, res).catch((error: unknown) => {
      log('error', 'request failed', { error: String(error), path: (req.url ?? '').split('?')[0] });
      if (!res.headersSent) send(res, { status: 500, body: { error: 'Kesalahan server; coba lagi nanti.' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    port: address.port,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
