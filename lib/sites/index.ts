import { SITE_FACTORIES } from './factories';
import { DEFAULT_SELECTORS } from './selectors/index';
import { SITE_IDS, type SiteAdapter, type SiteId } from './types';

/** The default adapter of every site, built from the default selector tables. */
export const ADAPTERS: Readonly<Record<SiteId, SiteAdapter>> = Object.fromEntries(
  SITE_IDS.map((site) => [site, SITE_FACTORIES[site](DEFAULT_SELECTORS[site])]),
) as Record<SiteId, SiteAdapter>;

/** The default adapter for `site`. */
export function adapterFor(site: SiteId): SiteAdapter {
  return ADAPTERS[site];
}

export { applySitePack, createAdapter, SelectorOverrideError, type SitePack, SitePackSchema } from './pack';
export { DEFAULT_SELECTORS } from './selectors/index';
