import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { CELL_STRIDE, PlainRows } from '../../lib/asn/plain-row';
import { checkRow, COLUMNS, type RawRow } from '../../lib/asn/rows';
import { ChunkBuilder, EntryTable } from '../../lib/asn/table';
import { createTestRegistry, csv, EN_HEADER } from './helpers';

// The fast path of a CSV import (plain-row.ts) must accept only rows checkRow accepts, and store
// exactly the row checkRow makes; everything else must reach checkRow, which reports it.

const SITES = [
  'x',
  'X',
  'twitter',
  'facebook',
  'fb',
  'FB',
  'instagram',
  'ig',
  'tiktok',
  'youtube',
  'yt',
  'myspace',
  '',
];
const HANDLES = [
  'budi_pns',
  '@Budi_PNS',
  'Budi.Santoso.9',
  'budi.santoso',
  'budi..santoso',
  '.budi',
  'budi.',
  'budi-pns',
  'a',
  'ab',
  'abc',
  'abcd',
  'abcde',
  'a'.repeat(15),
  'a'.repeat(16),
  'a'.repeat(24),
  'a'.repeat(25),
  'a'.repeat(30),
  'a'.repeat(31),
  'b'.repeat(50),
  'b'.repeat(51),
  '1000123',
  '100.0123',
  '1'.repeat(26),
  '@',
  '@@budi',
  'home',
  'Home',
  'explore',
  'watch',
  'p',
  'reels',
  'profile.php',
  'home.php',
  'UCabcdefghijklmnopqrstuV',
  '@UCabcdefghijklmnopqrstuV',
  'ucabcdefghijklmnopqrstuv',
  'id:12345',
  'budi pns',
  ' budi',
  'budi ',
  'büdi',
  'x.com/budi',
  'https://x.com/budi_pns',
  'budi\tpns',
  '',
];
const NIPS = [
  '',
  '198503122010011003',
  '19850312 201001 1 003',
  '198503122010013003',
  '198513122010011003',
  '12345',
];
const NAMES = ['', 'Budi Santoso', ' Budi', 'Budi ', 'Büdi', 'a'.repeat(201), 'Budi\u00a0'];

function raw(site: string, handle: string, nip: string, name: string, url = ''): RawRow {
  return {
    site,
    handle,
    url,
    name,
    agency: 'Dinas Pendidikan',
    position: 'Guru',
    region: 'Kab. Sleman',
    nip,
    source: '',
    note: name ? 'n' : '',
  };
}

/** The row bytes and dictionary ids a builder holds after adding one row. */
function built(table: EntryTable, builder: ChunkBuilder) {
  const { chunk } = builder.finish('c');
  return { text: chunk.text, dicts: [...chunk.dicts].map((id) => table.dictionary()[id]) };
}

function cellsOf(row: RawRow): { text: string; bounds: Int32Array } {
  const bounds = new Int32Array(CELL_STRIDE);
  let text = '';
  COLUMNS.forEach((column, c) => {
    bounds[c * 2] = text.length;
    text += row[column] ?? '';
    bounds[c * 2 + 1] = text.length;
    text += ',';
  });
  return { text, bounds };
}

