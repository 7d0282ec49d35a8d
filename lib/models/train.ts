import type { Token } from '../rules/normalise';
import { type FeatureSettings, featuresOfTokens, modelTokens } from './features';
import { scoreTokens } from './model';
import {
  encodeWeights,
  type Figures,
  MODEL_PACK_FORMAT,
  MODEL_PACK_FORMAT_VERSION,
  type ModelCategory,
  type ModelPack,
  type ModelPackJson,
  parseModelPack,
} from './pack';

// Trains a model pack: logistic regression by AdaGrad over hashed features, deterministic for a
// seed (the split, the order of examples and every update follow from it; no randomness else).
// Pure: the command line (tools/train.ts) reads the data and writes the pack.

/** One labelled text. */
export interface TrainingExample {
  text: string;
  label: boolean;
}

export interface TrainingOptions {
  seed: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty per update, scaled by the learning rate. */
  l2: number;
  features: FeatureSettings;
}

export const DEFAULT_TRAINING: TrainingOptions = {
  seed: 19,
  epochs: 6,
  learningRate: 0.5,
  l2: 1e-5,
  features: { bits: 15, hashSeed: 19, wordNgrams: [1, 2], charNgrams: [3, 5] },
};

/** mulberry32: a small seeded generator, the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher-Yates shuffle of indices 0..n-1. */
export function shuffledIndices(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  const order = [...Array(n).keys()];
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  return order;
}

/** Splits indices into train / validation / test by the given fractions of validation and test. */
export function splitIndices(
  n: number,
  seed: number,
  validation = 0.15,
  test = 0.15,
): { train: number[]; validation: number[]; test: number[] } {
  const order = shuffledIndices(n, seed);
  const nTest = Math.round(n * test);
  const nValidation = Math.round(n * validation);
  return {
    test: order.slice(0, nTest).sort((a, b) => a - b),
    validation: order.slice(nTest, nTest + nValidation).sort((a, b) => a - b),
    train: order.slice(nTest + nValidation).sort((a, b) => a - b),
  };
}

/** Trained float weights and bias. */
export interface LinearModel {
  weights: Float64Array;
  bias: number;
}

/** Logistic regression by AdaGrad on the examples' hashed features. */
export function trainLogistic(
  tokens: readonly Token[][],
  labels: readonly boolean[],
  options: TrainingOptions,
): LinearModel {
  const size = 1 << options.features.bits;
  const weights = new Float64Array(size);
  const squares = new Float64Array(size).fill(1e-8);
  let bias = 0;
  let biasSquares = 1e-8;
  const features = tokens.map((t) => featuresOfTokens(t, options.features));
  const random = seededRandom(options.seed ^ 0x5eed);
  const order = [...features.keys()];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [order[k], order[j]] = [order[j]!, order[k]!];
    }
    for (const i of order) {
      const f = features[i]!;
      let z = bias;
      for (let k = 0; k < f.count; k++) z += weights[f.buckets[k]!]! * f.value;
      const p = 1 / (1 + Math.exp(-z));
      const g = p - (labels[i] ? 1 : 0);
      for (let k = 0; k < f.count; k++) {
        const b = f.buckets[k]!;
        const grad = g * f.value + options.l2 * weights[b]!;
        squares[b] = squares[b]! + grad * grad;
        weights[b] = weights[b]! - (options.learningRate * grad) / Math.sqrt(squares[b]!);
      }
      biasSquares += g * g;
      bias -= (options.learningRate * g) / Math.sqrt(biasSquares);
    }
  }
  return { weights, bias };
}

/** The weights as signed bytes and one scale (what a pack stores). */
export function quantise(weights: Float64Array): { bytes: Int8Array; scale: number } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 127 : 1;
  const bytes = new Int8Array(weights.length);
  for (let k = 0; k < weights.length; k++) bytes[k] = Math.round(weights[k]! / scale);
  return { bytes, scale: Number(scale.toPrecision(8)) };
}

