import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { ImportProgress } from '../../lib/asn/types';
import { createTestRegistry, csv, EN_HEADER, generatedCsv, ID_HEADER } from './helpers';

const GOOD = 'x,budi_pns,,Budi,Dinas Pendidikan,Guru,Kab. Sleman,,,';

describe('row errors', () => {
  // each bad row sits on line 3, after the header and one good row
  test.each([
    ['unknown-site', 'myspace,budi,,,,,,,,'],
    ['unknown-site', 'constructor,budi,,,,,,,,'],
    ['missing-site', ',budi,,,,,,,,'],
    ['missing-handle', 'x,,,Budi,,,,,,'],
    ['invalid-handle', 'x,budi pns,,,,,,,,'],
    ['malformed-url', 'x,,https://x.com/budi pns,,,,,,,'],
    ['unsupported-url', 'x,,https://x.com/home,,,,,,,'],
    ['unsupported-url', ',,https://example.com/budi,,,,,,,'],
    ['site-mismatch', 'instagram,,https://x.com/andi,,,,,,,'],
    ['handle-mismatch', 'x,andi,https://x.com/budi,,,,,,,'],
    ['duplicate', 'X,@Budi_PNS,,,,,,,,'],
    ['duplicate', ',,https://twitter.com/budi_pns,,,,,,,'],
    ['invalid-nip', 'x,andi,,,,,,123456789012345678,,'],
    ['invalid-nip', 'x,andi,,,,,,198513122010011003,,'],
    ['field-too-long', `x,andi,,${'a'.repeat(201)},,,,,,`],
    ['column-count', 'x,andi,,Andi, S.Pd,,,,,,extra'],
    ['malformed-row', 'x,andi,,"Andi "the" Santoso",,,,,,'],
  ])('%s: %s', async (code, bad) => {
    const { registry } = createTestRegistry();
    const report = await registry.importWatchlist(csv(EN_HEADER, GOOD, bad), 'csv');
    expect(report.imported).toBe(1);
    expect(report.total).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ line: 3, code })]);
    expect(report.errors[0]!.message).not.toBe('');
    expect(report.errors[0]!.messageEn).not.toBe(report.errors[0]!.message);
    expect(report.replaced).toBe(true);
  });

  test('a duplicate names the line of the first occurrence', async () => {
    const { registry } = createTestRegistry();
    const report = await registry.importWatchlist(
      csv(EN_HEADER, GOOD, 'x,andi,,,,,,,,', 'x,budi_pns,,,,,,,,'),
    );
    expect(report.errors[0]).toMatchObject({ line: 4, code: 'duplicate' });
    expect(report.errors[0]!.message).toContain('baris 2');
  });

  test('a duplicate across chunks still names its first line', async () => {
    const { registry } = createTestRegistry({ chunkRows: 2 });
    const rows = ['x,a_1,,,,,,,,', 'x,a_2,,,,,,,,', 'x,a_3,,,,,,,,', 'x,a_1,,,,,,,,'];
    const report = await registry.importWatchlist(csv(EN_HEADER, ...rows));
    expect(report.errors).toEqual([expect.objectContaining({ line: 5, code: 'duplicate' })]);
    expect(report.errors[0]!.messageEn).toContain('line 2');
  });

  test('a handle and a numeric id URL make one entry with two keys', async () => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(
      csv(EN_HEADER, 'facebook,budi.santoso.9,https://www.facebook.com/profile.php?id=1000123,Budi,,,,,,'),
    );
    const found = await registry.lookup(['facebook:budisantoso9', 'facebook:id:1000123']);
    expect([...found.values()].map((m) => m.name)).toEqual(['Budi', 'Budi']);
  });

  test('line numbers count quoted line breaks and blank lines', async () => {
    const { registry } = createTestRegistry();
    const text = csv(
      EN_HEADER,
      'x,a_1,,"two\nlines",,,,,,',
      '',
      'x,bad one,,,,,,,,',
      'x,a_2,,,,,,,,',
      'zz,a,,,,,,,,',
    );
    const report = await registry.importWatchlist(text.replace(/\n/g, '\r\n'));
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [5, 'invalid-handle'],
      [7, 'unknown-site'],
    ]);
    expect(report.imported).toBe(2);
  });

  test('bad rows beyond maxErrors are counted, not listed', async () => {
    const { registry } = createTestRegistry();
    const bad = Array.from({ length: 30 }, () => 'x,,,,,,,,,');
    const report = await registry.importWatchlist(csv(EN_HEADER, GOOD, ...bad), 'csv', { maxErrors: 10 });
    expect(report.errors).toHaveLength(10);
    expect(report.errorCount).toBe(30);
  });
});

