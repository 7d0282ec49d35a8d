import type { AsnMatch, Finding, Report } from '@/lib/reports/schema';
import type { PostSnapshot } from '@/lib/sites/snapshot';

// Test-data factories: a valid object by default, overrides for the field under test.

let counter = 0;

/** A deterministic, valid v4 UUID per call. */
export function nextUuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function createSnapshotMock(overrides: Partial<PostSnapshot> = {}): PostSnapshot {
  return {
    site: 'x',
    kind: 'post',
    postId: '1790000000000000001',
    url: 'https://x.com/budi_asn/status/1790000000000000001',
    author: { handle: 'budi_asn', displayName: 'Budi Santoso' },
    text: 'Ayo coblos nomor 2! Lanjutkan dua periode #2019TetapJokowi',
    publishedAt: '2024-02-01T03:00:00.000Z',
    capturedAt: '2024-02-03T04:00:00.000Z',
    ...overrides,
  };
}

export function createFindingMock(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'base.ajakan-coblos',
    packId: 'base-id',
    category: 'candidate_support',
    severity: 'high',
    explanation: 'Ajakan mencoblos nomor urut pasangan calon.',
    start: 4,
    end: 19,
    match: 'coblos nomor 2',
    ...overrides,
  };
}

export function createAsnMock(overrides: Partial<AsnMatch> = {}): AsnMatch {
  return {
    key: 'x:budi_asn',
    source: 'watchlist',
    name: 'Budi Santoso',
    agency: 'Dinas Pendidikan Kota Contoh',
    position: 'Guru',
    region: 'Kota Contoh',
    listName: 'Pilkada 2024',
    ...overrides,
  };
}

export function createReportMock(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 2,
    id: nextUuid(),
    createdAt: '2024-02-03T04:05:00.000Z',
    post: createSnapshotMock(),
    asn: createAsnMock(),
    findings: [createFindingMock()],
    stances: [],
    reviewer: {
      category: 'candidate_support',
      note: 'Jelas ajakan memilih.',
      name: 'Sari',
      organisation: 'Bawaslu Kota Contoh',
    },
    evidence: {
      url: 'https://x.com/budi_asn/status/1790000000000000001',
      capturedAt: '2024-02-03T04:00:00.000Z',
      detectedAt: '2024-02-03T04:00:01.000Z',
      screenshot: null,
      screenshotMissingReason: 'tangkapan layar dimatikan',
    },
    versions: { netra: '0.1.0', packs: [{ id: 'base-id', version: '1.0.0' }] },
    ...overrides,
  };
}
