import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { hashWatchlist } from '../../lib/asn/hash-list';
import { saltedHashHex } from '../../lib/asn/hashed';
import { type CliIo, main } from '../../tools/watchlist';
import { createTestRegistry, csv, EN_HEADER } from './helpers';

const SALT = 'bawaslu-2024-abc';

function hashedDoc(entries: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: 'netra-hashed-watchlist', version: 1, salt: SALT, entries, ...extra });
}

describe('salted hashes', () => {
  test.each(['x:budi_pns', 'facebook:id:1000123', 'youtube:id:UCabcdefghijklmnopqrstuV', 'youtube:ñandú'])(
    '%s hashes like `printf "%%s:%%s" SALT KEY | sha256sum`',
    (key) => {
      const expected = createHash('sha256').update(`${SALT}:${key}`, 'utf8').digest('hex');
      expect(saltedHashHex(SALT, key)).toBe(expected);
    },
  );
});

describe('hashed lists', () => {
  test('match like any list but reveal only agency and region', async () => {
    const { registry } = createTestRegistry();
    const report = await registry.importWatchlist(
      hashedDoc([
        { h: saltedHashHex(SALT, 'x:budi_pns'), agency: 'Pemkab Sleman', region: '3404' },
        { h: saltedHashHex(SALT, 'tiktok:andi.asn').toUpperCase() },
      ]),
    );
    expect(report).toMatchObject({ imported: 2, errors: [], replaced: true });
    const found = await registry.lookup(['x:budi_pns', 'tiktok:andi.asn', 'x:andi']);
    expect(found.get('x:budi_pns')).toEqual({
      key: 'x:budi_pns',
      source: 'hashed',
      listName: 'hashed',
      agency: 'Pemkab Sleman',
      region: '3404',
    });
    expect(found.get('tiktok:andi.asn')).toEqual({
      key: 'tiktok:andi.asn',
      source: 'hashed',
      listName: 'hashed',
    });
    expect(found.has('x:andi')).toBe(false);
    // nothing readable: no search hits, nothing exported
    expect((await registry.search('')).total).toBe(0);
    expect((await registry.search('sleman')).total).toBe(0);
    expect(await registry.exportCsv()).toBe(EN_HEADER);
    expect((await registry.stats()).bySource.hashed).toBe(2);
  });

  test('a different salt does not match', async () => {
    const { registry } = createTestRegistry();
    await registry.importWatchlist(hashedDoc([{ h: saltedHashHex('another-salt', 'x:budi_pns') }]));
    expect((await registry.lookup(['x:budi_pns'])).size).toBe(0);
  });

  test.each([
    ['a short hash', { h: 'abc123' }, 'invalid-hash'],
    ['no hash', { agency: 'x' }, 'invalid-hash'],
    ['a non-hex hash', { h: 'z'.repeat(64) }, 'invalid-hash'],
    ['a number as agency', { h: saltedHashHex(SALT, 'x:c'), agency: 7 }, 'invalid-field'],
    ['a long region', { h: saltedHashHex(SALT, 'x:c'), region: 'r'.repeat(201) }, 'field-too-long'],
    ['not an object', 'abc', 'not-an-object'],
    ['a duplicate', { h: saltedHashHex(SALT, 'x:a') }, 'duplicate'],
  ])('%s is a bad row', async (_label, entry, code) => {
    const { registry } = createTestRegistry();
    const report = await registry.importWatchlist(hashedDoc([{ h: saltedHashHex(SALT, 'x:a') }, entry]));
    expect(report.imported).toBe(1);
    expect(report.errors).toEqual([expect.objectContaining({ line: 2, code })]);
  });

  test('hashWatchlist hashes every key of every valid row, sorted by hash', async () => {
    const text = csv(
      EN_HEADER,
      'x,budi_pns,,Budi,Pemkab Sleman,Guru,3404,,,',
      'facebook,siti.aminah,https://www.facebook.com/profile.php?id=1000123,Siti,Kemenag,,3471,,,',
    );
    const { report, list } = await hashWatchlist(text, 'csv', {
      salt: SALT,
      version: 12,
      name: 'Jateng',
      keep: ['agency'],
      now: new Date('2024-11-01T00:00:00Z'),
    });
    expect(report).toMatchObject({ imported: 2, errorCount: 0 });
    expect(list).toMatchObject({ format: 'netra-hashed-watchlist', version: 12, name: 'Jateng', salt: SALT });
    expect(list!.entries).toHaveLength(3);
    expect(list!.entries.map((e) => e.h)).toEqual([...list!.entries.map((e) => e.h)].sort());
    expect(JSON.stringify(list)).not.toMatch(/budi|siti|Guru|3404/);

    const { registry } = createTestRegistry();
    await registry.importWatchlist(JSON.stringify(list));
    const found = await registry.lookup(['x:budi_pns', 'facebook:sitiaminah', 'facebook:id:1000123']);
    expect([...found.values()].map((m) => m.agency)).toEqual(['Pemkab Sleman', 'Kemenag', 'Kemenag']);
  });
});

