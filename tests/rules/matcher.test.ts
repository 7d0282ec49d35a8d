import { describe, expect, test } from 'vitest';
import { classify, compileMatcher, deserialiseMatcher, serialiseMatcher } from '../../lib/rules';
import { compileRules, createBasePackMock, createCampaignPackMock, matchIds } from './factories';

describe('terms', () => {
  test.each([
    ['literal word', ['coblos'], 'ayo COBLOS', 'ayo pilih'],
    ['slang resolves on both sides', ['tidak pilih'], 'gak pilih', 'pilih'],
    ['stem: prefixed and suffixed forms', ['~dukung'], 'para pendukung setia', 'dukun sakti'],
    ['stem: colloquial forms', ['~coblos'], 'nyoblos yuk', 'coba dulu'],
    ['stem: dropped vowels', ['~coblos'], 'cblos aja', 'cabe'],
    ['stem leaves false friends alone', ['~dana'], 'pendanaan kampanye', 'perdana menteri'],
    ['prefix', ['capres*'], 'capresnya datang', 'cap rest'],
    ['number by value', ['2'], 'nomor dua', 'nomor 12'],
    ['number by value, keycap', ['2'], 'pilih 2️⃣', 'pilih 3️⃣'],
    ['zero-padded number exactly', ['02'], 'ayo 02', 'ayo 2'],
    ['any number 0-99', ['salam {num} jari'], 'salam tiga jari', 'salam 100 jari'],
    ['wildcard', ['coblos ? 2'], 'coblos nomor 2', 'coblos 2'],
    ['hashtag', ['#2019GantiPresiden'], 'ayo #2019gantipresiden', '2019 ganti presiden'],
    ['hashtag prefix', ['#2024*'], '#2024Menang', '#2023Menang'],
    ['hashtag parts are words', ['ganti presiden'], '#2019GantiPresiden', 'ganti baju presiden'],
    ['mention', ['@kpu_ri'], 'cc @KPU_RI', 'kpu ri'],
    ['mention prefix', ['@relawan*'], 'bareng @relawan_merah', '@timnas'],
    ['emoji ignores skin tone', ['✌'], 'salam ✌🏾', 'salam 👍'],
    ['alternatives', ['pilih|coblos 2'], 'coblos 2', 'dukung 2'],
  ])('%s', (_, anyOf, positive, negative) => {
    const matcher = compileRules([{ anyOf }]);
    expect(matchIds(matcher, positive)).toEqual(['r1']);
    expect(matchIds(matcher, negative)).toEqual([]);
  });

  test('findings carry offsets into the original text', () => {
    const matcher = compileRules([{ anyOf: ['coblos 2'] }]);
    const text = 'Ayo 𝐜𝐨𝐛𝐥𝐨𝐬 2️⃣ ya';
    const [finding] = classify(matcher, text).findings;
    expect(finding).toMatchObject({ match: '𝐜𝐨𝐛𝐥𝐨𝐬 2️⃣' });
    expect(text.slice(finding!.start, finding!.end)).toBe(finding!.match);
  });
});

