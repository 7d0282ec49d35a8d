import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parseScriptToken, type Receiver, seededRandom, startReceiver } from '../support/receiver';
import { createReportMock } from './factories';

// The test receiver is itself test infrastructure that other suites (e2e, soak) trust; these
// check the parts of it the endpoint tests do not reach.

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());

function post(body: unknown, headers: Record<string, string> = {}) {
  const id = (body as { id?: string }).id;
  return fetch(receiver.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(id ? { 'Idempotency-Key': id } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('parseScriptToken', () => {
  test.each([
    ['ok', undefined],
    ['timeout', { action: 'timeout' }],
    ['drop', { action: 'drop' }],
    ['lost-reply', { action: 'lost-reply' }],
    ['500', { status: 500, headers: {}, body: { error: 'scripted 500' } }],
    ['503:retry-after=2', { status: 503, headers: { 'Retry-After': '2' }, body: { error: 'scripted 503' } }],
    [
      '429:retry-after=Sat, 03 Feb 2024 05:01:00 GMT;message=pelan',
      { status: 429, headers: { 'Retry-After': 'Sat, 03 Feb 2024 05:01:00 GMT' }, body: { error: 'pelan' } },
    ],
  ])('%s', (token, expected) => {
    expect(parseScriptToken(token)).toEqual(expected);
  });

  test.each([['5000'], ['teapot'], ['500:colour=red']])('refuses %s', (token) => {
    expect(() => parseScriptToken(token)).toThrow(/receiver/);
  });
});

describe('the receiver', () => {
  test('stores a report once; a repeat is 409', async () => {
    const report = createReportMock();
    expect((await post(report)).status).toBe(201);
    expect((await post(report)).status).toBe(409);
    expect(receiver.received).toEqual([report]);
  });

  test.each([
    ['no Idempotency-Key', (r: object) => post(r, { 'Idempotency-Key': '' }), 400, /Idempotency-Key wajib/],
    [
      'a key that is not the id',
      (r: object) => post(r, { 'Idempotency-Key': 'other' }),
      400,
      /sama dengan id/,
    ],
    ['a body that is not JSON', () => post('{nope'), 400, /bukan JSON/],
    [
      'a non-JSON content type',
      (r: object) => post(r, { 'Content-Type': 'text/plain' }),
      415,
      /application\/json/,
    ],
  ])('rejects %s', async (_name, send, status, message) => {
    const response = await send(createReportMock());
    expect(response.status).toBe(status);
    expect((await response.json()).error).toMatch(message);
    expect(receiver.received).toEqual([]);
  });

  test('answers CORS preflight', async () => {
    const response = await fetch(receiver.url, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/);
  });

  test('a body over the limit is 413', async () => {
    const small = await startReceiver({ maxBodyBytes: 100 });
    try {
      const response = await fetch(small.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(createReportMock()),
      });
      expect(response.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  test('a lost reply stores the report but the client sees a dropped connection', async () => {
    receiver.setBehaviour(['lost-reply']);
    const report = createReportMock();
    await expect(post(report)).rejects.toThrow();
    expect(receiver.received).toEqual([report]);
  });

  test('random failures are reproducible from the seed', async () => {
    const run = async () => {
      receiver.reset();
      receiver.setRandomFailures({ errorRate: 0.3, dropRate: 0.2, seed: 99 });
      const statuses: (number | string)[] = [];
      for (let i = 0; i < 20; i += 1) {
        statuses.push(
          await post(createReportMock()).then(
            (r) => r.status,
            () => 'drop',
          ),
        );
      }
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([201, 500, 503, 'drop']));
  });

  test('waitForReports resolves once enough reports arrived, and times out otherwise', async () => {
    const waiting = receiver.waitForReports(1, 2_000);
    await post(createReportMock());
    await expect(waiting).resolves.toBeUndefined();
    await expect(receiver.waitForReports(5, 50)).rejects.toThrow(/1\/5 reports/);
  });

  test('seededRandom is uniform enough and deterministic', () => {
    const a = seededRandom(1);
    const values = Array.from({ length: 10_000 }, () => a());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
    expect(seededRandom(1)()).toBe(values[0]);
  });
});
