import { describe, expect, test } from 'vitest';
import { scoreText } from '../../lib/models/model';
import {
  chooseThresholds,
  figures,
  modelTokens,
  readyPack,
  splitIndices,
  trainLogistic,
} from '../../lib/models/train';
import { createModelPackMock, SMALL_TRAINING, syntheticExamples } from './factories';

describe('training', () => {
  test('is deterministic: the same seed gives the same pack, byte for byte', () => {
    expect(JSON.stringify(createModelPackMock())).toBe(JSON.stringify(createModelPackMock()));
  });

  test('another seed gives other weights', () => {
    const examples = syntheticExamples(100, 3);
    const train = (seed: number) =>
      trainLogistic(
        examples.map((e) => modelTokens(e.text)),
        examples.map((e) => e.label),
        { ...SMALL_TRAINING, seed },
      ).weights;
    expect(train(1)).not.toEqual(train(2));
    expect(train(1)).toEqual(train(1));
  });

  test('learns the synthetic set: insults score high, ordinary texts low', () => {
    const pack = readyPack(createModelPackMock());
    const [nasty] = scoreText([pack], 'pagi ini warga pasar kampret semua');
    const [plain] = scoreText([pack], 'pagi ini warga pasar makan semua');
    expect(nasty!.score).toBeGreaterThan(0.8);
    expect(plain!.score).toBeLessThan(0.3);
  });

  test('the split is seeded, disjoint and complete', () => {
    const a = splitIndices(100, 5);
    expect(splitIndices(100, 5)).toEqual(a);
    expect([...a.train, ...a.validation, ...a.test].sort((x, y) => x - y)).toEqual([...Array(100).keys()]);
    expect(a.test).toHaveLength(15);
    expect(a.validation).toHaveLength(15);
  });

  test.each([
    [
      [true, true, false, false],
      [true, false, true, false],
      { precision: 0.5, recall: 0.5, tp: 1, fp: 1, fn: 1 },
    ],
    [[false, false], [true, false], { precision: null, recall: 0, tp: 0, fp: 0, fn: 1 }],
  ])('figures(%j, %j)', (predicted, gold, expected) => {
    expect(figures(predicted, gold)).toMatchObject(expected);
  });

  test('thresholds are precision first: the lowest score that keeps precision at the target', () => {
    // 20 sure positives at 0.9, then a mixed band at 0.6: precision there drops to 0.6.
    const scores = [...Array(20).fill(0.9), ...Array(10).fill(0.6), ...Array(20).fill(0.1)];
    const gold = [
      ...Array(20).fill(true),
      ...Array(2).fill(true),
      ...Array(8).fill(false),
      ...Array(20).fill(false),
    ];
    const rules = scores.map(() => ({ flagged: false, found: false }));
    expect(chooseThresholds(scores, gold, rules, 0.9).flag).toBeGreaterThan(0.6);
    expect(chooseThresholds(scores, gold, rules, 0.6).flag).toBeLessThanOrEqual(0.6);
  });
});
