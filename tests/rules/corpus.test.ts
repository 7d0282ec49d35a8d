import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BASE_PACKS, CAMPAIGN_PACKS, CATEGORIES, classify, compileMatcher } from '../../lib/rules';

interface Row {
  id: string;
  text: string;
  labels: string[];
}

const rows: Row[] = readFileSync(new URL('../corpus/campaign.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

describe('tests/corpus/campaign.jsonl', () => {
  test('is big enough, half hard negatives, well formed', () => {
    expect(rows.length).toBeGreaterThanOrEqual(400);
    expect(rows.filter((r) => r.labels.length === 0).length).toBeGreaterThanOrEqual(rows.length * 0.45);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const r of rows) {
      expect(typeof r.text).toBe('string');
      for (const label of r.labels) expect(CATEGORIES).toContain(label);
    }
  });

  // A guard against regressions, not the evaluation (npm run eval prints the full figures).
  test.each([
    ['candidate_support', 0.9],
    ['money_politics', 0.85],
  ])('%s precision stays at or above %d with the shipped packs', (category, floor) => {
    const matcher = compileMatcher([...CAMPAIGN_PACKS, ...BASE_PACKS]);
    const flagged = rows.filter((r) => classify(matcher, r.text).categories.includes(category as never));
    const correct = flagged.filter((r) => r.labels.includes(category));
    expect(correct.length / flagged.length).toBeGreaterThanOrEqual(floor);
  });
});
