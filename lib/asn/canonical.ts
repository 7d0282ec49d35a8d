import { SITE_HOSTS, siteOfHost } from '../sites/hosts';
import { SITE_IDS, type SiteId } from '../sites/types';
import type { AsnErrorCode } from './messages';
import type { AccountRef } from './types';

// Canonical account ids ("keys"), the one spelling every part of Netra uses for an account:
//   <site>:<handle>      x:budi_pns, facebook:budisantoso, instagram:budi.pns, tiktok:budi.pns,
//                        youtube:budipns
//   <site>:id:<id>       x:id:12345, facebook:id:1000123, tiktok:id:6712…, youtube:id:UCxxxx…
// Keys are lowercase, except a YouTube channel id, which is case-sensitive (a lowercased
// /channel/ URL is a 404, and exports must give working links). Facebook ignores dots and case
// in usernames (john.smith = johnsmith), so its handles are stored without dots.

export type ParseResult =
  { ok: true; ref: AccountRef } | { ok: false; code: AsnErrorCode; params: Record<string, string> };

const fail = (code: AsnErrorCode, params: Record<string, string> = {}): ParseResult => ({
  ok: false,
  code,
  params,
});

const SITE_NAMES = new Map<string, SiteId>(
  Object.entries({
    x: 'x',
    twitter: 'x',
    'x.com': 'x',
    'twitter.com': 'x',
    facebook: 'facebook',
    fb: 'facebook',
    'facebook.com': 'facebook',
    instagram: 'instagram',
    ig: 'instagram',
    insta: 'instagram',
    'instagram.com': 'instagram',
    tiktok: 'tiktok',
    'tik tok': 'tiktok',
    'tiktok.com': 'tiktok',
    youtube: 'youtube',
    yt: 'youtube',
    'youtube.com': 'youtube',
  } satisfies Record<string, SiteId>),
);

/** The site id a spreadsheet's "site"/"platform" cell names (x, Twitter, FB, IG, YT…), or undefined. */
export function parseSiteName(value: string): SiteId | undefined {
  return SITE_NAMES.get(value) ?? SITE_NAMES.get(value.trim().toLowerCase());
}

// Bare and alternative hosts people paste, beyond the hosts the content scripts run on.
const EXTRA_HOSTS = new Map<string, SiteId>(
  Object.entries({
    'www.x.com': 'x',
    'www.twitter.com': 'x',
    'facebook.com': 'facebook',
    'mbasic.facebook.com': 'facebook',
    'touch.facebook.com': 'facebook',
    'fb.com': 'facebook',
    'www.fb.com': 'facebook',
    'instagram.com': 'instagram',
    'm.instagram.com': 'instagram',
    'tiktok.com': 'tiktok',
    'youtube.com': 'youtube',
  } satisfies Record<string, SiteId>),
);

function siteOfAnyHost(host: string): SiteId | undefined {
  return siteOfHost(host) ?? EXTRA_HOSTS.get(host.toLowerCase());
}

const HANDLE_RE: Record<SiteId, RegExp> = {
  x: /^[a-z0-9_]{1,15}$/,
  // after dropping dots
  facebook: /^[a-z0-9]{5,50}$/,
  instagram: /^(?!\.)(?!.*\.\.)[a-z0-9._]{1,30}$/,
  tiktok: /^[a-z0-9_.]{2,24}$/,
  // YouTube handles allow letters of many scripts since 2022
  youtube: /^[\p{L}\p{M}\p{N}._-]{3,30}$/u,
};
const NUMERIC_ID_RE = /^[0-9]{1,25}$/;
const CHANNEL_ID_RE = /^UC[A-Za-z0-9_-]{22}$/;

// First path segments that are site features, never accounts.
const RESERVED: Record<SiteId, ReadonlySet<string>> = {
  x: new Set(
    'home explore search settings notifications messages compose login logout signup i tos privacy hashtag share intent account jobs bookmarks communities premium grok who_to_follow connect_people lists topics rules download about display keyboard_shortcuts search-advanced verified-choose'.split(
      ' ',
    ),
  ),
  facebook: new Set(
    'home.php watch marketplace gaming events photo.php photo photos story.php permalink.php sharer sharer.php share login login.php help settings notifications messages friends hashtag search reel reels stories bookmarks saved policies privacy ads business legal l.php dialog plugins video.php videos memories fundraisers jobs weather me recover checkpoint composer terms about groups pages people profile.php'.split(
      ' ',
    ),
  ),
  instagram: new Set(
    'p reel reels tv explore accounts direct about legal developer web emails stories challenge oauth privacy session graphql api static ar create lite topics directory'.split(
      ' ',
    ),
  ),
  tiktok: new Set(),
  youtube: new Set(),
};

