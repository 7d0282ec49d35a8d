import { describe, expect, test } from 'vitest';
import { segmentHashtag } from '../../lib/rules/hashtag';
import { normalise, type Token } from '../../lib/rules/normalise';

const keys = (text: string) => normalise(text).map((t) => t.key);
const norms = (text: string) => normalise(text).map((t) => t.norm);
const kinds = (text: string) => normalise(text).map((t) => t.kind);
const spans = (text: string) => normalise(text).map((t: Token) => text.slice(t.start, t.end));

describe('case folding and NFKC', () => {
  test.each([
    ['COBLOS', 'coblos'],
    ['ｃｏｂｌｏｓ', 'coblos'],
    ['𝐜𝐨𝐛𝐥𝐨𝐬', 'coblos'],
    ['𝘿𝙪𝙠𝙪𝙣𝙜', 'dukung'],
    ['cöblos', 'coblos'],
    ['an\u200Bjing', 'anjing'],
    ['dukung\u00AD', 'dukung'],
  ])('%s → %s', (text, key) => {
    expect(keys(text)).toEqual([key]);
  });

  test('offsets point into the original text even when NFKC changes lengths', () => {
    const text = 'ayo 𝐜𝐨𝐛𝐥𝐨𝐬 sekarang';
    expect(spans(text)).toEqual(['ayo', '𝐜𝐨𝐛𝐥𝐨𝐬', 'sekarang']);
  });
});

describe('repeated letters', () => {
  test.each([
    ['dukunggg', 'dukung'],
    ['pilihhh', 'pilih'],
    ['DUKUNGGGGGG', 'dukung'],
    ['mantaaaap', 'mantap'],
    ['gakkk', 'tidak'],
  ])('%s → %s', (text, key) => {
    expect(keys(text)).toEqual([key]);
  });

  test.each([
    ['saat', 'saat'],
    ['maaf', 'maaf'],
  ])('a double letter stays in the readable form: %s', (text, norm) => {
    expect(norms(text)).toEqual([norm]);
  });

  test('keys squeeze double letters so "sunnah" and "sunah" meet', () => {
    expect(keys('sunnah')).toEqual(keys('sunah'));
  });
});

describe('digits inside words', () => {
  test.each([
    ['c0bl0s', ['coblos']],
    ['pil1h', ['pilih']],
    ['b4ngs4t', ['bangsat']],
    ['4nj1ng', ['anjing']],
    ['b@ngsat', ['bangsat']],
  ])('letters in disguise: %s', (text, expected) => {
    expect(keys(text)).toEqual(expected);
  });

  test.each([
    ['02', ['02'], ['number']],
    ['nomor 2', ['nomor', '2'], ['word', 'number']],
    ['no2', ['nomor', '2'], ['word', 'number']],
    ['paslon02', ['paslon', '02'], ['word', 'number']],
    ['2periode', ['2', 'periode'], ['number', 'word']],
    ['jokowi01', ['jokowi', '01'], ['word', 'number']],
    ['covid19', ['covid', '19'], ['word', 'number']],
  ])('real numbers stay numbers: %s', (text, expectedKeys, expectedKinds) => {
    expect(keys(text)).toEqual(expectedKeys);
    expect(kinds(text)).toEqual(expectedKinds);
  });

  test.each([
    ['teman2', ['teman']],
    ['kata2 mutiara', ['kata', 'mutiara']],
  ])('a trailing 2 is reduplication: %s', (text, expected) => {
    expect(keys(text)).toEqual(expected);
  });

  test('number values: digits, zero-padded, words, keycaps', () => {
    const values = normalise('2 02 dua 2️⃣ ２ tiga 2019').map((t) => t.value);
    expect(values).toEqual([2, 2, 2, 2, 2, 3, 2019]);
  });

  test('a keycap emoji is a number with its whole span', () => {
    const text = 'coblos 3️⃣!';
    const [, three] = normalise(text);
    expect(three?.kind).toBe('number');
    expect(text.slice(three!.start, three!.end)).toBe('3️⃣');
  });
});

describe('slang and abbreviations', () => {
  test.each([
    ['yg', 'yang'],
    ['gak', 'tidak'],
    ['ga', 'tidak'],
    ['nggak', 'tidak'],
    ['tdk', 'tidak'],
    ['dgn', 'dengan'],
    ['sdh', 'sudah'],
    ['bpk', 'bapak'],
    ['dkg', 'dukung'],
    ['pilh', 'pilih'],
    ['plh', 'pilih'],
    ['no', 'nomor'],
  ])('%s → %s', (text, norm) => {
    expect(norms(text)).toEqual([norm]);
  });

  test.each([['dukun'], ['km'], ['smp']])('not every short word is slang: %s', (text) => {
    expect(norms(text)).toEqual([text]);
  });
});

