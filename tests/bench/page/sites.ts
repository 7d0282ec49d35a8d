// The feeds the page bench runs and what it does with them: each site's generated feed, the
// batches posts arrive in, and which posts Netra should mark.
//
// Phases, per site: a page that arrives with 1,000 posts; "scroll": 16 batches of 20 posts, one
// every 750 ms (a user scrolling briskly); "burst": 20 posts every 100 ms up to 5,000 posts on
// X (2,000 on Facebook). Each phase ends when every post that should be marked is (or 20 s).
// Last, with Netra only, the paired measurement (paired.ts) in a page loaded afresh.

import { describeGeneratedPost, generateFacebookFeed, generateXFeed } from '../../fixtures/generate-feed';
import type { BenchSite } from './settings';

interface SiteSetup {
  name: string;
  origin: string;
  feedPath: string;
  blankPath: string;
  /** Posts the page arrives with. */
  initial: number;
  /** Posts on the page after infinite scroll. */
  total: number;
  generate: (n: number, options: { startIndex: number }) => string;
  /** A post container and a text in the ASN author's posts, to tag the author from its mark. */
  tagContainer: string;
  tagText: string;
}

export const SITES: Record<BenchSite, SiteSetup> = {
  x: {
    name: 'X',
    origin: 'https://x.com',
    feedPath: '/home',
    blankPath: '/i/bench-blank',
    initial: 1_000,
    total: 5_000,
    generate: generateXFeed,
    tagContainer: 'article[data-testid="tweet"]',
    tagText: '@budi_asn',
  },
  facebook: {
    name: 'Facebook',
    origin: 'https://www.facebook.com',
    feedPath: '/',
    blankPath: '/bench-blank',
    initial: 1_000,
    total: 2_000,
    generate: generateFacebookFeed,
    tagContainer: 'div[aria-posinset]',
    tagText: 'Budi Santoso',
  },
};

export const BATCH = 20;
export const BURST_INTERVAL_MS = 100;
/** A user scrolling briskly: the latency target is about this pace. */
export const STEADY = { batches: 16, intervalMs: 750 };
/** The paired measurement (settings.pairs pairs per round): see `pairedPhase`. */
export const PAIRED = {
  /** Each batch's window: a batch's work is done well within it (marks come in ~50 ms). */
  windowMs: 600,
};

/** Whether Netra should mark the generated post at `index` in ASN mode with the ASN author tagged. */
export function shouldMark(site: BenchSite, index: number): boolean {
  const post = describeGeneratedPost(site, index);
  return post.kind === 'asn-campaign' || post.kind === 'asn-repost';
}
