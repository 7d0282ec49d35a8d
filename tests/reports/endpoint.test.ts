import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  endpointProblem,
  extractServerMessage,
  MAX_SERVER_MESSAGE,
  parseRetryAfter,
  type SendOutcome,
  sendReport,
  testConnection,
} from '@/lib/reports/endpoint';
import { type Receiver, startReceiver } from '../support/receiver';
import { createReportMock } from './factories';

const NOW = Date.parse('2024-02-03T05:00:00Z');
const TOKEN = 'rahasia-123';
let receiver: Receiver;
const deps = { fetch: globalThis.fetch, timeoutMs: 2_000, now: () => NOW };

beforeAll(async () => {
  receiver = await startReceiver({ token: TOKEN });
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());

const cfg = () => ({ url: receiver.url, token: TOKEN });

describe('parseRetryAfter', () => {
  test.each([
    ['2', 2_000],
    ['0', 0],
    [' 120 ', 120_000],
    ['Sat, 03 Feb 2024 05:00:30 GMT', 30_000],
    ['Sat, 03 Feb 2024 04:00:00 GMT', 0],
    ['Saturday, 03-Feb-24 05:01:00 GMT', 60_000],
  ])('%j → %d ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  test.each([[null], [undefined], [''], ['soon'], ['-1'], ['1.5'], ['Mon, 99 Foo 2024 GMT']])(
    '%j → undefined',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );
});

describe('extractServerMessage', () => {
  test.each([
    ['{"error":"Kategori tidak dikenal"}', 'Kategori tidak dikenal'],
    ['{"error":{"message":"nested"}}', 'nested'],
    ['{"message":"pesan"}', 'pesan'],
    ['{"detail":"x"}', '{"detail":"x"}'],
    ['plain  text\nreply', 'plain text reply'],
    ['<html><title>502 Bad Gateway</title><body><h1>Bad</h1></body></html>', '502 Bad Gateway Bad'],
    ['{not json', '{not json'],
  ])('%j → %j', (body, expected) => {
    expect(extractServerMessage(body)).toBe(expected);
  });

  test.each([[''], ['   '], ['<p></p>']])('%j → undefined', (body) => {
    expect(extractServerMessage(body)).toBeUndefined();
  });

  test('truncates long messages', () => {
    const message = extractServerMessage('x'.repeat(5_000))!;
    expect(message.length).toBe(MAX_SERVER_MESSAGE);
    expect(message.endsWith('…')).toBe(true);
  });
});

describe('endpointProblem', () => {
  test.each([
    [{ url: 'https://lapor.example.org/netra' }],
    [{ url: 'http://127.0.0.1:8787/reports' }],
    [{ url: 'http://localhost/reports', token: 'abc' }],
    [{ url: 'https://x.example/', token: '' }],
  ])('accepts %j', (value) => {
    expect(endpointProblem(value)).toBeUndefined();
  });

  test.each([
    [{ url: 'lapor.example.org' }, /bukan URL/],
    [{ url: 'http://lapor.example.org/netra' }, /https/],
    [{ url: 'ftp://lapor.example.org/' }, /https/],
    [{ url: 'https://user:pass@lapor.example.org/' }, /kata sandi/],
    [{ url: 'https://lapor.example.org/', token: 'abc\ndef' }, /Token/],
    [{ url: 'https://lapor.example.org/', token: 'tökén' }, /Token/],
  ])('rejects %j', (value, message) => {
    expect(endpointProblem(value)).toMatch(message);
  });
});

describe('sendReport against a real receiver', () => {
  test('delivers with bearer token, Idempotency-Key and JSON body; the token is not in the URL', async () => {
    const report = createReportMock();
    const outcome = await sendReport(cfg(), report, deps);
    expect(outcome).toEqual({ kind: 'delivered', status: 201 });
    expect(receiver.received).toEqual([report]);
    const [request] = receiver.requests;
    expect(request).toMatchObject({
      idempotencyKey: report.id,
      authorization: `Bearer ${TOKEN}`,
      test: false,
    });
    expect(request!.path).not.toContain(TOKEN);
  });

  test('a second send of the same report is a 409 and counts as delivered', async () => {
    const report = createReportMock();
    await sendReport(cfg(), report, deps);
    expect(await sendReport(cfg(), report, deps)).toEqual({ kind: 'delivered', status: 409 });
    expect(receiver.received).toHaveLength(1);
  });

  const byStatus: [string, string, Partial<SendOutcome>][] = [
    ['200', '200', { kind: 'delivered', status: 200 }],
    ['204', '204', { kind: 'delivered', status: 204 }],
    ['500', '500', { kind: 'retry', reason: 'server', status: 500, message: 'scripted 500' }],
    [
      '502',
      '502:message=upstream down',
      { kind: 'retry', reason: 'server', status: 502, message: 'upstream down' },
    ],
    ['503 + Retry-After seconds', '503:retry-after=2', { kind: 'retry', status: 503, retryAfterMs: 2_000 }],
    [
      '429 + Retry-After date',
      '429:retry-after=Sat, 03 Feb 2024 05:01:00 GMT',
      { kind: 'retry', reason: 'rate_limited', status: 429, retryAfterMs: 60_000 },
    ],
    [
      '400 with message',
      '400:message=Kategori salah',
      { kind: 'failed', reason: 'rejected', status: 400, message: 'Kategori salah' },
    ],
    ['403', '403', { kind: 'failed', reason: 'auth', status: 403 }],
    ['410', '410', { kind: 'failed', reason: 'not_found', status: 410 }],
    ['422', '422', { kind: 'failed', reason: 'rejected', status: 422 }],
    ['413', '413', { kind: 'failed', reason: 'too_large', status: 413 }],
  ];
  test.each(byStatus)('%s', async (_name, script, expected) => {
    receiver.setBehaviour([script]);
    expect(await sendReport(cfg(), createReportMock(), deps)).toMatchObject(expected);
  });

  test('a 5xx without Retry-After has no retryAfterMs', async () => {
    receiver.setBehaviour(['503']);
    expect(await sendReport(cfg(), createReportMock(), deps)).not.toHaveProperty('retryAfterMs');
  });

  test('the receiver rejects a report that breaks the published schema with a 400 and its reason', async () => {
    const broken = { ...createReportMock(), reviewer: { category: 'gossip' } } as never;
    const outcome = await sendReport(cfg(), broken, deps);
    expect(outcome).toMatchObject({
      kind: 'failed',
      status: 400,
      message: expect.stringMatching(/skema v1.*category/),
    });
  });

  test('a wrong token is a permanent failure with the server message', async () => {
    const outcome = await sendReport({ url: receiver.url, token: 'salah' }, createReportMock(), deps);
    expect(outcome).toEqual({
      kind: 'failed',
      reason: 'auth',
      status: 401,
      message: 'Token tidak valid.',
      serverMessage: 'Token tidak valid.',
    });
  });

  test('a wrong path is not_found', async () => {
    const outcome = await sendReport(
      { url: receiver.url.replace('/reports', '/nope'), token: TOKEN },
      createReportMock(),
      deps,
    );
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'not_found', status: 404 });
  });

  test('a redirect is refused, not followed', async () => {
    receiver.setBehaviour(() => ({ status: 307, headers: { Location: '/elsewhere' } }));
    expect(await sendReport(cfg(), createReportMock(), deps)).toMatchObject({
      kind: 'failed',
      reason: 'redirect',
      status: 0,
    });
    expect(receiver.requests).toHaveLength(1);
  });

  test('no answer within timeoutMs is a retry (timeout)', async () => {
    receiver.setBehaviour(['timeout']);
    const outcome = await sendReport(cfg(), createReportMock(), { ...deps, timeoutMs: 150 });
    expect(outcome).toMatchObject({ kind: 'retry', reason: 'timeout' });
    expect(outcome).not.toHaveProperty('status');
  });

  test('a dropped connection is a retry (network)', async () => {
    receiver.setBehaviour(['drop']);
    expect(await sendReport(cfg(), createReportMock(), deps)).toMatchObject({
      kind: 'retry',
      reason: 'network',
    });
  });

  test('a closed port is a retry (network)', async () => {
    const gone = await startReceiver();
    const url = gone.url;
    await gone.close();
    expect(await sendReport({ url }, createReportMock(), deps)).toMatchObject({
      kind: 'retry',
      reason: 'network',
    });
  });

  test('a bad configuration fails without any request', async () => {
    const outcome = await sendReport({ url: 'http://lapor.example.org/' }, createReportMock(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'config', status: 0 });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('testConnection', () => {
  test('succeeds with a test report that the receiver validates but does not file', async () => {
    const result = await testConnection(cfg(), deps);
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      message: expect.stringMatching(/^Koneksi berhasil/),
    });
    expect(receiver.received).toHaveLength(0);
    expect(receiver.requests[0]).toMatchObject({ test: true, outcome: 'test' });
  });

  const failures: [string, () => void, { url?: string; token?: string } | undefined, RegExp, string][] = [
    [
      'wrong token',
      () => {},
      { token: 'salah' },
      /Token ditolak.*HTTP 401.*Pesan server: Token tidak valid/,
      'auth',
    ],
    ['wrong path', () => {}, { url: 'PATH' }, /tidak ditemukan.*HTTP 404/, 'not_found'],
    [
      'server error',
      () => receiver.setBehaviour(['503']),
      undefined,
      /Server sedang bermasalah.*HTTP 503/,
      'server',
    ],
    ['rate limited', () => receiver.setBehaviour(['429']), undefined, /membatasi/, 'rate_limited'],
    [
      'rejected',
      () => receiver.setBehaviour(['400:message=versi tidak didukung']),
      undefined,
      /format laporan Netra.*versi tidak didukung/,
      'rejected',
    ],
    ['timeout', () => receiver.setBehaviour(['timeout']), undefined, /tidak menjawab tepat waktu/, 'timeout'],
    [
      'dropped',
      () => receiver.setBehaviour(['drop']),
      undefined,
      /Tidak dapat menghubungi server/,
      'network',
    ],
    ['plain http elsewhere', () => {}, { url: 'http://lapor.example.org/' }, /https/, 'config'],
  ];
  test.each(failures)(
    '%s → a clear Indonesian message',
    async (_name, arrange, override, message, problem) => {
      arrange();
      const url =
        override?.url === 'PATH'
          ? receiver.url.replace('/reports', '/salah')
          : (override?.url ?? receiver.url);
      const result = await testConnection(
        { url, token: override?.token ?? TOKEN },
        { ...deps, timeoutMs: 300 },
      );
      expect(result).toMatchObject({ ok: false, problem, message: expect.stringMatching(message) });
    },
  );
});
