import type { CheckAnswer, Verdict } from '../messaging/protocol';
import type { AsnMatch } from '../reports/schema';
import { accountKey, accountsOf } from '../flags/who-counts';
import type { PostSnapshot } from '../sites/snapshot';
import type { SiteId } from '../sites/types';
import type { ScannedPost } from './scanner';

/** What the pipeline needs from the background (typed messages in the extension; fakes in tests). */
export interface PipelineBackend {
  /**
   * One round trip per batch: the ASN status of every account in these posts (for the page's
   * cache) and a verdict per post (flagged or not).
   */
  check(snapshots: PostSnapshot[]): Promise<CheckAnswer>;
}

export interface PipelineOptions {
  backend: PipelineBackend;
  mode: () => 'asn' | 'survey';
  /** Called with each post the background checked, flagged or not, for the write phase. */
  onVerdict: (post: ScannedPost, verdict: Verdict) => void;
  /** Called with each post not sent (its author is known not to count now). */
  onSkipped?: (post: ScannedPost) => void;
  onError?: (error: unknown) => void;
  /** Whether a post is still worth checking when its batch is retried (still on the page). */
  isLive?: (post: ScannedPost) => boolean;
  /** Wait before a failed batch is sent again (the worker may be restarting). */
  retryDelayMs?: number;
}

const BATCH = 50;
/** A failed batch is sent again this many times before it is given up (until the page changes). */
const RETRIES = 2;

// (Also imported from here by tests/sites.)
export { accountsOf };

interface Pending {
  post: ScannedPost;
  attempt: number;
}

/**
 * From scanned posts to verdicts. Posts whose accounts are all known not to be ASN (cached per
 * page) are skipped in ASN mode; the rest go to the background in one message per batch, which
 * answers both the accounts' ASN status and each post's verdict. Batches run one after another;
 * a batch that fails (the worker stopped mid-check) is sent again after a pause.
 */
export class ContentPipeline {
  private readonly asn = new Map<string, AsnMatch | null>();
  private queue: Pending[] = [];
  private running = false;
  private retrying: Pending[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: PipelineOptions) {}

  push(posts: ScannedPost[]): void {
    for (const post of posts) this.queue.push({ post, attempt: 0 });
    if (!this.running) void this.drain();
  }

  /** Whether the page knows this account is not ASN (the background said so). */
  knownNotAsn(account: { site: SiteId; handle: string }): boolean {
    return this.asn.get(accountKey(account)) === null;
  }

  /** Forgets what the page knew about an account (after tagging or untagging it). */
  forget(account: { site: SiteId; handle: string }): void {
    this.asn.delete(accountKey(account));
  }

  /** Drops queued work and pending retries (the content script is going away). */
  stop(): void {
    this.stopped = true;
    this.queue = [];
    this.retrying = [];
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Resolves when everything queued so far has been decided (tests, demo). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0 || this.retryTimer !== undefined)
      await new Promise((r) => setTimeout(r, 10));
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const batch = this.queue.splice(0, BATCH);
        try {
          await this.process(batch);
        } catch (error) {
          this.options.onError?.(error);
          this.retry(batch);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private retry(batch: Pending[]): void {
    const live = this.options.isLive ?? (() => true);
    const again = batch.filter((p) => p.attempt < RETRIES && live(p.post));
    if (again.length === 0 || this.stopped) return;
    this.retrying.push(...again.map((p) => ({ ...p, attempt: p.attempt + 1 })));
    if (this.retryTimer !== undefined) return;
    // 500 ms, then 1 s: long enough for the browser to start a stopped worker again.
    const attempt = Math.min(...this.retrying.map((p) => p.attempt));
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        const waiting = this.retrying;
        this.retrying = [];
        if (this.stopped) return;
        this.queue.unshift(...waiting);
        if (!this.running) void this.drain();
      },
      (this.options.retryDelayMs ?? 500) * 2 ** (attempt - 1),
    );
  }

  private async process(batch: Pending[]): Promise<void> {
    const survey = this.options.mode() === 'survey';
    const send: Pending[] = [];
    for (const pending of batch) {
      const accounts = accountsOf(pending.post.snapshot);
      // Unknown accounts (undefined) and ASN ones need the background; known non-ASN do not.
      if (survey || accounts.some((account) => this.asn.get(accountKey(account)) !== null))
        send.push(pending);
      else this.options.onSkipped?.(pending.post);
    }
    if (send.length === 0) return;
    const answer = await this.options.backend.check(send.map((p) => p.post.snapshot));
    for (const [key, match] of Object.entries(answer.accounts)) this.asn.set(key, match);
    send.forEach((pending, i) => {
      const verdict = answer.verdicts[i];
      if (verdict) this.options.onVerdict(pending.post, verdict);
    });
  }
}
