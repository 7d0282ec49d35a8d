import { describe, expect, test } from 'vitest';
import { createTestRegistry } from '../asn/helpers';
import { BodyTooLargeError, readCappedText } from '@/lib/net/capped-body';
import { sendReport } from '@/lib/reports/endpoint';
import { createReportMock } from '../reports/factories';

// Issue #17, attack 10: a 1.2 GB error reply crashed the extension; a sync body without
// Content-Length was read whole before its size check. Bodies are now read through a byte cap.

const CHUNK = 64 * 1024;

/** A body that never ends and declares no length; `pulled` says how much was asked of it. */
function endless(fill = 'x') {
  const chunk = new TextEncoder().encode(fill.repeat(CHUNK / fill.length));
  const counter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, counter };
}

describe('readCappedText', () => {
  test('an endless body without Content-Length is refused once past the cap, not read whole', async () => {
    const { body, counter } = endless();
    await expect(readCappedText(new Response(body), 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(counter.pulled).toBeLessThanOrEqual(1024 * 1024 + 4 * CHUNK);
  });

  test('a declared Content-Length over the cap is refused before reading', async () => {
    const { body, counter } = endless();
    const response = new Response(body, { headers: { 'content-length': String(2 ** 31) } });
    await expect(readCappedText(response, 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(counter.pulled).toBeLessThanOrEqual(4 * CHUNK);
  });

  test('truncate keeps the first bytes and says so', async () => {
    const { body } = endless('ab');
    const { text, truncated } = await readCappedText(new Response(body), 1000, 'truncate');
    expect(truncated).toBe(true);
    expect(text).toBe('ab'.repeat(500));
  });

  test('a body within the cap is read as text, multi-byte characters across chunks intact', async () => {
    const bytes = new TextEncoder().encode('Dinas Pendidikan ✌️ Jawa Tengah');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    expect(await readCappedText(new Response(body), 1000)).toEqual({
      text: 'Dinas Pendidikan ✌️ Jawa Tengah',
      truncated: false,
    });
  });
});

describe('where Netra reads bodies', () => {
  test('an endless error reply from the endpoint gives a retry with a message, quickly', async () => {
    const report = createReportMock();
    const fetch = (async () =>
      new Response(endless('Server sibuk. ').body, { status: 503 })) as typeof globalThis.fetch;
    const outcome = await sendReport({ url: 'https://laporan.example/in' }, report, {
      fetch,
      timeoutMs: 5_000,
    });
    expect(outcome).toMatchObject({ kind: 'retry', reason: 'server', status: 503 });
    expect(outcome.kind === 'retry' && outcome.message.length).toBeLessThanOrEqual(300);
  });

  test('a watchlist sync body without Content-Length over the cap is "too large", not read whole', async () => {
    const { registry } = createTestRegistry();
    const { body, counter } = endless('budi,');
    const fetch = (async () =>
      new Response(body, {
        status: 200,
        headers: { 'content-type': 'text/csv' },
      })) as typeof globalThis.fetch;
    const result = await registry.sync('https://daftar.example/asn.csv', { fetch, maxBytes: 1024 * 1024 });
    expect(result).toMatchObject({ status: 'error', code: 'too-large' });
    expect(counter.pulled).toBeLessThanOrEqual(1024 * 1024 + 4 * CHUNK);
  });
});
