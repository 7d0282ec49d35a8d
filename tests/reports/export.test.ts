import { describe, expect, test } from 'vitest';
import {
  csvCell,
  FLAG_CSV_COLUMNS,
  flagsToCsv,
  flagsToJson,
  REPORT_CSV_COLUMNS,
  reportsToCsv,
  reportsToJson,
  toCsv,
} from '@/lib/reports/export';
import type { Flag } from '@/lib/flags/flag';
import type { AnyQueueEntry, QueueEntry } from '@/lib/reports/queue';
import { createAsnMock, createFindingMock, createReportMock, createSnapshotMock } from './factories';

/** A strict RFC 4180 parser, to check what a spreadsheet would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  let quoted = false;
  for (; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else if (ch === '\r' || ch === '\n' || ch === '"')
      throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    else cell += ch;
  }
  if (quoted || cell !== '' || row.length > 0) throw new Error('unterminated last row');
  return rows;
}

describe('csvCell', () => {
  test.each([
    ['plain', 'plain'],
    ['koma, di sini', '"koma, di sini"'],
    ['kata "kutip"', '"kata ""kutip"""'],
    ['baris\nbaru', '"baris\nbaru"'],
    ['crlf\r\nbaris', '"crlf\r\nbaris"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+62812', "'+62812"],
    ['-1+1', "'-1+1"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("http://evil","klik")', `"'=HYPERLINK(""http://evil"",""klik"")"`],
    [-5, '-5'],
    [0, '0'],
    [true, 'true'],
    [undefined, ''],
    [null, ''],
    ['a=b', 'a=b'],
    ['email@domain', 'email@domain'],
    ['#2019TetapJokowi ☝️', '#2019TetapJokowi ☝️'],
  ])('%j → %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  test('BOM, CRLF line endings, header first', () => {
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('\uFEFFa,b\r\n1,x\r\n');
  });

  test('without BOM', () => {
    expect(toCsv(['a'], [], { bom: false })).toBe('a\r\n');
  });

  test('hostile cells survive a round trip through an RFC 4180 reader, neutralised', () => {
    const nasty = ['=cmd|" /C calc"!A0', 'a,"b"\r\nc', '', '@SUM(1)', 'normal'];
    const parsed = parseCsv(toCsv(['x', 'y', 'z', 'u', 'v'], [nasty]));
    expect(parsed[1]).toEqual(['\'=cmd|" /C calc"!A0', 'a,"b"\r\nc', '', "'@SUM(1)", 'normal']);
  });
});

function flagMock(overrides: Partial<Flag> = {}): Flag {
  return {
    key: 'x:1',
    snapshot: createSnapshotMock({ postId: '1', text: '=HYPERLINK("http://evil")\nAyo, "coblos" 2!' }),
    findings: [
      createFindingMock(),
      createFindingMock({ ruleId: 'base.salam-dua-jari', match: 'salam 2 jari' }),
    ],
    asn: createAsnMock(),
    categories: ['candidate_support'],
    status: 'reviewed',
    firstSeenAt: '2024-02-03T04:00:00.000Z',
    lastSeenAt: '2024-02-03T05:00:00.000Z',
    ...overrides,
  };
}

describe('flagsToCsv', () => {
  test('one row per flag, columns in order, text neutralised and quoted', () => {
    const rows = parseCsv(
      flagsToCsv([flagMock(), flagMock({ key: 'x:2', asn: null, status: 'reported', reportId: 'r-9' })]),
    );
    expect(rows[0]).toEqual([...FLAG_CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const row = Object.fromEntries(FLAG_CSV_COLUMNS.map((column, i) => [column, rows[1]![i]]));
    expect(row).toMatchObject({
      key: 'x:1',
      status: 'reviewed',
      categories: 'candidate_support',
      author_handle: 'budi_asn',
      asn_agency: 'Dinas Pendidikan Kota Contoh',
      rule_ids: 'base.ajakan-coblos; base.salam-dua-jari',
      matches: 'coblos nomor 2 | salam 2 jari',
      bawaslu_deadline: '2024-02-10T04:00:00.000Z',
      text: '\'=HYPERLINK("http://evil")\nAyo, "coblos" 2!',
    });
    const second = Object.fromEntries(FLAG_CSV_COLUMNS.map((column, i) => [column, rows[2]![i]]));
    expect(second).toMatchObject({ asn_key: '', report_id: 'r-9' });
  });

  test('no flags is just the header', () => {
    expect(parseCsv(flagsToCsv([]))).toEqual([[...FLAG_CSV_COLUMNS]]);
  });
});

describe('reportsToCsv', () => {
  const live: QueueEntry = {
    id: 'e-1',
    status: 'failed',
    report: createReportMock({ id: '6f1c1f8e-8a4b-4c1e-9a53-2f1d7f0e9b11' }),
    attempts: 2,
    enqueuedAt: Date.parse('2024-02-03T05:00:00Z'),
    nextAttemptAt: null,
    lastStatus: 400,
    lastError: '-Kategori salah',
  };
  const quarantined: AnyQueueEntry = {
    id: 'entry-3',
    status: 'quarantined',
    raw: { x: 1 },
    reason: 'report.id: Invalid UUID',
    quarantinedAt: Date.parse('2024-02-04T00:00:00Z'),
  };

  test('a live entry and a quarantined one', () => {
    const rows = parseCsv(reportsToCsv([live, quarantined]));
    expect(rows[0]).toEqual([...REPORT_CSV_COLUMNS]);
    const row = Object.fromEntries(REPORT_CSV_COLUMNS.map((column, i) => [column, rows[1]![i]]));
    expect(row).toMatchObject({
      entry_id: 'e-1',
      report_id: '6f1c1f8e-8a4b-4c1e-9a53-2f1d7f0e9b11',
      status: 'failed',
      attempts: '2',
      last_http_status: '400',
      last_error: "'-Kategori salah",
      enqueued_at: '2024-02-03T05:00:00.000Z',
      category: 'candidate_support',
      bawaslu_deadline: '2024-02-10T04:00:01.000Z',
      has_screenshot: 'tidak',
    });
    const q = Object.fromEntries(REPORT_CSV_COLUMNS.map((column, i) => [column, rows[2]![i]]));
    expect(q).toMatchObject({
      entry_id: 'entry-3',
      status: 'quarantined',
      last_error: 'report.id: Invalid UUID',
      report_id: '',
    });
    expect(rows[2]).toHaveLength(REPORT_CSV_COLUMNS.length);
  });
});

describe('JSON exports', () => {
  const now = () => new Date('2024-02-05T00:00:00Z');

  test('flags', () => {
    const flags = [flagMock()];
    expect(JSON.parse(flagsToJson(flags, { now, netraVersion: '0.1.0' }))).toEqual({
      format: 'netra-flags',
      version: 1,
      exportedAt: '2024-02-05T00:00:00.000Z',
      netraVersion: '0.1.0',
      flags,
    });
  });

  const withShot: QueueEntry = {
    id: 'e-2',
    status: 'sent',
    attempts: 1,
    enqueuedAt: 0,
    nextAttemptAt: null,
    report: (() => {
      const report = createReportMock();
      report.evidence = {
        ...report.evidence,
        screenshot: { mediaType: 'image/jpeg', dataBase64: 'AAAA', width: 1, height: 1 },
      };
      delete report.evidence.screenshotMissingReason;
      return report;
    })(),
  };

  test.each([
    [true, 'AAAA', undefined],
    [false, undefined, 'tidak disertakan dalam ekspor'],
  ])('reports with includeScreenshots=%s', (includeScreenshots, data, reason) => {
    const parsed = JSON.parse(reportsToJson([withShot], { now, includeScreenshots }));
    expect(parsed).toMatchObject({ format: 'netra-reports', version: 1, reportSchemaVersion: 1 });
    const evidence = parsed.entries[0].report.evidence;
    expect(evidence.screenshot?.dataBase64).toBe(data);
    expect(evidence.screenshotMissingReason).toBe(reason);
  });
});
