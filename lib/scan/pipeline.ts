import type { Verdict } from '../messaging/protocol';
import type { AsnMatch } from '../reports/schema';
import type { PostSnapshot } from '../sites/snapshot';
import type { SiteId } from '../sites/types';
import type { ScannedPost } from './scanner';

/** What the pipeline needs from the background (typed messages in the extension; fakes in tests). */
export interface PipelineBackend {
  lookup(accounts: { site: SiteId; handle: string }[]): Promise<Record<string, AsnMatch | null>>;
  classify(snapshots: PostSnapshot[]): Promise<Verdict[]>;
}

export interface PipelineOptions {
  backend: PipelineBackend;
  mode: () => 'asn' | 'survey';
  /** Called with each post the background flagged (or un-flagged), for the write phase. */
  onVerdict: (post: ScannedPost, verdict: Verdict) => void;
  /** Called with each post not sent for classification (its author does not count now). */
  onSkipped?: (post: ScannedPost) => void;
  onError?: (error: unknown) => void;
}

const LOOKUP_BATCH = 200;
const CLASSIFY_BATCH = 50;

/** The accounts whose ASN status matters for a post: its author and, for reposts, the reposter. */
export function accountsOf(snapshot: PostSnapshot): { site: SiteId; handle: string }[] {
  const out = [{ site: snapshot.site, handle: snapshot.author.handle }];
  const reposter = snapshot.context?.repostedBy;
  if (reposter) out.push({ site: snapshot.site, handle: reposter.handle });
  return out;
}

/** The content script's per-page cache key for an account (the registry canonicalises further). */
export function cacheKey(account: { site: SiteId; handle: string }): string {
  return `${account.site}:${account.handle.toLowerCase()}`;
}

/**
 * From scanned posts to verdicts: one batched ASN lookup per tick for authors not yet known on
 * this page, then the posts whose author counts (ASN mode) or all posts (survey mode) go to the
 * background to be classified. Batches run one after another, never in parallel.
 */
export class ContentPipeline {
  private readonly asn = new Map<string, AsnMatch | null>();
  private queue: ScannedPost[] = [];
  private running = false;

  constructor(private readonly options: PipelineOptions) {}

  push(posts: ScannedPost[]): void {
    this.queue.push(...posts);
    if (!this.running) void this.drain();
  }

  /** Forgets what the page knew about an account (after tagging or untagging it). */
  forget(account: { site: SiteId; handle: string }): void {
    this.asn.delete(cacheKey(account));
  }

  /** Resolves when everything queued so far has been decided (tests, demo). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0) await new Promise((r) => setTimeout(r, 10));
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, CLASSIFY_BATCH);
        try {
          await this.process(batch);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async process(batch: ScannedPost[]): Promise<void> {
    const unknown = new Map<string, { site: SiteId; handle: string }>();
    for (const post of batch) {
      for (const account of accountsOf(post.snapshot)) {
        const key = cacheKey(account);
        if (!this.asn.has(key)) unknown.set(key, account);
      }
    }
    const accounts = [...unknown.values()];
    for (let i = 0; i < accounts.length; i += LOOKUP_BATCH) {
      const answer = await this.options.backend.lookup(accounts.slice(i, i + LOOKUP_BATCH));
      for (const account of accounts.slice(i, i + LOOKUP_BATCH)) {
        this.asn.set(cacheKey(account), answer[cacheKey(account)] ?? null);
      }
    }
    const survey = this.options.mode() === 'survey';
    const chosen: ScannedPost[] = [];
    for (const post of batch) {
      if (survey || accountsOf(post.snapshot).some((account) => this.asn.get(cacheKey(account))))
        chosen.push(post);
      else this.options.onSkipped?.(post);
    }
    if (chosen.length === 0) return;
    const verdicts = await this.options.backend.classify(chosen.map((post) => post.snapshot));
    chosen.forEach((post, i) => {
      const verdict = verdicts[i];
      if (verdict) this.options.onVerdict(post, verdict);
    });
  }
}
