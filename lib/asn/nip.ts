// NIP (Nomor Induk Pegawai) of a civil servant: 18 digits, laid out as
//   yyyymmdd  birth date
//   yyyymm    TMT, the month the person became a CPNS
//   g         gender: 1 male, 2 female
//   nnn       serial
// People write it with spaces or dots between the groups ("19850312 201001 1 003").

const SEPARATORS = /[\s.-]/g;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * The 18 digits of an NIP if `text` has the NIP structure (a real birth date, a TMT at least 17
 * years later and not in the future, gender 1 or 2, serial not 000); otherwise undefined.
 */
export function parseNip(text: string, now: Date = new Date()): string | undefined {
  const digits = text.replace(SEPARATORS, '');
  if (!/^\d{18}$/.test(digits)) return undefined;
  const by = Number(digits.slice(0, 4));
  const bm = Number(digits.slice(4, 6));
  const bd = Number(digits.slice(6, 8));
  const ty = Number(digits.slice(8, 12));
  const tm = Number(digits.slice(12, 14));
  const gender = digits[14];
  const serial = digits.slice(15);
  const thisYear = now.getUTCFullYear();
  if (by < 1930 || by > thisYear - 17 || !validDate(by, bm, bd)) return undefined;
  if (tm < 1 || tm > 12 || ty < by + 17 || ty > thisYear + 1) return undefined;
  if (gender !== '1' && gender !== '2') return undefined;
  if (serial === '000') return undefined;
  return digits;
}
