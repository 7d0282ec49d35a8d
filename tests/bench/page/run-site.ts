// One run: a site's feed in one browser (with or without Netra): the load, scroll and burst
// phases, the heap after each, then (with Netra) the paired measurement in a fresh page.

import type { BrowserContext } from 'playwright-core';
import { FEED_CONTAINER } from '../../fixtures/generate-feed';
import { heapAfterGc } from './cdp';
import { instrumentPage } from './instrument';
import { appendPhase, measure, type RunContext } from './measure';
import { pairedPhase } from './paired';
import { f0 } from './print';
import type { PairedResult, PhaseResult, RunResult } from './results';
import { BATCH, BURST_INTERVAL_MS, SITES, STEADY } from './sites';

/** What a run of one site in one browser is, before it has a page. */
export type RunSetup = Omit<RunContext, 'page' | 'cdp'> & { context: BrowserContext };

/** A new page of the site's bench origin with the page's instrumentation, at a blank address. */
async function openPage({ context, ...setup }: RunSetup): Promise<RunContext> {
  const s = SITES[setup.site];
  const page = await context.newPage();
  // tsx keeps function names with a `__name` helper that the page does not have: define it.
  await page.addInitScript(
    `var __name = (f) => f; (${instrumentPage.toString()})(${JSON.stringify(FEED_CONTAINER[setup.site])});`,
  );
  const cdp = await context.newCDPSession(page);
  await page.goto(`${s.origin}${s.blankPath}`);
  await cdp.send('Performance.enable');
  if (setup.settings.profiler) await cdp.send('Profiler.enable');
  return { ...setup, page, cdp };
}

/** Runs every phase of one site in one browser, each in a page of its own origin. */
export async function runSite(setup: RunSetup): Promise<RunResult> {
  const { site, netra } = setup;
  const { pairedOnly, pairs } = setup.settings;
  const s = SITES[site];
  const open = () => openPage(setup);
  const load = (run: RunContext) =>
    measure(run, `load ${f0(s.initial)} posts`, 0, s.initial, async () => {
      await run.page.goto(`${s.origin}${s.feedPath}`);
    });
  const run = await open();
  const phases: PhaseResult[] = [await load(run)];
  const heapInitial = await heapAfterGc(run.cdp);
  if (!pairedOnly) {
    const steadyEnd = s.initial + STEADY.batches * BATCH;
    phases.push(
      await appendPhase(
        run,
        `scroll: ${f0(STEADY.batches * BATCH)} posts, ${BATCH} every ${f0(STEADY.intervalMs)} ms`,
        s.initial,
        steadyEnd,
        STEADY.intervalMs,
      ),
    );
    phases.push(
      await appendPhase(
        run,
        `burst: ${f0(s.total - steadyEnd)} posts, ${BATCH} every ${BURST_INTERVAL_MS} ms`,
        steadyEnd,
        s.total,
        BURST_INTERVAL_MS,
      ),
    );
  }
  const heapTotal = pairedOnly ? heapInitial : await heapAfterGc(run.cdp);
  let paired: PairedResult | undefined;
  if (netra && pairs > 0) {
    // In a page loaded afresh with the first 1,000 posts: the same page for both sites and every
    // run, of the size of a long session's feed.
    let again = run;
    if (!pairedOnly) {
      await run.page.close();
      again = await open();
      await load(again);
    }
    paired = await pairedPhase(again, s.initial);
    await again.page.close();
  } else {
    await run.page.close();
  }
  return { phases, heapAt: { initial: heapInitial, total: heapTotal }, ...(paired ? { paired } : {}) };
}
