import { describe, expect, test } from 'vitest';
import { mean, meanCi, median, percentile, sum } from './statistics';

describe('statistics', () => {
  test.each<[string, number[], number]>([
    ['odd count', [3, 1, 2], 2],
    ['even count: the middle two', [4, 1, 3, 2], 2.5],
    ['one value', [7], 7],
  ])('median, %s', (_, values, expected) => {
    expect(median(values)).toBe(expected);
  });

  test.each<[number[], number, number]>([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95, 10],
    [[10, 1], 0.5, 1],
    [[], 0.95, NaN],
  ])('percentile of %o at %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  test('sum and mean, and the mean of nothing', () => {
    expect(sum([1, 2, 3])).toBe(6);
    expect(mean([1, 2, 3])).toBe(2);
    expect(mean([])).toBeNaN();
  });

  test.each<[string, number[], { mean: number; lo: number; hi: number }]>([
    // sd 1, n 3: half-width t(2) · 1 / √3 = 4.303 / 1.732.
    ['three values', [1, 2, 3], { mean: 2, lo: 2 - 4.303 / Math.sqrt(3), hi: 2 + 4.303 / Math.sqrt(3) }],
    ['no spread', [5, 5, 5, 5], { mean: 5, lo: 5, hi: 5 }],
  ])('meanCi, %s', (_, values, expected) => {
    const ci = meanCi(values);
    expect(ci.mean).toBeCloseTo(expected.mean, 9);
    expect(ci.lo).toBeCloseTo(expected.lo, 9);
    expect(ci.hi).toBeCloseTo(expected.hi, 9);
  });

  test('meanCi has no bounds under two values', () => {
    expect(meanCi([4])).toEqual({ mean: 4, lo: NaN, hi: NaN });
  });
});
