import type { Author, PostSnapshot } from './snapshot';

// Kept apart from snapshot.ts (which holds the zod schema) so content scripts can use it
// without bundling zod.

/** The account a post is about for an ASN check: the reposter of a repost, else the author. */
export function actorOf(post: Pick<PostSnapshot, 'kind' | 'author' | 'context'>): Author {
  return post.kind === 'repost' && post.context?.repostedBy ? post.context.repostedBy : post.author;
}

/**
 * The key under which a page caches an account's ASN status, and under which the background
 * answers it: `site:handle` in lower case (the registry canonicalises further).
 */
export function accountCacheKey(account: { site: string; handle: string }): string {
  return `${account.site}:${account.handle.toLowerCase()}`;
}
