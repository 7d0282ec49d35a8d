import { z } from 'zod';
import { SITE_IDS } from './types';

// The PostSnapshot contract (shared/DESIGN.md): what a site adapter reads from one post,
// comment, repost or quote. Content scripts are unprivileged, so the background validates every
// snapshot it receives against this schema; the limits keep a hostile page from flooding storage.
// Real posts exceed them too (Facebook posts, X long posts, YouTube comments), so the background
// first bounds what it receives (boundSnapshot): a long text is cut and marked `truncated`, a long
// URL clipped, and only what is still malformed is refused — one post at a time, never its batch.

/** Longest post text kept, in UTF-16 units; longer texts are cut and marked `truncated`. */
export const MAX_TEXT = 20_000;
/** Longest URL kept (what browsers and servers reliably accept). */
export const MAX_URL = 2048;
const MAX_SHORT = 500;
const shortString = z.string().max(MAX_SHORT);

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
  url: z.string().max(MAX_URL).optional(),
  author: AuthorSchema,
  text: z.string().max(MAX_TEXT),
  /** The post's text was longer than MAX_TEXT and was cut there. */
  truncated: z.literal(true).optional(),
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

/** `text` cut to at most `max` UTF-16 units, never between the two halves of a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * A URL that fits MAX_URL: as it is, else without its fragment, else without its query too;
 * undefined when even that is too long (a post then keeps the page it was seen on).
 */
export function clipUrl(raw: string, max = MAX_URL): string | undefined {
  if (raw.length <= max) return raw;
  const noHash = raw.split('#', 1)[0]!;
  if (noHash.length <= max) return noHash;
  const noQuery = noHash.split('?', 1)[0]!;
  return noQuery.length <= max ? noQuery : undefined;
}

/** What boundSnapshot made of one snapshot from a page. */
export type BoundedSnapshot = { ok: true; snapshot: PostSnapshot } | { ok: false; error: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function boundAuthor(value: unknown): unknown {
  if (!isRecord(value) || typeof value.displayName !== 'string') return value;
  return { ...value, displayName: clipText(value.displayName, MAX_SHORT) };
}

/**
 * One snapshot as a content script sent it, bounded and validated on its own: a text over
 * MAX_TEXT is cut (`truncated: true`), a URL over MAX_URL clipped (clipUrl), display names cut;
 * whatever is still malformed is refused with the reason, path first (Indonesian, for the health
 * view and the console).
 */
export function boundSnapshot(raw: unknown): BoundedSnapshot {
  if (!isRecord(raw)) return { ok: false, error: '(akar): bukan objek unggahan' };
  const bounded: Record<string, unknown> = { ...raw };
  if (typeof raw.text === 'string' && raw.text.length > MAX_TEXT) {
    bounded.text = clipText(raw.text, MAX_TEXT);
    bounded.truncated = true;
  }
  if (typeof raw.url === 'string') {
    const url = clipUrl(raw.url);
    if (url === undefined) delete bounded.url;
    else bounded.url = url;
  }
  bounded.author = boundAuthor(raw.author);
  if (isRecord(raw.context)) {
    const context: Record<string, unknown> = { ...raw.context };
    for (const role of ['repostedBy', 'quotedAuthor', 'parentAuthor'] as const)
      if (role in context) context[role] = boundAuthor(context[role]);
    bounded.context = context;
  }
  const parsed = PostSnapshotSchema.safeParse(bounded);
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  const where = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(akar)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: where };
}
