import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALLOWED_LICENSES, checkList, renderList, type ShippedPackage } from '../../tools/licenses';

// THIRD_PARTY_LICENSES.md against what the builds really ship (tools/licenses.ts builds both into
// a temporary folder and reads which packages' code they contain).

const ROOT = resolve(import.meta.dirname, '../..');

const pkg = (overrides: Partial<ShippedPackage> = {}): ShippedPackage => ({
  name: 'left-pad',
  version: '1.0.0',
  license: 'MIT',
  repository: 'https://example.org/left-pad',
  builds: ['chrome', 'firefox'],
  licenseText: 'MIT License\n\nCopyright (c) someone',
  ...overrides,
});

describe('third-party licence list', () => {
  test('the committed list matches what the Chrome and Firefox builds ship', () => {
    const run = spawnSync('npx', ['tsx', 'tools/licenses.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(run.stderr.split('\n').filter((l) => /out of date|not an allowed/.test(l))).toEqual([]);
    expect(run.status).toBe(0);
  }, 180_000);

  test.each([
    ['an up-to-date list', [pkg()], (list: string) => list, []],
    [
      'a list without a shipped package',
      [pkg(), pkg({ name: 'zz' })],
      () => renderList([pkg()]),
      [/ships but not listed: zz 1.0.0/],
    ],
    ['a list with an old version', [pkg({ version: '2.0.0' })], () => renderList([pkg()]), [/out of date/]],
  ])('%s', (_name, packages, committed, expected) => {
    const problems = checkList(packages, committed(renderList(packages)));
    expect(problems).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(problems[i]).toMatch(re));
  });

  test.each(['GPL-3.0-only', 'AGPL-3.0', 'UNKNOWN', 'CC-BY-NC-SA-4.0'])(
    'a shipped %s package fails',
    (license) => {
      const packages = [pkg({ license })];
      expect(checkList(packages, renderList(packages))).toEqual([
        expect.stringMatching(/not an allowed licence/),
      ]);
    },
  );

  test('MPL-2.0 (webextension-polyfill) and the permissive licences are allowed', () => {
    expect([...ALLOWED_LICENSES]).toEqual(expect.arrayContaining(['MIT', 'MPL-2.0', 'Apache-2.0', 'ISC']));
  });
});
