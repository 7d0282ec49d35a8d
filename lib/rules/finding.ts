import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from './categories';

// What one rule match is: the engine's output, a flag's and a report's evidence. Defined once
// here (the report contract, lib/reports/schema.ts, publishes it as part of the report).

const short = z.string().max(500);

/** A finding's fields but its category (the report schema's version 1 has fewer categories). */
export const FINDING_FIELDS = {
  ruleId: z.string().min(1).max(200),
  packId: z.string().min(1).max(200),
  severity: z.enum(SEVERITIES),
  candidate: z.object({ id: z.string().min(1).max(200), name: short }).optional(),
  explanation: z.string().max(2000),
  start: z.int().min(0).describe('UTF-16 offset of the match in post.text (the original text).'),
  end: z.int().min(0).describe('UTF-16 offset just after the match in post.text.'),
  match: z.string().max(2000).describe('The matched text as it appears in post.text.'),
};

const SpanSchema = z.object({
  start: z.int().min(0).describe('UTF-16 offset in post.text.'),
  end: z.int().min(0),
  match: z.string().max(2000),
});

export const FindingSchema = z.object({
  ...FINDING_FIELDS,
  category: z.enum(CATEGORIES),
  reference: SpanSchema.optional().describe('Where the candidate was named (a name, number, hashtag…).'),
});

/** One rule match, with offsets into the original text. */
export type Finding = z.infer<typeof FindingSchema>;