describe('CLI', () => {
  function io(files: Record<string, string>) {
    const out: string[] = [];
    const err: string[] = [];
    const cli: CliIo = {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      readFile: (path) => {
        const text = files[path];
        if (text === undefined) throw new Error('ENOENT');
        return text;
      },
      now: () => new Date('2024-11-01T00:00:00Z'),
    };
    return { cli, out, err };
  }
  const good = csv(EN_HEADER, 'x,budi_pns,,Budi,Pemkab Sleman,,3404,,,');
  const bad = csv(EN_HEADER, 'x,budi_pns,,,,,,,,', 'myspace,a,,,,,,,,', 'x,budi_pns,,,,,,,,');

  test('check: a clean file exits 0 with a summary', async () => {
    const { cli, out } = io({ 'list.csv': good });
    expect(await main(['check', 'list.csv'], cli)).toBe(0);
    expect(out.join('')).toContain('1 of 1 rows valid, 0 bad');
  });

  test('check: every bad row is printed with its line and reason; exit 1', async () => {
    const { cli, out } = io({ 'list.csv': bad });
    expect(await main(['check', 'list.csv'], cli)).toBe(1);
    const text = out.join('');
    expect(text).toContain('baris 3: [unknown-site]');
    expect(text).toContain('baris 4: [duplicate]');
    expect(text).toContain('1 of 3 rows valid, 2 bad');
  });

  test.each([
    [['check'], 2],
    [['frobnicate', 'list.csv'], 2],
    [['check', 'missing.csv'], 2],
    [['hash', 'list.csv'], 2],
    [['hash', 'list.csv', '--salt', 'short'], 2],
    [['hash', 'list.csv', '--salt', SALT, '--keep', 'name'], 2],
  ])('bad invocation %j exits %i', async (args, code) => {
    const { cli, err } = io({ 'list.csv': good });
    expect(await main(args, cli)).toBe(code);
    expect(err.join('')).not.toBe('');
  });

  test('hash writes a hashed list to stdout', async () => {
    const { cli, out } = io({ 'list.csv': good });
    expect(await main(['hash', 'list.csv', '--salt', SALT, '--keep', 'region'], cli)).toBe(0);
    const list = JSON.parse(out.join(''));
    expect(list).toMatchObject({
      format: 'netra-hashed-watchlist',
      salt: SALT,
      version: Math.floor(Date.parse('2024-11-01T00:00:00Z') / 1000),
      entries: [{ h: saltedHashHex(SALT, 'x:budi_pns'), region: '3404' }],
    });
    expect(list.entries[0].agency).toBeUndefined();
  });

  test('hash refuses a file with bad rows unless --skip-bad', async () => {
    const refused = io({ 'list.csv': bad });
    expect(await main(['hash', 'list.csv', '--salt', SALT], refused.cli)).toBe(1);
    expect(refused.out).toEqual([]);
    const skipped = io({ 'list.csv': bad });
    expect(
      await main(['hash', 'list.csv', '--salt', SALT, '--skip-bad', '--version', '3'], skipped.cli),
    ).toBe(0);
    expect(JSON.parse(skipped.out.join(''))).toMatchObject({ version: 3, entries: [{}] });
  });
});