describe('conditions', () => {
  const rule = {
    anyOf: ['~pilih'],
    allOf: [{ anyOf: ['paslon {num}'], within: 3 }],
    notWith: [{ anyOf: ['menu|soal'], within: 4 }],
    notAfter: [{ anyOf: ['tidak'], within: 1 }],
    notBefore: [{ anyOf: ['kah'], within: 1 }],
  };
  const matcher = compileRules([rule]);

  test.each([
    ['allOf within reach, either side', 'pilih paslon 2', true],
    ['allOf before the anchor', 'paslon 2 pilihanku', true],
    ['allOf too far', 'pilih dulu baru nanti kita lihat paslon 2', false],
    ['allOf missing', 'pilih yang terbaik', false],
    ['notWith (pilih menu)', 'pilih menu paslon 2', false],
    ['notWith out of reach', 'menu makan siang sudah habis terus, pilih paslon 2', true],
    ['notAfter', 'tidak pilih paslon 2', false],
    ['notAfter only counts before', 'pilih paslon 2 tidak', true],
    ['notBefore', 'pilih kah paslon 2', false],
  ])('%s: %s', (_, text, matches) => {
    expect(matchIds(matcher, text)).toEqual(matches ? ['r1'] : []);
  });

  test('a condition with no within holds anywhere in the post', () => {
    const m = compileRules([{ anyOf: ['coblos'], allOf: [{ anyOf: ['pemilu'] }] }]);
    expect(matchIds(m, `pemilu ${'kata '.repeat(40)} coblos`)).toEqual(['r1']);
    expect(matchIds(m, 'coblos')).toEqual([]);
  });

  test('a condition cannot be satisfied by the anchor itself', () => {
    const m = compileRules([{ anyOf: ['paslon'], allOf: [{ anyOf: ['paslon'], within: 2 }] }]);
    expect(matchIds(m, 'paslon')).toEqual([]);
    expect(matchIds(m, 'paslon dan paslon')).toEqual(['r1']);
  });

  test('overlapping matches of one rule are one finding with the union span', () => {
    const m = compileRules([{ anyOf: ['coblos 2', 'ayo coblos'] }]);
    expect(classify(m, 'ayo coblos 2').findings.map((f) => f.match)).toEqual(['ayo coblos 2']);
  });

  test('rules in different packs share phrases without interfering', () => {
    const m = compileMatcher([
      createBasePackMock([{ anyOf: ['coblos'], category: 'candidate_support' }], { id: 'a' }),
      createBasePackMock([{ anyOf: ['coblos'], category: 'money_politics', severity: 'low' }], { id: 'b' }),
    ]);
    expect(classify(m, 'coblos').findings.map((f) => `${f.packId}/${f.category}`)).toEqual([
      'a/candidate_support',
      'b/money_politics',
    ]);
  });
});

describe('verdicts', () => {
  const m = compileRules([
    { id: 'strong', anyOf: ['kuat'], severity: 'high' },
    { id: 'medium', anyOf: ['sedang'], severity: 'medium' },
    { id: 'weak1', anyOf: ['lemah'], severity: 'low' },
    { id: 'weak2', anyOf: ['tipis'], severity: 'low' },
    { id: 'other', anyOf: ['kasar'], severity: 'high', category: 'abusive' },
  ]);

  test.each([
    ['one strong signal suffices', 'kuat', ['candidate_support']],
    ['one medium alone does not', 'sedang', []],
    ['medium and low add up', 'sedang lemah', ['candidate_support']],
    ['two lows do not', 'lemah tipis', []],
    ['one rule repeated counts once', 'lemah lemah lemah', []],
    ['categories are separate', 'sedang kasar', ['abusive']],
  ])('%s', (_, text, categories) => {
    expect(classify(m, text).categories).toEqual(categories);
  });

  test('verdicts report score and strongest severity', () => {
    expect(classify(m, 'sedang lemah').verdicts).toEqual([
      { category: 'candidate_support', score: 3, flagged: true, severity: 'medium' },
    ]);
  });
});

describe('campaign packs', () => {
  const campaign = createCampaignPackMock([
    {
      id: 'ab',
      name: 'Abi – Budi',
      number: 1,
      names: ['Abimanyu Setiawan'],
      nicknames: ['Abi', 'Abi-Budi'],
      acronyms: ['ABUD'],
      hashtags: ['#AbiBudiMenang'],
      accounts: ['@abibudi'],
      slogans: ['Maju terus pantang mundur'],
    },
    { id: 'cd', name: 'Citra – Dodi', number: 2, nicknames: ['Citra'] },
  ]);
  const base = createBasePackMock([
    {
      id: 'ajakan',
      anyOf: ['~coblos|~pilih'],
      allOf: [{ anyOf: ['{candidate}', 'nomor {num}'], within: 2 }],
    },
  ]);
  const m = compileMatcher([campaign, base]);

  test.each([
    ['a nickname', 'ayo coblos Abi', 'ab'],
    ['a full name', 'pilih Abimanyu Setiawan', 'ab'],
    ['a pair written with a hyphen', 'coblos Abi-Budi!', 'ab'],
    ['an acronym in capitals', 'pilih ABUD', 'ab'],
    ['a ballot number', 'coblos nomor 2', 'cd'],
    ['a ballot number in words', 'coblos nomor dua', 'cd'],
  ])('%s turns a generic rule into support for a named candidate', (_, text, candidate) => {
    const finding = classify(m, text).findings.find((f) => f.ruleId === 'ajakan');
    expect(finding?.candidate?.id).toBe(candidate);
  });

  test('an acronym in lower case is an ordinary word', () => {
    expect(classify(m, 'pilih abud').findings).toEqual([]);
  });

  test.each([
    ['#AbiBudiMenang', 'campaign-hashtag', 'high'],
    ['maju terus pantang mundur!', 'campaign-slogan', 'high'],
    ['cc @AbiBudi', 'campaign-account', 'low'],
  ])('%s → %s', (text, ruleId, severity) => {
    const [finding] = classify(m, text).findings;
    expect(finding).toMatchObject({
      ruleId,
      severity,
      packId: 'test.campaign',
      candidate: { id: 'ab', name: 'Abi – Budi' },
    });
  });

  test('a bare name is a reference, not a finding', () => {
    expect(classify(m, 'Abi berkunjung ke pasar').findings).toEqual([]);
  });
});