describe('urls, mentions, hashtags', () => {
  test('URLs and mentions are their own tokens, not words', () => {
    expect(kinds('lihat https://kpu.go.id/info?a=1 dan @KPU_RI ya')).toEqual([
      'word',
      'url',
      'word',
      'mention',
      'word',
    ]);
    expect(norms('@Relawan_Jokowi')).toEqual(['@relawan_jokowi']);
  });

  test('an email address is not a mention', () => {
    expect(kinds('kirim ke humas@kpu.go.id')).not.toContain('mention');
  });

  test.each([
    ['kirim ke humas@kpu.go.id', ['kirim', 'ke', 'humas', 'kpu', 'go', 'id']],
    ['Humas@kpu.go.id', ['humas', 'kpu']],
    ['humas@kpu-ri2.go.id!', ['humas', 'kpu', 'ri', '2']],
    ['b@ngsat', ['bangsat']],
    ['b@ngsat.lu', ['bangsat']],
    ['dasar b@ngsat. titik', ['dasar', 'bangsat', 'titik']],
    ['dasar bang@sat.2', ['dasar', 'bangasat']],
  ])('an @ before an email domain ends the word, elsewhere it reads as "a": %s', (text, firstKeys) => {
    expect(keys(text).slice(0, firstKeys.length)).toEqual(firstKeys);
  });

  test.each([
    ['#2019GantiPresiden', ['#2019gantipresiden', '2019', 'ganti', 'presiden']],
    ['#AMINajaDulu', ['#aminajadulu', 'amin', 'saja', 'dulu']],
    ['#aminajadulu', ['#aminajadulu', 'amin', 'saja', 'dulu']],
    ['#ayocoblosdulu', ['#ayocoblosdulu', 'ayo', 'coblos', 'dulu']],
    ['#salam_dua_jari', ['#salamduajari', 'salam', 'dua', 'jari']],
    ['#Jokowi2Periode', ['#jokowi2periode', 'jokowi', '2', 'periode']],
  ])('hashtag %s keeps a hashtag token and splits into words', (text, expected) => {
    expect(keys(text)).toEqual(expected);
    const [tag, ...parts] = normalise(text);
    expect(tag?.kind).toBe('hashtag');
    expect(parts.every((p) => p.inTag)).toBe(true);
    for (const p of parts)
      expect(text.slice(p.start, p.end).toLowerCase().replace(/_/g, '')).toBe(
        text.slice(p.start, p.end).toLowerCase(),
      );
  });

  test('hashtag part offsets point at the letters in the original', () => {
    const text = 'x #AMINajaDulu';
    expect(spans(text)).toEqual(['x', '#AMINajaDulu', 'AMIN', 'aja', 'Dulu']);
  });

  test('extra vocabulary from the matcher improves splitting', () => {
    const split = (words?: Set<string>) =>
      segmentHashtag('tetapjokowi', null, (w) => ['tetap', ...(words ?? [])].includes(w)).length;
    expect(split(new Set(['jokowi']))).toBe(2);
  });

  test('a hashtag of unknown words stays in one piece', () => {
    expect(keys('#xqzvbwrt')).toEqual(['#xqzvbwrt', 'xqzvbwrt']);
  });
});

describe('emoji', () => {
  test.each([
    ['☝', '☝'],
    ['☝️', '☝'],
    ['✌🏽', '✌'],
    ['👌🏿', '👌'],
    ['🤟🏻', '🤟'],
    ['👍🏼', '👍'],
    ['🫰🏾', '🫰'],
  ])('%s → %s with skin tone and variation selector normalised away', (text, key) => {
    const [token] = normalise(text);
    expect(token?.kind).toBe('emoji');
    expect(token?.key).toBe(key);
    expect(text.slice(token!.start, token!.end)).toBe(text);
  });

  test('each emoji in a run is a token', () => {
    expect(keys('✌️✌️✌️')).toEqual(['✌', '✌', '✌']);
  });

  test('ZWJ sequences and flags stay whole', () => {
    expect(normalise('👨‍👩‍👧 🇮🇩').map((t) => t.kind)).toEqual(['emoji', 'emoji']);
  });
});

