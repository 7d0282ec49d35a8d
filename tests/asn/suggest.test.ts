import { describe, expect, test } from 'vitest';
import { parseNip } from '../../lib/asn/nip';
import { suggestAsn } from '../../lib/asn/suggest';
import type { ProfileInfo } from '../../lib/sites/types';

function profile(overrides: Partial<ProfileInfo>): ProfileInfo {
  return { site: 'x', handle: 'someone', links: [], ...overrides };
}

const NOW = new Date('2025-01-01T00:00:00Z');

describe('parseNip', () => {
  test.each([
    ['198503122010011003', '198503122010011003'],
    ['19850312 201001 1 003', '198503122010011003'],
    ['19850312.201001.2.003', '198503122010012003'],
    ['200002292024032001', '200002292024032001'],
  ])('%s is an NIP', (text, nip) => {
    expect(parseNip(text, NOW)).toBe(nip);
  });

  test.each([
    ['too short', '19850312201001100'],
    ['too long', '1985031220100110031'],
    ['letters', '19850312201001100a'],
    ['month 13', '198513122010011003'],
    ['31 April', '198504312010011003'],
    ['29 Feb in a common year', '199902292020011003'],
    ['born before 1930', '192003122010011003'],
    ['TMT before age 17', '198503122000011003'],
    ['TMT in the future', '198503122030011003'],
    ['TMT month 00', '198503122010001003'],
    ['gender 3', '198503122010013003'],
    ['serial 000', '198503122010011000'],
    ['a phone number', '081234567890123456'],
  ])('%s is not an NIP', (_label, text) => {
    expect(parseNip(text, NOW)).toBeUndefined();
  });
});

describe('suggestAsn', () => {
  test.each<[string, Partial<ProfileInfo>, string[]]>([
    ['PNS in the bio', { bio: 'PNS di lingkungan Pemkab Sleman. Suka bersepeda.' }, ['asn-status', 'agency']],
    ['ASN and an agency', { bio: 'ASN Kemenkeu | Ayah dua anak' }, ['asn-status', 'agency']],
    ['abdi negara', { bio: 'Abdi negara, pelayan masyarakat' }, ['asn-status']],
    ['aparatur sipil negara', { bio: 'Aparatur Sipil Negara di Kota Bandung' }, ['asn-status']],
    [
      'guru PNS at a public school',
      { bio: 'Guru PNS di SMAN 1 Wates' },
      ['asn-status', 'position', 'agency'],
    ],
    ['Dinas in the name', { displayName: 'Budi | Dinas Pendidikan' }, ['agency']],
    ['Satpol PP', { bio: 'Anggota Satpol PP Kabupaten Bantul' }, ['agency']],
    ['a ministry', { bio: 'Bekerja di Kementerian Agama' }, ['agency']],
    ['a position', { bio: 'Camat Depok, Sleman' }, ['position']],
    ['an NIP', { bio: 'NIP 19850312 201001 1 003' }, ['nip']],
    ['a .go.id email', { bio: 'Kontak: budi@bkpsdm.slemankab.go.id' }, ['gov-domain', 'agency']],
    ['a .go.id link', { links: ['https://dinkes.jatengprov.go.id/profil'] }, ['gov-domain']],
    ['PPPK', { bio: 'PPPK guru 2023' }, ['asn-status']],
    ['CPNS', { bio: 'CPNS 2024 Kemenkumham' }, ['asn-status', 'agency']],
    ['a handle', { handle: 'budi_pns' }, ['asn-status']],
  ])('%s', (_label, overrides, reasons) => {
    const suggestion = suggestAsn(profile(overrides));
    expect(suggestion).not.toBeNull();
    expect(new Set(suggestion!.evidence.map((e) => e.reason))).toEqual(new Set(reasons));
    expect(suggestion!.score).toBeGreaterThan(0);
    expect(suggestion!.score).toBeLessThan(1);
    for (const e of suggestion!.evidence) {
      const source =
        e.field === 'link'
          ? profile(overrides).links[e.index!]
          : (profile(overrides)[e.field] as string | undefined);
      expect(source?.slice(e.start, e.end)).toBe(e.text);
    }
  });

  test.each<[string, Partial<ProfileInfo>]>([
    ['nothing', { bio: 'Pecinta kopi dan sepak bola. Bandung.' }],
    ['mantan PNS', { bio: 'Mantan PNS, sekarang wiraswasta' }],
    ['pensiunan', { bio: 'Pensiunan PNS Pemkot Surabaya' }],
    ['bukan PNS', { bio: 'Bukan PNS, cuma rakyat biasa' }],
    ['anak PNS', { bio: 'Anak PNS yang suka traveling' }],
    ['istri PNS', { bio: 'Istri seorang PNS' }],
    ['orang tua', { bio: 'Orang tua PNS semua' }],
    ['exam prep', { bio: 'Info CPNS dan soal CPNS terbaru' }],
    ['a hopeful', { bio: 'Pejuang CPNS 2024, pengen jadi ASN' }],
    ['try-out', { bio: 'Bimbel tryout CPNS & PPPK' }],
    ['network ASN', { bio: 'Network engineer. BGP, ASN 64512, peering.' }],
    ['"kasih" in slang', { bio: 'kasi tau aja kalo ada promo' }],
    ['on a trip', { bio: 'lagi dinas luar kota' }],
    ['a victory', { bio: 'Kemenangan milik kita semua' }],
    ['a city as a place', { bio: 'Tinggal di Kota Yogyakarta' }],
    ['a phone number', { bio: 'WA 081234567890123456' }],
    ['a look-alike domain', { links: ['https://go.id.example.com'] }],
    ['a handle with pns inside a word', { handle: 'spnsor' }],
  ])('%s: no suggestion', (_label, overrides) => {
    expect(suggestAsn(profile(overrides))).toBeNull();
  });

  test('more independent evidence scores higher', () => {
    const one = suggestAsn(profile({ bio: 'Bekerja di Pemkab Sleman' }))!;
    const two = suggestAsn(profile({ bio: 'PNS Pemkab Sleman' }))!;
    const three = suggestAsn(profile({ bio: 'PNS Pemkab Sleman, NIP 198503122010011003' }))!;
    expect(one.score).toBeLessThan(two.score);
    expect(two.score).toBeLessThan(three.score);
  });

  test('an agency account is marked institutional and scores lower', () => {
    const agency = suggestAsn(
      profile({ displayName: 'Dinas Kesehatan Kab. Sleman', links: ['https://dinkes.slemankab.go.id'] }),
    )!;
    const person = suggestAsn(
      profile({ displayName: 'Budi (Dinas Kesehatan)', links: ['https://dinkes.slemankab.go.id'] }),
    )!;
    expect(agency.institutional).toBe(true);
    expect(person.institutional).toBe(false);
    expect(agency.score).toBeLessThan(person.score);
  });

  test('a negation only reaches its own phrase', () => {
    const s = suggestAsn(profile({ bio: 'Bukan artis, PNS Kemenag' }))!;
    expect(s.evidence.map((e) => e.text)).toEqual(['PNS', 'Kemenag']);
  });
});
