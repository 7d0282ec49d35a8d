// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { bawasluDeadline, escapeHtml, formatDateTimeId, renderFormB1 } from '@/lib/reports/form-b1';
import type { Report } from '@/lib/reports/schema';
import { createAsnMock, createFindingMock, createReportMock, createSnapshotMock } from './factories';

const DETECTED = '2024-02-03T04:00:01.000Z';

function render(
  report: Partial<Report> = {},
  extra: Partial<Parameters<typeof renderFormB1>[0]> = {},
): string {
  return renderFormB1({ report: createReportMock(report), now: new Date('2024-02-04T04:00:00Z'), ...extra });
}

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** The text of the table row whose label starts with `label`. */
function row(doc: Document, label: string): string {
  const cells = [...doc.querySelectorAll('tr')].find((tr) =>
    tr.querySelector('td.label')?.textContent?.trim().startsWith(label),
  );
  return cells?.querySelectorAll('td')[2]?.textContent?.trim() ?? '(no such row)';
}

test.each([
  ['<script>', '&#60;script&#62;'],
  [`"'&`, '&#34;&#39;&#38;'],
  ['biasa', 'biasa'],
])('escapeHtml %j', (raw, escaped) => {
  expect(escapeHtml(raw)).toBe(escaped);
});

test.each([
  ['2024-02-03T05:00:00Z', 'Asia/Jakarta', 'Sabtu, 3 Februari 2024 pukul 12.00 WIB'],
  ['2024-02-03T05:00:00Z', 'Asia/Makassar', 'Sabtu, 3 Februari 2024 pukul 13.00 WITA'],
  ['2024-02-03T20:30:00Z', 'Asia/Jayapura', 'Minggu, 4 Februari 2024 pukul 05.30 WIT'],
  ['kemarin sore', 'Asia/Jakarta', 'kemarin sore'],
])('formatDateTimeId %s in %s', (value, tz, expected) => {
  expect(formatDateTimeId(value, tz)).toBe(expected);
});

test('bawasluDeadline is detection + 7 days', () => {
  expect(bawasluDeadline(DETECTED).toISOString()).toBe('2024-02-10T04:00:01.000Z');
});

describe('the 7-day deadline box', () => {
  test.each([
    ['one day after detection', '2024-02-04T04:00:01Z', /Sisa waktu: 6 hari\./],
    ['part of a day', '2024-02-05T00:00:01Z', /Sisa waktu: 5 hari 4 jam\./],
    ['on the last day', '2024-02-09T20:00:01Z', /kurang dari 1 hari lagi \(8 jam\)/],
    ['at the deadline', '2024-02-10T04:00:01Z', /kurang dari 1 hari lagi \(0 jam\)/],
    ['after the deadline', '2024-02-12T00:00:00Z', /SUDAH LEWAT/],
  ])('%s', (_name, now, note) => {
    const doc = parse(render({}, { now: new Date(now) }));
    const box = doc.querySelector('.deadline')!.textContent!;
    expect(box).toMatch(/Batas waktu pelaporan ke Bawaslu: Sabtu, 10 Februari 2024 pukul 11\.00 WIB/);
    expect(box).toMatch(note);
  });
});

