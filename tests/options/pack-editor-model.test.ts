import { describe, expect, test } from 'vitest';
import {
  blankCandidate,
  blankDraft,
  candidateId,
  checkDraft,
  draftFromPack,
  fieldOfPath,
  type PackDraft,
  packFromDraft,
  slug,
} from '@/components/options/pack-editor-model';
import { CAMPAIGN_PACKS } from '@/lib/rules';

/** A valid draft to break one field at a time. */
function draft(
  overrides: Partial<PackDraft> = {},
  candidate: Partial<ReturnType<typeof blankCandidate>> = {},
) {
  return {
    ...blankDraft(),
    id: 'campaign.pilkada-uji',
    name: 'Pilkada Uji',
    candidates: [{ ...blankCandidate(), name: 'Budi – Ani', number: '1', ...candidate }],
    ...overrides,
  };
}

describe('round trip', () => {
  test.each(CAMPAIGN_PACKS.map((pack) => [pack.id, pack] as const))(
    'shipped %s survives draft → pack unchanged',
    (_id, pack) => {
      const checked = checkDraft(draftFromPack(pack));
      expect(checked.ok).toBe(true);
      const { $schema: _schema, ...rest } = pack as typeof pack & { $schema?: string };
      if (checked.ok) expect(checked.pack).toEqual({ ...rest, rules: rest.rules ?? [] });
    },
  );

  test('an invalid stored pack still opens in the editor', () => {
    expect(draftFromPack({ id: 5, candidates: [{ name: 'A', hashtags: ['#a', 3] }] })).toMatchObject({
      id: '',
      version: '1.0.0',
      candidates: [{ name: 'A', hashtags: '#a' }],
    });
    expect(draftFromPack(null).candidates).toEqual([]);
  });

  test('lists are one entry per line; empty lines and spaces are dropped', () => {
    const json = packFromDraft(draft({}, { hashtags: ' #BudiAni \n\n#Ani2029\r\n', number: '' }));
    expect(json.candidates).toEqual([
      expect.objectContaining({ id: 'budi-ani', hashtags: ['#BudiAni', '#Ani2029'] }),
    ]);
    expect((json.candidates as object[])[0]).not.toHaveProperty('number');
  });
});

describe('field errors, in Indonesian, next to their field', () => {
  test.each([
    ['pack id', draft({ id: 'Pilkada Uji' }), 'id', /Huruf kecil/],
    ['empty pack id', draft({ id: '' }), 'id', /Wajib diisi|Huruf kecil/],
    ['version', draft({ version: 'v1' }), 'version', /1\.0\.0/],
    ['no candidates', draft({ candidates: [] }), 'candidates', /setidaknya satu kandidat/],
    ['candidate name', draft({}, { name: '', id: 'x' }), 'candidates.0.name', /Wajib diisi/],
    ['ballot number', draft({}, { number: 'dua' }), 'candidates.0.number', /0–99/],
    ['ballot number too big', draft({}, { number: '100' }), 'candidates.0.number', /0–99/],
    [
      'acronym',
      draft({}, { acronyms: 'BANI\nbani' }),
      'candidates.0.acronyms',
      /baris 2 \("bani"\): .*kapital/,
    ],
    [
      'hashtag',
      draft({}, { hashtags: '#ok\n#dua kata' }),
      'candidates.0.hashtags',
      /baris 2 \("#dua kata"\): .*#/,
    ],
    ['account', draft({}, { accounts: '@bukan akun' }), 'candidates.0.accounts', /baris 1/],
  ])('%s', (_name, d, field, message) => {
    const checked = checkDraft(d);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors[field]).toMatch(message);
  });

  test('duplicate candidate ids are named on the second candidate', () => {
    const d = draft({
      candidates: [
        { ...blankCandidate(), name: 'Budi' },
        { ...blankCandidate(), name: 'Budi' },
      ],
    });
    const checked = checkDraft(d);
    expect(!checked.ok && checked.errors['candidates.1.id']).toMatch(/sudah dipakai/);
  });

  test('a valid draft passes', () => {
    expect(checkDraft(draft()).ok).toBe(true);
  });
});

test.each([
  ['Anies Baswedan – Muhaimin Iskandar', 'anies-baswedan-muhaimin-iskandar'],
  ['Ganjar & Mahfud MD', 'ganjar-mahfud-md'],
  ['Séno', 'seno'],
  ['---', ''],
])('slug(%j) = %j', (text, expected) => {
  expect(slug(text)).toBe(expected);
});

test('candidateId falls back to the position', () => {
  expect(candidateId({ ...blankCandidate(), name: '!!!' }, 2)).toBe('kandidat-3');
});

test.each([
  [['candidates', 2, 'hashtags', 4], { key: 'candidates.2.hashtags', line: 4 }],
  [['candidates', 0, 'name'], { key: 'candidates.0.name' }],
  [['rules', 3, 'anyOf'], { key: 'rules' }],
  [['version'], { key: 'version' }],
  [[], { key: 'pack' }],
])('fieldOfPath(%j)', (path, expected) => {
  expect(fieldOfPath(path)).toEqual(expected);
});
