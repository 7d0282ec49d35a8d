// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ALL_FIXTURES } from '../fixtures/templates/registry';
import { fixturePath } from './helpers';

// The static fixture pages are built from templates (tests/fixtures/build-fixtures.ts) and
// committed. A page edited by hand, or a template changed without rebuilding, fails here.

describe('fixture pages match their templates', () => {
  test.each(Object.keys(ALL_FIXTURES))('%s', (path) => {
    const onDisk = readFileSync(fixturePath(path), 'utf8');
    expect(onDisk === ALL_FIXTURES[path]!(), 'run: npx tsx tests/fixtures/build-fixtures.ts').toBe(true);
  });

  test('a changed page is caught (negative)', () => {
    const [path, build] = Object.entries(ALL_FIXTURES)[0]!;
    expect(`${build()} `).not.toBe(readFileSync(fixturePath(path), 'utf8'));
  });
});
