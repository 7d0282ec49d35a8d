import type { SelectorTable } from '../dom';
import type { SiteId } from '../types';
import { FACEBOOK_SELECTORS } from './facebook';
import { INSTAGRAM_SELECTORS } from './instagram';
import { TIKTOK_SELECTORS } from './tiktok';
import { X_SELECTORS } from './x';
import { YOUTUBE_SELECTORS } from './youtube';

/** Every site's default selector table (data; a site pack may replace single names). */
export const DEFAULT_SELECTORS: Readonly<Record<SiteId, SelectorTable>> = {
  x: X_SELECTORS,
  facebook: FACEBOOK_SELECTORS,
  instagram: INSTAGRAM_SELECTORS,
  tiktok: TIKTOK_SELECTORS,
  youtube: YOUTUBE_SELECTORS,
};

export { FACEBOOK_SELECTORS, INSTAGRAM_SELECTORS, TIKTOK_SELECTORS, X_SELECTORS, YOUTUBE_SELECTORS };
