import { z } from 'zod';
import { CATEGORIES } from '../rules/categories';
import { FINDING_FIELDS as findingFields, type Finding, FindingSchema } from '../rules/finding';
import { stancesFromFindings } from '../rules/stance';
import { PostSnapshotSchema } from '../sites/snapshot';

// The Report contract (shared/DESIGN.md): what the configured endpoint receives. Published as
// public/schemas/report-v2.json (and the previous version, report-v1.json) by tools/gen-schemas.ts.
// Within a schemaVersion Netra only ever ADDS optional fields, so the published schema allows
// unknown properties and receivers must ignore fields they do not know; anything else is a new
// schemaVersion.
//
// Version 2 (stance): the category candidate_attack beside candidate_support, a report's
// `stances` (which candidate, which way), and a finding's `reference` (the words that named the
// candidate). Reports stored by earlier builds (the queue) are migrated on read: migrateReportV1.

/** The schema version this build writes. */
export const REPORT_SCHEMA_VERSION = 2;

/** The categories of schema version 1. */
export const V1_CATEGORIES = [
  'candidate_support',
  'hate_speech',
  'abusive',
  'money_politics',
  'intimidation',
] as const;

/** Largest screenshot we carry, in base64 characters (~3 MB of image): storage.local and servers have limits. */
export const MAX_SCREENSHOT_BASE64 = 4_000_000;

const isoDateTime = z.iso.datetime({ offset: true });
const short = z.string().max(500);
const label = z.string().max(200);

export { FindingSchema, type Finding };

export const FindingV1Schema = z.object({ ...findingFields, category: z.enum(V1_CATEGORIES) });

export const StanceSchema = z.object({
  candidate: z
    .object({ id: z.string().min(1).max(200), name: short })
    .nullable()
    .describe('The candidate of the active campaign packs; null when only "a candidate" is known.'),
  stance: z.enum(['support', 'attack']),
});
export type ReportStance = z.infer<typeof StanceSchema>;

export const ASN_SOURCES = ['watchlist', 'sync', 'hashed', 'manual'] as const;

export const AsnMatchSchema = z.object({
  key: z.string().min(1).max(300).describe('Canonical account id, `site:handle` in lowercase.'),
  source: z.enum(ASN_SOURCES),
  name: short.optional(),
  agency: short.optional(),
  position: short.optional(),
  region: short.optional(),
  note: z.string().max(2000).optional(),
  listName: short.optional(),
});
export type AsnMatch = z.infer<typeof AsnMatchSchema>;

export const ScreenshotSchema = z.object({
  mediaType: z.enum(['image/jpeg', 'image/png']),
  dataBase64: z
    .string()
    .min(1)
    .max(MAX_SCREENSHOT_BASE64)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'bukan base64 yang valid'),
  width: z.int().min(1).max(10_000),
  height: z.int().min(1).max(10_000),
});
export type EvidenceScreenshot = z.infer<typeof ScreenshotSchema>;

const reviewerFields = {
  note: z.string().max(4000).optional(),
  name: label.optional(),
  organisation: label.optional(),
  contact: label.optional(),
};
export const ReviewerSchema = z.object({
  category: z.enum(CATEGORIES).describe('The category the reviewer chose; it may differ from the findings.'),
  ...reviewerFields,
});
export type Reviewer = z.infer<typeof ReviewerSchema>;
const ReviewerV1Schema = z.object({ category: z.enum(V1_CATEGORIES), ...reviewerFields });

