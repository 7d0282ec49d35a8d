import type { Author, PostSnapshot } from '../sites/snapshot';
import type { SiteId } from '../sites/types';

// Which accounts of a post count, and the one key an account seen on a page goes by. The page
// (its cache of ASN answers), the background (its answer, the flag check) and the flag key all
// use these, so they agree on who an account is. No zod here: content scripts import it.

/** For a repost the person who matters is the reposter; the original author is context. */
export { actorOf } from '../sites/actor';

/** An account as a page shows it. */
export interface PageAccount {
  site: SiteId;
  handle: string;
  id?: string;
}

/** A handle as keys spell it: trimmed, without a leading `@`, in lower case. */
export function handleKey(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/**
 * The key of an account seen on a page, `site:handle` (see handleKey). The page caches the
 * account's ASN status under it and the background answers under it. (The registry looks an
 * account up by its canonical keys, lib/asn/canonical.ts `accountKeys`, which may be two.)
 */
export function accountKey(account: { site: string; handle: string }): string {
  return `${account.site}:${handleKey(account.handle)}`;
}

/** The accounts whose ASN status is asked for a post: its author and, when shown, the reposter. */
export function accountsOf(snapshot: Pick<PostSnapshot, 'site' | 'author' | 'context'>): PageAccount[] {
  const of = (author: Author): PageAccount => ({
    site: snapshot.site,
    handle: author.handle,
    ...(author.id === undefined ? {} : { id: author.id }),
  });
  const reposter = snapshot.context?.repostedBy;
  return reposter ? [of(snapshot.author), of(reposter)] : [of(snapshot.author)];
}

/**
 * The ASN match that makes a post count: for a repost the reposter's when the reposter is ASN,
 * else the author's (an ASN's post shared by anyone is still theirs).
 */
export function countingMatch<M>(
  snapshot: Pick<PostSnapshot, 'site' | 'kind' | 'author' | 'context'>,
  matchOf: (account: PageAccount) => M | null,
): M | null {
  const reposter = snapshot.kind === 'repost' ? snapshot.context?.repostedBy : undefined;
  return (
    (reposter && matchOf({ site: snapshot.site, handle: reposter.handle })) ||
    matchOf({ site: snapshot.site, handle: snapshot.author.handle })
  );
}
