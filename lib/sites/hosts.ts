import type { SiteId } from './types';

/** Hosts each supported site serves its pages from, desktop and mobile. */
export const SITE_HOSTS: Readonly<Record<SiteId, readonly string[]>> = {
  x: ['x.com', 'twitter.com', 'mobile.x.com', 'mobile.twitter.com'],
  facebook: ['www.facebook.com', 'm.facebook.com', 'web.facebook.com'],
  instagram: ['www.instagram.com'],
  tiktok: ['www.tiktok.com', 'm.tiktok.com'],
  youtube: ['www.youtube.com', 'm.youtube.com'],
};

/** Match patterns for one site's hosts (content-script `matches`). */
export function siteMatchPatterns(site: SiteId): string[] {
  return SITE_HOSTS[site].map((host) => `https://${host}/*`);
}

/** Every supported site's match patterns: the extension's whole host access. */
export const SITE_HOST_PATTERNS: readonly string[] = (Object.keys(SITE_HOSTS) as SiteId[]).flatMap(
  siteMatchPatterns,
);

/** Which site a hostname belongs to, or undefined. */
export function siteOfHost(hostname: string): SiteId | undefined {
  const host = hostname.toLowerCase();
  for (const site of Object.keys(SITE_HOSTS) as SiteId[]) {
    if (SITE_HOSTS[site].includes(host)) return site;
  }
  return undefined;
}
