import { z } from 'zod';
import { CATEGORIES, CONTEXT_KINDS, SEVERITIES } from './categories';
import { MAX_PATTERN_LENGTH, parsePattern } from './pattern';

// Rule packs are data: validated here, compiled by compile.ts. The schema is also published as
// JSON Schema (pack.schema.json) so coordinators get completion and checks in their editor.

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const idString = z.string().regex(ID, 'must be lower-case letters, digits, ".", "_" or "-" (max 64)');
const text = (max: number) => z.string().min(1).max(max);
const PatternString = z
  .string()
  .min(1)
  .max(MAX_PATTERN_LENGTH)
  .describe('A pattern over normalised tokens; the syntax is described in lib/rules/pattern.ts.');

const ConditionSchema = z
  .object({
    anyOf: z.array(PatternString).min(1).max(500).describe('At least one of these patterns.'),
    within: z
      .int()
      .min(1)
      .max(50)
      .optional()
      .describe('Distance in tokens (1 = next to each other); absent means anywhere in the post.'),
    side: z
      .enum(['before', 'after'])
      .optional()
      .describe('Only before (or only after) the match; absent means either side.'),
  })
  .strict();

const ExamplesSchema = z
  .object({
    match: z.array(z.string().max(1000)).max(50).default([]),
    noMatch: z.array(z.string().max(1000)).max(50).default([]),
  })
  .strict()
  .describe('Texts the rule must and must not match; checked by tests and by `rules check-pack`.');

const RuleSchema = z
  .object({
    id: idString,
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    explanation: text(500).describe('Shown to the monitor, in Bahasa Indonesia.'),
    anyOf: z.array(PatternString).min(1).max(2000).describe('The rule fires where one of these matches.'),
    allOf: z.array(ConditionSchema).max(8).optional().describe('Every condition must hold as well.'),
    notWith: z
      .array(ConditionSchema)
      .max(8)
      .optional()
      .describe('Exceptions: none of these near (or in) the post.'),
    notAfter: z.array(ConditionSchema).max(8).optional().describe('Exceptions: none of these just before.'),
    notBefore: z.array(ConditionSchema).max(8).optional().describe('Exceptions: none of these just after.'),
    examples: ExamplesSchema.optional(),
  })
  .strict();

const hashtag = z.string().regex(/^#[\p{L}\p{Nd}_]{1,100}$/u, 'must be # and letters/digits');

const CandidateSchema = z
  .object({
    id: idString,
    name: text(200).describe('Display name, e.g. "Prabowo Subianto - Gibran Rakabuming Raka".'),
    number: z.int().min(0).max(99).optional().describe('Ballot number (nomor urut).'),
    names: z.array(text(200)).max(1000).default([]).describe('Full names and name pairs.'),
    nicknames: z.array(text(200)).max(1000).default([]),
    acronyms: z
      .array(z.string().regex(/^[A-Z0-9]{2,16}$/, 'must be 2-16 capital letters or digits'))
      .max(100)
      .default([])
      .describe('Matched only when written in capitals, so "AMIN" is not "amin".'),
    parties: z.array(text(200)).max(100).default([]),
    hashtags: z
      .array(hashtag)
      .max(1000)
      .default([])
      .describe(
        "Name hashtags (#AniesSandi): a reference, not a stance. A hashtag here that is not made of the candidate's names and numbers is read as a supporters' slogan hashtag.",
      ),
    accounts: z
      .array(z.string().regex(/^@?[A-Za-z0-9_.]{1,100}$/, 'must be an account handle'))
      .max(1000)
      .default([]),
    slogans: z
      .array(text(200))
      .max(1000)
      .default([])
      .describe("Supporters' slogans: writing one is support for this candidate."),
    supportHashtags: z
      .array(hashtag)
      .max(1000)
      .default([])
      .describe("Supporters' slogan hashtags (#2019TetapJokowi): support. Name hashtags go in `hashtags`."),
    attackNames: z
      .array(text(200))
      .max(1000)
      .default([])
      .describe('Mocking names and labels opponents use for this candidate: each is an attack on them.'),
    attackHashtags: z
      .array(hashtag)
      .max(1000)
      .default([])
      .describe("Opponents' hashtags against this candidate (#2019GantiPresiden against the incumbent)."),
    attackSlogans: z
      .array(text(200))
      .max(1000)
      .default([])
      .describe("Opponents' slogans against this candidate."),
  })
  .strict();

const ContextSchema = z
  .object({
    id: idString,
    kind: z.enum(CONTEXT_KINDS).describe('What the text is doing instead of taking a side.'),
    explanation: text(500).describe('Shown to the monitor, in Bahasa Indonesia.'),
    anyOf: z.array(PatternString).min(1).max(2000).describe('The cue is present where one of these matches.'),
    allOf: z.array(ConditionSchema).max(8).optional(),
    notWith: z.array(ConditionSchema).max(8).optional(),
    notAfter: z.array(ConditionSchema).max(8).optional(),
    notBefore: z.array(ConditionSchema).max(8).optional(),
    cancels: z
      .enum(['support', 'attack'])
      .optional()
      .describe(
        'Only partisan findings of this direction (an accusation reported cancels attacks); absent: both.',
      ),
    scope: z
      .union([z.enum(['post', 'sentence']), z.int().min(1).max(50)])
      .default('sentence')
      .describe(
        'Which partisan findings it cancels: the whole post, its sentence (default), or those within N tokens.',
      ),
    examples: ExamplesSchema.optional(),
  })
  .strict()
  .describe(
    "A reporting/quoting/question cue: partisan findings in its scope are someone else's, not the author's.",
  );

/** A rule pack as written by a coordinator (base or campaign). */
export const PackSchema = z
  .object({
    $schema: z.string().optional(),
    id: idString,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must look like 1.0.0'),
    language: z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as "id"'),
    kind: z.enum(['base', 'campaign']),
    name: text(200).optional(),
    description: text(2000).optional(),
    candidates: z.array(CandidateSchema).max(5000).optional(),
    rules: z.array(RuleSchema).max(5000).default([]),
    contexts: z.array(ContextSchema).max(1000).default([]),
  })
  .strict()
  .superRefine((pack, ctx) => {
    if (pack.kind === 'campaign' && (pack.candidates?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: ['candidates'], message: 'a campaign pack needs candidates' });
    }
    if (pack.kind === 'base' && pack.candidates !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['candidates'], message: 'a base pack has no candidates' });
    }
    const ruleIds = new Set<string>();
    pack.contexts.forEach((cue, c) => {
      if (ruleIds.has(cue.id)) {
        ctx.addIssue({ code: 'custom', path: ['contexts', c, 'id'], message: `duplicate id "${cue.id}"` });
      }
      ruleIds.add(cue.id);
      checkPatterns(cue.anyOf, ['contexts', c, 'anyOf']);
      for (const field of ['allOf', 'notWith', 'notAfter', 'notBefore'] as const) {
        cue[field]?.forEach((cond, k) => {
          checkPatterns(cond.anyOf, ['contexts', c, field, k, 'anyOf']);
        });
      }
    });
    pack.rules.forEach((rule, r) => {
      if (ruleIds.has(rule.id)) {
        ctx.addIssue({ code: 'custom', path: ['rules', r, 'id'], message: `duplicate rule id "${rule.id}"` });
      }
      ruleIds.add(rule.id);
      checkPatterns(rule.anyOf, ['rules', r, 'anyOf']);
      for (const field of ['allOf', 'notWith', 'notAfter', 'notBefore'] as const) {
        rule[field]?.forEach((cond, c) => {
          checkPatterns(cond.anyOf, ['rules', r, field, c, 'anyOf']);
        });
      }
    });
    const candidateIds = new Set<string>();
    pack.candidates?.forEach((cand, c) => {
      if (candidateIds.has(cand.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['candidates', c, 'id'],
          message: `duplicate candidate id "${cand.id}"`,
        });
      }
      candidateIds.add(cand.id);
    });

    function checkPatterns(patterns: string[], path: (string | number)[]) {
      patterns.forEach((p, k) => {
        if (p.length > MAX_PATTERN_LENGTH) return; // already reported by the string check
        const parsed = parsePattern(p);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', path: [...path, k], message: parsed.message });
      });
    }
  });

