import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendReport, testConnection } from '@/lib/reports/endpoint';
import { revokeToken } from '../../tools/receiver/tokens';
import { createReportMock } from '../reports/factories';
import { BACKENDS } from './databases';
import { type Harness, startHarness } from './harness';

// The intake as lib/reports/PROTOCOL.md says, on each database; and the extension's own endpoint
// client (lib/reports/endpoint.ts) against it: the contract tests/support/receiver.ts plays.

const deps = { fetch: globalThis.fetch, timeoutMs: 5_000 };

async function count(h: Harness): Promise<number> {
  const rows = await h.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM reports');
  return rows[0]!.n;
}

describe.each(BACKENDS)('intake on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    if (backend.available) h = await startHarness(backend, { maxBodyBytes: 64 * 1024 });
  }, 30_000);
  afterAll(() => h?.close());

  describe.skipIf(!backend.available)('', () => {
    test('files a report once: 201, then 409 for the same Idempotency-Key', async () => {
      const report = createReportMock();
      const first = await h.post(report);
      expect(first.status).toBe(201);
      expect(await first.json()).toMatchObject({ id: report.id, status: 'received' });
      const again = await h.post(report);
      expect(again.status).toBe(409);
      const rows = await h.db.query<{ body: { post: { text: string } }; site: string }>(
        'SELECT body, site FROM reports WHERE id = $1',
        [report.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.body.post.text).toBe(report.post.text);
    });

    test('two copies racing file one', async () => {
      const report = createReportMock();
      const statuses = (await Promise.all([h.post(report), h.post(report), h.post(report)])).map(
        (r) => r.status,
      );
      expect(statuses.sort()).toEqual([201, 409, 409]);
    });

    test('accepts a version-1 report (queued by an earlier build) as version 2', async () => {
      const { stances: _stances, ...rest } = createReportMock();
      const v1 = { ...rest, schemaVersion: 1 };
      expect((await h.post(v1)).status).toBe(201);
      const rows = await h.db.query<{ schema_version: number }>(
        'SELECT schema_version FROM reports WHERE id = $1',
        [v1.id],
      );
      expect(rows[0]!.schema_version).toBe(2);
    });

    test.each([
      ['no token', (r: object) => h.post(r, {}, null), 401, /Token diperlukan/],
      ['an unknown token', (r: object) => h.post(r, {}, 'netra_nope'), 401, /tidak dikenal/],
      [
        'no Idempotency-Key',
        (r: object) => h.post(r, { 'Idempotency-Key': '' }),
        400,
        /Idempotency-Key wajib/,
      ],
      [
        'a key that is not the id',
        (r: object) => h.post(r, { 'Idempotency-Key': 'lain' }),
        400,
        /sama dengan id/,
      ],
      ['a body that is not JSON', () => h.post('{nope'), 400, /bukan JSON/],
      [
        'a non-JSON content type',
        (r: object) => h.post(r, { 'Content-Type': 'text/plain' }),
        415,
        /application\/json/,
      ],
      [
        'an unknown category, with where',
        (r: object) => h.post({ ...r, reviewer: { category: 'gossip' } }),
        400,
        /reviewer\.category/,
      ],
      [
        'a body over the limit',
        (r: object) => h.post({ ...r, padding: 'x'.repeat(70_000) }),
        413,
        /terlalu besar/,
      ],
    ])('refuses %s', async (_name, send, status, message) => {
      const before = await count(h);
      const response = await send(createReportMock());
      expect(response.status).toBe(status);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect((await response.json()).error).toMatch(message);
      expect(await count(h)).toBe(before);
    });

    test('a revoked token is refused', async () => {
      const token = await h.addToken('Budi (relawan)');
      expect((await h.post(createReportMock(), {}, token)).status).toBe(201);
      await revokeToken(h.db, 'Budi (relawan)');
      const response = await h.post(createReportMock(), {}, token);
      expect(response.status).toBe(401);
    });

    test('a reviewer token cannot send reports', async () => {
      const token = await h.addToken('Peninjau', 'reviewer');
      expect((await h.post(createReportMock(), {}, token)).status).toBe(403);
    });

    test('a connection test is checked like a report and not filed', async () => {
      const before = await count(h);
      const response = await h.post({ ...createReportMock(), test: true }, { 'X-Netra-Test': '1' });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ test: true });
      expect((await h.post({ ...createReportMock(), test: true, post: null })).status).toBe(400);
      expect(await count(h)).toBe(before);
    });

    test('answers CORS preflight as PROTOCOL.md says', async () => {
      const response = await fetch(h.reportsUrl, { method: 'OPTIONS' });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      for (const name of [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'X-Netra-Schema-Version',
        'X-Netra-Test',
      ]) {
        expect(response.headers.get('access-control-allow-headers')).toContain(name);
      }
      expect(response.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    });

    test('GET /health answers 200', async () => {
      const response = await fetch(`${h.base}/health`);
      expect(response.status).toBe(200);
    });

    describe("the extension's endpoint client", () => {
      test('delivers, and a repeat counts as delivered', async () => {
        const cfg = { url: h.reportsUrl, token: h.token };
        const report = createReportMock();
        expect(await sendReport(cfg, report, deps)).toEqual({ kind: 'delivered', status: 201 });
        expect(await sendReport(cfg, report, deps)).toEqual({ kind: 'delivered', status: 409 });
      });

      test('a wrong token is an auth failure with the server message', async () => {
        const outcome = await sendReport({ url: h.reportsUrl, token: 'salah' }, createReportMock(), deps);
        expect(outcome).toMatchObject({ kind: 'failed', reason: 'auth', status: 401 });
        expect(outcome.kind === 'failed' && outcome.serverMessage).toMatch(/Token tidak dikenal/);
      });

      test('too large is too_large', async () => {
        const base = createReportMock();
        const screenshot = {
          mediaType: 'image/png' as const,
          dataBase64: 'A'.repeat(80_000),
          width: 1,
          height: 1,
        };
        const padded = { ...base, evidence: { ...base.evidence, screenshot } };
        expect(await sendReport({ url: h.reportsUrl, token: h.token }, padded, deps)).toMatchObject({
          kind: 'failed',
          reason: 'too_large',
        });
      });

      test('the connection test passes', async () => {
        const result = await testConnection({ url: h.reportsUrl, token: h.token }, deps);
        expect(result).toMatchObject({ ok: true, status: 200 });
      });
    });
  });
});

describe.each(BACKENDS)('rate limit on $name', (backend) => {
  test.skipIf(!backend.available)('429 with Retry-After per token', { timeout: 30_000 }, async () => {
    const h = await startHarness(backend, { rateLimit: { burst: 2, perSecond: 0.1 } });
    try {
      const other = await h.addToken('Monitor lain');
      expect((await h.post(createReportMock())).status).toBe(201);
      expect((await h.post(createReportMock())).status).toBe(201);
      const limited = await h.post(createReportMock());
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
      const outcome = await sendReport({ url: h.reportsUrl, token: h.token }, createReportMock(), deps);
      expect(outcome).toMatchObject({ kind: 'retry', reason: 'rate_limited' });
      expect((await h.post(createReportMock(), {}, other)).status).toBe(201);
    } finally {
      await h.close();
    }
  });
});
