import type { ProfileInfo } from '../sites/types';
import { parseNip } from './nip';

// Suggestions on profile pages: does the name, bio or links say this person is an ASN? The answer
// is a score with evidence for a person to judge. It never tags an account or raises a flag.
// Phrases about someone else's status ("anak PNS", "istri PNS"), a past one ("mantan PNS",
// "pensiunan"), a wish ("pengen jadi PNS") or a test ("tes CPNS", "soal CPNS") are ignored.

/** Why a piece of text counts as evidence. */
export type SuggestReason = 'asn-status' | 'agency' | 'position' | 'nip' | 'gov-domain';

/** One piece of evidence: where it was found and why it counts. */
export interface SuggestEvidence {
  field: 'displayName' | 'bio' | 'handle' | 'link';
  /** Index in `links` when field is `link`. */
  index?: number;
  text: string;
  start: number;
  end: number;
  reason: SuggestReason;
}

/** A suggestion that an account may belong to an ASN. */
export interface AsnSuggestion {
  /** 0..1; several independent pieces of evidence score higher than one. */
  score: number;
  evidence: SuggestEvidence[];
  /** The account looks like an agency's own account rather than a person's. */
  institutional: boolean;
}

/** Indonesian labels for the reasons, for the UI. */
export const SUGGEST_REASON_LABELS: Record<SuggestReason, { id: string; en: string }> = {
  'asn-status': { id: 'menyebut status ASN/PNS', en: 'states ASN/PNS status' },
  agency: { id: 'menyebut instansi pemerintah', en: 'names a government agency' },
  position: { id: 'menyebut jabatan ASN', en: 'names a civil-service position' },
  nip: { id: 'memuat nomor berbentuk NIP', en: 'contains an NIP-shaped number' },
  'gov-domain': { id: 'memuat alamat .go.id', en: 'contains a .go.id address' },
};

const WEIGHTS: Record<SuggestReason, number> = {
  'asn-status': 0.6,
  nip: 0.7,
  'gov-domain': 0.45,
  agency: 0.35,
  position: 0.3,
};

interface Pattern {
  reason: SuggestReason;
  re: RegExp;
}

const MINISTRIES =
  'kemenkeu|kemenag|kemendikbud(?:ristek)?|kemendikdasmen|kemendiktisaintek|kemenkes|kemendagri|kemenpan(?:-?rb)?|kemenkumham|kemenkum|kemenhub|kemensos|kemnaker|kemenaker|kemenpupr|kementan|kemenlu|kemenhan|kemenpora|kemenparekraf|kemenkominfo|kominfo|komdigi|kemendes(?:pdtt)?|kemenperin|kemendag|kemenlhk|kemenko\\w*|bappenas';
const LOCAL_AGENCIES =
  'pemkab|pemkot|pemprov|pemda|setda|setwan|sekretariat daerah|inspektorat|bappeda|bapenda|bpkad|bkpsdm|bkd|bpbd|disdik|disdikbud|dinkes|dishub|disnaker|disdukcapil|dukcapil|dispendukcapil|dpmptsp|diskominfo|satpol[ -]?pp|puskesmas|rsud|kantor kecamatan|kantor kelurahan';
const AGENCY_ACRONYMS = 'BKN|BPS|BPN|BMKG|BPOM|BNN|BNPB|BPKP|BRIN|BAPETEN|LAN|ANRI|KPU|Bawaslu|Basarnas';