describe('serialisation', () => {
  const m = compileMatcher([
    createCampaignPackMock([{ id: 'ab', number: 1, nicknames: ['Abi'], hashtags: ['#AbiMenang'] }]),
    createBasePackMock([
      { anyOf: ['~coblos'], allOf: [{ anyOf: ['{candidate}'], within: 2 }] },
      { anyOf: ['capres*', '✌'], severity: 'low' },
    ]),
  ]);
  const texts = ['nyoblos Abi dong ✌️', '#AbiMenang', 'capresku', 'tidak ada apa-apa'];

  test('round-trips through JSON and matches the same', () => {
    const copy = deserialiseMatcher(JSON.parse(JSON.stringify(serialiseMatcher(m))));
    for (const text of texts) expect(classify(copy, text)).toEqual(classify(m, text));
  });

  test.each<[string, (d: Record<string, unknown>) => unknown, string]>([
    ['not an object', () => 'x', 'not an object'],
    ['another format', (d) => ({ ...d, format: 'other' }), 'unknown format'],
    ['a newer version', (d) => ({ ...d, version: 99 }), 'version 99'],
    ['a term id out of range', (d) => ({ ...d, words: [['x', [1e6]]] }), 'words'],
    ['a bad rule', (d) => ({ ...d, rules: [{ id: 'x', category: 'nope' }] }), 'rule x'],
    ['edges not in triples', (d) => ({ ...d, edges: [1, 2] }), 'edges'],
    ['a node id far out of range', (d) => ({ ...d, edges: [0, 0, 1e9] }), 'edges out of range'],
  ])('rejects %s', (_, corrupt, message) => {
    const data = JSON.parse(JSON.stringify(serialiseMatcher(m)));
    expect(() => deserialiseMatcher(corrupt(data))).toThrow(message);
  });
});

describe('hostile input', () => {
  const m = compileRules([
    { anyOf: ['a a a a a a a b'] },
    { anyOf: ['coblos'], allOf: [{ anyOf: ['nomor {num}'], within: 3 }] },
    { anyOf: ['a ? ? ? ? ? ? c'] },
  ]);

  test.each([
    ['repeated near-matches', 'a '.repeat(50_000)],
    ['many anchors without their condition', 'coblos '.repeat(30_000)],
    ['anchors with conditions everywhere', 'coblos nomor 2 '.repeat(20_000)],
    ['an emoji run', '✌️'.repeat(50_000)],
    ['one unbroken token', 'x'.repeat(200_000)],
  ])('%s: finishes with bounded findings', (_, text) => {
    const result = classify(m, text);
    expect(result.findings.length).toBeLessThanOrEqual(200);
  });
});

describe('key ids', () => {
  test('a text with more distinct words than the id table holds, and the texts after it, match the same', () => {
    const m = compileRules([{ anyOf: ['coblos 2', 'capres*'] }, { anyOf: ['dukung'], severity: 'low' }]);
    const texts = ['ayo coblos 2 ya', 'capresku dukung', 'nyoblos dua', 'COBLOS 2'];
    const before = texts.map((t) => classify(m, t));
    // Far more distinct words than key ids: the table fills during this text and is renewed after it.
    const words: string[] = [];
    for (let k = 0; k < 80_000; k++)
      words.push(`w${k.toString(36).replace(/\d/g, (d) => 'qrstuvwxyz'[+d]!)}`);
    const hostile = `${words.join(' ')} coblos 2 dukung`;
    expect(matchIds(m, hostile)).toEqual(['r1', 'r2']);
    for (let round = 0; round < 2; round++) {
      texts.forEach((t, k) => expect(classify(m, t)).toEqual(before[k]));
      expect(matchIds(m, hostile)).toEqual(['r1', 'r2']);
    }
  });
});
