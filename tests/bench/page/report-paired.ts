// The paired measurement's report: per pair, what a batch Netra reads costs the page thread.

import { type Check, f0, f2, marksLine, row, TARGET } from './print';
import { type PairedResult, worstMarks } from './results';
import { BATCH, PAIRED } from './sites';
import { mean, meanCi, sum } from './statistics';
import { printBreakdown } from './trace';

/** Prints the paired measurement over all rounds, checking the per-post target. */
export function reportPaired(rounds: PairedResult[], check: Check): void {
  if (rounds.length === 0 || rounds.every((r) => r.threadDiffMs.length === 0)) {
    console.log('  -- paired: no results');
    return;
  }
  // Per pair: what a batch Netra reads costs the thread is the pair's difference plus the part of
  // Netra's work that the hidden batch has too (its observer's slice, which finds no post):
  // JavaScript only, as far as the trace shows, so its CPU time from the trace is added.
  const total = (r: PairedResult) => r.threadDiffMs.map((d, i) => d + r.hiddenJsMs[i]!);
  const js = (r: PairedResult) => r.jsDiffMs.map((d, i) => d + r.hiddenJsMs[i]!);
  const rest = (r: PairedResult) => r.threadDiffMs.map((d, i) => d - r.jsDiffMs[i]!);
  const pairs = sum(rounds.map((r) => r.threadDiffMs.length));
  console.log(
    `  -- paired, in one page: ${f0(pairs)} pairs of batches of ${BATCH} (${rounds.length} round(s)), a window of ${f0(PAIRED.windowMs)} ms after each; Netra reads one batch of each pair, the other is hidden from it`,
  );
  // Rounds differ by more than pairs within a round do (another page, another heap, the machine's
  // state): with several rounds the interval comes from the rounds' means, else from the pairs.
  const overRounds = rounds.length >= 2;
  const perPost = (ms: number) => (Number.isFinite(ms) ? `${f2(ms / BATCH)}` : 'n/a');
  const line = (label: string, pick: (r: PairedResult) => number[], target?: boolean) => {
    const roundMeans = rounds.map((r) => mean(pick(r)));
    const pooled = rounds.flatMap(pick);
    const ci = meanCi(overRounds ? roundMeans : pooled);
    const m = mean(pooled);
    row(
      label,
      '',
      `${f2(m)} ms/batch`,
      `${perPost(m)} ms/post (95% CI ${perPost(ci.lo)}–${perPost(ci.hi)} over ${overRounds ? 'rounds' : 'pairs'})`,
      target ? `<= ${TARGET.msPerPost} ms/post` : '',
      target ? check('paired: main-thread CPU ms/post', m / BATCH <= TARGET.msPerPost) : undefined,
    );
    if (overRounds) {
      console.log(`  ${''.padEnd(36)}   rounds: ${roundMeans.map(perPost).join(' / ')} ms/post`);
    }
  };
  line('main thread CPU of a batch read', total, true);
  line("  Netra's JS (trace CPU)", js);
  line('  rest: style, layout, IPC, young GC', rest);
  // Garbage that outlives its window is collected by the forced collection after it, outside the
  // windows: its difference within pairs, for what it is worth (full collections vary by ±20 ms).
  line('  not counted: collection after it', (r) => r.gcDiffMs);
  // Work of a read batch that ran past its window would show in the hidden batch after it.
  const hiddenAfter = (afterRead: boolean) =>
    mean(rounds.flatMap((r) => r.hiddenJsMs.filter((_, i) => r.hiddenAfterRead[i] === afterRead)));
  row(
    "Netra's JS on a hidden batch",
    '',
    `${f2(mean(rounds.flatMap((r) => r.hiddenJsMs)))} ms/batch`,
    `its observer finding no post (after a read batch ${f2(hiddenAfter(true))}, after a hidden one ${f2(hiddenAfter(false))})`,
  );
  const traced = rounds.find((r) => r.trace);
  if (traced?.trace) {
    printBreakdown(
      'paired, hidden → read batches',
      traced.threadDiffMs.length * BATCH,
      traced.trace.hidden,
      traced.trace.read,
    );
  }
  const worst = worstMarks(rounds.map((r) => r.marks));
  const hiddenMarked = sum(rounds.map((r) => r.hiddenMarked));
  console.log(`  ${'marks'.padEnd(36)} ${marksLine(worst)}; ${hiddenMarked} on hidden posts`);
  check(
    'paired: marks',
    worst.markedExpected === worst.expected && worst.unexpected === 0 && hiddenMarked === 0,
  );
}