const PATTERNS: Pattern[] = [
  { reason: 'asn-status', re: /\b(?:c?pns|asn|pppk|p3k)\b/gi },
  {
    reason: 'asn-status',
    re: /\b(?:abdi negara|aparatur sipil negara|aparatur negara|pegawai negeri(?: sipil)?)\b/gi,
  },
  { reason: 'agency', re: new RegExp(`\\b(?:${MINISTRIES}|${LOCAL_AGENCIES})\\b`, 'gi') },
  {
    reason: 'agency',
    re: /\b(?:pemerintah (?:kabupaten|kota|provinsi|daerah)|badan (?:kepegawaian|pusat statistik|pendapatan|perencanaan|penanggulangan|pengawas|pemeriksa|kesatuan bangsa|narkotika|pertanahan|meteorologi|riset|pengelola keuangan)|sekretariat jenderal|kantor wilayah|kanwil)\b/gi,
  },
  // "Dinas Pendidikan", "Kementerian Agama": capitalised, unlike "lagi dinas luar kota"
  { reason: 'agency', re: /\b(?:Dinas|DINAS|Kementerian|KEMENTERIAN) [A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?/g },
  { reason: 'agency', re: new RegExp(`\\b(?:${AGENCY_ACRONYMS})\\b`, 'g') },
  // public schools and state universities: many staff are ASN, not all
  { reason: 'agency', re: /\b(?:SDN|SMPN|SMAN|SMKN|MTsN)\b|\bMIN \d+|\b(?:SD|SMP|SMA|SMK) ?Negeri\b/g },
  { reason: 'agency', re: /\b(?:universitas negeri|politeknik negeri|uin|iain)\b/gi },
  {
    reason: 'position',
    re: /\b(?:camat|lurah|sekcam|sekda|sekretaris daerah|kepala dinas|kadis|kabid|kepala bidang|kepala seksi|kasubbag|kasubag|kepala sub ?bagian|widyaiswara|pranata komputer|analis kebijakan|penyuluh [a-z]+|pengawas sekolah|guru pns|dosen pns|guru asn)\b/gi,
  },
  { reason: 'gov-domain', re: /\b[a-z0-9][a-z0-9.-]*\.go\.id\b/gi },
];

// An NIP as people write it: 18 digits, maybe grouped 8-6-1-3.
const NIP_RE = /(?<!\d)\d{8}[ .-]?\d{6}[ .-]?\d[ .-]?\d{3}(?!\d)/g;

// Words that, just before a mention, make it about someone else, the past, a wish or a test.
const NEGATORS = new Set(
  `mantan eks ex bekas pensiunan pensiun purna purnabakti purnatugas bukan tidak tak gak nggak ga
   anak istri suami isteri keluarga mertua menantu pacar tua ortu
   pejuang tes test ujian seleksi daftar pendaftaran formasi info bimbel tryout try soal kisi-kisi
   lowongan gagal persiapan ingin pengen pengin mau cita-cita impian gaji tunjangan lulus`
    .split(/\s+/)
    .filter(Boolean),
);
const NEGATION_WINDOW = 3;

// Mentions of "ASN" that are about networks, not civil servants.
const OTHER_ASN = /\b(?:asn\.1|as number|autonomous system|bgp)\b/i;

function negated(text: string, start: number): boolean {
  // a comma, full stop, bar or line break ends the phrase a negator belongs to
  const before = text.slice(Math.max(0, start - 60), start);
  const clause = before.slice(Math.max(...[',', '.', '|', '\n', ';'].map((c) => before.lastIndexOf(c))) + 1);
  const words = clause
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    .filter(Boolean);
  return words.slice(-NEGATION_WINDOW).some((w) => NEGATORS.has(w));
}

function scan(
  text: string,
  field: SuggestEvidence['field'],
  index: number | undefined,
  out: SuggestEvidence[],
): void {
  if (!text) return;
  const push = (start: number, end: number, reason: SuggestReason) => {
    if (negated(text, start)) return;
    // "guru PNS" is both a status and a position; two agency patterns on one phrase are one agency
    if (
      out.some(
        (e) =>
          e.field === field && e.index === index && e.reason === reason && e.start < end && start < e.end,
      )
    ) {
      return;
    }
    out.push({
      field,
      ...(index !== undefined && { index }),
      text: text.slice(start, end),
      start,
      end,
      reason,
    });
  };
  for (const m of text.matchAll(NIP_RE)) {
    if (parseNip(m[0])) push(m.index, m.index + m[0].length, 'nip');
  }
  for (const { reason, re } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      if (reason === 'asn-status' && /^asn$/i.test(m[0]) && OTHER_ASN.test(text)) continue;
      push(m.index, m.index + m[0].length, reason);
    }
  }
}

const INSTITUTION_NAME =
  /^(?:pemerintah|pemkab|pemkot|pemprov|dinas|kementerian|badan|sekretariat|kantor|biro|humas|diskominfo|satpol|bpbd|rsud|puskesmas|inspektorat|kecamatan|kelurahan|bappeda|bkpsdm|bkd)\b/i;

/**
 * Evidence in a profile that its owner may be an ASN (status, agency, position, NIP, .go.id),
 * with a score; null when there is none. A suggestion for a person to confirm, never a tag.
 */
export function suggestAsn(profile: ProfileInfo): AsnSuggestion | null {
  const evidence: SuggestEvidence[] = [];
  scan(profile.displayName ?? '', 'displayName', undefined, evidence);
  scan(profile.bio ?? '', 'bio', undefined, evidence);
  profile.links.forEach((link, i) => {
    const found: SuggestEvidence[] = [];
    scan(link, 'link', i, found);
    evidence.push(...found.filter((e) => e.reason === 'gov-domain'));
  });
  // handles like budi_pns or asn.sleman: the separators make the word stand out
  const handleWord = /(?:^|[._])(pns|asn)(?=$|[._\d])/i.exec(profile.handle);
  if (handleWord) {
    const start = handleWord.index + handleWord[0].length - handleWord[1]!.length;
    evidence.push({ field: 'handle', text: handleWord[1]!, start, end: start + 3, reason: 'asn-status' });
  }
  if (evidence.length === 0) return null;

  // the strongest piece of each reason counts fully, repeats a little
  let miss = 1;
  const seen = new Set<SuggestReason>();
  for (const e of evidence) {
    const w = seen.has(e.reason) ? WEIGHTS[e.reason] / 4 : WEIGHTS[e.reason];
    if (e.field === 'handle') miss *= 1 - w / 2;
    else miss *= 1 - w;
    seen.add(e.reason);
  }
  const institutional = INSTITUTION_NAME.test((profile.displayName ?? '').trim());
  let score = 1 - miss;
  if (institutional) score /= 2;
  return { score: Math.round(Math.min(score, 0.95) * 100) / 100, evidence, institutional };
}
