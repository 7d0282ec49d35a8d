import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import {
  buildReport,
  describeIssues,
  migrateReportV1,
  type Report,
  type ReportV1,
  ReportV1Schema,
  ReportV2Schema,
  reportV1JsonSchema,
  reportV2JsonSchema,
} from '@/lib/reports/schema';
import { createFindingMock, createReportMock, createSnapshotMock } from './factories';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const load = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../public/schemas/${file}`, import.meta.url), 'utf8'));
const published = load('report-v2.json');
const publishedV1 = load('report-v1.json');
const validatePublished = ajv.compile(published);
const validatePublishedV1 = ajv.compile(publishedV1);

type Mutation = (report: Report) => unknown;

/** A version-1 report as earlier builds wrote it. */
function createReportV1Mock(): ReportV1 {
  const { stances: _s, ...rest } = createReportMock();
  return ReportV1Schema.parse({ ...rest, schemaVersion: 1 });
}

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
  [
    'an attack with its stance and reference',
    (r) => ({
      ...r,
      findings: [
        createFindingMock({
          category: 'candidate_attack',
          reference: { start: 13, end: 20, match: 'Prabowo' },
        }),
      ],
      stances: [{ candidate: { id: 'prabowo-gibran', name: 'Prabowo – Gibran' }, stance: 'attack' }],
      reviewer: { ...r.reviewer, category: 'candidate_attack' },
    }),
  ],
  ['a stance on "a candidate"', (r) => ({ ...r, stances: [{ candidate: null, stance: 'support' }] })],
];

const invalid: [string, Mutation][] = [
  ['schemaVersion 1', (r) => ({ ...r, schemaVersion: 1 })],
  ['no stances', ({ stances: _s, ...rest }) => rest],
  ['a stance with another direction', (r) => ({ ...r, stances: [{ candidate: null, stance: 'neutral' }] })],
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

describe('ReportV2Schema and the published JSON Schema agree', () => {
  test.each(valid)('accepts %s', (_name, mutate) => {
    const value = mutate(createReportMock());
    expect(ReportV2Schema.safeParse(value).success).toBe(true);
    expect(validatePublished(value), ajv.errorsText(validatePublished.errors)).toBe(true);
  });

  test.each(invalid)('rejects %s', (_name, mutate) => {
    const value = mutate(createReportMock());
    expect(ReportV2Schema.safeParse(value).success).toBe(false);
    expect(validatePublished(value)).toBe(false);
  });
});

describe('schema version 1', () => {
  test('a version-1 report still fits its published schema, and not version 2', () => {
    const v1 = createReportV1Mock();
    expect(validatePublishedV1(v1), ajv.errorsText(validatePublishedV1.errors)).toBe(true);
    expect(ReportV2Schema.safeParse(v1).success).toBe(false);
  });

  test('version 1 has no candidate_attack', () => {
    const v1 = { ...createReportV1Mock(), reviewer: { category: 'candidate_attack' } };
    expect(ReportV1Schema.safeParse(v1).success).toBe(false);
    expect(validatePublishedV1(v1)).toBe(false);
  });

  test('migrates to version 2 with the stances its findings carry, nothing else changed', () => {
    const v1 = {
      ...createReportV1Mock(),
      findings: [
        createFindingMock({
          category: 'candidate_support',
          severity: 'high',
          candidate: { id: 'prabowo-gibran', name: 'Prabowo – Gibran' },
        }),
      ],
    } as ReportV1;
    const v2 = migrateReportV1(v1);
    expect(ReportV2Schema.parse(v2)).toEqual(v2);
    expect(validatePublished(v2), ajv.errorsText(validatePublished.errors)).toBe(true);
    expect(v2.stances).toEqual([
      { candidate: { id: 'prabowo-gibran', name: 'Prabowo – Gibran' }, stance: 'support' },
    ]);
    const { schemaVersion: _a, stances: _b, ...rest2 } = v2;
    const { schemaVersion: _c, ...rest1 } = v1;
    expect(rest2).toEqual(rest1);
  });
});

describe.each([
  ['report-v2.json', () => published, reportV2JsonSchema],
  ['report-v1.json', () => publishedV1, reportV1JsonSchema],
])('public/schemas/%s', (_file, schema, generate) => {
  test('is up to date with lib/reports/schema.ts (run: npx tsx tools/gen-schemas.ts)', () => {
    expect(schema()).toEqual(generate());
  });

  test('says receivers must ignore unknown properties', () => {
    expect(schema().additionalProperties).toBeUndefined();
    expect(schema().description).toMatch(/ignore properties they do not know/);
  });
});

describe('buildReport', () => {
  const deps = {
    randomUUID: () => '6f1c1f8e-8a4b-4c1e-9a53-2f1d7f0e9b11',
    now: () => new Date('2024-02-03T05:00:00Z'),
  };
  const input = (() => {
    const { schemaVersion: _v, id: _id, createdAt: _c, stances: _s, ...rest } = createReportMock();
    return rest;
  })();

  test('the stances come from the findings', () => {
    const report = buildReport(
      {
        ...input,
        findings: [
          createFindingMock({
            ruleId: 'ajakan-tidak-memilih',
            category: 'candidate_attack',
            severity: 'high',
            candidate: { id: 'ganjar-mahfud', name: 'Ganjar – Mahfud' },
          }),
          createFindingMock({ ruleId: 'pujian-paslon', category: 'candidate_support', severity: 'low' }),
        ],
      },
      deps,
    );
    // The weak support finding alone does not add up to a stance.
    expect(report.stances).toEqual([
      { candidate: { id: 'ganjar-mahfud', name: 'Ganjar – Mahfud' }, stance: 'attack' },
    ]);
  });

  test('fills id, createdAt and schemaVersion', () => {
    const report = buildReport(input, deps);
    expect(report).toMatchObject({
      schemaVersion: 2,
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
