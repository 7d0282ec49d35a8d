// Medians, percentiles and confidence intervals for the report.

/** The sum (0 for no values). */
export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The mean (NaN for no values). */
export const mean = (values: number[]) => (values.length > 0 ? sum(values) / values.length : NaN);

/** The median (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The `p` quantile (nearest rank); NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
}

/** The 97.5% quantile of Student's t with `df` degrees of freedom. */
function t975(df: number): number {
  const TABLE = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
    2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
  ];
  if (df <= TABLE.length) return TABLE[df - 1]!;
  // Beyond the table, the Cornish–Fisher expansion around z (within 0.001 there).
  const z = 1.96;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

/** Mean with a 95% confidence interval (Student's t); NaN bounds under two values. */
export function meanCi(values: number[]): { mean: number; lo: number; hi: number } {
  const n = values.length;
  const mean = n > 0 ? sum(values) / n : NaN;
  if (n < 2) return { mean, lo: NaN, hi: NaN };
  const sd = Math.sqrt(sum(values.map((v) => (v - mean) ** 2)) / (n - 1));
  const half = (t975(n - 1) * sd) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half };
}
