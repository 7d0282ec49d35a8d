import { z } from 'zod';
import type { AsnSuggestion } from '../asn/suggest';
import type { FlagStatus } from '../flags/flag';
import type { AsnMatch, Finding } from '../reports/schema';
import type { Category } from '../rules/categories';
import { CATEGORIES } from '../rules/categories';
import type { PostSnapshot } from '../sites/snapshot';
import { SITE_IDS } from '../sites/types';
import { SentSiteHealthSchema, SiteHealthSchema } from '../storage/items';
import type { Settings } from '../storage/settings';
import { message } from './define';
import { optionsProtocol } from './options-protocol';
import { popupProtocol } from './popup-protocol';

/** What the background decided about one post. */
export interface Verdict {
  /** Set when the post was flagged (it had findings and its author counts). */
  flagKey: string | null;
  findings: Finding[];
  categories: Category[];
  asn: AsnMatch | null;
  status: FlagStatus | null;
}

/** The background's answer to a batch of posts. */
export interface CheckAnswer {
  /** Every account in the batch by `accountKey` (lib/flags/who-counts.ts): its match, or null. */
  accounts: Record<string, AsnMatch | null>;
  /** One per post, in order (a post that was refused gets NOT_FLAGGED and an entry in `rejected`). */
  verdicts: Verdict[];
  /** Posts of the batch that were refused, by index, with the reason (what and where). */
  rejected?: { index: number; error: string }[];
}

// A batch is validated post by post in the background (boundSnapshot, then the schema): one post
// that is too long or malformed must not sink the others, so the message itself only bounds the
// batch's length. The parsed type says so: the handler gets `unknown[]` and must bound each one.
const snapshotBatch = z.array(z.unknown()).max(50) as unknown as z.ZodType<unknown[], PostSnapshot[]>;
// The same for the health that rides along: a bad one is dropped, the batch still goes on.
const healthRider = z.unknown() as unknown as z.ZodType<
  unknown,
  z.input<typeof SentSiteHealthSchema> | undefined
>;

const accountRef = z.object({ site: z.enum(SITE_IDS), handle: z.string().min(1).max(200) });

// One protocol map per channel. Every payload is validated with its zod schema in the
// background before a handler sees it; response types are checked at compile time.

/** Messages content scripts send. Unprivileged: none of these may cause a network request. */
export const contentProtocol = {
  /** A content script started on a page; answers what it needs to run. */
  'content/hello': message<{
    mode: Settings['mode'];
    language: Settings['language'];
    tabId: number | null;
  }>()(
    // Any page address is accepted (only its first 2,048 characters are read): a long URL must
    // not switch Netra off on that page.
    z.object({ site: z.enum(SITE_IDS), url: z.string().transform((url) => url.slice(0, 2048)) }),
  ),
  /** Scanner health for this tab (posts seen, parsed, drift). */
  'content/health': message<void>()(SentSiteHealthSchema),
  /**
   * Check a batch of posts (one per scan tick): the ASN status of their accounts, which the page
   * caches, and a verdict per post. Posts whose author counts (every post in survey mode) are
   * classified; flagged ones are stored with their evidence at once.
   */
  'content/check': message<CheckAnswer>()(
    z.object({
      snapshots: snapshotBatch,
      /** The tab's scanner health when it changed since it was last sent (saves a message). */
      health: healthRider.optional(),
    }),
  ),
  /** Dismiss a flag from the page, or take the dismissal back. */
  'content/flagStatus': message<FlagStatus>()(
    z.object({ flagKey: z.string().max(600), status: z.enum(['dismissed', 'new']) }),
  ),
  /** The user confirmed a report in the page: queue it (the queue sends on its own schedule). */
  'content/report': message<{ reportId: string }>()(
    z.object({
      flagKey: z.string().max(600),
      category: z.enum(CATEGORIES),
      note: z.string().max(2000),
      /** The post's box in CSS pixels, for the evidence screenshot (when the user allowed those). */
      box: z
        .object({
          x: z.number().finite(),
          y: z.number().finite(),
          width: z.number().finite().positive(),
          height: z.number().finite().positive(),
          devicePixelRatio: z.number().finite().positive().max(10),
        })
        .optional(),
    }),
  ),
  /** A profile page's header: is it a known ASN, or does it look like one (a suggestion)? */
  'content/suggest': message<{ known: AsnMatch | null; suggestion: AsnSuggestion | null }>()(
    z.object({
      site: z.enum(SITE_IDS),
      handle: z.string().min(1).max(200),
      displayName: z.string().max(500).optional(),
      bio: z.string().max(5000).optional(),
      links: z.array(z.string().max(2048)).max(50),
    }),
  ),
  /** Tag an author as ASN by hand, or remove the hand tag. */
  'content/tagAsn': message<AsnMatch | null>()(
    z.discriminatedUnion('action', [
      accountRef.extend({
        action: z.literal('tag'),
        displayName: z.string().max(200).optional(),
        agency: z.string().max(300).optional(),
        note: z.string().max(2000).optional(),
      }),
      accountRef.extend({ action: z.literal('untag') }),
    ]),
  ),
};

/** Messages the extension's own pages (popup, options) send. Privileged. */
export const uiProtocol = {
  'ui/getSettings': message<Settings>()(z.object({})),
  'ui/saveSettings': message<Settings>()(z.object({ settings: z.unknown() })),
  'ui/tabStatus': message<{ health: z.infer<typeof SiteHealthSchema> | null }>()(
    z.object({ tabId: z.number().int() }),
  ),
  ...popupProtocol,
  ...optionsProtocol,
};

export type ContentProtocol = typeof contentProtocol;
export type UiProtocol = typeof uiProtocol;
export const PROTOCOLS = { content: contentProtocol, ui: uiProtocol } as const;