describe('plain rows', () => {
  test('every row the fast path accepts is accepted by checkRow, with the same stored row', () => {
    let accepted = 0;
    let refused = 0;
    // one table and builder each, emptied after every row (finish), for speed
    const fastTable = new EntryTable();
    const fastBuilder = new ChunkBuilder(fastTable);
    const plain = new PlainRows(fastBuilder, fastTable, new Date().getUTCFullYear());
    const slowTable = new EntryTable();
    const slowBuilder = new ChunkBuilder(slowTable);
    for (const site of SITES) {
      for (const handle of HANDLES) {
        for (const nip of NIPS) {
          for (const name of NAMES) {
            const row = raw(site, handle, nip, name);
            const { text, bounds } = cellsOf(row);
            const fast = plain.add(text, bounds, 0);
            const checked = checkRow(row);
            if (!fast) {
              refused++;
              expect(fastBuilder.rows).toBe(0);
              continue;
            }
            accepted++;
            expect(checked.ok, JSON.stringify(row)).toBe(true);
            if (!checked.ok) continue;
            slowBuilder.add(checked.row);
            expect(built(fastTable, fastBuilder), JSON.stringify(row)).toEqual(built(slowTable, slowBuilder));
          }
        }
      }
    }
    // the fast path must be the common case, not a path that refuses everything
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(1000);
  });

  test('plain handles of every site take the fast path', () => {
    const table = new EntryTable();
    const builder = new ChunkBuilder(table);
    const plain = new PlainRows(builder, table, 2024);
    const rows = [
      raw('x', '@Budi_PNS', '198503122010011003', 'Budi'),
      raw('facebook', 'budi.santoso.9', '', ''),
      raw('instagram', 'budi.pns', '', ''),
      raw('tiktok', '@budi.pns', '', ''),
      raw('youtube', '@Budi-PNS', '', ''),
    ];
    for (const row of rows) {
      const { text, bounds } = cellsOf(row);
      expect(plain.add(text, bounds, 0), JSON.stringify(row)).toBe(true);
    }
    expect(
      builder
        .finish('c')
        .chunk.text.split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual([
      'x:budi_pns',
      'facebook:budisantoso9',
      'instagram:budi.pns',
      'tiktok:budi.pns',
      'youtube:budi-pns',
      '',
    ]);
  });

  test('a key already in the table or in the builder is left to the checked path', () => {
    const table = new EntryTable();
    const builder = new ChunkBuilder(table);
    const plain = new PlainRows(builder, table, 2024);
    const add = (row: RawRow) => {
      const { text, bounds } = cellsOf(row);
      return plain.add(text, bounds, 0);
    };
    expect(add(raw('x', 'budi_1', '', ''))).toBe(true);
    expect(add(raw('X', '@BUDI_1', '', ''))).toBe(false);
    const { chunk, keyHashes } = builder.finish('c1');
    table.addBuilt(chunk, keyHashes);
    expect(table.find('x:budi_1')).toBe(0);
    expect(add(raw('twitter', 'budi_1', '', ''))).toBe(false);
    expect(add(raw('x', 'budi_2', '', ''))).toBe(true);
  });
});

// rows of every kind, good and bad, for comparing the ways a file can reach the importer
const MIXED = [
  'x,budi_pns,,Budi Santoso,Dinas Pendidikan,Guru,Kab. Sleman,198503122010011003,SK 1/2024,aktif',
  'X,@Budi_PNS,,,,,,,,',
  'facebook,budi.santoso.9,https://www.facebook.com/profile.php?id=1000123,Budi,,,,,,',
  'fb,,https://www.facebook.com/profile.php?id=1000123,,,,,,,',
  'facebook,1000123,,,,,,,,',
  'instagram,siti.aminah,,Siti Aminah,Kemenag,Penyuluh,Kota Yogyakarta,,,catatan',
  'instagram,.siti,,,,,,,,',
  'tiktok,@siti.aminah,,,,,,,,',
  'youtube,UCabcdefghijklmnopqrstuV,,Kanal,Diskominfo,,Kab. Bantul,,,',
  'youtube,@Kanal-Dinas,,,,,,,,',
  'x,home,,,,,,,,',
  'x,andi,,Andi Wijaya,Dinas Sosial,Staf,Kota Wilayah 1,19850312 201001 1 004,,',
  'x,andi_2,,,,,,198513122010011003,,',
  'myspace,budi,,,,,,,,',
  ',budi,,,,,,,,',
  'x,,,Budi,,,,,,',
  'x,budi pns,,,,,,,,',
  'x,,https://x.com/home,,,,,,,',
  'x,andi_3,,Ändi Wijaya,Dinas Kesehatan,,,,,',
  'x,andi_4,, Andi ,Dinas Kesehatan ,,,,,',
  `x,andi_5,,${'a'.repeat(201)},,,,,,`,
  'x,andi_6,,,,,,,,',
  'x,andi_6,,,,,,,,',
  'twitter,ANDI_6,,,,,,,,',
];

/** The same rows as JSON entries (the checked path only). */
function asJson(rows: string[]): string {
  return JSON.stringify(
    rows.map((line) => {
      const cells = line.split(',');
      return Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i] ?? '']));
    }),
  );
}

async function importAndExport(text: string, format: 'csv' | 'json' = 'csv', chunkRows = 5) {
  const { registry } = createTestRegistry({ chunkRows });
  const report = await registry.importWatchlist(text, format);
  return { report, exported: await registry.exportCsv() };
}

