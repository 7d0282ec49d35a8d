import { startReceiver } from '../../tools/receiver/app';
import type { Database } from '../../tools/receiver/db';
import type { RateLimitOptions } from '../../tools/receiver/rate-limit';
import { addToken } from '../../tools/receiver/tokens';
import type { Backend } from './databases';

// A receiver on a fresh database of one backend, with a monitor token, for the HTTP tests.

export interface Harness {
  db: Database;
  /** Base URL; reports go to `${base}/reports`. */
  base: string;
  reportsUrl: string;
  token: string;
  /** Issues another token. */
  addToken(name: string, role?: 'monitor' | 'reviewer'): Promise<string>;
  post(body: unknown, headers?: Record<string, string>, token?: string | null): Promise<Response>;
  close(): Promise<void>;
}

export async function startHarness(
  backend: Backend,
  options: { maxBodyBytes?: number; rateLimit?: RateLimitOptions } = {},
): Promise<Harness> {
  const db = await backend.fresh();
  const server = await startReceiver({ db, port: 0, ...options });
  const token = (await addToken(db, 'Sari (Bawaslu Kota Contoh)')).token;
  const reportsUrl = `${server.url}/reports`;
  return {
    db,
    base: server.url,
    reportsUrl,
    token,
    addToken: async (name, role = 'monitor') => (await addToken(db, name, role)).token,
    post(body, headers = {}, as = token) {
      const id = (body as { id?: string }).id;
      return fetch(reportsUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(id ? { 'Idempotency-Key': id } : {}),
          ...(as ? { Authorization: `Bearer ${as}` } : {}),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async close() {
      await server.close();
      await db.close();
    },
  };
}
