// Every reason the registry gives a user is a machine-readable code plus an Indonesian message
// (shown first) and an English one, so the UI, the CLI and a report all speak the same codes.

type Params = Record<string, string | number | undefined>;
type Template = (p: Params) => string;

const q = (v: string | number | undefined): string => `"${String(v ?? '').slice(0, 80)}"`;

export const ASN_MESSAGES = {
  'unknown-site': {
    id: (p) => `Platform tidak dikenal: ${q(p.value)} (pakai x, facebook, instagram, tiktok atau youtube)`,
    en: (p) => `Unknown site: ${q(p.value)} (use x, facebook, instagram, tiktok or youtube)`,
  },
  'missing-site': {
    id: () => 'Platform kosong: isi kolom platform, atau isi tautan profil',
    en: () => 'Site missing: fill in the site column, or give a profile URL',
  },
  'missing-handle': {
    id: () => 'Akun kosong: isi kolom akun, atau isi tautan profil',
    en: () => 'Handle missing: fill in the handle column, or give a profile URL',
  },
  'invalid-handle': {
    id: (p) => `Nama akun ${q(p.value)} tidak sah untuk ${p.site}`,
    en: (p) => `${q(p.value)} is not a valid ${p.site} handle`,
  },
  'malformed-url': {
    id: (p) => `Tautan rusak: ${q(p.value)}`,
    en: (p) => `Malformed URL: ${q(p.value)}`,
  },
  'unsupported-url': {
    id: (p) => `Tautan ${q(p.value)} bukan tautan profil akun yang didukung`,
    en: (p) => `${q(p.value)} is not a supported profile URL`,
  },
  'site-mismatch': {
    id: (p) => `Platform ${q(p.site)} tidak cocok dengan tautan (${p.urlSite})`,
    en: (p) => `Site ${q(p.site)} does not match the URL (${p.urlSite})`,
  },
  'handle-mismatch': {
    id: (p) => `Akun ${q(p.handle)} dan tautan ${q(p.url)} menunjuk akun yang berbeda`,
    en: (p) => `Handle ${q(p.handle)} and URL ${q(p.url)} name different accounts`,
  },
  duplicate: {
    id: (p) => `Duplikat: akun ${p.key} sudah ada di baris ${p.firstLine}`,
    en: (p) => `Duplicate: account ${p.key} is already on line ${p.firstLine}`,
  },
  'invalid-nip': {
    id: (p) => `NIP ${q(p.value)} tidak sah (18 angka: tanggal lahir, TMT, jenis kelamin 1/2, nomor urut)`,
    en: (p) => `NIP ${q(p.value)} is invalid (18 digits: birth date, TMT, gender 1/2, serial)`,
  },
  'field-too-long': {
    id: (p) => `Kolom ${p.field} terlalu panjang (maks. ${p.max} karakter)`,
    en: (p) => `Field ${p.field} is too long (max ${p.max} characters)`,
  },
  'invalid-field': {
    id: (p) => `Kolom ${p.field} harus berupa teks`,
    en: (p) => `Field ${p.field} must be text`,
  },
  'column-count': {
    id: (p) => `Jumlah kolom ${p.got}, header punya ${p.expected} (ada koma tanpa tanda kutip?)`,
    en: (p) => `${p.got} fields, the header has ${p.expected} (an unquoted comma?)`,
  },
  'malformed-row': {
    id: (p) => `Baris rusak: ${p.detail}`,
    en: (p) => `Malformed row: ${p.detail}`,
  },
  'not-an-object': {
    id: () => 'Entri bukan objek JSON',
    en: () => 'Entry is not a JSON object',
  },
  'invalid-hash': {
    id: () => 'Hash harus 64 karakter heksadesimal (SHA-256)',
    en: () => 'Hash must be 64 hexadecimal characters (SHA-256)',
  },
  'empty-file': {
    id: () => 'Berkas kosong',
    en: () => 'The file is empty',
  },
  'missing-columns': {
    id: () => 'Header tidak punya kolom platform+akun atau tautan (site+handle atau url)',
    en: () => 'The header has no site+handle or url column',
  },
  'invalid-json': {
    id: (p) => `JSON tidak sah: ${p.detail}`,
    en: (p) => `Invalid JSON: ${p.detail}`,
  },
  'invalid-format': {
    id: (p) => `Format daftar tidak sah: ${p.detail}`,
    en: (p) => `Invalid list format: ${p.detail}`,
  },
  'too-many-rows': {
    id: (p) => `Terlalu banyak baris (maks. ${p.max})`,
    en: (p) => `Too many rows (max ${p.max})`,
  },
  'too-large': {
    id: (p) => `Berkas terlalu besar (maks. ${p.max} MB)`,
    en: (p) => `File too large (max ${p.max} MB)`,
  },
  'no-valid-rows': {
    id: () => 'Tidak ada baris yang sah; daftar lama tetap dipakai',
    en: () => 'No valid rows; the previous list stays in force',
  },
  'invalid-salt': {
    id: () => 'Salt harus teks 8 sampai 200 karakter',
    en: () => 'Salt must be text of 8 to 200 characters',
  },
  'missing-version': {
    id: () => 'Daftar sinkron harus punya version (bilangan bulat positif)',
    en: () => 'A synced list needs a version (a positive integer)',
  },
  'version-downgrade': {
    id: (p) => `Versi ${p.got} lebih lama dari versi yang dipakai (${p.held}); ditolak`,
    en: (p) => `Version ${p.got} is older than the one held (${p.held}); refused`,
  },
  'invalid-url': {
    id: (p) => `Alamat sinkron tidak sah: ${q(p.value)} (harus https)`,
    en: (p) => `Invalid sync URL: ${q(p.value)} (must be https)`,
  },
  'http-error': {
    id: (p) => `Server menjawab HTTP ${p.status}`,
    en: (p) => `The server answered HTTP ${p.status}`,
  },
  'network-error': {
    id: (p) => `Gagal menghubungi server: ${p.detail}`,
    en: (p) => `Could not reach the server: ${p.detail}`,
  },
  'storage-failed': {
    id: (p) => `Gagal menyimpan daftar; daftar lama tetap dipakai (${p.detail})`,
    en: (p) => `Could not store the list; the previous list stays in force (${p.detail})`,
  },
  'invalid-key': {
    id: (p) => `ID akun tidak sah: ${q(p.value)}`,
    en: (p) => `Invalid account id: ${q(p.value)}`,
  },
  'unknown-list': {
    id: (p) => `Daftar tidak ditemukan: ${q(p.value)}`,
    en: (p) => `No such list: ${q(p.value)}`,
  },
  aborted: {
    id: () => 'Dibatalkan; daftar lama tetap dipakai',
    en: () => 'Cancelled; the previous list stays in force',
  },
} satisfies Record<string, { id: Template; en: Template }>;

export type AsnErrorCode = keyof typeof ASN_MESSAGES;

/**
 * A copy of a string that shares no memory with its source. A substring of a 100 MB file may keep
 * the whole file alive in V8; anything the registry keeps (dictionaries, list names, reports) goes
 * through here.
 */
export function detach(value: string): string {
  return value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
}

/** The Indonesian and English messages of a code with its parameters. */
export function describeError(
  code: AsnErrorCode,
  params: Params = {},
): { message: string; messageEn: string } {
  const t = ASN_MESSAGES[code];
  return { message: detach(t.id(params)), messageEn: detach(t.en(params)) };
}

/** An error the registry throws, carrying a code and both messages. */
export class AsnError extends Error {
  readonly code: AsnErrorCode;
  readonly messageEn: string;
  constructor(code: AsnErrorCode, params: Params = {}) {
    const { message, messageEn } = describeError(code, params);
    super(message);
    this.name = 'AsnError';
    this.code = code;
    this.messageEn = messageEn;
  }
}
