import type { PostSnapshot } from '../sites/snapshot';
import type { SiteAdapter } from '../sites/types';
import { createSliceScheduler, type SliceScheduler } from './scheduler';

/** One container read by the scanner. */
export interface ScannedPost {
  container: Element;
  snapshot: PostSnapshot;
}

/** Per-page counts for the popup's health view. */
export interface ScanCounts {
  seen: number;
  parsed: number;
  skipped: number;
  drift: number;
  driftNames: string[];
}

export interface ScannerOptions {
  adapter: SiteAdapter;
  root: Document;
  /** Receives each slice's newly read (or changed) posts. */
  onPosts: (posts: ScannedPost[]) => void;
  /** Called after a slice that changed the counts. */
  onCounts?: (counts: ScanCounts) => void;
  budgetMs?: number;
  scheduler?: (work: (timeLeft: () => number) => boolean) => SliceScheduler;
  /**
   * Whether a post by these accounts can be passed over without a full read (ASN mode, all of
   * them known not to be ASN). Used with the adapter's `readActors`; asked at each read.
   */
  screen?: (actors: string[]) => boolean;
  /** Called with a container passed over (a mark it had must go). */
  onScreened?: (container: Element) => void;
}

/**
 * One post in this many that could be passed over is read in full anyway, so the health counts
 * still see selector drift in the parts a screened post does not read (text, permalink, time).
 * Posts whose accounts count are always read in full: their drift always shows.
 */
const FULL_READ_EVERY = 8;
/**
 * Once this many of those reads in a row found no drift on the page, one in FULL_READ_EVERY_SETTLED
 * is enough: the page's markup reads well, and each full read costs a feed about as much as
 * screening three posts. A new drift, or a new page, goes back to one in FULL_READ_EVERY.
 */
const SETTLE_AFTER = 8;
const FULL_READ_EVERY_SETTLED = 32;

/** Posts read are handed on at the latest when this many wait (one message to the background). */
const SEND_AT = 50;

// How far up from a mutated node to look for an already-read container ("See more" expansions,
// late-loaded authors happen a few levels below the container).
const MAX_ANCESTOR_WALK = 40;

/** What the scanner knows of one container: one weak-map entry, looked up once per read. */
interface ContainerState {
  readonly el: Element;
  /** What it was last read as (`signatureOf`, or why it was passed over), in `epoch`. */
  signature: string | undefined;
  epoch: number;
  /** Counted in the health counts (once per container, whatever rescans follow). */
  counted: boolean;
  /** Waiting in the work queue. */
  queued: boolean;
}

function signatureOf(snapshot: PostSnapshot): string {
  return `${snapshot.kind}|${snapshot.author.handle}|${snapshot.context?.repostedBy?.handle ?? ''}|${snapshot.text}`;
}

/**
 * One observer per page. The mutation callback only queues nodes; reading happens in budgeted
 * slices. Each container is read once, and again only when its content changes.
 */
export class Scanner {
  /** Nodes added to the page: posts may be in them or above them. */
  private readonly added = new Set<Node>();
  /** Nodes whose content changed: only a post above them may need reading again. */
  private readonly changed = new Set<Node>();
  private readonly states = new WeakMap<Element, ContainerState>();
  /** A forced rescan starts a new epoch: signatures of earlier ones no longer count. */
  private epoch = 0;
  private readonly work: ContainerState[] = [];
  private readonly observer: MutationObserver;
  private readonly scheduler: SliceScheduler;
  private readonly driftNames = new Set<string>();
  private counts: ScanCounts = { seen: 0, parsed: 0, skipped: 0, drift: 0, driftNames: [] };
  private stopped = false;
  private screenedSinceFullRead = 0;
  /** Full reads of posts that could have been passed over, in a row, that found no drift. */
  private cleanSamples = 0;
  /** Posts read but not yet handed on (the rest of the same addition is still being read). */
  private unsent: ScannedPost[] = [];

  constructor(private readonly options: ScannerOptions) {
    const view = options.root.defaultView ?? window;
    this.observer = new view.MutationObserver((records) => this.onMutations(records));
    const make = options.scheduler ?? ((work) => createSliceScheduler(work, options.budgetMs ?? 6, view));
    this.scheduler = make((timeLeft) => this.slice(timeLeft));
  }

