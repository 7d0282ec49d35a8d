import { readFileSync, statSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadModelPacks, parseModelPack } from '../../lib/models/pack';
import { SHIPPED_MODEL_PACKS } from '../../lib/models/packs';
import { createModelPackMock } from './factories';

describe('model pack format', () => {
  test.each(SHIPPED_MODEL_PACKS.map((json) => [(json as { id: string }).id, json]))(
    'shipped pack %s validates and states its licence and figures',
    (_id, json) => {
      const parsed = parseModelPack(json, 'shipped');
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.pack.json.licence.id).toBe('CC-BY-NC-SA-4.0');
      expect(parsed.pack.json.licence.attribution).toMatch(/Ibrohim/);
      expect(parsed.pack.json.provenance.figures['test.model']).toBeDefined();
      expect(parsed.pack.weights.length).toBe(1 << parsed.pack.features.bits);
    },
  );

  test('shipped packs are at most 128 KB each and licensed apart', () => {
    const dir = new URL('../../lib/models/packs/', import.meta.url);
    for (const file of ['hate-speech.json', 'abusive.json']) {
      expect(statSync(new URL(file, dir)).size).toBeLessThanOrEqual(128 * 1024);
    }
    expect(readFileSync(new URL('LICENSE', dir), 'utf8')).toMatch(/CC BY-NC-SA 4\.0/);
  });

  test.each([
    ['wrong format', { format: 'netra-pack' }, 'format'],
    ['future format version', { formatVersion: 2 }, 'formatVersion'],
    ['bad id', { id: 'Not An Id' }, 'id'],
    ['unknown category', { category: 'money_politics' }, 'category'],
    ['unknown field', { code: 'alert(1)' }, '(pack)'],
  ] as const)('%s is rejected with its path', (_name, patch, path) => {
    const parsed = parseModelPack(createModelPackMock(patch as never), 'bad.json');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]!.pack).toMatch(/bad\.json/);
    expect(parsed.errors.map((e) => e.path)).toContain(path);
  });

  test('weights of the wrong length are rejected with a clear message', () => {
    const good = createModelPackMock();
    const parsed = parseModelPack({ ...good, weights: { ...good.weights, data: 'AAAA' } }, 'short.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.errors[0]).toMatchObject({ path: 'weights.data', message: /3 weights, expected 2\^10/ });
  });

  test('thresholds out of order are rejected', () => {
    const parsed = parseModelPack(createModelPackMock({ thresholds: { flag: 0.5, support: 0.7 } }), 't.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]!.message).toMatch(/support must not be above flag/);
  });

  test('a bad new version leaves the previous good pack in force', () => {
    const previous = loadModelPacks([{ source: 'v1', json: createModelPackMock() }]).packs;
    expect(previous).toHaveLength(1);
    const bad = { ...createModelPackMock({ version: '2.0.0' }), weights: 'gone' };
    const { packs, errors } = loadModelPacks([{ source: 'v2', json: bad }], previous);
    expect(errors[0]).toMatchObject({ pack: 'test.model (v2)', path: 'weights' });
    expect(packs).toEqual(previous);
  });

  test('a second pack with the same id is refused', () => {
    const json = createModelPackMock();
    const { packs, errors } = loadModelPacks([
      { source: 'a', json },
      { source: 'b', json },
    ]);
    expect(packs).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/already loaded/);
  });
});