describe('pre-filled fields', () => {
  test('the reported person, place, times and event', () => {
    const doc = parse(render());
    expect(row(doc, 'a. Nama')).toMatch(/^\s*$/); // the reporter's name is a blank line without settings
    const text = doc.body.textContent!;
    expect(text).toMatch(/Budi Santoso, pemilik akun Budi Santoso \(@budi_asn\) di X \(Twitter\)/);
    expect(text).toMatch(
      /ASN, Guru, Dinas Pendidikan Kota Contoh, Kota Contoh \(sumber: daftar pantauan “Pilkada 2024”\)/,
    );
    expect(row(doc, 'b. Tempat Kejadian')).toBe(
      'Media sosial X (Twitter), https://x.com/budi_asn/status/1790000000000000001',
    );
    expect(row(doc, 'c. Hari dan Tanggal Kejadian')).toBe('Kamis, 1 Februari 2024 pukul 10.00 WIB');
    expect(row(doc, 'd. Hari dan Tanggal Diketahui')).toBe('Sabtu, 3 Februari 2024 pukul 11.00 WIB');
    expect(row(doc, 'a. Peristiwa')).toMatch(/netralitas Aparatur Sipil Negara: kampanye atau dukungan/);
  });

  test('without a post time the event time says so', () => {
    const doc = parse(render({ post: createSnapshotMock({ publishedAt: undefined }) }));
    expect(row(doc, 'c. Hari dan Tanggal Kejadian')).toMatch(/^tidak diketahui; unggahan dilihat Sabtu/);
  });

  test('reporter identity from settings fills the lines it can; the rest stay blank', () => {
    const doc = parse(
      render(
        {},
        { reporter: { name: 'Sari Dewi', organisation: 'Bawaslu Kota Contoh', contact: 'sari@contoh.id' } },
      ),
    );
    expect(row(doc, 'a. Nama')).toBe('Sari Dewi');
    expect(row(doc, 'd. Pekerjaan')).toBe('Pemantau, Bawaslu Kota Contoh');
    expect(row(doc, 'h. E-Mail')).toBe('sari@contoh.id');
    expect(row(doc, 'g. No. Telp/HP')).toBe('');
    expect(doc.querySelectorAll('.blank').length).toBeGreaterThan(10);
  });

  test('a phone contact goes to the phone line', () => {
    const doc = parse(render({}, { reporter: { contact: '0812-3456-7890' } }));
    expect(row(doc, 'g. No. Telp/HP')).toBe('0812-3456-7890');
  });

  test('a repost names the reposter as the reported account', () => {
    const post = createSnapshotMock({
      kind: 'repost',
      author: { handle: 'paslon_resmi', displayName: 'Paslon Resmi' },
      context: { repostedBy: { handle: 'budi_asn', displayName: 'Budi' } },
    });
    const text = parse(render({ post })).body.textContent!;
    expect(text).toMatch(
      /akun Budi \(@budi_asn\) di X \(Twitter\) membagikan ulang \(repost\) unggahan milik akun Paslon Resmi \(@paslon_resmi\)/,
    );
  });

  test('without an ASN match the form says the status must be confirmed', () => {
    const text = parse(render({ asn: null })).body.textContent!;
    expect(text).toMatch(/Status pemilik akun sebagai Aparatur Sipil Negara perlu dipastikan/);
  });

  test('evidence: link, screenshot attachment, text copy, report id', () => {
    const report = createReportMock();
    report.evidence.screenshot = {
      mediaType: 'image/png',
      dataBase64: 'iVBORw0KGgo=',
      width: 640,
      height: 200,
    };
    const doc = parse(renderFormB1({ report, now: new Date(DETECTED) }));
    const items = [...doc.querySelectorAll('ol[type="a"] li')].map((li) => li.textContent!.trim());
    expect(items[0]).toBe('Tautan unggahan: https://x.com/budi_asn/status/1790000000000000001');
    expect(items[1]).toMatch(/^Tangkapan layar unggahan \(terlampir\)/);
    expect(items[3]).toBe(`Catatan laporan Netra nomor ${report.id}.`);
    const img = doc.querySelector('.attachment img')!;
    expect(img.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(img.getAttribute('width')).toBe('640');
  });

  test('no screenshot: says why and asks for one', () => {
    const doc = parse(render());
    expect(doc.querySelector('.attachment')).toBeNull();
    expect(doc.body.textContent).toMatch(/Tangkapan layar: tidak tersedia \(tangkapan layar dimatikan\)/);
  });

  test('chronology lists each finding with its explanation', () => {
    const findings = [
      createFindingMock(),
      createFindingMock({ category: 'abusive', match: 'goblok', explanation: 'Kata kasar.' }),
    ];
    const items = [...parse(render({ findings })).querySelectorAll('ul li')].map((li) =>
      li.textContent!.trim(),
    );
    expect(items).toEqual([
      '“coblos nomor 2”: Ajakan mencoblos nomor urut pasangan calon. (kampanye atau dukungan kepada peserta pemilihan)',
      '“goblok”: Kata kasar. (kata-kata kasar)',
    ]);
  });
});

describe('escaping: every user-supplied string is inert', () => {
  const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>"\'&';
  const hostile = (): Report => {
    const report = createReportMock({
      post: createSnapshotMock({
        text: evil,
        url: `https://x.com/a?q="><script>alert(3)</script>`,
        author: { handle: `h${evil}`, displayName: evil },
      }),
      asn: createAsnMock({ name: evil, agency: evil, listName: evil }),
      findings: [createFindingMock({ match: evil, explanation: evil })],
      reviewer: { category: 'candidate_support', note: evil },
    });
    report.evidence.screenshotMissingReason = evil;
    return report;
  };

  test('no element or attribute is injected', () => {
    const html = renderFormB1({
      report: hostile(),
      reporter: { name: evil, address: evil, contact: evil },
      now: new Date(DETECTED),
    });
    const doc = parse(html);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(doc.querySelectorAll('img')).toHaveLength(0);
    expect(doc.querySelectorAll('[onerror]')).toHaveLength(0);
    expect(html).not.toMatch(/<script|<img/i);
    // The text still reads as written.
    expect(doc.querySelector('blockquote')!.textContent).toBe(evil);
  });

  test('a javascript: URL is not linked', () => {
    const report = createReportMock({ post: createSnapshotMock({ url: 'javascript:alert(1)' }) });
    report.evidence.url = 'javascript:alert(1)' as never;
    const doc = parse(renderFormB1({ report, now: new Date(DETECTED) }));
    expect(doc.querySelectorAll('a')).toHaveLength(0);
  });

  test('a screenshot whose data is not base64 is left out', () => {
    const report = createReportMock();
    report.evidence.screenshot = {
      mediaType: 'image/png',
      dataBase64: 'AAAA" onerror="alert(1)',
      width: 1,
      height: 1,
    };
    const html = renderFormB1({ report, now: new Date(DETECTED) });
    expect(parse(html).querySelectorAll('img')).toHaveLength(0);
    expect(html).not.toContain('onerror');
  });

  test('the page allows no scripts and no network (CSP)', () => {
    const doc = parse(render());
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toBe(
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'",
    );
    expect(doc.documentElement.getAttribute('lang')).toBe('id');
  });
});
