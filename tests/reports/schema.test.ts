import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import {
  buildReport,
  describeIssues,
  type ReportV1,
  ReportV1Schema,
  reportV1JsonSchema,
} from '@/lib/reports/schema';
import { createReportMock, createSnapshotMock } from './factories';

const SCHEMA_FILE = new URL('../../public/schemas/report-v1.json', import.meta.url);
const published = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validatePublished = ajv.compile(published);

type Mutation = (report: ReportV1) => unknown;

const valid: [string, Mutation][] = [
  ['the factory report', (r) => r],
  ['a report without ASN match (survey mode)', (r) => ({ ...r, asn: null })],
  ['a test report', (r) => ({ ...r, test: true })],
  ['no findings', (r) => ({ ...r, findings: [] })],
  [
    'a screenshot',
    (r) => ({
      ...r,
      evidence: {
        ...r.evidence,
        screenshot: { mediaType: 'image/png', dataBase64: 'iVBORw0KGgo=', width: 10, height: 5 },
      },
    }),
  ],
  ['a time with an offset', (r) => ({ ...r, createdAt: '2024-02-03T11:05:00+07:00' })],
  ['an unknown extra property (forward compatible)', (r) => ({ ...r, futureField: { a: 1 } })],
  [
    'a comment with context',
    (r) => ({ ...r, post: createSnapshotMock({ kind: 'comment', context: { inReplyTo: '42' } }) }),
  ],
];

const invalid: [string, Mutation][] = [
  ['schemaVersion 2', (r) => ({ ...r, schemaVersion: 2 })],
  ['an id that is not a UUID', (r) => ({ ...r, id: 'report-1' })],
  ['createdAt that is not ISO', (r) => ({ ...r, createdAt: '3 Feb 2024' })],
  ['an unknown reviewer category', (r) => ({ ...r, reviewer: { ...r.reviewer, category: 'gossip' } })],
  ['no reviewer', ({ reviewer: _r, ...rest }) => rest],
  ['a javascript: evidence URL', (r) => ({ ...r, evidence: { ...r.evidence, url: 'javascript:alert(1)' } })],
  ['a negative finding offset', (r) => ({ ...r, findings: [{ ...r.findings[0]!, start: -1 }] })],
  ['an unknown severity', (r) => ({ ...r, findings: [{ ...r.findings[0]!, severity: 'extreme' }] })],
  ['an unknown ASN source', (r) => ({ ...r, asn: { ...r.asn!, source: 'rumour' } })],
  ['an unknown site', (r) => ({ ...r, post: { ...r.post, site: 'myspace' } })],
  [
    'a screenshot that is not base64',
    (r) => ({
      ...r,
      evidence: {
        ...r.evidence,
        screenshot: { mediaType: 'image/png', dataBase64: '"><script>', width: 1, height: 1 },
      },
    }),
  ],
  [
    'a screenshot of another media type',
    (r) => ({
      ...r,
      evidence: {
        ...r.evidence,
        screenshot: { mediaType: 'image/svg+xml', dataBase64: 'AAAA', width: 1, height: 1 },
      },
    }),
  ],
  [
    'pack version as a number',
    (r) => ({ ...r, versions: { netra: '0.1.0', packs: [{ id: 'a', version: 1 }] } }),
  ],
];

describe('ReportV1Schema and the published JSON Schema agree', () => {
  test.each(valid)('accepts %s', (_name, mutate) => {
    const value = mutate(createReportMock());
    expect(ReportV1Schema.safeParse(value).success).toBe(true);
    expect(validatePublished(value), ajv.errorsText(validatePublished.errors)).toBe(true);
  });

  test.each(invalid)('rejects %s', (_name, mutate) => {
    const value = mutate(createReportMock());
    expect(ReportV1Schema.safeParse(value).success).toBe(false);
    expect(validatePublished(value)).toBe(false);
  });
});

describe('public/schemas/report-v1.json', () => {
  test('is up to date with lib/reports/schema.ts (run: npx tsx tools/gen-schemas.ts)', () => {
    expect(published).toEqual(reportV1JsonSchema());
  });

  test('says receivers must ignore unknown properties', () => {
    expect(published.additionalProperties).toBeUndefined();
    expect(published.description).toMatch(/ignore properties they do not know/);
  });
});

describe('buildReport', () => {
  const deps = {
    randomUUID: () => '6f1c1f8e-8a4b-4c1e-9a53-2f1d7f0e9b11',
    now: () => new Date('2024-02-03T05:00:00Z'),
  };
  const input = (() => {
    const { schemaVersion: _v, id: _id, createdAt: _c, ...rest } = createReportMock();
    return rest;
  })();

  test('fills id, createdAt and schemaVersion', () => {
    const report = buildReport(input, deps);
    expect(report).toMatchObject({
      schemaVersion: 1,
      id: deps.randomUUID(),
      createdAt: '2024-02-03T05:00:00.000Z',
    });
    expect(report.test).toBeUndefined();
  });

  test('throws on input outside the contract, naming the field', () => {
    const bad = { ...input, reviewer: { category: 'nope' as never } };
    let message = '';
    try {
      buildReport(bad, deps);
    } catch (error) {
      message = describeIssues(error as never);
    }
    expect(message).toMatch(/^reviewer\.category: /);
  });
});
