import { describe, expect, test } from 'vitest';
import { BASE_PACKS, CAMPAIGN_PACKS, classify, compileMatcher, type Pack, PackSchema } from '../../lib/rules';

const ALL = [...BASE_PACKS, ...CAMPAIGN_PACKS];
const withCampaign = (campaignId: string) =>
  compileMatcher([CAMPAIGN_PACKS.find((p) => p.id === campaignId)!, ...BASE_PACKS]);
const everything = compileMatcher([...CAMPAIGN_PACKS, ...BASE_PACKS]);
const baseOnly = compileMatcher(BASE_PACKS);

describe('shipped packs', () => {
  test.each(ALL.map((p) => [p.id, p] as const))('%s is valid and spells out every field', (_, pack) => {
    const result = PackSchema.safeParse(pack);
    expect(result.error?.issues ?? []).toEqual([]);
    // No defaults added: the JSON is exactly the Pack type it is exported as.
    expect(result.data).toEqual(pack);
  });

  test('pack ids are unique', () => {
    expect(new Set(ALL.map((p) => p.id)).size).toBe(ALL.length);
  });

  test.each(BASE_PACKS.flatMap((p) => p.rules.map((r) => [`${p.id}/${r.id}`, r] as const)))(
    '%s has positive and negative examples',
    (_, rule) => {
      expect(rule.examples?.match.length ?? 0).toBeGreaterThan(0);
      expect(rule.examples?.noMatch.length ?? 0).toBeGreaterThan(0);
    },
  );
});

type Case = [string, string, string];
const exampleCases = (pack: Pack, key: 'match' | 'noMatch'): Case[] =>
  pack.rules.flatMap((r) =>
    (r.examples?.[key] ?? []).map((text): Case => [`${pack.id}/${r.id}`, text, r.id]),
  );

describe('every shipped rule on its own examples (all campaign packs active)', () => {
  test.each(BASE_PACKS.flatMap((p) => exampleCases(p, 'match')))('%s matches %j', (_, text, ruleId) => {
    expect(classify(everything, text).findings.map((f) => f.ruleId)).toContain(ruleId);
  });

  test.each(BASE_PACKS.flatMap((p) => exampleCases(p, 'noMatch')))(
    '%s does not match %j',
    (_, text, ruleId) => {
      expect(classify(everything, text).findings.map((f) => f.ruleId)).not.toContain(ruleId);
    },
  );
});

// A cue is looked for only in texts with a partisan or insulting finding (it can cancel nothing
// elsewhere), so each match example carries one.
const cueCases = (key: 'match' | 'noMatch'): Case[] =>
  BASE_PACKS.flatMap((pack) =>
    pack.contexts.flatMap((c) =>
      (c.examples?.[key] ?? []).map((text): Case => [`${pack.id}/${c.id}`, text, c.id]),
    ),
  );

describe('every shipped context cue on its own examples', () => {
  test.each(cueCases('match'))('%s is found in %j', (_, text, id) => {
    expect(classify(everything, text).cues.map((c) => c.ruleId)).toContain(id);
  });
  test.each(cueCases('noMatch'))('%s is not found in %j', (_, text, id) => {
    expect(classify(everything, text).cues.map((c) => c.ruleId)).not.toContain(id);
  });
});

describe('false friends from DOMAIN.md stay unflagged', () => {
  test.each([
    'Pilih menu nomor 2 ya kak, yang pedas',
    'Dukung timnas Indonesia! Garuda di dadaku',
    'Langkah-langkah: nomor 1 buka aplikasi, nomor 2 pilih menu transfer',
    'Ayo datang ke TPS tanggal 14 Februari dan gunakan hak pilihmu',
    'KPU menetapkan nomor urut paslon dalam rapat pleno terbuka',
    'Debat capres malam ini membahas ekonomi dan pangan',
    'Amin ya Allah, semoga lancar ujiannya',
    'Aamiin',
    'Saya pilih nasi goreng nomor 2 saja',
    'Anjing saya sudah divaksin rabies',
    'Harga cabai naik lagi di pasar',
  ])('%j', (text) => {
    expect(classify(everything, text).categories).toEqual([]);
  });
});

describe('campaign packs turn references into named candidates', () => {
  test.each([
    ['campaign.pilpres-2024', 'Ayo coblos nomor 2!', 'prabowo-gibran', 'support'],
    ['campaign.pilpres-2024', 'Pokoknya #AMINajaDulu', 'anies-muhaimin', 'support'],
    ['campaign.pilpres-2024', 'Dukung AMIN sampai menang', 'anies-muhaimin', 'support'],
    ['campaign.pilpres-2024', 'pilih Ganjar-Mahfud, sat set!', 'ganjar-mahfud', 'support'],
    ['campaign.pilpres-2024', 'Salam 3 jari', 'ganjar-mahfud', 'support'],
    ['campaign.pilpres-2019', '#2019GantiPresiden', 'jokowi-amin', 'attack'],
    ['campaign.pilkada-dki-2017', 'Jangan pilih Ahok!', 'ahok-djarot', 'attack'],
    ['campaign.pilkada-dki-2017', 'Salam 3 jari, #OkeOce', 'anies-sandi', 'support'],
    ['campaign.pilpres-2019', 'Jokowi 2 periode, lanjutkan!', 'jokowi-amin', 'support'],
    ['campaign.pilkada-dki-2024', 'Warga Jakarta, coblos Pram-Doel!', 'pramono-rano', 'support'],
    ['campaign.pilkada-dki-2024', 'RIDO menang satu putaran', 'ridwan-suswono', 'support'],
  ])('%s: %j → %s (%s)', (packId, text, candidate, stance) => {
    const result = classify(withCampaign(packId), text);
    expect(result.categories).toContain(stance === 'support' ? 'candidate_support' : 'candidate_attack');
    expect(result.findings.map((f) => f.candidate?.id)).toContain(candidate);
    expect(result.stances.map((s) => [s.candidate?.id, s.stance])).toContainEqual([candidate, stance]);
  });

  test('without a campaign pack a bare nickname is nothing', () => {
    expect(classify(baseOnly, 'Dukung AMIN sampai menang').categories).toEqual([]);
  });

  test('news mentioning a candidate is not support', () => {
    const m = withCampaign('campaign.pilpres-2024');
    expect(classify(m, 'Prabowo berkunjung ke Solo, disambut Gibran di Balai Kota').categories).toEqual([]);
  });
});

describe('disguised abuse meets the base packs', () => {
  test.each([
    ['dasar b*bi lu', 'abusive'],
    ['anj*ng kau', 'abusive'],
    ['k*nt*l lu', 'abusive'],
    ['bangs*t kau', 'abusive'],
    ['dasar t*lol', 'abusive'],
    ['k0ntol lu', 'abusive'],
    ['a.n.j.i.n.g lu', 'abusive'],
    ['dasar bangs@t', 'abusive'],
    ['dasar c*bong', 'hate_speech'],
  ])('%j is flagged %s', (text, category) => {
    expect(classify(baseOnly, text).categories).toContain(category);
  });

  test.each(['Hasil 3*4 = 12, bukan 7', 'wkwk lucu banget :v', 'Mantap gan :V :)', 'catatan:vaksin dosis 2'])(
    '%j stays unflagged',
    (text) => {
      expect(classify(baseOnly, text).categories).toEqual([]);
    },
  );
});
