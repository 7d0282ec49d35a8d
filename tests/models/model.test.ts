import { describe, expect, test } from 'vitest';
import { combine, isModelFinding, scoreText } from '../../lib/models/model';
import { readyPack } from '../../lib/models/train';
import { classify, compileMatcher } from '../../lib/rules';
import { createBasePackMock } from '../rules/factories';
import { createModelPackMock } from './factories';

const pack = readyPack(createModelPackMock());

describe('explanation', () => {
  test.each([
    'pagi ini warga pasar kampret semua',
    'Pagi ini WARGA pasar K4MPR3TTT!!! semua 😡',
    '#WargaKampret hujan di kota',
  ])('the heaviest words are spans of the original text: %s', (text) => {
    const [s] = scoreText([pack], text);
    expect(s!.words.length).toBeGreaterThan(0);
    for (const w of s!.words) expect(text.slice(w.start, w.end)).toBe(w.match);
    expect(s!.words[0]!.match.toLowerCase()).toMatch(/k.mpr|kampret/);
  });

  test('weights are sorted, strongest first, and only positive ones are shown', () => {
    const [s] = scoreText([pack], 'kampret bangsat rapat kantor');
    const weights = s!.words.map((w) => w.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(weights.every((w) => w > 0)).toBe(true);
  });
});

describe('combined verdict', () => {
  const lowRule = compileMatcher([
    createBasePackMock([{ anyOf: ['pasar'], category: 'abusive', severity: 'low' }]),
  ]);
  const strongRule = compileMatcher([
    createBasePackMock([{ anyOf: ['kantor'], category: 'abusive', severity: 'high' }]),
  ]);
  const withScore = (score: number) => [{ ...scoreText([pack], 'warga kampret')[0]!, score }];

  test.each([
    ['model above flag threshold flags alone', strongRule, 'warga kampret', 0.9, true, 'high'],
    ['model in the support band alone does not flag', strongRule, 'warga kampret', 0.7, false, null],
    ['support band + a weak rule flags', lowRule, 'warga pasar kampret', 0.7, true, 'medium'],
    ['below support + a weak rule does not flag', lowRule, 'warga pasar kampret', 0.5, false, null],
    ['a strong rule flags whatever the model says', strongRule, 'kantor warga', 0.01, true, null],
  ] as const)('%s', (_name, matcher, text, score, flagged, modelSeverity) => {
    const rules = classify(matcher, text);
    const result = combine(rules, withScore(score));
    expect(result.categories.includes('abusive')).toBe(flagged);
    const found = result.findings.filter(isModelFinding);
    if (modelSeverity === null) expect(found).toHaveLength(0);
    else {
      expect(found.length).toBeGreaterThan(0);
      expect(found[0]).toMatchObject({ packId: 'test.model', severity: modelSeverity, category: 'abusive' });
      expect(found[0]!.model.score).toBe(score);
      expect(found[0]!.explanation).toMatch(/^Model Test model \(test\.model v1\.0\.0\), skor/);
    }
    // Rule findings are kept as they were, first.
    expect(result.findings.slice(0, rules.findings.length)).toEqual(rules.findings);
  });

  test('no model scores leave the rules classification untouched', () => {
    const rules = classify(strongRule, 'kantor');
    expect(combine(rules, [])).toBe(rules);
  });
});
