import { z } from 'zod';
import { SITE_IDS } from './types';

// The PostSnapshot contract (shared/DESIGN.md): what a site adapter reads from one post,
// comment, repost or quote. Content scripts are unprivileged, so the background validates every
// snapshot it receives against this schema; the limits keep a hostile page from flooding storage.

const MAX_TEXT = 20_000;
const shortString = z.string().max(500);

export const AuthorSchema = z.object({
  handle: z.string().min(1).max(200),
  id: shortString.optional(),
  displayName: shortString.optional(),
});
export type Author = z.infer<typeof AuthorSchema>;

export const PostKindSchema = z.enum(['post', 'comment', 'repost', 'quote']);
export type PostKind = z.infer<typeof PostKindSchema>;

export const PostSnapshotSchema = z.object({
  site: z.enum(SITE_IDS),
  kind: PostKindSchema,
  postId: shortString.optional(),
  url: z.string().max(2048).optional(),
  author: AuthorSchema,
  text: z.string().max(MAX_TEXT),
  publishedAt: z.string().max(64).optional(),
  context: z
    .object({
      repostedBy: AuthorSchema.optional(),
      quotedAuthor: AuthorSchema.optional(),
      inReplyTo: shortString.optional(),
      parentAuthor: AuthorSchema.optional(),
    })
    .optional(),
  capturedAt: z.string().max(64),
});
export type PostSnapshot = z.infer<typeof PostSnapshotSchema>;
