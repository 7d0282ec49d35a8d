// NIP (Nomor Induk Pegawai) of a civil servant: 18 digits, laid out as
//   yyyymmdd  birth date
//   yyyymm    TMT, the month the person became a CPNS
//   g         gender: 1 male, 2 female
//   nnn       serial
// People write it with spaces or dots between the groups ("19850312 201001 1 003").

const SEPARATORS = /[\s.-]/g;
const DIGITS = /^\d{18}$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS[m - 1]!);
}

// digits [from, to) as a number, without slicing
function num(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

/**
 * The 18 digits of an NIP if `text` has the NIP structure (a real birth date, a TMT at least 17
 * years later and not in the future, gender 1 or 2, serial not 000); otherwise undefined.
 */
export function parseNip(text: string, now: Date = new Date()): string | undefined {
  let digits = text;
  if (!DIGITS.test(digits)) {
    digits = text.replace(SEPARATORS, '');
    if (!DIGITS.test(digits)) return undefined;
  }
  return nipStructureValid(digits, 0, now.getUTCFullYear()) ? digits : undefined;
}

/**
 * Whether the 18 ASCII digits at `s[at, at + 18)` have the NIP structure (see `parseNip`), in
 * `thisYear`. The caller checks they are digits.
 */
export function nipStructureValid(s: string, at: number, thisYear: number): boolean {
  const by = num(s, at, at + 4);
  const bm = num(s, at + 4, at + 6);
  const bd = num(s, at + 6, at + 8);
  const ty = num(s, at + 8, at + 12);
  const tm = num(s, at + 12, at + 14);
  const gender = s.charCodeAt(at + 14);
  const serial = num(s, at + 15, at + 18);
  if (by < 1930 || by > thisYear - 17 || !validDate(by, bm, bd)) return false;
  if (tm < 1 || tm > 12 || ty < by + 17 || ty > thisYear + 1) return false;
  // gender: 1 or 2
  if (gender !== 49 && gender !== 50) return false;
  return serial !== 0;
}
