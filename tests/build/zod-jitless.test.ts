import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { applyZodJitless } from '../../tools/build/zod-jitless';

// The build edits zod's own files (tools/build/zod-jitless.ts); these tests read the installed
// zod, so an upgrade that moves the edited text fails here as well as in the build.

const zodRoot = dirname(createRequire(import.meta.url).resolve('zod/package.json'));
const read = (rel: string) => ({ id: join(zodRoot, rel), code: readFileSync(join(zodRoot, rel), 'utf8') });

describe('zod jitless at build time', () => {
  test('the global config is jitless from the moment zod creates it', () => {
    const { id, code } = read('v4/core/core.js');
    const edited = applyZodJitless(code, id)!;
    expect(edited).toContain('globalConfig.jitless = true;');
    expect(edited.indexOf('globalConfig.jitless = true;')).toBeGreaterThan(
      edited.indexOf('export const globalConfig'),
    );
  });

  test('the `new Function` probe is gone', () => {
    const { id, code } = read('v4/core/util.js');
    expect(code).toMatch(/new F\(""\)/);
    const edited = applyZodJitless(code, id)!;
    expect(edited).toContain('export const allowsEval = /* @__PURE__*/ cached(() => false);');
    expect(edited).not.toMatch(/new F\(""\)/);
  });

  test.each([
    ['another file of zod', 'v4/core/schemas.js', 'const x = 1;', undefined],
    ['a file of ours', '/repo/lib/rules/pack.ts', 'export const allowsEval = 1;', undefined],
  ])('%s is left alone', (_name, id, code, expected) => {
    expect(applyZodJitless(code, id)).toBe(expected);
  });

  test('zod text that moved fails loudly instead of shipping the probe', () => {
    expect(() =>
      applyZodJitless('export const allowsEval = cached(() => probe());', '/x/zod/v4/core/util.js'),
    ).toThrow(/no longer has the text/);
  });
});
