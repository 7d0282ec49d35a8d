import { z } from 'zod';
import type { PackError } from '../rules/pack';
import type { FeatureSettings } from './features';

// Model packs are data, like rule packs: a logistic regression's weights over hashed features,
// its feature settings, thresholds and where it came from, validated here before any use. The
// weights are signed bytes (base64) times one scale, so a pack of 2^16 buckets is ~90 KB of JSON.

export const MODEL_PACK_FORMAT = 'netra-model-pack';
export const MODEL_PACK_FORMAT_VERSION = 1;

/** Categories a model pack may judge (the ones with labelled data). */
export const MODEL_CATEGORIES = ['hate_speech', 'abusive'] as const;
export type ModelCategory = (typeof MODEL_CATEGORIES)[number];

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const probability = z.number().min(0).max(1);

const FiguresSchema = z
  .object({
    precision: z.number().min(0).max(1).nullable(),
    recall: z.number().min(0).max(1).nullable(),
    f1: z.number().min(0).max(1).nullable(),
    tp: z.int().min(0),
    fp: z.int().min(0),
    fn: z.int().min(0),
  })
  .strict();
export type Figures = z.infer<typeof FiguresSchema>;

export const ModelPackSchema = z
  .object({
    format: z.literal(MODEL_PACK_FORMAT),
    formatVersion: z.literal(MODEL_PACK_FORMAT_VERSION),
    id: z.string().regex(ID, 'must be lower-case letters, digits, ".", "_" or "-" (max 64)'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version like 1.0.0'),
    name: z.string().min(1).max(200),
    category: z.enum(MODEL_CATEGORIES),
    /** Whether the pack is on until the user says otherwise (off when its false flags are not yet acceptable). */
    enabledByDefault: z.boolean(),
    /** What the positive class means in the training data. */
    labels: z.object({ positive: z.string().min(1).max(500), negative: z.string().min(1).max(500) }).strict(),
    licence: z.object({ id: z.string().min(1).max(100), attribution: z.string().min(1).max(2000) }).strict(),
    features: z
      .object({
        hash: z.literal('fnv1a-murmurmix-32'),
        bits: z.int().min(8).max(20),
        hashSeed: z.int().min(0).max(0xffffffff),
        wordNgrams: z.array(z.int().min(1).max(3)).min(1).max(3),
        charNgrams: z.tuple([z.int().min(0).max(8), z.int().min(0).max(8)]),
      })
      .strict()
      .refine((f) => f.charNgrams[0] <= f.charNgrams[1], { message: 'charNgrams: min above max' }),
    weights: z
      .object({
        encoding: z.literal('int8-base64'),
        scale: z.number().positive().max(1000),
        bias: z.number().min(-1000).max(1000),
        data: z.string().max(2_000_000).regex(BASE64, 'not base64'),
      })
      .strict(),
    thresholds: z
      .object({
        /** At or above this score the model flags on its own. */
        flag: probability,
        /** At or above this score (and below flag) the model adds weight to a rule finding of its category. */
        support: probability,
      })
      .strict()
      .refine((t) => t.support <= t.flag, { message: 'support must not be above flag' }),
    provenance: z
      .object({
        dataset: z.string().min(1).max(500),
        rows: z.int().min(0),
        split: z
          .object({ seed: z.int(), train: z.int().min(0), validation: z.int().min(0), test: z.int().min(0) })
          .strict(),
        trainedAt: z.iso.date(),
        command: z.string().max(500),
        training: z.record(z.string().max(50), z.union([z.number(), z.string().max(200)])),
        /** Figures on the held-out test split (never seen in training or threshold choice). */
        figures: z.record(z.string().max(100), FiguresSchema),
      })
      .strict(),
  })
  .strict();
export type ModelPackJson = z.infer<typeof ModelPackSchema>;

/** A validated model pack, weights decoded. */
export interface ModelPack {
  json: ModelPackJson;
  id: string;
  version: string;
  category: ModelCategory;
  features: FeatureSettings;
  weights: Int8Array;
  scale: number;
  bias: number;
  thresholds: { flag: number; support: number };
}

export type ParseModelPackResult = { ok: true; pack: ModelPack } | { ok: false; errors: PackError[] };

function decodeBase64(data: string): Int8Array {
  const bytes = atob(data);
  const out = new Int8Array(bytes.length);
  for (let k = 0; k < bytes.length; k++) out[k] = (bytes.charCodeAt(k) << 24) >> 24;
  return out;
}

/** Signed bytes as base64 (the inverse of what parseModelPack decodes). */
export function encodeWeights(weights: Int8Array): string {
  let s = '';
  for (let k = 0; k < weights.length; k++) s += String.fromCharCode(weights[k]! & 0xff);
  return btoa(s);
}

/** Validates a model pack; `source` (a file name or URL) names it in errors. */
export function parseModelPack(json: unknown, source: string): ParseModelPackResult {
  const id =
    json && typeof json === 'object' && typeof (json as { id?: unknown }).id === 'string'
      ? `${(json as { id: string }).id} (${source})`
      : source;
  const result = ModelPackSchema.safeParse(json);
  if (!result.success) {
    const errors = result.error.issues.slice(0, 50).map((issue) => ({
      pack: id,
      path: issue.path.map(String).join('.') || '(pack)',
      message: issue.message,
    }));
    return { ok: false, errors };
  }
  const pack = result.data;
  const weights = decodeBase64(pack.weights.data);
  if (weights.length !== 1 << pack.features.bits) {
    return {
      ok: false,
      errors: [
        {
          pack: id,
          path: 'weights.data',
          message: `${weights.length} weights, expected 2^${pack.features.bits} = ${1 << pack.features.bits}`,
        },
      ],
    };
  }
  return {
    ok: true,
    pack: {
      json: pack,
      id: pack.id,
      version: pack.version,
      category: pack.category,
      features: {
        bits: pack.features.bits,
        hashSeed: pack.features.hashSeed,
        wordNgrams: pack.features.wordNgrams,
        charNgrams: pack.features.charNgrams,
      },
      weights,
      scale: pack.weights.scale,
      bias: pack.weights.bias,
      thresholds: pack.thresholds,
    },
  };
}

/**
 * Validates several model packs. An invalid one is left out and reported; when `previous` holds a
 * pack of the same id, that earlier good version stays in force. A second pack with an id already
 * loaded is rejected.
 */
export function loadModelPacks(
  inputs: readonly { source: string; json: unknown }[],
  previous: readonly ModelPack[] = [],
): { packs: ModelPack[]; errors: PackError[] } {
  const packs: ModelPack[] = [];
  const errors: PackError[] = [];
  for (const { source, json } of inputs) {
    const parsed = parseModelPack(json, source);
    if (parsed.ok) {
      if (packs.some((p) => p.id === parsed.pack.id)) {
        errors.push({
          pack: `${parsed.pack.id} (${source})`,
          path: 'id',
          message: 'a model pack with this id is already loaded',
        });
      } else packs.push(parsed.pack);
      continue;
    }
    errors.push(...parsed.errors);
    const claimed = (json as { id?: unknown } | null)?.id;
    const earlier = previous.find((p) => p.id === claimed);
    if (earlier && !packs.some((p) => p.id === earlier.id)) packs.push(earlier);
  }
  return { packs, errors };
}
