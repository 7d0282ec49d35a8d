import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadPacks, packJsonSchema, parsePack } from '../../lib/rules/pack';

const validBase = () => ({
  id: 'test.base',
  version: '1.0.0',
  language: 'id',
  kind: 'base',
  rules: [
    {
      id: 'r1',
      category: 'candidate_support',
      severity: 'high',
      explanation: 'Contoh.',
      anyOf: ['coblos {num}'],
    },
  ],
});

const validCampaign = () => ({
  id: 'test.campaign',
  version: '2.1.0',
  language: 'id',
  kind: 'campaign',
  candidates: [{ id: 'a', name: 'A – B', number: 1, nicknames: ['Abi'] }],
  rules: [],
});

type Json = Record<string, unknown>;
const withRule = (patch: Json) => {
  const pack = validBase();
  pack.rules[0] = { ...pack.rules[0]!, ...patch } as (typeof pack.rules)[0];
  return pack;
};

describe('parsePack', () => {
  test.each([
    ['base', validBase()],
    ['campaign', validCampaign()],
  ])('accepts a valid %s pack and fills in defaults', (_, json) => {
    const result = parsePack(json, 'file.json');
    expect(result.ok).toBe(true);
  });

  test('fills in candidate defaults', () => {
    const result = parsePack(validCampaign(), 'c.json');
    expect(result.ok && result.pack.candidates?.[0]?.hashtags).toEqual([]);
  });

  test.each<[string, unknown, string, string]>([
    ['not an object', 'hello', '(pack)', 'expected object'],
    ['no id', { ...validBase(), id: undefined }, 'id', 'expected string'],
    ['bad id', { ...validBase(), id: 'Has Spaces' }, 'id', 'lower-case'],
    ['bad version', { ...validBase(), version: 'v1' }, 'version', '1.0.0'],
    ['bad kind', { ...validBase(), kind: 'other' }, 'kind', 'base'],
    ['unknown field', { ...validBase(), extra: 1 }, '(pack)', 'extra'],
    ['bad category', withRule({ category: 'spam' }), 'rules[0].category', 'candidate_support'],
    ['bad severity', withRule({ severity: 'critical' }), 'rules[0].severity', 'low'],
    ['empty anyOf', withRule({ anyOf: [] }), 'rules[0].anyOf', '>=1'],
    [
      'bad pattern',
      withRule({ anyOf: ['ok', 'pil*ih'] }),
      'rules[0].anyOf[1]',
      '* is only allowed at the end',
    ],
    ['typo in a field', withRule({ anyof: ['x'] }), 'rules[0]', 'anyof'],
    [
      'bad condition pattern',
      withRule({ allOf: [{ anyOf: ['{nmu}'] }] }),
      'rules[0].allOf[0].anyOf[0]',
      'unknown placeholder',
    ],
    ['bad within', withRule({ notWith: [{ anyOf: ['x'], within: 0 }] }), 'rules[0].notWith[0].within', '>=1'],
    ['regex in a pattern', withRule({ anyOf: ['(a+)+$'] }), 'rules[0].anyOf[0]', 'not regular expressions'],
    [
      'duplicate rule id',
      { ...validBase(), rules: [validBase().rules[0], validBase().rules[0]] },
      'rules[1].id',
      'duplicate rule id',
    ],
    ['campaign without candidates', { ...validCampaign(), candidates: [] }, 'candidates', 'needs candidates'],
    ['base with candidates', { ...validBase(), candidates: [] }, 'candidates', 'has no candidates'],
    [
      'bad hashtag',
      { ...validCampaign(), candidates: [{ id: 'a', name: 'A', hashtags: ['no-hash'] }] },
      'candidates[0].hashtags[0]',
      '#',
    ],
    [
      'bad acronym',
      { ...validCampaign(), candidates: [{ id: 'a', name: 'A', acronyms: ['amin'] }] },
      'candidates[0].acronyms[0]',
      'capital',
    ],
    [
      'number out of range',
      { ...validCampaign(), candidates: [{ id: 'a', name: 'A', number: 100 }] },
      'candidates[0].number',
      '<=99',
    ],
  ])('%s', (_, json, path, reason) => {
    const result = parsePack(json, 'file.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.errors.find((e) => e.path === path);
    expect(error, JSON.stringify(result.errors)).toBeDefined();
    expect(error!.message).toContain(reason);
  });

  test('errors name the pack by id and source, or by source alone', () => {
    const named = parsePack({ ...validBase(), version: 'x' }, 'packs/a.json');
    expect(!named.ok && named.errors[0]!.pack).toBe('test.base (packs/a.json)');
    const anonymous = parsePack(42, 'packs/b.json');
    expect(!anonymous.ok && anonymous.errors[0]!.pack).toBe('packs/b.json');
  });
});

describe('loadPacks', () => {
  test('returns the valid packs and the errors of the others', () => {
    const { packs, errors } = loadPacks([
      { source: 'a.json', json: validBase() },
      { source: 'b.json', json: { ...validCampaign(), version: 'x' } },
    ]);
    expect(packs.map((p) => p.id)).toEqual(['test.base']);
    expect(errors).toEqual([
      { pack: 'test.campaign (b.json)', path: 'version', message: 'must look like 1.0.0' },
    ]);
  });

  test('a broken new version keeps the previous good one in force', () => {
    const previous = loadPacks([{ source: 'c.json', json: validCampaign() }]).packs;
    const { packs, errors } = loadPacks(
      [{ source: 'c.json', json: { ...validCampaign(), version: '3.0.0', kind: 'x' } }],
      previous,
    );
    expect(packs.map((p) => `${p.id}@${p.version}`)).toEqual(['test.campaign@2.1.0']);
    expect(errors).toHaveLength(1);
  });

  test('a second pack with the same id is rejected', () => {
    const { packs, errors } = loadPacks([
      { source: 'a.json', json: validBase() },
      { source: 'a-copy.json', json: validBase() },
    ]);
    expect(packs).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      path: 'id',
      message: expect.stringContaining('already loaded from a.json'),
    });
  });
});

describe('pack.schema.json', () => {
  test('is up to date with PackSchema (regenerate: npm run --silent rules -- schema > lib/rules/pack.schema.json)', () => {
    const onDisk = JSON.parse(
      readFileSync(new URL('../../lib/rules/pack.schema.json', import.meta.url), 'utf8'),
    );
    expect(onDisk).toEqual(packJsonSchema());
  });
});