/** Whether a lowercase handle is a reserved page of the site (home, explore, watch…). */
export function isReservedHandle(site: SiteId, value: string): boolean {
  return RESERVED[site].has(value);
}

/** True when no reserved name contains a digit, so a handle with a digit is never reserved. */
export const RESERVED_WITHOUT_DIGITS = Object.values(RESERVED).every((names) =>
  [...names].every((name) => !/[0-9]/.test(name)),
);

function makeRef(site: SiteId, kind: 'handle' | 'id', value: string): AccountRef {
  return { site, kind, value, key: kind === 'id' ? `${site}:id:${value}` : `${site}:${value}` };
}

/** Checks a bare handle (no @, no URL) for a site and returns its canonical form. */
function handleRef(site: SiteId, raw: string): ParseResult {
  let value = raw.toLowerCase();
  if (site === 'facebook') value = value.replace(/\./g, '');
  if (!HANDLE_RE[site].test(value)) return fail('invalid-handle', { value: raw, site });
  if (site !== 'youtube' && site !== 'tiktok' && RESERVED[site].has(value))
    return fail('invalid-handle', { value: raw, site });
  return { ok: true, ref: makeRef(site, 'handle', value) };
}

function idRef(site: SiteId, raw: string): ParseResult {
  if (site === 'youtube') {
    return CHANNEL_ID_RE.test(raw)
      ? { ok: true, ref: makeRef(site, 'id', raw) }
      : fail('invalid-handle', { value: raw, site });
  }
  return NUMERIC_ID_RE.test(raw)
    ? { ok: true, ref: makeRef(site, 'id', raw.replace(/^0+(?=\d)/, '')) }
    : fail('invalid-handle', { value: raw, site });
}

function looksLikeUrl(input: string): boolean {
  // Instagram and TikTok handles contain dots ("budi.pns"), so only a scheme or a known site's
  // domain makes a URL.
  if (!input.includes('/')) return false;
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ||
    /^(?:www\.|m\.|mobile\.|web\.)?(?:x|twitter|facebook|fb|instagram|tiktok|youtube)\.com(?:[/?#]|$)/i.test(
      input,
    )
  );
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Parses a profile (or post) URL of a supported site into its account; rejects feature pages. */
export function parseProfileUrl(input: string): ParseResult {
  const raw = input.trim();
  if (raw === '' || /\s/.test(raw)) return fail('malformed-url', { value: input });
  // javascript:, mailto:, data: and friends (a digit after the colon is a port, not a scheme)
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(raw) && !/^https?:/i.test(raw))
    return fail('unsupported-url', { value: input });
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return fail('malformed-url', { value: input });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('unsupported-url', { value: input });
  const site = siteOfAnyHost(url.hostname);
  if (!site) return fail('unsupported-url', { value: input });
  const segments: string[] = [];
  for (const part of url.pathname.split('/')) {
    if (part === '') continue;
    const decoded = safeDecode(part);
    if (decoded === undefined) return fail('malformed-url', { value: input });
    segments.push(decoded);
  }
  const result = PROFILE_PATHS[site](segments, url);
  return result ?? fail('unsupported-url', { value: input });
}

type PathReader = (segments: string[], url: URL) => ParseResult | undefined;

const PROFILE_PATHS: Record<SiteId, PathReader> = {
  x(segments, url) {
    // Old hash-bang links: twitter.com/#!/budi
    if (segments.length === 0 && url.hash.startsWith('#!/')) {
      segments = url.hash.slice(3).split('/').filter(Boolean);
    }
    const [first, second, third] = segments;
    if (!first) return undefined;
    if (first === 'i' && second === 'user' && third) return idRef('x', third);
    if (first === 'intent' && (second === 'user' || second === 'follow')) {
      const id = url.searchParams.get('user_id');
      if (id) return idRef('x', id);
      const name = url.searchParams.get('screen_name');
      return name ? handleRef('x', name) : undefined;
    }
    if (RESERVED.x.has(first.toLowerCase())) return undefined;
    return handleRef('x', first.replace(/^@/, ''));
  },
  facebook(segments, url) {
    const [first, , third, fourth] = segments;
    if (!first) return undefined;
    const lower = first.toLowerCase();
    if (lower === 'profile.php') {
      const id = url.searchParams.get('id');
      return id ? idRef('facebook', id) : undefined;
    }
    // /people/Budi-Santoso/1000123/ and /pages/Dinas-X/1234/
    if ((lower === 'people' || lower === 'pages') && third) return idRef('facebook', third);
    // group member links: /groups/<group>/user/<id>/
    if (lower === 'groups' && third === 'user' && fourth) return idRef('facebook', fourth);
    if (RESERVED.facebook.has(lower)) return undefined;
    if (NUMERIC_ID_RE.test(first)) return idRef('facebook', first);
    return handleRef('facebook', first);
  },
  instagram(segments) {
    const [first, second] = segments;
    if (!first) return undefined;
    if (first.toLowerCase() === 'stories' && second && second.toLowerCase() !== 'highlights') {
      return handleRef('instagram', second);
    }
    if (RESERVED.instagram.has(first.toLowerCase())) return undefined;
    return handleRef('instagram', first);
  },
  tiktok(segments) {
    const [first] = segments;
    if (!first?.startsWith('@')) return undefined;
    return handleRef('tiktok', first.slice(1));
  },
  youtube(segments) {
    const [first, second] = segments;
    if (!first) return undefined;
    if (first.startsWith('@')) return handleRef('youtube', first.slice(1));
    if (first === 'channel' && second) return idRef('youtube', second);
    // /c/Name and /user/Name are legacy names with no offline mapping to a channel: refused.
    return undefined;
  },
};

