import { z } from 'zod';
import { SITE_IDS } from '../sites/types';
import { SiteHealthSchema } from '../storage/items';
import type { Settings } from '../storage/settings';
import { message } from './define';

// One protocol map per channel. Every payload is validated with its zod schema in the
// background before a handler sees it; response types are checked at compile time.

/** Messages content scripts send. Unprivileged: none of these may cause a network request. */
export const contentProtocol = {
  /** A content script started on a page; answers what it needs to run. */
  'content/hello': message<{
    mode: Settings['mode'];
    language: Settings['language'];
    tabId: number | null;
  }>()(z.object({ site: z.enum(SITE_IDS), url: z.string().max(2048) })),
  /** Scanner health for this tab (posts seen, parsed, drift). */
  'content/health': message<void>()(SiteHealthSchema),
};

/** Messages the extension's own pages (popup, options) send. Privileged. */
export const uiProtocol = {
  'ui/getSettings': message<Settings>()(z.object({})),
  'ui/saveSettings': message<Settings>()(z.object({ settings: z.unknown() })),
  'ui/tabStatus': message<{ health: z.infer<typeof SiteHealthSchema> | null }>()(
    z.object({ tabId: z.number().int() }),
  ),
};

export type ContentProtocol = typeof contentProtocol;
export type UiProtocol = typeof uiProtocol;
export const PROTOCOLS = { content: contentProtocol, ui: uiProtocol } as const;
