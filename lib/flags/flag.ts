import { z } from 'zod';
import { CATEGORIES, type Category } from '../rules/categories';
import { type PostSnapshot, PostSnapshotSchema } from '../sites/snapshot';
import { AsnMatchSchema, FindingSchema } from '../reports/schema';
import { handleKey } from './who-counts';

// A flag: one post that an ASN wrote or shared and that the rules flagged, with what they found
// and what the person decided. Its key dedupes sightings of the same post.

export const FLAG_STATUSES = ['new', 'reviewed', 'reported', 'dismissed'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

const isoDateTime = z.iso.datetime({ offset: true });

/** Later sightings of a flag that differ from its evidence, kept (the latest ones) up to this many. */
export const MAX_FLAG_VERSIONS = 5;

export const FlagVersionSchema = z.object({
  snapshot: PostSnapshotSchema,
  findings: z.array(FindingSchema).max(500),
  seenAt: isoDateTime,
});
export type FlagVersion = z.infer<typeof FlagVersionSchema>;

export const FlagSchema = z.object({
  key: z.string().min(1).max(3000),
  /** The post as first seen: the evidence, never rewritten by a later sighting. */
  snapshot: PostSnapshotSchema,
  findings: z.array(FindingSchema).max(500),
  /** Later sightings whose post or findings differ (the page changed it, or "See more"). */
  versions: z.array(FlagVersionSchema).max(MAX_FLAG_VERSIONS).optional(),
  asn: AsnMatchSchema.nullable(),
  /** Distinct categories of the findings, in CATEGORIES order. */
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length),
  status: z.enum(FLAG_STATUSES),
  firstSeenAt: isoDateTime,
  lastSeenAt: isoDateTime,
  tabId: z.int().optional(),
  /** The page it was first seen on (origin and path), for the per-page flood cap. */
  page: z.string().max(2048).optional(),
  reportId: z.string().max(100).optional(),
});
export type Flag = z.infer<typeof FlagSchema>;

export interface QuarantinedFlag {
  key?: string;
  raw: unknown;
  reason: string;
  at: string;
}

export const FlagInputSchema = z.object({
  snapshot: PostSnapshotSchema,
  findings: z.array(FindingSchema).max(500),
  asn: AsnMatchSchema.nullable(),
  tabId: z.int().optional(),
  page: z.string().max(2048).optional(),
});
export type FlagInput = z.infer<typeof FlagInputSchema>;

// Share and tracking parameters that differ between two views of the same post.
const TRACKING_PARAMS = /^(utm_.*|fbclid|gclid|igshid|igsh|si|__cft__.*|__tn__|ref_src|ref_url|mibextid)$/i;

function canonicalUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.hash = '';
    const tracking: string[] = [];
    url.searchParams.forEach((_value, name) => {
      if (TRACKING_PARAMS.test(name)) tracking.push(name);
    });
    for (const name of tracking) url.searchParams.delete(name);
    return url.toString();
  } catch {
    return raw;
  }
}

/** FNV-1a, 32 bit: a short stable fingerprint for posts with neither id nor URL. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The dedupe key of a post: `site:postId`, else `site:url:author`, else `site:text:author:hash`. */
export function flagKey(snapshot: PostSnapshot): string {
  const author = handleKey(snapshot.author.handle);
  let key: string;
  if (snapshot.postId) key = `${snapshot.site}:${snapshot.postId}`;
  else if (snapshot.url) key = `${snapshot.site}:${canonicalUrl(snapshot.url)}:${author}`;
  else key = `${snapshot.site}:text:${author}:${fingerprint(snapshot.text)}`;
  // Two ASN reposting the same post are two violations, not one.
  const reposter = snapshot.context?.repostedBy;
  if (snapshot.kind === 'repost' && reposter) key += `#repost:${handleKey(reposter.handle)}`;
  return key;
}

/** The account a flag is about: the reposter of a repost (the one who shared it), else the author. */
export function flagAccount(snapshot: PostSnapshot): string {
  const reposter = snapshot.kind === 'repost' ? snapshot.context?.repostedBy : undefined;
  return `${snapshot.site}:${handleKey((reposter ?? snapshot.author).handle)}`;
}

/** Distinct categories of findings, in CATEGORIES order. */
export function categoriesOf(findings: readonly { category: Category }[]): Category[] {
  const present = new Set(findings.map((finding) => finding.category));
  return CATEGORIES.filter((category) => present.has(category));
}
