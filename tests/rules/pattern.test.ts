import { describe, expect, test } from 'vitest';
import { parsePattern } from '../../lib/rules/pattern';

describe('parsePattern', () => {
  test.each([
    ['coblos', [[{ kind: 'word', key: 'coblos' }]]],
    ['~dukung', [[{ kind: 'stem', root: 'dukung' }]]],
    ['capres*', [[{ kind: 'prefix', key: 'capres' }]]],
    ['2', [[{ kind: 'number', value: 2 }]]],
    ['02', [[{ kind: 'exact', key: '02' }]]],
    ['{num}', [[{ kind: 'anyNumber' }]]],
    ['#2019GantiPresiden', [[{ kind: 'hashtag', key: '#2019gantipresiden', prefix: false }]]],
    ['#2019*', [[{ kind: 'hashtag', key: '#2019', prefix: true }]]],
    ['@Relawan*', [[{ kind: 'mention', key: '@relawan', prefix: true }]]],
    ['✌️', [[{ kind: 'emoji', key: '✌' }]]],
    ['yg', [[{ kind: 'word', key: 'yang' }]]],
    [
      'salam {num} jari',
      [[{ kind: 'word', key: 'salam' }], [{ kind: 'anyNumber' }], [{ kind: 'word', key: 'jari' }]],
    ],
    [
      'pilih|~coblos ? 2',
      [
        [
          { kind: 'word', key: 'pilih' },
          { kind: 'stem', root: 'coblos' },
        ],
        [{ kind: 'any' }],
        [{ kind: 'number', value: 2 }],
      ],
    ],
  ])('%s parses', (source, terms) => {
    expect(parsePattern(source)).toEqual({ ok: true, pattern: { kind: 'phrase', terms } });
  });

  test('{candidate} alone is a candidate reference', () => {
    expect(parsePattern('{candidate}')).toEqual({ ok: true, pattern: { kind: 'candidate' } });
  });

  test.each([
    ['', 'empty pattern'],
    ['   ', 'empty pattern'],
    ['pilih {candidate}', '{candidate} must be a pattern on its own'],
    ['pilih|{candidate}', '{candidate} must be a pattern on its own'],
    ['{foo}', 'unknown placeholder'],
    ['~du-kung', 'must be ~ followed by letters'],
    ['ca*pres', '* is only allowed at the end'],
    ['ab*', 'at least 3 letters'],
    ['pilih||coblos', 'empty alternative'],
    ['prabowo-gibran', 'more than one word'],
    ['? pilih', '? may only stand between'],
    ['pilih ?', '? may only stand between'],
    ['a b c d e f g h i', 'at most 8 terms'],
    ['#', 'hashtag'],
    ['@a b', null],
    ['2*', 'numbers cannot take *'],
    ['x'.repeat(1001), 'longer than 1000'],
    [
      Array.from({ length: 101 }, (_, k) => `w${'a'.repeat((k % 5) + 1)}x`).join('|'),
      'more than 100 alternatives',
    ],
  ])('%j is rejected', (source, reason) => {
    const result = parsePattern(source);
    if (reason === null) {
      expect(result.ok).toBe(true);
      return;
    }
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(reason);
  });
});
