import type { PostSnapshot } from './snapshot';

/** Site ids, used everywhere: files, storage keys, messages. */
export const SITE_IDS = ['x', 'facebook', 'instagram', 'tiktok', 'youtube'] as const;
export type SiteId = (typeof SITE_IDS)[number];

/**
 * What reading one container gave: a snapshot, or the required parts that were missing. A post
 * that is found is kept with what is known (issue #18): `partial` names the optional parts that
 * could not be read (caption, id), which count as drift without dropping the post.
 */
export type ReadResult =
  | { ok: true; snapshot: PostSnapshot; partial?: string[] }
  | { ok: false; drift: string[] }
  | { ok: 'skip'; reason: string };

/** A profile page's header, for ASN suggestions (name, bio, links). */
export interface ProfileInfo {
  site: SiteId;
  handle: string;
  displayName?: string;
  bio?: string;
  links: string[];
}

/**
 * One site's knowledge of its DOM. `findPosts` returns post/comment containers under a root
 * (the root itself included); `readPost` reads one container (`ok: 'skip'` for things that are
 * deliberately ignored, like promoted posts); `markerAnchor` says where an in-page mark goes
 * without disturbing the site's own layout; `readProfile` reads a profile header if the page is one.
 */
export interface SiteAdapter {
  readonly site: SiteId;
  findPosts(root: ParentNode): Element[];
  readPost(container: Element, now?: Date): ReadResult;
  markerAnchor(container: Element): Element;
  readProfile?(doc: Document): ProfileInfo | undefined;
  /**
   * Cheaply, the handles whose ASN status decides whether the post matters (its author and, for a
   * repost, the reposter), exactly as `readPost` would give them; undefined when that cannot be
   * told without a full read. Lets the scanner pass over posts by accounts known not to be ASN.
   */
  readActors?(container: Element): string[] | undefined;
  /**
   * Runs `reads` (calls of the methods above) as one scope in which the page does not change: the
   * scanner's reads of one slice, with no write between them. Inside it the adapter may reuse what
   * it found in a container (its author links for `readActors` and then `readPost`, a post for its
   * comments). Outside a scope every call reads the page afresh.
   */
  readScope?<T>(reads: () => T): T;
}
