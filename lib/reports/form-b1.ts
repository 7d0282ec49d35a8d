import type { Category } from '../rules/categories';
import { actorOf } from '../flags/who-counts';
import type { PostKind } from '../sites/snapshot';
import type { SiteId } from '../sites/types';
import { type Report, reportStances } from './schema';

// A pre-filled draft of Bawaslu's Formulir Model B.1 (Formulir Laporan, Perbawaslu 7/2022 and
// 9/2024). Netra cannot file it: Bawaslu needs the reporter's identity card and signature in
// person, within 7 days of learning of the violation. So this is a printable, self-contained
// HTML page (no scripts, no network; CSP forbids both) with every user-supplied string escaped.

/** Days Bawaslu allows between learning of a violation and reporting it. */
export const BAWASLU_DEADLINE_DAYS = 7;

export const CATEGORY_LABELS_ID: Record<Category, string> = {
  candidate_support: 'kampanye atau dukungan kepada peserta pemilihan',
  candidate_attack: 'kampanye menyerang atau merugikan peserta pemilihan',
  hate_speech: 'ujaran kebencian atau SARA',
  abusive: 'kata-kata kasar',
  money_politics: 'politik uang',
  intimidation: 'intimidasi atau ajakan kepada bawahan',
};

export const SITE_LABELS: Record<SiteId, string> = {
  x: 'X (Twitter)',
  facebook: 'Facebook',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  youtube: 'YouTube',
};

const KIND_LABELS_ID: Record<PostKind, string> = {
  post: 'unggahan',
  comment: 'komentar',
  repost: 'unggahan ulang (repost)',
  quote: 'kutipan unggahan',
};

const ASN_SOURCE_LABELS_ID: Record<string, string> = {
  watchlist: 'daftar pantauan',
  sync: 'daftar pantauan tersinkron',
  hashed: 'daftar pantauan (tersandi)',
  manual: 'ditandai manual oleh pemantau',
};

/** The reporter, from settings; whatever is missing is left as a line to fill in by hand. */
export interface ReporterIdentity {
  name?: string;
  placeAndDateOfBirth?: string;
  gender?: string;
  occupation?: string;
  nationality?: string;
  address?: string;
  phone?: string;
  email?: string;
  organisation?: string;
  /** Free-form contact from settings: goes to e-mail when it looks like one, else to phone. */
  contact?: string;
}

export interface FormB1Input {
  report: Pick<Report, 'post' | 'asn' | 'findings' | 'reviewer' | 'evidence'> & { id?: string };
  reporter?: ReporterIdentity;
  /** For "days left"; defaults to the current time. */
  now?: Date;
  /** Defaults to Asia/Jakarta (WIB). */
  timeZone?: string;
}

