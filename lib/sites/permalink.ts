import type { SiteAdapter } from './types';

// The last guard before a link becomes a post's URL (post.url → evidence, CSV, Form B.1 and the
// "Buka unggahan" button, which GETs it as the monitor): a link that carries the monitor's own
// session (account id, CSRF tokens) or that performs an action (like, react, reply, report,
// share) is never a permalink, whatever a site's adapter or a site pack's selectors picked.
// Issue #18: on basic-mobile Facebook the "Like" link of a comment became the comment's URL.

/**
 * Query keys that carry the signed-in user's session or identity on any site: Facebook's `av`
 * (the acting account id), `eav`, `fb_dtsg`, `jazoest`, `gfid`, `ctoken`, `__user`, and the
 * generic token names. A URL holding one was copied from a form or an action link.
 */
const SESSION_KEYS = new Set([
  'av',
  'eav',
  'paipv',
  'fb_dtsg',
  'fb_dtsg_ag',
  'jazoest',
  'gfid',
  'ctoken',
  '__user',
  '__a',
  '__req',
  'lsd',
  'xs',
  'c_user',
  'access_token',
  'oauth_token',
  'csrf',
  'csrf_token',
  'csrftoken',
  'authenticity_token',
  'session',
  'session_id',
  'sessionid',
  'sid',
  'token',
]);

/** Query keys that name an action to perform (like, react, reply, delete, report). */
const ACTION_KEYS = new Set([
  'like_comment_id',
  'unlike_comment_id',
  'like_comment_owner_id',
  'reaction_type',
  'reaction_id',
  'ft_ent_identifier',
  'action',
  'action_type',
  'delete_comment_id',
  'hide_comment_id',
  'report_comment_id',
]);

/**
 * Path shapes of action endpoints: Facebook basic's `/a/…` (like.php, comment.php), the reaction
 * picker, `/ufi/`, "more" direct actions (`/nfx/`, report), the reply form, sharer and dialogs;
 * X's `/intent/…`; anything under `/logout`, `/login`, `/report`.
 */
const ACTION_PATH =
  /^\/(?:a\/|ufi\/|reactions\/|nfx\/|comment\/replies|comment\/edit|editcomment|delete|report|sharer|share\.php|dialog\/|intent\/|logout|login|i\/flow\/|checkpoint)/i;

/**
 * The query keys of `url` (decoded as a browser would), without parsing the address twice. With
 * forEach: in Firefox's content-script sandbox the searchParams iterators are not iterable.
 */
function queryKeys(url: URL): string[] {
  const keys: string[] = [];
  url.searchParams.forEach((_value, key) => keys.push(key.toLowerCase()));
  return keys;
}

/** Why `href` may never be a post URL (session or action), or undefined when it may. */
export function unsafePostUrlReason(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not a web URL';
  if (url.username || url.password) return 'credentials in the URL';
  if (ACTION_PATH.test(url.pathname)) return `action path ${url.pathname}`;
  for (const key of queryKeys(url)) {
    if (SESSION_KEYS.has(key)) return `session parameter ${key}`;
    if (ACTION_KEYS.has(key)) return `action parameter ${key}`;
  }
  return undefined;
}

/** `href` when it may be a post URL, else undefined (session or action link). */
export function safePostUrl(href: string | undefined): string | undefined {
  return href !== undefined && unsafePostUrlReason(href) === undefined ? href : undefined;
}

/**
 * `adapter` with every snapshot's URL checked by `safePostUrl`: an unsafe URL is dropped (the
 * post is kept, without a link), so no selector, site pack or parsing slip can put a session or
 * action link into a post.
 */
export function guardPostUrls(adapter: SiteAdapter): SiteAdapter {
  const readPost: SiteAdapter['readPost'] = (container, now) => {
    const result = adapter.readPost(container, now);
    if (result.ok === true && result.snapshot.url !== undefined && !safePostUrl(result.snapshot.url)) {
      const snapshot = { ...result.snapshot };
      delete snapshot.url;
      return { ok: true, snapshot };
    }
    return result;
  };
  return { ...adapter, readPost };
}
