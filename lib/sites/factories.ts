import type { SelectorTable } from './dom';
import type { SiteAdapter, SiteId } from './types';
import { createXAdapter } from './x';

/** Builds each site's adapter from a selector table (defaults or a site pack's merge). */
export const SITE_FACTORIES: Readonly<Record<SiteId, (table: SelectorTable) => SiteAdapter>> = {
  x: (table) => createXAdapter(table as never),
  facebook: (table) => createPendingAdapter('facebook', table),
  instagram: (table) => createPendingAdapter('instagram', table),
  tiktok: (table) => createPendingAdapter('tiktok', table),
  youtube: (table) => createPendingAdapter('youtube', table),
};

// Interim until the adapter lands (same series of commits): finds nothing.
function createPendingAdapter(site: SiteId, _table: SelectorTable): SiteAdapter {
  return {
    site,
    findPosts: () => [],
    readPost: () => ({ ok: 'skip', reason: `${site} adapter pending` }),
    markerAnchor: (el) => el,
  };
}
