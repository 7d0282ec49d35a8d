import { CATEGORIES, type Category } from '../rules/categories';
import { FLAG_THRESHOLD, SEVERITY_WEIGHT } from '../rules/matcher';
import type { Classification, Finding, CategoryVerdict } from '../rules/matcher';
import type { Token } from '../rules/normalise';
import { featuresOfTokens, modelTokens } from './features';
import type { ModelPack } from './pack';

// Scores a text with model packs, explains the score word by word, and combines it with the
// rules' verdict: a rule finding flags as before; the model flags on its own at or above its
// flag threshold; between its support and flag thresholds it only adds weight to a rule finding of
// the same category (so a weak rule plus a fairly sure model flags, neither alone does).

/** Words shown as the reason of a model finding. */
export const MAX_MODEL_WORDS = 3;

/** A model's judgement of one text. */
export interface ModelScore {
  pack: ModelPack;
  /** Probability of the positive class, 0..1. */
  score: number;
  /** The words that pushed the score up most, as spans of the original text, strongest first. */
  words: { start: number; end: number; match: string; weight: number }[];
}

/** A finding made by a model pack (one per highlighted word; they count as one rule). */
export interface ModelFinding extends Finding {
  model: { id: string; version: string; score: number; threshold: number };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The pack's score for tokens of `text` (modelTokens), with each token's share of the logit. */
export function scoreTokens(pack: ModelPack, tokens: Token[], text: string): ModelScore {
  const features = featuresOfTokens(tokens, pack.features);
  const share = new Float64Array(tokens.length);
  let logit = pack.bias;
  const unit = pack.scale * features.value;
  for (let k = 0; k < features.count; k++) {
    const w = pack.weights[features.buckets[k]!]! * unit;
    logit += w;
    const a = features.from[k]!;
    const b = features.to[k]!;
    const part = w / (b - a + 1);
    for (let t = a; t <= b; t++) share[t] = share[t]! + part;
  }
  const order = [...share.keys()].filter((t) => share[t]! > 0).sort((x, y) => share[y]! - share[x]! || x - y);
  const words = order.slice(0, MAX_MODEL_WORDS).map((t) => {
    const token = tokens[t]!;
    return {
      start: token.start,
      end: token.end,
      match: text.slice(token.start, token.end),
      weight: share[t]!,
    };
  });
  return { pack, score: sigmoid(logit), words };
}

/** Every pack's score of a text (the text is normalised once). */
export function scoreText(packs: readonly ModelPack[], text: string): ModelScore[] {
  if (packs.length === 0) return [];
  const tokens = modelTokens(text);
  return packs.map((pack) => scoreTokens(pack, tokens, text));
}

const fixed = (x: number) => x.toFixed(2);

function modelFindings(s: ModelScore, alone: boolean): ModelFinding[] {
  const { pack } = s;
  const threshold = alone ? pack.thresholds.flag : pack.thresholds.support;
  const words = s.words.map((w) => `“${w.match}”`).join(', ');
  const explanation = alone
    ? `Model ${pack.json.name} (${pack.id} v${pack.version}), skor ${fixed(s.score)} (ambang ${fixed(threshold)}): kata yang paling berat ${words}.`
    : `Model ${pack.json.name} (${pack.id} v${pack.version}), skor ${fixed(s.score)} (di bawah ambang ${fixed(pack.thresholds.flag)}) menguatkan temuan aturan: kata yang paling berat ${words}.`;
  return s.words.map((w) => ({
    ruleId: 'model',
    packId: pack.id,
    category: pack.category,
    severity: alone ? 'high' : 'medium',
    explanation,
    start: w.start,
    end: w.end,
    match: w.match,
    model: { id: pack.id, version: pack.version, score: Number(s.score.toFixed(4)), threshold },
  }));
}

/**
 * The rules' classification of a text with the models' judgement added: model findings after the
 * rule findings, the verdict of a model's category counting the model as one more rule (weight 3
 * at or above its flag threshold, 2 in its support band when a rule found something there).
 */
export function combine(rules: Classification, scores: readonly ModelScore[]): Classification {
  const added: ModelFinding[] = [];
  const extra = new Map<Category, number>();
  for (const s of scores) {
    if (s.words.length === 0) continue;
    const category = s.pack.category;
    const alone = s.score >= s.pack.thresholds.flag;
    const supports =
      !alone && s.score >= s.pack.thresholds.support && rules.findings.some((f) => f.category === category);
    if (!alone && !supports) continue;
    added.push(...modelFindings(s, alone));
    const weight = SEVERITY_WEIGHT[alone ? 'high' : 'medium'];
    extra.set(category, Math.max(extra.get(category) ?? 0, weight));
  }
  if (added.length === 0) return rules;
  const verdicts: CategoryVerdict[] = [];
  for (const category of CATEGORIES) {
    const before = rules.verdicts.find((v) => v.category === category);
    const weight = extra.get(category);
    if (weight === undefined) {
      if (before) verdicts.push(before);
      continue;
    }
    const score = (before?.score ?? 0) + weight;
    const strongest = Math.max(weight, before ? SEVERITY_WEIGHT[before.severity] : 0);
    verdicts.push({
      category,
      score,
      // A category the rules flagged stays flagged (whatever else decided it).
      flagged: (before?.flagged ?? false) || score >= FLAG_THRESHOLD,
      severity: strongest >= 3 ? 'high' : strongest === 2 ? 'medium' : 'low',
    });
  }
  const flagged = new Set([...rules.categories, ...verdicts.filter((v) => v.flagged).map((v) => v.category)]);
  return {
    ...rules,
    findings: [...rules.findings, ...added],
    verdicts,
    categories: CATEGORIES.filter((c) => flagged.has(c)),
  };
}

/** Whether a finding is a model's (rather than a rule's). */
export function isModelFinding(finding: Finding): finding is ModelFinding {
  return 'model' in finding && finding.ruleId === 'model';
}
