import type { Author, PostSnapshot } from './snapshot';

// Kept apart from snapshot.ts (which holds the zod schema) so content scripts can use it
// without bundling zod.

/** The account a post is about for an ASN check: the reposter of a repost, else the author. */
export function actorOf(post: Pick<PostSnapshot, 'kind' | 'author' | 'context'>): Author {
  return post.kind === 'repost' && post.context?.repostedBy ? post.context.repostedBy : post.author;
}