export type Pack = z.output<typeof PackSchema>;
export type PackRule = Pack['rules'][number];
export type PackCandidate = NonNullable<Pack['candidates']>[number];
export type PackCondition = NonNullable<PackRule['allOf']>[number];
export type PackContext = Pack['contexts'][number];

/** The JSON Schema of a pack file as a coordinator writes it (fields with defaults may be left out). */
export function packJsonSchema(): unknown {
  return z.toJSONSchema(PackSchema, { io: 'input' });
}

/** What went wrong with one pack: which pack, where in it (JSON path), and why. */
export interface PackError {
  pack: string;
  path: string;
  message: string;
}

/** Renders a zod path as the JSON path a pack author reads: rules[3].anyOf[1]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(pack)' : out;
}

function packName(json: unknown, source: string): string {
  if (json !== null && typeof json === 'object' && 'id' in json) {
    const id = (json as { id: unknown }).id;
    if (typeof id === 'string' && id.length > 0 && id.length <= 64) return `${id} (${source})`;
  }
  return source;
}

export type ParsePackResult = { ok: true; pack: Pack } | { ok: false; errors: PackError[] };

/** Validates one pack; `source` (a file name or URL) names it in errors. */
export function parsePack(json: unknown, source: string): ParsePackResult {
  const result = PackSchema.safeParse(json);
  if (result.success) return { ok: true, pack: result.data };
  const pack = packName(json, source);
  const errors = result.error.issues.slice(0, 50).map((issue) => ({
    pack,
    path: formatPath(issue.path),
    message: issue.message,
  }));
  return { ok: false, errors };
}

/**
 * Validates several packs. Invalid ones are left out and reported; when one fails and
 * `previous` holds a pack with the same id, that earlier good version stays in force. A second
 * pack with an id already loaded is rejected.
 */
export function loadPacks(
  inputs: readonly { source: string; json: unknown }[],
  previous: readonly Pack[] = [],
): { packs: Pack[]; errors: PackError[] } {
  const packs: Pack[] = [];
  const errors: PackError[] = [];
  const loaded = new Map<string, string>();
  for (const { source, json } of inputs) {
    const result = parsePack(json, source);
    if (!result.ok) {
      errors.push(...result.errors);
      const id = json !== null && typeof json === 'object' ? (json as { id?: unknown }).id : undefined;
      const kept = previous.find((p) => p.id === id);
      if (kept && !loaded.has(kept.id)) {
        packs.push(kept);
        loaded.set(kept.id, `${source}, previous version`);
      }
      continue;
    }
    const earlier = loaded.get(result.pack.id);
    if (earlier !== undefined) {
      errors.push({
        pack: `${result.pack.id} (${source})`,
        path: 'id',
        message: `duplicate pack id: already loaded from ${earlier}`,
      });
      continue;
    }
    loaded.set(result.pack.id, source);
    packs.push(result.pack);
  }
  return { packs, errors };
}