/** Precision, recall and F1 of predictions against gold labels (null where undefined). */
export function figures(predicted: readonly boolean[], gold: readonly boolean[]): Figures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  predicted.forEach((p, k) => {
    if (p && gold[k]) tp++;
    else if (p) fp++;
    else if (gold[k]) fn++;
  });
  const precision = tp + fp > 0 ? tp / (tp + fp) : null;
  const recall = tp + fn > 0 ? tp / (tp + fn) : null;
  const f1 =
    precision !== null && recall !== null && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : null;
  const round = (x: number | null) => (x === null ? null : Number(x.toFixed(4)));
  return { precision: round(precision), recall: round(recall), f1: round(f1), tp, fp, fn };
}

/** What the rules said about a text for the model's category: flagged, or found something weaker. */
export interface RuleSignal {
  flagged: boolean;
  found: boolean;
}

/** The combined decision for one text (see combine in model.ts). */
export function combinedDecision(score: number, rule: RuleSignal, flag: number, support: number): boolean {
  return rule.flagged || score >= flag || (rule.found && score >= support);
}

/** Fewest positive predictions a threshold must make on the validation split to be trusted. */
const MIN_PREDICTED = 15;

/**
 * Precision-first thresholds on the validation split: `flag` is the lowest score at which the
 * model alone keeps precision ≥ target; `support` the lowest (not above flag) at which the
 * combined decision with the rules keeps precision ≥ target.
 */
export function chooseThresholds(
  scores: readonly number[],
  gold: readonly boolean[],
  rules: readonly RuleSignal[],
  target: number,
): { flag: number; support: number } {
  const grid: number[] = [];
  for (let t = 0.3; t < 0.995; t += 0.01) grid.push(Number(t.toFixed(2)));
  let flag = 0.99;
  for (const t of grid) {
    const f = figures(
      scores.map((s) => s >= t),
      gold,
    );
    if (f.precision !== null && f.precision >= target && f.tp + f.fp >= MIN_PREDICTED) {
      flag = t;
      break;
    }
  }
  let support = flag;
  for (const t of grid) {
    if (t > flag) break;
    const f = figures(
      scores.map((s, k) => combinedDecision(s, rules[k]!, flag, t)),
      gold,
    );
    if (f.precision !== null && f.precision >= target) {
      support = t;
      break;
    }
  }
  return { flag, support };
}

export interface PackMeta {
  id: string;
  version: string;
  name: string;
  category: ModelCategory;
  enabledByDefault: boolean;
  labels: ModelPackJson['labels'];
  licence: ModelPackJson['licence'];
  dataset: string;
  trainedAt: string;
  command: string;
}

/** Builds a pack from a trained model (quantised) and its thresholds and figures, validated. */
export function buildPack(
  model: LinearModel,
  options: TrainingOptions,
  meta: PackMeta,
  thresholds: { flag: number; support: number },
  split: { train: number; validation: number; test: number },
  allFigures: Record<string, Figures>,
): ModelPackJson {
  const { bytes, scale } = quantise(model.weights);
  const json: ModelPackJson = {
    format: MODEL_PACK_FORMAT,
    formatVersion: MODEL_PACK_FORMAT_VERSION,
    id: meta.id,
    version: meta.version,
    name: meta.name,
    category: meta.category,
    enabledByDefault: meta.enabledByDefault,
    labels: meta.labels,
    licence: meta.licence,
    features: { hash: 'fnv1a-murmurmix-32', ...options.features },
    weights: {
      encoding: 'int8-base64',
      scale,
      bias: Number(model.bias.toFixed(6)),
      data: encodeWeights(bytes),
    },
    thresholds,
    provenance: {
      dataset: meta.dataset,
      rows: split.train + split.validation + split.test,
      split: { seed: options.seed, ...split },
      trainedAt: meta.trainedAt,
      command: meta.command,
      training: {
        algorithm: 'logistic regression, AdaGrad, L2',
        epochs: options.epochs,
        learningRate: options.learningRate,
        l2: options.l2,
      },
      figures: allFigures,
    },
  };
  const parsed = parseModelPack(json, meta.id);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return json;
}

/** A pack as a ModelPack ready to score (for measuring the quantised weights that ship). */
export function readyPack(json: ModelPackJson): ModelPack {
  const parsed = parseModelPack(json, json.id);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return parsed.pack;
}

/** Scores texts' tokens with a ready pack. */
export function scoreAll(pack: ModelPack, tokens: readonly Token[][]): number[] {
  return tokens.map((t) => scoreTokens(pack, t, '').score);
}

export { modelTokens };