  /** Starts observing and queues the whole page. */
  start(): void {
    this.observer.observe(this.options.root.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    this.rescan();
  }

  /**
   * Queues the whole page again (after a single-page navigation). With `force`, containers
   * already read are read again even if unchanged (a mode change, a newly tagged author).
   */
  rescan(force = false): void {
    if (force) this.epoch++;
    this.added.add(this.options.root.documentElement);
    this.scheduler.request();
  }

  /** Resets the health counts (a new page within the same document). */
  resetCounts(): void {
    this.counts = { seen: 0, parsed: 0, skipped: 0, drift: 0, driftNames: [] };
    this.driftNames.clear();
    this.cleanSamples = 0;
  }

  stop(): void {
    this.stopped = true;
    this.observer.disconnect();
    this.scheduler.cancel();
    this.added.clear();
    this.changed.clear();
    this.work.length = 0;
    this.unsent = [];
  }

  getCounts(): ScanCounts {
    return { ...this.counts, driftNames: [...this.driftNames] };
  }

  private onMutations(records: MutationRecord[]): void {
    for (const record of records) {
      if (record.type === 'characterData') {
        if (record.target.parentNode) this.changed.add(record.target.parentNode);
        continue;
      }
      for (const node of Array.from(record.addedNodes)) {
        if (node.nodeType === 1) {
          // Netra's own marks and overlay are not the site's content.
          const el = node as Element;
          if (el.hasAttribute('data-netra-mark') || el.hasAttribute('data-netra-overlay')) continue;
          this.added.add(node);
        } else if (node.nodeType === 3 && node.parentNode) {
          // Text added next to posts (whitespace in a feed) can only change the post it is in.
          this.changed.add(node.parentNode);
        }
      }
      // A removal creates no post; it can only change the one it happened in.
      if (record.removedNodes.length > 0) this.changed.add(record.target);
    }
    // The page changed: a frame is coming, and the first slice runs at its start.
    if (this.added.size > 0 || this.changed.size > 0) this.scheduler.request(true);
  }

  private enqueue(container: Element): void {
    let state = this.states.get(container);
    if (!state) {
      state = { el: container, signature: undefined, epoch: this.epoch, counted: false, queued: false };
      this.states.set(container, state);
    }
    if (state.queued) return;
    state.queued = true;
    this.work.push(state);
  }

  private slice(timeLeft: () => number): boolean {
    if (this.stopped) return false;
    // Nothing is written while the slice reads: the adapter may reuse what it found (readScope).
    const adapter = this.options.adapter;
    const read = () => this.read(timeLeft);
    const found = adapter.readScope ? adapter.readScope(read) : read();
    if (found === 'out of time') return true;
    const { posts, countsChanged } = found;
    // Counts first: the posts' batch carries the page's health to the background.
    if (countsChanged) this.options.onCounts?.(this.getCounts());
    // Posts read in a slice that ran out of time wait for the rest of the page's addition, so
    // one addition goes to the background in one message and its marks come in one frame.
    this.unsent.push(...posts);
    const more = this.work.length > 0 || this.added.size > 0 || this.changed.size > 0;
    if (this.unsent.length > 0 && (!more || this.unsent.length >= SEND_AT)) {
      const ready = this.unsent;
      this.unsent = [];
      this.options.onPosts(ready);
    }
    return more;
  }

  /** The slice's reads: queued nodes to containers, then containers to posts, within its time. */
  private read(timeLeft: () => number): { posts: ScannedPost[]; countsChanged: boolean } | 'out of time' {
    // Phase 1: turn queued nodes into containers (new ones below, changed ones above).
    for (const node of this.added) {
      this.added.delete(node);
      if (!node.isConnected) continue;
      for (const container of this.options.adapter.findPosts(node as Element)) this.enqueue(container);
      const changed = this.readContainerAbove(node);
      if (changed) this.enqueue(changed);
      if (timeLeft() <= 0) return 'out of time';
    }
    for (const node of this.changed) {
      this.changed.delete(node);
      if (!node.isConnected) continue;
      const changed = this.readContainerAbove(node);
      if (changed) this.enqueue(changed);
    }
    // Phase 2: read containers (DOM reads only; writes happen later in one frame).
    const posts: ScannedPost[] = [];
    let countsChanged = false;
    // At least one read per slice, so a page that is always busy still makes progress.
    let reads = 0;
    while (this.work.length > 0 && (reads++ === 0 || timeLeft() > 0)) {
      const state = this.work.shift()!;
      const container = state.el;
      state.queued = false;
      if (!container.isConnected) continue;
      const firstTime = !state.counted;
      state.counted = true;
      const actors = this.options.screen ? this.options.adapter.readActors?.(container) : undefined;
      let sample = false;
      if (actors && actors.length > 0 && this.options.screen!(actors)) {
        const every = this.cleanSamples >= SETTLE_AFTER ? FULL_READ_EVERY_SETTLED : FULL_READ_EVERY;
        if (++this.screenedSinceFullRead < every) {
          // The accounts are read; the rest of the post is not needed now. Its signature is the
          // accounts, so it is read in full once one of them counts (rescan) or they change.
          if (!this.sign(state, `screened:${actors.join(',')}`)) continue;
          if (firstTime) {
            this.counts.seen++;
            this.counts.parsed++;
            countsChanged = true;
          }
          this.options.onScreened?.(container);
          continue;
        }
        this.screenedSinceFullRead = 0;
        sample = true;
      }
      const result = this.options.adapter.readPost(container);
      if (sample && result.ok === true) this.cleanSamples++;
      if (result.ok === true) {
        if (!this.sign(state, signatureOf(result.snapshot))) continue;
        if (firstTime) {
          this.counts.seen++;
          this.counts.parsed++;
        }
        countsChanged = true;
        posts.push({ container, snapshot: result.snapshot });
      } else {
        const signature = result.ok === false ? `drift:${result.drift.join(',')}` : `skip:${result.reason}`;
        if (!this.sign(state, signature)) continue;
        // A drift not seen before on this container (one read again unchanged does not count).
        if (result.ok === false) this.cleanSamples = 0;
        if (firstTime) {
          this.counts.seen++;
          if (result.ok === false) {
            this.counts.drift++;
            for (const name of result.drift) this.driftNames.add(name);
          } else this.counts.skipped++;
          countsChanged = true;
        }
      }
    }
    return { posts, countsChanged };
  }

  /** Records what a container was read as; false when it is what it was (nothing new to do). */
  private sign(state: ContainerState, signature: string): boolean {
    if (state.epoch === this.epoch && state.signature === signature) return false;
    state.signature = signature;
    state.epoch = this.epoch;
    return true;
  }

  /** The already-read container that holds `node`, if any (its content may have changed). */
  private readContainerAbove(node: Node): Element | undefined {
    let current: Node | null = node;
    for (let depth = 0; current && depth < MAX_ANCESTOR_WALK; depth++) {
      if (current.nodeType === 1) {
        const state = this.states.get(current as Element);
        if (state?.signature !== undefined && state.epoch === this.epoch) return current as Element;
      }
      current = current.parentNode;
    }
    return undefined;
  }
}