describe('file errors keep the previous list', () => {
  test.each([
    ['empty-file', '', 'csv'],
    ['empty-file', '\uFEFF\n\n', 'auto'],
    ['missing-columns', 'nama,instansi\nBudi,Dinas', 'csv'],
    ['missing-columns', 'constructor,__proto__\nx,budi', 'csv'],
    ['invalid-json', '[{"site": "x",', 'json'],
    ['invalid-format', '{"entries": 3}', 'json'],
    ['invalid-format', '{"format": "other", "entries": []}', 'json'],
    ['invalid-format', '"just a string"', 'json'],
    ['missing-version', '{"format": "netra-watchlist", "version": -1, "entries": []}', 'json'],
    ['missing-version', `# netra-watchlist; version=abc\n${EN_HEADER}\n${GOOD}`, 'csv'],
    [
      'invalid-salt',
      '{"format": "netra-hashed-watchlist", "version": 1, "salt": "short", "entries": []}',
      'json',
    ],
    ['no-valid-rows', csv(EN_HEADER, 'x,,,,,,,,,'), 'csv'],
  ] as const)('%s', async (code, text, format) => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(csv(EN_HEADER, GOOD));
    const report = await registry.importWatchlist(text, format);
    expect(report.replaced).toBe(false);
    expect(report.imported).toBe(0);
    if (code !== 'no-valid-rows') expect(report.errors[0]).toMatchObject({ code });
    expect((await registry.lookup(['x:budi_pns'])).get('x:budi_pns')?.name).toBe('Budi');
  });

  test('too-many-rows', async () => {
    const { registry } = createTestRegistry({ maxRows: 10 });
    await registry.importWatchlist(csv(EN_HEADER, GOOD));
    const report = await registry.importWatchlist(generatedCsv(20));
    expect(report).toMatchObject({ replaced: false, imported: 0, errors: [{ code: 'too-many-rows' }] });
    expect((await registry.lookup(['x:budi_pns'])).size).toBe(1);
  });
});