describe('CSV fast paths give the same results as the checked path', () => {
  test('CSV (fast path) and JSON (checked path) give the same entries and errors', async () => {
    const fromCsv = await importAndExport(csv(EN_HEADER, ...MIXED));
    const fromJson = await importAndExport(asJson(MIXED), 'json');
    expect(fromCsv.exported).toBe(fromJson.exported);
    // JSON lines are entry numbers; CSV lines count the header
    const errors = (r: typeof fromCsv.report, shift: number) =>
      r.errors.map((e) => [e.line + shift, e.code, e.messageEn.replace(/line \d+/, 'line')]);
    expect(errors(fromCsv.report, 0)).toEqual(errors(fromJson.report, 1));
    expect(fromCsv.report.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'duplicate'],
      [5, 'duplicate'],
      [6, 'duplicate'],
      [8, 'invalid-handle'],
      [12, 'invalid-handle'],
      [14, 'invalid-nip'],
      [15, 'unknown-site'],
      [16, 'missing-site'],
      [17, 'missing-handle'],
      [18, 'invalid-handle'],
      [19, 'unsupported-url'],
      [22, 'field-too-long'],
      [24, 'duplicate'],
      [25, 'duplicate'],
    ]);
    expect(fromCsv.report.errors.find((e) => e.line === 25)!.messageEn).toContain('line 23');
  });

  test('quoted and unquoted cells give the same result', async () => {
    const quoted = MIXED.map((line) => Papa.unparse([line.split(',')], { quotes: true, newline: '\n' }));
    expect(quoted[0]).toMatch(/^"x","budi_pns"/);
    expect(await importAndExport(csv(EN_HEADER, ...quoted))).toEqual(
      await importAndExport(csv(EN_HEADER, ...MIXED)),
    );
  });

  test('semicolons, tabs, CRLF and columns in another order give the same result', async () => {
    const reference = await importAndExport(csv(EN_HEADER, ...MIXED));
    const semicolons = csv(EN_HEADER, ...MIXED).replace(/,/g, ';');
    expect(await importAndExport(semicolons)).toEqual(reference);
    expect(
      await importAndExport(
        csv(EN_HEADER, ...MIXED)
          .replace(/,/g, '\t')
          .replace(/\n/g, '\r\n'),
      ),
    ).toEqual(reference);
    const order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
    const reversed = csv(EN_HEADER, ...MIXED)
      .split('\n')
      .map((line) => {
        const cells = line.split(',');
        return order.map((i) => cells[i] ?? '').join(',');
      })
      .join('\n');
    expect(await importAndExport(reversed)).toEqual(reference);
  });

  test('short rows, extra empty cells and extra columns', async () => {
    const { report } = await importAndExport(
      csv('handle,site,umur', 'budi_1,x', 'budi_2,x,40,,', 'budi_3,x,40,,zz', '', 'budi_4'),
    );
    expect(report.imported).toBe(2);
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'column-count'],
      [6, 'missing-site'],
    ]);
  });

  test('a file with a column whose delimiter never comes again is read in one pass', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `https://x.com/pns_${i}`);
    const { report } = await importAndExport(['url', ...rows].join('\n'), 'csv', 4096);
    expect(report).toMatchObject({ imported: 20_000, errorCount: 0 });
  });

  test('errors keep their lines across slices, batches and quoted rows', async () => {
    // big enough for several slices (256 K characters) and batches; some slices hold quotes
    const lines: string[] = [EN_HEADER];
    const expected: [number, string][] = [];
    for (let i = 0; i < 30_000; i++) {
      const line = lines.length + 1;
      if (i % 5000 === 17) {
        lines.push(`x,"pns_${i}\nsecond line",,,,,,,,`);
        expected.push([line, 'invalid-handle']);
      } else if (i % 4000 === 3) {
        lines.push(`x,pns_${i},,"Nama, dengan koma",,,,,,`);
      } else if (i % 3000 === 5) {
        lines.push(`x,pns_${i - 1},,,,,,,,`);
        expected.push([line, 'duplicate']);
      } else if (i % 7000 === 11) {
        lines.push(`zz,pns_${i},,,,,,,,`);
        expected.push([line, 'unknown-site']);
      } else if (i % 6500 === 13) {
        lines.push('');
      } else {
        lines.push(`x,pns_${i},,Pegawai ${i},Dinas ${i % 7},Staf,Kab. ${i % 5},,,`);
      }
    }
    // a quoted line break takes two lines: count the lines as they are in the file
    const text = lines.join('\n');
    const { report } = await importAndExport(text, 'csv', 1000);
    const found = report.errors.map((e) => [e.line, e.code]);
    const fileLines = text.split('\n');
    for (const [line, code] of found) {
      if (code === 'duplicate' || code === 'unknown-site')
        expect(fileLines[(line as number) - 1]).toMatch(/^(x|zz),pns_/);
    }
    let shift = 0;
    const shifted = expected.map(([line, code]) => {
      const at: [number, string] = [line + shift, code];
      if (code === 'invalid-handle') shift++;
      return at;
    });
    expect(found).toEqual(shifted);
  });
});
