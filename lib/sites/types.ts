/** Site ids, used everywhere: files, storage keys, messages. */
export const SITE_IDS = ['x', 'facebook', 'instagram', 'tiktok', 'youtube'] as const;
export type SiteId = (typeof SITE_IDS)[number];
