import type { ModelCategory, ModelPackJson } from '../../lib/models/pack';
import {
  buildPack,
  DEFAULT_TRAINING,
  modelTokens,
  seededRandom,
  trainLogistic,
  type TrainingExample,
  type TrainingOptions,
} from '../../lib/models/train';

const NEUTRAL = [
  'rapat',
  'kantor',
  'jalan',
  'pagi',
  'warga',
  'pasar',
  'hujan',
  'makan',
  'kerja',
  'kota',
  'sekolah',
  'desa',
];
const NASTY = ['kampret', 'bangsat', 'goblok', 'tolol'];

/** A tiny labelled set made up here: positives carry one of a few insults among neutral words. */
export function syntheticExamples(n: number, seed: number): TrainingExample[] {
  const random = seededRandom(seed);
  const pick = (words: string[]) => words[Math.floor(random() * words.length)]!;
  return Array.from({ length: n }, (_, k) => {
    const label = k % 2 === 0;
    const words = Array.from({ length: 4 + Math.floor(random() * 4) }, () => pick(NEUTRAL));
    if (label) words.splice(Math.floor(random() * words.length), 0, pick(NASTY));
    return { text: words.join(' '), label };
  });
}

export const SMALL_TRAINING: TrainingOptions = {
  ...DEFAULT_TRAINING,
  epochs: 4,
  features: { ...DEFAULT_TRAINING.features, bits: 10 },
};

/** A valid model pack trained on the synthetic set, with any top-level field replaced. */
export function createModelPackMock(
  overrides: Partial<ModelPackJson> = {},
  category: ModelCategory = 'abusive',
): ModelPackJson {
  const examples = syntheticExamples(200, 7);
  const model = trainLogistic(
    examples.map((e) => modelTokens(e.text)),
    examples.map((e) => e.label),
    SMALL_TRAINING,
  );
  const json = buildPack(
    model,
    SMALL_TRAINING,
    {
      id: 'test.model',
      version: '1.0.0',
      name: 'Test model',
      category,
      enabledByDefault: true,
      labels: { positive: 'insult', negative: 'none' },
      licence: { id: 'CC0-1.0', attribution: 'made up in the test' },
      dataset: 'synthetic',
      trainedAt: '2025-01-01',
      command: 'test',
    },
    { flag: 0.8, support: 0.6 },
    { train: 200, validation: 0, test: 0 },
    {},
  );
  return { ...json, ...overrides };
}
