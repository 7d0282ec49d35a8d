// The report's targets and its printing: number formats and the table's rows.

import type { MarkCheck } from './results';

/** What Netra should stay within; a figure that misses one is a MISS in the report. */
export const TARGET = { msPerPost: 0.2, p95Ms: 100, heapMb: 10, gzipKb: 60 };

/** Records a target's outcome under `name` (the misses are listed at the end) and returns `pass`. */
export type Check = (name: string, pass: boolean) => boolean;

export const f0 = (n: number) => Math.round(n).toLocaleString('en');
export const f2 = (n: number) => n.toFixed(2);
export const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
export const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** One row of the table: the figure without Netra, with it, Netra's part, the target. */
export function row(
  label: string,
  without: string,
  withNetra: string,
  netra: string,
  target = '',
  ok?: boolean,
) {
  console.log(
    `  ${label.padEnd(36)} ${without.padStart(13)} ${withNetra.padStart(13)}   ${netra.padEnd(30)} ${target.padEnd(16)} ${ok === undefined ? '' : verdict(ok)}`,
  );
}

/** The marks of a phase, in words. */
export function marksLine(check: MarkCheck): string {
  return `${check.markedExpected}/${check.expected} expected posts marked, ${check.unexpected} unexpected, ${check.unmapped} outside posts`;
}
