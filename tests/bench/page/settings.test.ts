import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  BENCH_SITES,
  DEFAULT_PAIRS,
  DEFAULT_ROUNDS,
  DEFAULT_SAMPLING_US,
  type PageBenchSettings,
  readSettings,
} from './settings';

const DEFAULTS: PageBenchSettings = {
  sites: [...BENCH_SITES],
  rounds: DEFAULT_ROUNDS,
  pairs: DEFAULT_PAIRS,
  pairedOnly: false,
  pairedDebug: false,
  traceDir: undefined,
  profiler: undefined,
};

const settings = (overrides: Partial<PageBenchSettings> = {}): PageBenchSettings => ({
  ...DEFAULTS,
  ...overrides,
});

describe('readSettings', () => {
  test.each<[string, Record<string, string>, PageBenchSettings]>([
    ['nothing set: the defaults', {}, settings()],
    ['empty values count as unset', { NETRA_BENCH_SITES: '', NETRA_BENCH_ROUNDS: ' ' }, settings()],
    ['one site', { NETRA_BENCH_SITES: 'facebook' }, settings({ sites: ['facebook'] })],
    ['sites in run order', { NETRA_BENCH_SITES: 'facebook, x,' }, settings({ sites: ['x', 'facebook'] })],
    ['rounds', { NETRA_BENCH_ROUNDS: '1' }, settings({ rounds: 1 })],
    ['at least one round', { NETRA_BENCH_ROUNDS: '0' }, settings({ rounds: 1 })],
    ['no pairs', { NETRA_BENCH_PAIRS: '0' }, settings({ pairs: 0 })],
    ['no fewer than no pairs', { NETRA_BENCH_PAIRS: '-3' }, settings({ pairs: 0 })],
    ['paired only', { NETRA_BENCH_PAIRED_ONLY: '1' }, settings({ pairedOnly: true })],
    ['paired only, off', { NETRA_BENCH_PAIRED_ONLY: '0' }, settings()],
    ['paired debug', { NETRA_BENCH_PAIRED_DEBUG: '1' }, settings({ pairedDebug: true })],
    ['full traces', { NETRA_BENCH_TRACE: '/tmp/t' }, settings({ traceDir: '/tmp/t' })],
    [
      'profiles: the profiler at its default interval',
      { NETRA_BENCH_PROFILES: '/tmp/p' },
      settings({ profiler: { samplingUs: DEFAULT_SAMPLING_US, dir: '/tmp/p' } }),
    ],
    [
      'an interval alone turns the profiler on, keeping nothing',
      { NETRA_BENCH_SAMPLING_US: '250' },
      settings({ profiler: { samplingUs: 250, dir: undefined } }),
    ],
  ])('%s', (_, env, expected) => {
    expect(readSettings(env)).toEqual(expected);
  });

  test.each<[Record<string, string>, RegExp]>([
    [{ NETRA_BENCH_SITES: 'tiktok' }, /NETRA_BENCH_SITES: unknown site tiktok/],
    [{ NETRA_BENCH_ROUNDS: 'three' }, /NETRA_BENCH_ROUNDS=three: expected a whole number/],
    [{ NETRA_BENCH_PAIRS: '2.5' }, /NETRA_BENCH_PAIRS=2.5/],
    [{ NETRA_BENCH_PAIRED_ONLY: 'yes' }, /NETRA_BENCH_PAIRED_ONLY=yes: expected 1/],
    [{ NETRA_BENCH_PAIRED_DEBUG: 'true' }, /NETRA_BENCH_PAIRED_DEBUG=true/],
    [{ NETRA_BENCH_SAMPLING_US: '0' }, /NETRA_BENCH_SAMPLING_US=0/],
  ])('rejects %o', (env, message) => {
    expect(() => readSettings(env)).toThrow(message);
  });
});

describe('tests/bench/README.md', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const source = readFileSync(new URL('./settings.ts', import.meta.url), 'utf8');
  const variables = (text: string) => [...new Set(text.match(/NETRA_BENCH_[A-Z_]+/g))].sort();

  test('documents every variable the page bench reads, and no other', () => {
    expect(variables(readme)).toEqual(variables(source));
  });
});