/**
 * Parses what a person typed for an account of `site`: a handle (with or without @), `id:<n>`,
 * a YouTube channel id, or a profile URL of that site.
 */
export function parseAccount(site: SiteId, input: string): ParseResult {
  const raw = input.trim();
  if (raw === '') return fail('missing-handle');
  if (looksLikeUrl(raw)) {
    const parsed = parseProfileUrl(raw);
    if (parsed.ok && parsed.ref.site !== site) {
      return fail('site-mismatch', { site, urlSite: parsed.ref.site });
    }
    return parsed;
  }
  if (/^id:/i.test(raw)) return idRef(site, raw.slice(3).trim());
  if (site === 'youtube' && CHANNEL_ID_RE.test(raw)) return idRef(site, raw);
  const handle = raw.replace(/^@/, '');
  if (site === 'facebook' && NUMERIC_ID_RE.test(handle)) return idRef(site, handle);
  return handleRef(site, handle);
}

/** Parses a key (`x:budi`, `facebook:id:1000123`…) and checks it is canonical. */
export function parseKey(key: string): AccountRef | undefined {
  const colon = key.indexOf(':');
  if (colon < 0) return undefined;
  const site = key.slice(0, colon) as SiteId;
  if (!(SITE_IDS as readonly string[]).includes(site)) return undefined;
  const rest = key.slice(colon + 1);
  const parsed = rest.startsWith('id:') ? idRef(site, rest.slice(3)) : handleRef(site, rest);
  return parsed.ok && parsed.ref.key === key ? parsed.ref : undefined;
}

/** Lowercases a key the way canonical keys are spelt (YouTube channel ids keep their case). */
export function normalizeKey(key: string): string {
  return key.startsWith('youtube:id:') ? key : key.toLowerCase();
}

/**
 * The keys an author seen on a page is known by: its handle key, plus its id key when the id is
 * known. Unusable parts are skipped, so the result may be empty.
 */
export function accountKeys(site: SiteId, author: { handle?: string; id?: string }): string[] {
  const keys: string[] = [];
  if (author.handle) {
    const parsed = parseAccount(site, author.handle);
    if (parsed.ok) keys.push(parsed.ref.key);
  }
  if (author.id) {
    const parsed = idRef(site, author.id.trim());
    if (parsed.ok && !keys.includes(parsed.ref.key)) keys.push(parsed.ref.key);
  }
  return keys;
}

/** A working profile URL for a key, for exports and links in the UI; undefined where none exists. */
export function profileUrl(ref: AccountRef): string | undefined {
  const host = `https://${SITE_HOSTS[ref.site][0]}`;
  const v = encodeURIComponent(ref.value);
  switch (ref.site) {
    case 'x':
      return ref.kind === 'id' ? `${host}/i/user/${v}` : `${host}/${v}`;
    case 'facebook':
      return ref.kind === 'id' ? `${host}/profile.php?id=${v}` : `${host}/${v}`;
    case 'instagram':
      return ref.kind === 'id' ? undefined : `${host}/${v}/`;
    case 'tiktok':
      return ref.kind === 'id' ? undefined : `${host}/@${v}`;
    case 'youtube':
      return ref.kind === 'id' ? `${host}/channel/${v}` : `${host}/@${v}`;
  }
}

/** How a key reads to a person: `@budi_pns`, `facebook id 1000123`. */
export function displayHandle(ref: AccountRef): string {
  return ref.kind === 'id' ? `${ref.site} id ${ref.value}` : `@${ref.value}`;
}