/** The reporting deadline: detectedAt + 7 days. */
export function bawasluDeadline(detectedAt: string | Date): Date {
  const start = typeof detectedAt === 'string' ? Date.parse(detectedAt) : detectedAt.getTime();
  return new Date(start + BAWASLU_DEADLINE_DAYS * 86_400_000);
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** "Sabtu, 3 Februari 2024 pukul 12.00 WIB"; unparseable input is returned as given. */
export function formatDateTimeId(value: string | Date, timeZone = 'Asia/Jakarta'): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const day = new Intl.DateTimeFormat('id-ID', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(date);
  const time = new Intl.DateTimeFormat('id-ID', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(date);
  const zone =
    new Intl.DateTimeFormat('id-ID', { timeZone, timeZoneName: 'short' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  return `${day} pukul ${time} ${zone}`;
}

const BLANK = '<span class="blank"></span>';
const SIGNATURE_BLANK = '<span class="blank signature"></span>';

function field(label: string, value: string | undefined, hint?: string): string {
  const shown = value?.trim()
    ? escapeHtml(value.trim())
    : `${BLANK}${hint ? ` <span class="hint">${escapeHtml(hint)}</span>` : ''}`;
  // A label written with leading spaces is a sub-line of the one above it.
  const indent = label.startsWith(' ') ? ' indent' : '';
  return `<tr><td class="label${indent}">${escapeHtml(label.trim())}</td><td class="colon">:</td><td>${shown}</td></tr>`;
}

function safeHttpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function handle(author: { handle: string }): string {
  return `@${author.handle.replace(/^@/, '')}`;
}

function accountLabel(author: { handle: string; displayName?: string }): string {
  return author.displayName ? `${author.displayName} (${handle(author)})` : handle(author);
}

function chronologyAct(post: FormB1Input['report']['post']): string {
  const context = post.context;
  switch (post.kind) {
    case 'repost':
      return context?.repostedBy
        ? `membagikan ulang (repost) unggahan milik akun ${accountLabel(post.author)}`
        : 'membagikan ulang (repost) sebuah unggahan';
    case 'comment':
      return context?.parentAuthor
        ? `menulis komentar pada unggahan akun ${accountLabel(context.parentAuthor)}`
        : 'menulis komentar';
    case 'quote':
      return context?.quotedAuthor
        ? `mengutip unggahan akun ${accountLabel(context.quotedAuthor)} dengan tambahan tulisan`
        : 'mengutip sebuah unggahan dengan tambahan tulisan';
    default:
      return 'mengunggah tulisan';
  }
}

/** Renders the pre-filled Form B.1 draft as a self-contained printable HTML page (Indonesian). */
export function renderFormB1(input: FormB1Input): string {
  const { report } = input;
  const { post, asn, findings, reviewer, evidence } = report;
  const tz = input.timeZone ?? 'Asia/Jakarta';
  const now = input.now ?? new Date();
  const when = (value: string | Date) => formatDateTimeId(value, tz);
  const platform = SITE_LABELS[post.site];
  const kind = KIND_LABELS_ID[post.kind];
  // For a repost the person who matters is the reposter; the original author is context.
  const actor = actorOf(post);
  const postUrl = safeHttpUrl(post.url) ?? safeHttpUrl(evidence.url);

  const deadline = bawasluDeadline(evidence.detectedAt);
  const left = deadline.getTime() - now.getTime();
  const daysLeft = Math.floor(left / 86_400_000);
  const hoursLeft = Math.floor((left % 86_400_000) / 3_600_000);
  const deadlineNote =
    left < 0
      ? 'Batas waktu ini SUDAH LEWAT. Laporan yang terlambat dapat tidak diterima; konsultasikan dengan Bawaslu setempat.'
      : daysLeft === 0
        ? `Batas waktu kurang dari 1 hari lagi (${hoursLeft} jam).`
        : `Sisa waktu: ${daysLeft} hari${hoursLeft > 0 ? ` ${hoursLeft} jam` : ''}.`;

  const reporter = input.reporter ?? {};
  const contact = reporter.contact?.trim();
  const contactIsEmail = contact?.includes('@') === true;
  const phone = reporter.phone ?? (contact && !contactIsEmail ? contact : undefined);
  const email = reporter.email ?? (contactIsEmail ? contact : undefined);

  const asnDetails = asn
    ? [asn.position, asn.agency, asn.region]
        .filter((part): part is string => Boolean(part?.trim()))
        .join(', ')
    : '';
  const asnSource = asn
    ? `${ASN_SOURCE_LABELS_ID[asn.source] ?? asn.source}${asn.listName ? ` “${asn.listName}”` : ''}`
    : '';
  const reportedName = asn?.name ?? actor.displayName;
  const categories = [...new Set([reviewer.category, ...findings.map((f) => f.category)])];
  const categoryText = categories.map((c) => CATEGORY_LABELS_ID[c]).join('; ');

  const screenshot =
    evidence.screenshot && /^[A-Za-z0-9+/]+={0,2}$/.test(evidence.screenshot.dataBase64)
      ? evidence.screenshot
      : undefined;

  const evidenceItems = [
    postUrl
      ? `Tautan ${escapeHtml(kind)}: <a href="${escapeHtml(postUrl)}">${escapeHtml(postUrl)}</a>`
      : `Alamat halaman: ${escapeHtml(evidence.url)}`,
    screenshot
      ? `Tangkapan layar ${escapeHtml(kind)} (terlampir), diambil ${escapeHtml(when(evidence.capturedAt))}.`
      : `Tangkapan layar: tidak tersedia${evidence.screenshotMissingReason ? ` (${escapeHtml(evidence.screenshotMissingReason)})` : ''}; buat dan lampirkan sendiri bila memungkinkan.`,
    `Salinan teks ${escapeHtml(kind)} sebagaimana tercantum pada uraian kejadian.`,
    report.id ? `Catatan laporan Netra nomor ${escapeHtml(report.id)}.` : undefined,
  ].filter((item): item is string => item !== undefined);

  const findingItems = findings.map(
    (finding) =>
      `<li>“${escapeHtml(finding.match)}”: ${escapeHtml(finding.explanation)} <span class="hint">(${escapeHtml(CATEGORY_LABELS_ID[finding.category])})</span></li>`,
  );

  const stanceText = reportStances(findings)
    .map(
      (s) =>
        `${s.stance === 'support' ? 'mendukung' : 'menyerang'} ${s.candidate?.name ?? 'seorang peserta pemilihan'}`,
    )
    .join(' dan ');
  const published = post.publishedAt ? when(post.publishedAt) : undefined;
  const chronology = [
    `<p>1. ${published ? `Pada ${escapeHtml(published)}` : 'Pada waktu yang belum diketahui'}, akun ${escapeHtml(accountLabel(actor))} di ${escapeHtml(platform)} ${escapeHtml(chronologyAct(post))}${postUrl ? ` (${escapeHtml(postUrl)})` : ''}, dengan isi sebagai berikut:</p>`,
    `<blockquote>${escapeHtml(post.text)}</blockquote>`,
    `<p>2. Pada ${escapeHtml(when(evidence.detectedAt))}, pemantau menemukan ${escapeHtml(kind)} tersebut dengan bantuan aplikasi pemantau Netra${findings.length > 0 ? ', yang menandai bagian berikut:' : '.'}</p>`,
    findingItems.length > 0 ? `<ul>${findingItems.join('')}</ul>` : '',
    stanceText
      ? `<p>Menurut penandaan tersebut, isi ${escapeHtml(kind)} itu ${escapeHtml(stanceText)}.</p>`
      : '',
    `<p>3. ${
      asn
        ? `Pemilik akun tercatat sebagai Aparatur Sipil Negara${reportedName ? ` atas nama ${escapeHtml(reportedName)}` : ''}${asnDetails ? `, ${escapeHtml(asnDetails)}` : ''} (sumber: ${escapeHtml(asnSource)}).`
        : 'Status pemilik akun sebagai Aparatur Sipil Negara perlu dipastikan.'
    }</p>`,
    `<p>4. Perbuatan tersebut diduga melanggar kewajiban netralitas ASN, berupa ${escapeHtml(categoryText)} melalui media sosial.</p>`,
    reviewer.note?.trim() ? `<p>5. Catatan pemantau: ${escapeHtml(reviewer.note.trim())}</p>` : '',
  ].join('\n');

  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Draf Formulir Model B.1: ${escapeHtml(handle(actor))} (${escapeHtml(platform)})</title>
<style>
  @page { size: A4; margin: 2cm; }
  body { font-family: "Times New Roman", Times, serif; font-size: 12pt; line-height: 1.45; color: #000; max-width: 17cm; margin: 1cm auto; }
  h1 { font-size: 14pt; text-align: center; margin: 0; }
  .center { text-align: center; }
  .draft { border: 1px dashed #555; padding: 0.4em 0.6em; font-size: 10pt; margin: 1em 0; }
  .deadline { border: 3px solid #b00020; color: #b00020; padding: 0.6em 0.8em; margin: 1em 0; font-size: 13pt; }
  .deadline strong { font-size: 15pt; }
  h2 { font-size: 12pt; margin: 1.2em 0 0.3em; }
  table { border-collapse: collapse; width: 100%; table-layout: fixed; }
  td { vertical-align: top; padding: 0.1em 0.2em; }
  td.label { width: 38%; }
  td.colon { width: 1em; }
  td.indent { padding-left: 1.5em; }
  td { overflow-wrap: anywhere; }
  .blank { display: inline-block; width: 100%; max-width: 9cm; border-bottom: 1px dotted #000; height: 1em; }
  .blank.signature { width: 5cm; }
  .hint { color: #555; font-size: 10pt; }
  blockquote { border-left: 3px solid #999; margin: 0.5em 0 0.5em 1em; padding-left: 0.8em; white-space: pre-wrap; }
  .signatures { display: flex; justify-content: space-between; margin-top: 2em; }
  .signatures div { width: 45%; text-align: center; }
  .signatures .space { height: 2.5cm; }
  .attachment { page-break-before: always; }
  .attachment img { max-width: 100%; border: 1px solid #999; }
  a { color: inherit; word-break: break-all; }
</style>
</head>
<body>
<p class="center">FORMULIR MODEL B.1</p>
<h1>FORMULIR LAPORAN</h1>
<p class="center">Nomor: ${BLANK}</p>

<div class="deadline" role="alert">
  <strong>Batas waktu pelaporan ke Bawaslu: ${escapeHtml(when(deadline))}</strong><br>
  Laporan disampaikan paling lama ${BAWASLU_DEADLINE_DAYS} hari sejak pelanggaran diketahui (${escapeHtml(when(evidence.detectedAt))}). ${escapeHtml(deadlineNote)}
</div>

<p class="draft">Draf ini disiapkan otomatis oleh Netra dari hasil pemantauan dan belum merupakan laporan resmi. Periksa, lengkapi bagian yang kosong, lalu serahkan langsung ke Bawaslu/Panwaslu setempat dengan membawa kartu identitas (KTP) dan menandatanganinya.</p>

<h2>1. Identitas Pelapor</h2>
<table>
${field('a. Nama', reporter.name)}
${field('b. Tempat/Tgl Lahir', reporter.placeAndDateOfBirth)}
${field('c. Jenis Kelamin', reporter.gender)}
${field('d. Pekerjaan', reporter.occupation ?? (reporter.organisation ? `Pemantau, ${reporter.organisation}` : undefined))}
${field('e. Kewarganegaraan', reporter.nationality)}
${field('f. Alamat', reporter.address)}
${field('g. No. Telp/HP', phone)}
${field('h. E-Mail', email)}
</table>

<h2>2. Identitas Terlapor</h2>
<table>
${field('a. Nama', reportedName ? `${reportedName}, pemilik akun ${accountLabel(actor)} di ${platform}` : `pemilik akun ${accountLabel(actor)} di ${platform}`)}
${asn ? field('   Keterangan', `ASN${asnDetails ? `, ${asnDetails}` : ''} (sumber: ${asnSource})`) : ''}
${field('b. Alamat', undefined, 'alamat kantor/instansi bila diketahui')}
${field('c. No. Telp/HP', undefined)}
</table>

<h2>3. Peristiwa yang Dilaporkan</h2>
<table>
${field('a. Peristiwa', `Dugaan pelanggaran netralitas Aparatur Sipil Negara: ${categoryText}, melalui ${kind} di media sosial ${platform}`)}
${field('b. Tempat Kejadian', `Media sosial ${platform}${postUrl ? `, ${postUrl}` : ''}`)}
${field('c. Hari dan Tanggal Kejadian', published ?? `tidak diketahui; ${kind} dilihat ${when(evidence.capturedAt)}`)}
${field('d. Hari dan Tanggal Diketahui', when(evidence.detectedAt))}
</table>

<h2>4. Saksi-saksi</h2>
<table>
${field('1) Nama', undefined)}
${field('    Alamat', undefined)}
${field('    No. Telp/HP', undefined)}
${field('2) Nama', undefined)}
${field('    Alamat', undefined)}
${field('    No. Telp/HP', undefined)}
</table>

<h2>5. Bukti-bukti</h2>
<ol type="a">
${evidenceItems.map((item) => `<li>${item}</li>`).join('\n')}
<li>${BLANK}</li>
</ol>

<h2>6. Uraian Kejadian</h2>
${chronology}

<table style="margin-top:1.5em">
${field('Dilaporkan di', undefined)}
${field('Hari dan Tanggal', undefined)}
${field('Pukul', undefined)}
</table>
<p>Saya menyatakan bahwa isi laporan ini adalah benar dan saya bersedia mempertanggungjawabkannya di hadapan hukum.</p>
<div class="signatures">
  <div>Penerima Laporan<div class="space"></div>(${SIGNATURE_BLANK})</div>
  <div>Pelapor<div class="space"></div>(${reporter.name?.trim() ? escapeHtml(reporter.name.trim()) : SIGNATURE_BLANK})</div>
</div>
${
  screenshot
    ? `<div class="attachment"><h2>Lampiran: tangkapan layar ${escapeHtml(kind)}</h2><p class="hint">${escapeHtml(accountLabel(actor))}, ${escapeHtml(platform)}, diambil ${escapeHtml(when(evidence.capturedAt))}</p><img alt="Tangkapan layar ${escapeHtml(kind)}" width="${Math.trunc(Number(screenshot.width)) || 1}" height="${Math.trunc(Number(screenshot.height)) || 1}" src="data:${screenshot.mediaType === 'image/png' ? 'image/png' : 'image/jpeg'};base64,${screenshot.dataBase64}"></div>`
    : ''
}
</body>
</html>
`;
}
