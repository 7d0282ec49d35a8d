import type { SelectorTable } from './dom';
import { createFacebookAdapter } from './facebook';
import { createInstagramAdapter } from './instagram';
import type { FacebookSelectorName } from './selectors/facebook';
import type { InstagramSelectorName } from './selectors/instagram';
import type { TiktokSelectorName } from './selectors/tiktok';
import type { XSelectorName } from './selectors/x';
import type { YoutubeSelectorName } from './selectors/youtube';
import { createTiktokAdapter } from './tiktok';
import type { SiteAdapter, SiteId } from './types';
import { createXAdapter } from './x';
import { createYoutubeAdapter } from './youtube';

// Tables reaching a factory come from mergeSelectors, which starts from the site's defaults, so
// every logical name is present: the narrowing casts below are safe.

/** Builds each site's adapter from a selector table (defaults or a site pack's merge). */
export const SITE_FACTORIES: Readonly<Record<SiteId, (table: SelectorTable) => SiteAdapter>> = {
  x: (table) => createXAdapter(table as SelectorTable<XSelectorName>),
  facebook: (table) => createFacebookAdapter(table as SelectorTable<FacebookSelectorName>),
  instagram: (table) => createInstagramAdapter(table as SelectorTable<InstagramSelectorName>),
  tiktok: (table) => createTiktokAdapter(table as SelectorTable<TiktokSelectorName>),
  youtube: (table) => createYoutubeAdapter(table as SelectorTable<YoutubeSelectorName>),
};