export const EvidenceSchema = z.object({
  url: z
    .string()
    .max(2048)
    .regex(/^https?:\/\/[^\s]+$/i, 'harus URL http(s)')
    .describe("The post's own URL when known, else the page it was seen on."),
  capturedAt: isoDateTime.describe('When the post was read from the page.'),
  detectedAt: isoDateTime.describe(
    "When Netra flagged it: the violation became known then, and Bawaslu's 7-day deadline runs from it.",
  ),
  screenshot: ScreenshotSchema.nullable()
    .optional()
    .describe('The post as it looked, cropped from the visible tab.'),
  screenshotMissingReason: z
    .string()
    .max(500)
    .optional()
    .describe('Why there is no screenshot (turned off, no permission, capture failed).'),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const PackVersionSchema = z.object({
  id: z.string().min(1).max(200),
  version: z.string().min(1).max(64),
});

const reportFields = {
  id: z.uuid().describe('Client-generated UUID, also sent as the Idempotency-Key header.'),
  createdAt: isoDateTime.describe('When the reviewer confirmed the report.'),
  test: z
    .boolean()
    .optional()
    .describe('A connection test (also header X-Netra-Test: 1): validate it, answer 2xx, do not file it.'),
  post: PostSnapshotSchema,
  asn: AsnMatchSchema.nullable().describe('Why the author counts as ASN; null when checked in survey mode.'),
  evidence: EvidenceSchema,
  versions: z.object({
    netra: z.string().min(1).max(64),
    packs: z.array(PackVersionSchema).max(200),
  }),
};

/** Schema version 1, as earlier builds sent and stored it. */
export const ReportV1Schema = z.object({
  schemaVersion: z.literal(1),
  ...reportFields,
  findings: z.array(FindingV1Schema).max(500),
  reviewer: ReviewerV1Schema,
});
export type ReportV1 = z.infer<typeof ReportV1Schema>;

export const ReportV2Schema = z.object({
  schemaVersion: z.literal(2),
  ...reportFields,
  findings: z.array(FindingSchema).max(500),
  stances: z
    .array(StanceSchema)
    .max(50)
    .describe('Which candidate, which way: support or attack, per candidate the findings concern.'),
  reviewer: ReviewerSchema,
});
export type ReportV2 = z.infer<typeof ReportV2Schema>;

/** The report schema of the current version. */
export const ReportSchema = ReportV2Schema;
/** The report type of the current schema version. */
export type Report = ReportV2;

/** The stances of a report's findings, as the report carries them. */
export function reportStances(findings: readonly Finding[]): ReportStance[] {
  return stancesFromFindings(findings).map((st) => ({ candidate: st.candidate ?? null, stance: st.stance }));
}

/** A version-1 report as version 2: the same content, with the stances its findings carry. */
export function migrateReportV1(report: ReportV1): ReportV2 {
  return { ...report, schemaVersion: 2, stances: reportStances(report.findings) };
}

function publishedSchema(schema: z.ZodType, version: number, extra: string): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: `Netra report, schema version ${version}`,
    description: `A report of a possible ASN neutrality violation, POSTed by the Netra browser extension to the endpoint a coordinator configured. See lib/reports/PROTOCOL.md. Receivers must ignore properties they do not know: within schemaVersion ${version} Netra only adds optional fields.${extra}`,
    ...rest,
  };
}

/** The published JSON Schema of a v1 report (input shape: unknown properties allowed). */
export function reportV1JsonSchema(): Record<string, unknown> {
  return publishedSchema(ReportV1Schema, 1, ' Superseded by version 2; earlier builds sent it.');
}

/** The published JSON Schema of a v2 report, the version this build sends. */
export function reportV2JsonSchema(): Record<string, unknown> {
  return publishedSchema(
    ReportV2Schema,
    2,
    " Version 2 adds the category candidate_attack, `stances` (which candidate, which way) and a finding's `reference`.",
  );
}

export interface ReportInput {
  post: Report['post'];
  asn: AsnMatch | null;
  findings: Finding[];
  reviewer: Reviewer;
  evidence: Evidence;
  versions: Report['versions'];
  test?: boolean;
}

/** Builds and validates a report; throws a ZodError when the input does not fit the contract. */
export function buildReport(input: ReportInput, deps: { randomUUID: () => string; now: () => Date }): Report {
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    id: deps.randomUUID(),
    createdAt: deps.now().toISOString(),
    ...(input.test ? { test: true } : {}),
    post: input.post,
    asn: input.asn,
    findings: input.findings,
    stances: reportStances(input.findings),
    reviewer: input.reviewer,
    evidence: input.evidence,
    versions: input.versions,
  };
  return ReportSchema.parse(report);
}

/** A short Indonesian description of why a value failed a schema, for logs and quarantine records. */
export function describeIssues(error: z.ZodError, max = 5): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(akar)';
    return `${path}: ${issue.message}`;
  });
  if (error.issues.length > max) lines.push(`… dan ${error.issues.length - max} masalah lain`);
  return lines.join('; ');
}