describe('formats', () => {
  test.each([
    ['English header', csv(EN_HEADER, GOOD)],
    ['Indonesian header', csv(ID_HEADER, GOOD)],
    ['columns in another order', 'nama,akun,platform\nBudi,budi_pns,x'],
    [
      'semicolons (Excel, Indonesian locale)',
      'platform;akun;nama;instansi\nx;budi_pns;Budi;"Dinas; Pendidikan"',
    ],
    ['tabs', 'site\thandle\tname\nx\tbudi_pns\tBudi'],
    ['a byte-order mark and CRLF', `\uFEFF${csv(EN_HEADER, GOOD).replace(/\n/g, '\r\n')}\r\n`],
    ['only URLs', 'url,name\nhttps://x.com/budi_pns,Budi'],
    ['unknown extra columns', 'site,handle,name,umur\nx,budi_pns,Budi,40'],
    ['a directive line', `# netra-watchlist; version=3; name=Jateng\n${csv(EN_HEADER, GOOD)}`],
    ['JSON array', JSON.stringify([{ site: 'x', handle: 'budi_pns', name: 'Budi' }])],
    [
      'JSON document',
      JSON.stringify({
        format: 'netra-watchlist',
        version: 2,
        entries: [{ url: 'https://x.com/budi_pns', name: 'Budi' }],
      }),
    ],
  ])('%s', async (_label, text) => {
    const { registry } = createTestRegistry();
    const report = await registry.importWatchlist(text);
    expect(report).toMatchObject({ imported: 1, errors: [], replaced: true });
    expect((await registry.lookup(['x:budi_pns'])).get('x:budi_pns')).toMatchObject({
      name: 'Budi',
      source: 'watchlist',
    });
  });

  test('the shipped template imports without errors', async () => {
    const { registry } = createTestRegistry();
    const template = readFileSync(
      new URL('../../public/templates/watchlist-template.csv', import.meta.url),
      'utf8',
    );
    const report = await registry.importWatchlist(template);
    expect(report).toMatchObject({ imported: 6, errors: [], replaced: true });
    const found = await registry.lookup([
      'x:contoh_pns',
      'facebook:siticontoh7',
      'facebook:id:100000000000002',
    ]);
    expect(found.size).toBe(3);
  });

  test.each([
    ['not an object', [42], 'not-an-object'],
    ['a number where text belongs', [{ site: 'x', handle: 'a_1', name: { first: 'A' } }], 'invalid-field'],
    [
      'an NIP as a number (a spreadsheet already rounded it)',
      [{ site: 'x', handle: 'a_1', nip: 198503122010011000 }],
      'invalid-field',
    ],
    ['missing handle', [{ site: 'x', name: 'A' }], 'missing-handle'],
  ])('JSON entry: %s', async (_label, entries, code) => {
    const { registry } = createTestRegistry();
    const report = await registry.importWatchlist(
      JSON.stringify([{ site: 'x', handle: 'ok_1' }, ...entries]),
      'json',
    );
    // for JSON, `line` is the entry's 1-based position in the array
    expect(report.errors).toEqual([expect.objectContaining({ line: 2, code })]);
    expect(report.imported).toBe(1);
  });

  test('the list name comes from the option, then the file', async () => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(`# netra-watchlist; name=Jateng\n${csv(EN_HEADER, GOOD)}`);
    await registry.importWatchlist(csv(EN_HEADER, 'x,andi,,,,,,,,'), 'csv', { listName: 'Jatim' });
    const found = await registry.lookup(['x:budi_pns', 'x:andi']);
    expect(found.get('x:budi_pns')?.listName).toBe('Jateng');
    expect(found.get('x:andi')?.listName).toBe('Jatim');
    expect((await registry.stats()).lists.map((l) => l.id).sort()).toEqual(['import:Jateng', 'import:Jatim']);
  });
});

describe('large files', () => {
  test('progress is reported in batches and the event loop gets turns', async () => {
    let yields = 0;
    const { registry } = createTestRegistry({
      yieldToEventLoop: () => {
        yields++;
        return Promise.resolve();
      },
    });
    const progress: ImportProgress[] = [];
    const report = await registry.importWatchlist(generatedCsv(23_000), 'csv', {
      onProgress: (p) => progress.push(p),
    });
    expect(report.imported).toBe(23_000);
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.at(-1)).toEqual({ done: 23_000, total: 23_000 });
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    expect(progress.every((p) => p.done <= p.total)).toBe(true);
    expect(yields).toBeGreaterThanOrEqual(5);
  });

  test('an import can be cancelled and leaves the previous list', async () => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(csv(EN_HEADER, GOOD));
    const controller = new AbortController();
    const running = registry.importWatchlist(generatedCsv(20_000), 'csv', {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 5000) controller.abort();
      },
    });
    await expect(running).rejects.toMatchObject({ code: 'aborted' });
    expect((await registry.lookup(['x:budi_pns', 'x:pns_1'])).size).toBe(1);
  });
});
