import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { saltedHashHex } from '../../lib/asn/hashed';
import { createRegistry } from '../../lib/asn/registry';
import { createTestRegistry, csv, EN_HEADER } from './helpers';

// A real HTTP server on 127.0.0.1: the registry talks to it with the platform's fetch.

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

let server: Server;
let base = '';
let reply: (headers: IncomingHttpHeaders) => Reply;
let requests: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.headers);
    const r = reply(req.headers);
    res.writeHead(r.status, r.headers);
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
});

function listJson(version: number, handles: string[], name = 'Bawaslu Jateng'): string {
  return JSON.stringify({
    format: 'netra-watchlist',
    version,
    generatedAt: '2024-11-01T00:00:00Z',
    name,
    entries: handles.map((handle) => ({ site: 'x', handle, agency: `v${version}` })),
  });
}

/** Serves `body` with an ETag, answering 304 when the client already has it. */
function serveWithEtag(body: string, etag: string): (h: IncomingHttpHeaders) => Reply {
  return (h): Reply =>
    h['if-none-match'] === etag
      ? { status: 304, headers: { ETag: etag } }
      : { status: 200, headers: { ETag: etag, 'Content-Type': 'application/json' }, body };
}

describe('sync', () => {
  test('200 updates the list; a conditional request then gets 304 and keeps it', async () => {
    const { registry } = createTestRegistry();
    const url = `${base}/list.json`;
    reply = serveWithEtag(listJson(3, ['budi_pns', 'andi']), '"v3"');

    const first = await registry.sync(url);
    expect(first).toMatchObject({ status: 'updated', version: 3, imported: 2, total: 2, errors: [] });
    expect(requests[0]!['if-none-match']).toBeUndefined();
    const match = (await registry.lookup(['x:budi_pns'])).get('x:budi_pns');
    expect(match).toMatchObject({ source: 'sync', agency: 'v3', listName: 'Bawaslu Jateng' });

    const second = await registry.sync(url);
    expect(second).toEqual({ status: 'not-modified', listId: `sync:${url}`, version: 3 });
    expect(requests[1]!['if-none-match']).toBe('"v3"');
    expect((await registry.lookup(['x:budi_pns'])).size).toBe(1);
  });

  test('Last-Modified is sent back as If-Modified-Since', async () => {
    const { registry } = createTestRegistry();
    const stamp = 'Fri, 01 Nov 2024 00:00:00 GMT';
    reply = (h) =>
      h['if-modified-since'] === stamp
        ? { status: 304 }
        : { status: 200, headers: { 'Last-Modified': stamp }, body: listJson(1, ['budi_pns']) };
    await registry.sync(`${base}/lm.json`);
    expect(await registry.sync(`${base}/lm.json`)).toMatchObject({ status: 'not-modified' });
    expect(requests[1]!['if-modified-since']).toBe(stamp);
  });

  test('a newer version replaces the list; the validators are remembered across restarts', async () => {
    const { registry, store } = createTestRegistry();
    const url = `${base}/grow.json`;
    reply = serveWithEtag(listJson(1, ['budi_pns']), '"a"');
    await registry.sync(url);
    reply = serveWithEtag(listJson(2, ['andi']), '"b"');
    expect(await registry.sync(url)).toMatchObject({ status: 'updated', version: 2 });
    expect([...(await registry.lookup(['x:budi_pns', 'x:andi'])).keys()]).toEqual(['x:andi']);

    const restarted = createRegistry(store);
    expect(await restarted.sync(url)).toMatchObject({ status: 'not-modified', version: 2 });
    expect(requests.at(-1)!['if-none-match']).toBe('"b"');
  });

  test.each([
    ['404', { status: 404, body: 'not found' }, 'http-error', 404],
    ['500', { status: 500, body: 'oops' }, 'http-error', 500],
    [
      'malformed JSON',
      { status: 200, body: '{"format": "netra-watchlist", "version": 4, "entries": [' },
      'invalid-json',
      undefined,
    ],
    ['not a list', { status: 200, body: '{"hello": "world"}' }, 'invalid-format', undefined],
    [
      'no version',
      { status: 200, body: JSON.stringify({ entries: [{ site: 'x', handle: 'z' }] }) },
      'missing-version',
      undefined,
    ],
    ['an older version', { status: 200, body: listJson(1, ['someone']) }, 'version-downgrade', undefined],
    [
      'no valid rows',
      { status: 200, body: JSON.stringify({ version: 9, entries: [{ site: 'x' }] }) },
      'no-valid-rows',
      undefined,
    ],
    ['an empty body', { status: 200, body: '' }, 'empty-file', undefined],
  ] as const)('%s: error, and the last good list stays', async (_label, bad, code, httpStatus) => {
    const { registry } = createTestRegistry({ now: () => new Date('2024-11-02T00:00:00Z') });
    const url = `${base}/flaky.json`;
    reply = () => ({ status: 200, body: listJson(2, ['budi_pns']) });
    await registry.sync(url);

    reply = () => bad;
    const result = await registry.sync(url);
    expect(result).toMatchObject({ status: 'error', code, listId: `sync:${url}` });
    if (httpStatus) expect(result).toMatchObject({ httpStatus });
    if (result.status === 'error') expect(result.message).not.toBe(result.messageEn);
    expect((await registry.lookup(['x:budi_pns'])).get('x:budi_pns')).toMatchObject({
      source: 'sync',
      agency: 'v2',
    });

    const list = (await registry.stats()).lists.find((l) => l.url === url)!;
    expect(list).toMatchObject({
      version: 2,
      entries: 1,
      lastError: { code, at: '2024-11-02T00:00:00.000Z' },
    });
  });

  test('the same version again is not-modified even without validators', async () => {
    const { registry } = createTestRegistry();
    reply = () => ({ status: 200, body: listJson(5, ['budi_pns']) });
    await registry.sync(`${base}/same.json`);
    expect(await registry.sync(`${base}/same.json`)).toMatchObject({ status: 'not-modified', version: 5 });
  });

  test('a success clears the last error', async () => {
    const { registry } = createTestRegistry();
    const url = `${base}/recover.json`;
    reply = () => ({ status: 503 });
    expect(await registry.sync(url)).toMatchObject({ status: 'error', code: 'http-error', httpStatus: 503 });
    expect((await registry.stats()).lists[0]).toMatchObject({
      entries: 0,
      lastError: { code: 'http-error' },
    });
    reply = () => ({ status: 200, body: listJson(1, ['budi_pns']) });
    expect(await registry.sync(url)).toMatchObject({ status: 'updated' });
    expect((await registry.stats()).lists[0]!.lastError).toBeUndefined();
  });

  test('a CSV list with a version directive', async () => {
    const { registry } = createTestRegistry();
    const body = `# netra-watchlist; version=7; generated-at=2024-11-01T00:00:00Z; name=Daftar CSV\n${csv(
      EN_HEADER,
      'x,budi_pns,,Budi,,,,,,',
      'x,bad handle,,,,,,,,',
    )}`;
    reply = () => ({ status: 200, headers: { 'Content-Type': 'text/csv' }, body });
    const result = await registry.sync(`${base}/list.csv`);
    expect(result).toMatchObject({ status: 'updated', version: 7, imported: 1, total: 2 });
    if (result.status === 'updated')
      expect(result.errors).toEqual([expect.objectContaining({ line: 4, code: 'invalid-handle' })]);
    expect((await registry.lookup(['x:budi_pns'])).get('x:budi_pns')).toMatchObject({
      listName: 'Daftar CSV',
    });
  });

  test('a CSV list without a version is refused', async () => {
    const { registry } = createTestRegistry();
    reply = () => ({ status: 200, body: csv(EN_HEADER, 'x,budi_pns,,,,,,,,') });
    expect(await registry.sync(`${base}/nov.csv`)).toMatchObject({
      status: 'error',
      code: 'missing-version',
    });
  });

  test('a hashed list can be synced too', async () => {
    const { registry } = createTestRegistry();
    const salt = 'salt-for-sync-test';
    reply = () => ({
      status: 200,
      body: JSON.stringify({
        format: 'netra-hashed-watchlist',
        version: 1,
        salt,
        entries: [{ h: saltedHashHex(salt, 'x:budi_pns'), agency: '3404' }],
      }),
    });
    expect(await registry.sync(`${base}/hashed.json`)).toMatchObject({ status: 'updated', imported: 1 });
    expect((await registry.lookup(['x:budi_pns'])).get('x:budi_pns')).toEqual({
      key: 'x:budi_pns',
      source: 'hashed',
      listName: '127.0.0.1',
      agency: '3404',
    });
  });

  test.each([
    ['plain http to another host', 'http://example.com/list.json'],
    ['not a URL', 'list.json'],
    ['a file URL', 'file:///etc/passwd'],
  ])('%s is refused before any request', async (_label, url) => {
    const { registry } = createTestRegistry();
    expect(await registry.sync(url)).toMatchObject({ status: 'error', code: 'invalid-url' });
    expect(requests).toHaveLength(0);
  });

  test('a server that is down gives a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { registry } = createTestRegistry();
    expect(await registry.sync(`http://127.0.0.1:${port}/x.json`)).toMatchObject({
      status: 'error',
      code: 'network-error',
    });
  });

  test('fetch is injectable', async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(listJson(1, ['budi_pns']), { status: 200 });
    };
    const { registry } = createTestRegistry({ fetch: fakeFetch });
    expect(await registry.sync('https://watchlist.example.go.id/asn.json')).toMatchObject({
      status: 'updated',
    });
    expect(seen).toEqual(['https://watchlist.example.go.id/asn.json']);
  });

  test('a slow server times out', async () => {
    const { registry } = createTestRegistry();
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    expect(
      await registry.sync('https://slow.example/list.json', { fetch: hanging, timeoutMs: 20 }),
    ).toMatchObject({
      status: 'error',
      code: 'network-error',
    });
  });
});