describe('spelled-out words and acronyms', () => {
  test.each([
    ['a n j i n g', 'anjing'],
    ['k.a.m.p.r.e.t', 'kampret'],
  ])('%s → %s', (text, key) => {
    expect(keys(text)).toEqual([key]);
  });

  test('initials are not merged', () => {
    expect(keys('J. K. Rowling')).toEqual(['j', 'k', 'rowling']);
  });

  test('caps marks words written in capitals', () => {
    expect(normalise('AMIN amin Amin').map((t) => t.caps)).toEqual([true, false, false]);
  });
});

describe('hostile input', () => {
  test('a very long unbroken token is bounded and does not match', () => {
    const text = `${'ab'.repeat(50_000)} ok`;
    const tokens = normalise(text);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]!.key).toBe('');
    expect(tokens[0]!.end).toBe(100_000);
    expect(tokens[1]!.key).toBe('ok');
  });

  test('an elongated word of any length still matches', () => {
    expect(keys(`duk${'u'.repeat(10_000)}ng`)).toEqual(['dukung']);
  });

  test.each([
    ['lone surrogates', '\uD83D abc \uDC4D'],
    ['only punctuation', '!!! ??? ...'],
    ['control characters', '\u0000\u0001abc\u0007'],
    ['combining marks alone', '\u0301\u0301 ok'],
  ])('%s do not throw', (_, text) => {
    expect(() => normalise(text)).not.toThrow();
  });
});

describe('text emoticons', () => {
  test.each([
    [':v', ':v'],
    [':V', ':v'],
    [':vvv', ':v'],
    [':)', ':)'],
    [':-(', ':('],
    [';p', ':p'],
    [':D', ':d'],
  ])('%s is one emoji token, not a word', (text, key) => {
    expect(normalise(text).map((t) => [t.kind, t.key])).toEqual([['emoji', key]]);
  });

  test('an emoticon glued to a word keeps the word and its own span', () => {
    const text = 'lucu banget:V';
    expect(kinds(text)).toEqual(['word', 'word', 'emoji']);
    expect(spans(text)).toEqual(['lucu', 'banget', ':V']);
  });

  test.each([
    ['Catatan:vaksin', ['catatan', 'vaksin']],
    ['skor 2:3', ['skor', '2', '3']],
    ['jam 10:30', ['jam', '10', '30']],
    ['lihat:pilihan', ['lihat', 'pilihan']],
  ])('colons before words and between numbers stay punctuation: %s', (text, expected) => {
    expect(keys(text)).toEqual(expected);
  });
});

describe('words masked with asterisks', () => {
  const vocabulary = new Set(['anjing', 'babi', 'cebong', 'kontol', 'bangsat', 'goblok']);
  const masked = (text: string) => normalise(text, { words: vocabulary });

  test.each([
    ['anj*ng', 'anjing'],
    ['b*bi', 'babi'],
    ['c*bong', 'cebong'],
    ['k*nt*l', 'kontol'],
    ['bangs*t', 'bangsat'],
    ['G*BL*K', 'goblok'],
  ])('%s → %s', (text, key) => {
    const tokens = masked(text);
    expect(tokens.map((t) => t.key)).toEqual([key]);
    expect(text.slice(tokens[0]!.start, tokens[0]!.end)).toBe(text);
  });

  test('the unmasked word keeps its offsets inside a sentence', () => {
    const text = 'dasar b*bi lu';
    expect(masked(text).map((t) => text.slice(t.start, t.end))).toEqual(['dasar', 'b*bi', 'lu']);
  });

  test.each([
    ['3*4=12', ['3', '4', '12']],
    ['a*b', ['a', 'b']],
    ['*penting*', ['penting']],
    ['kata * kata', ['kata', 'kata']],
    ['xyz*qr', ['xyz', 'qr']],
  ])('asterisks that hide no known word stay punctuation: %s', (text, expected) => {
    expect(masked(text).map((t) => t.key)).toEqual(expected);
  });
});

describe('other disguised spellings', () => {
  test.each([
    ['k0ntol', 'kontol'],
    ['a.n.j.i.n.g', 'anjing'],
    ['bangs@t', 'bangsat'],
    ['b4b1', 'babi'],
  ])('%s → %s', (text, key) => {
    expect(keys(text)).toEqual([key]);
  });

  test.each([
    ['harga 2.5 juta', ['harga', '2', '5', 'juta']],
    ['harga Rp5.000', ['harga', 'rp', '5', '000']],
  ])('real punctuation and numbers are not read as disguise: %s', (text, expected) => {
    expect(keys(text)).toEqual(expected);
  });
});
