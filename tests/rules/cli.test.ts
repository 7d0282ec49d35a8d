import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';

// Each run starts tsx and compiles the base packs: seconds, not milliseconds, on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const ROOT = new URL('../../', import.meta.url).pathname;
const CAMPAIGN_2024 = join(ROOT, 'lib/rules/packs/campaign-pilpres-2024.json');

function run(args: string[], input = '') {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'tools/rules.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = result.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  return { code: result.status, lines, stdout: result.stdout, stderr: result.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'netra-rules-cli-'));
const writeTmp = (name: string, content: string) => {
  const file = join(tmp, name);
  writeFileSync(file, content);
  return file;
};

const PILPRES_2024 = new URL('../../lib/rules/packs/campaign-pilpres-2024.json', import.meta.url).pathname;

describe('rules classify: the stance contract', () => {
  test.each([
    [
      'Jangan pilih Prabowo, dia pelanggar HAM! #2024GantiPresiden',
      ['candidate_attack'],
      [['prabowo-gibran', 'attack']],
    ],
    [
      'Ganjar itu capres boneka partai, jangan sampai menang',
      ['candidate_attack'],
      [['ganjar-mahfud', 'attack']],
    ],
    [
      'Gibran pemimpin muda yang kita butuhkan, 14 Februari jangan salah pilih ya',
      ['candidate_support'],
      [['prabowo-gibran', 'support']],
    ],
    ['Ayo coblos 02, Prabowo Gibran satu putaran!', ['candidate_support'], [['prabowo-gibran', 'support']]],
    [
      'Pilih Ganjar! Asal bukan Anies',
      ['candidate_support', 'candidate_attack'],
      [
        ['ganjar-mahfud', 'support'],
        ['anies-muhaimin', 'attack'],
      ],
    ],
    ['Zulhas Ungkit PAN 3 Kali Dukung Prabowo', [], []],
    ['PDIP Bantah Jokowi Dukung Koalisi Prabowo', [], []],
    ['Debat capres jam berapa ya?', [], []],
    ['ASN di Garut dilaporkan ke Bawaslu karena mendukung paslon 02', [], []],
    ['#PrabowoGibran', [], []],
  ])('%j', (text, categories, stances) => {
    const { code, lines } = run(['classify', '--pack', PILPRES_2024], JSON.stringify({ id: 1, text }));
    expect(code).toBe(0);
    const line = lines[0]!;
    expect(line.categories.filter((c: string) => c.startsWith('candidate_')).sort()).toEqual(
      [...categories].sort(),
    );
    expect(
      line.stances.map((s: { candidate: string; stance: string }) => [s.candidate, s.stance]).sort(),
    ).toEqual([...stances].sort());
  });
});

describe('rules classify', () => {
  test('one result line per input line; bad lines reported with their number, processing continues', () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Ayo coblos paslon 02!' }),
      'not json',
      JSON.stringify({ id: 'b', text: 'Selamat pagi, semoga sehat' }),
      JSON.stringify({ id: 'c' }),
      '',
      JSON.stringify({ id: 'd', text: 'dasar goblok' }),
    ].join('\n');
    const { code, lines, stderr } = run(['classify', '--no-models'], input);
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'd']);
    expect(lines[0].categories).toEqual(['candidate_support']);
    expect(lines[0].findings[0]).toEqual(
      expect.objectContaining({
        ruleId: expect.any(String),
        category: 'candidate_support',
        severity: 'high',
        match: expect.any(String),
      }),
    );
    expect(Object.keys(lines[0].findings[0]).sort()).toEqual([
      'category',
      'end',
      'match',
      'ruleId',
      'severity',
      'start',
    ]);
    expect(lines[1]).toEqual({ id: 'b', categories: [], stances: [], findings: [], cues: [] });
    expect(lines[2].categories).toEqual(['abusive']);
    expect(stderr).toMatch(/line 2: not valid JSON/);
    expect(stderr).toMatch(/line 4: expected an object with a "text" string/);
    expect(code).toBe(1);
  });

  test('--pack adds a campaign pack and findings name the candidate', () => {
    const { code, lines } = run(
      ['classify', '--pack', CAMPAIGN_2024],
      JSON.stringify({ id: 1, text: 'Dukung AMIN!' }),
    );
    expect(code).toBe(0);
    expect(lines[0].findings[0].candidate).toEqual({
      id: 'anies-muhaimin',
      name: 'Anies Baswedan – Muhaimin Iskandar',
    });
  });

  test('--no-base leaves the base packs out', () => {
    const { lines } = run(
      ['classify', '--no-base', '--no-models', '--pack', CAMPAIGN_2024],
      JSON.stringify({ id: 1, text: 'dasar goblok #AMINajaDulu' }),
    );
    expect(lines[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['campaign-hashtag']);
  });

  test.each([
    [[], ['model.hate-speech', 'model.abusive']],
    [['--no-models'], []],
  ])('classify %j uses the model packs %j (issue #19)', (flags, models) => {
    const text = 'Artis kampungan wkwk, jelek, lecek, bantet, kafir cina';
    const { lines } = run(['classify', ...flags], JSON.stringify({ id: 1, text }));
    const found = lines[0].findings.filter((f: { ruleId: string }) => f.ruleId === 'model');
    expect([...new Set(found.map((f: { model: { id: string } }) => f.model.id))]).toEqual(models);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.match);
  });

  test('an invalid --pack stops with its errors', () => {
    const file = writeTmp(
      'bad.json',
      JSON.stringify({ id: 'x', version: '1', language: 'id', kind: 'base', rules: [] }),
    );
    const { code, stderr, lines } = run(['classify', '--pack', file], '{"text":"a"}');
    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(stderr).toContain('x (');
    expect(stderr).toContain('version: must look like 1.0.0');
  });
});

describe('rules check-pack', () => {
  test('a shipped pack passes, with its examples', () => {
    const { code, stdout } = run(['check-pack', join(ROOT, 'lib/rules/packs/base-money-politics.json')]);
    expect(code).toBe(0);
    expect(stdout).toContain('base.money-politics');
    expect(stdout).toContain('OK');
  });

  test.each([
    ['not JSON', '{ "id": ', '(file): not valid JSON'],
    [
      'a bad pattern',
      JSON.stringify({
        id: 'p',
        version: '1.0.0',
        language: 'id',
        kind: 'base',
        rules: [{ id: 'r', category: 'abusive', severity: 'low', explanation: 'x', anyOf: ['a{b'] }],
      }),
      'rules[0].anyOf[0]: "a{b" contains characters',
    ],
    [
      'an example the rule misses',
      JSON.stringify({
        id: 'p',
        version: '1.0.0',
        language: 'id',
        kind: 'base',
        rules: [
          {
            id: 'r',
            category: 'abusive',
            severity: 'low',
            explanation: 'x',
            anyOf: ['kasar'],
            examples: { match: ['halus'], noMatch: ['kasar'] },
          },
        ],
      }),
      'rules[0].examples.match[0]: the rule does not match',
    ],
  ])('%s → exit 1 with the error', (name, content, message) => {
    const file = writeTmp(`${name.replace(/\W/g, '-')}.json`, content);
    const { code, stderr } = run(['check-pack', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
  });
});
