import { absoluteUrl } from './dom';
import { safePostUrl } from './permalink';

// Facebook link shapes: whose profile a link names, which post or comment a link is the permalink
// of, and the canonical address to keep for it. Pure functions of an href; the adapter
// (facebook.ts) decides which links of a post to ask about. Shapes seen on www (Comet 2020–25),
// m.facebook.com and the basic mobile site (mbasic, retired 2024; its markup lives on for basic
// browsers), in tests/sites/facebook-url.test.ts with examples that must and must not match.

const ORIGIN = 'https://www.facebook.com';
const FB_HOST = /(^|\.)facebook\.com$/;
const DIGITS = /^\d+$/;

// First path segments that are Facebook's own pages, never a profile or page vanity name.
const RESERVED = new Set([
  'a',
  'ads',
  'bookmarks',
  'comment',
  'dialog',
  'events',
  'friends',
  'gaming',
  'groups',
  'hashtag',
  'help',
  'home.php',
  'l.php',
  'login',
  'login.php',
  'logout.php',
  'marketplace',
  'media',
  'messages',
  'nfx',
  'notifications',
  'pages',
  'permalink.php',
  'photo',
  'photo.php',
  'photos',
  'policies',
  'privacy',
  'reactions',
  'reel',
  'reels',
  'search',
  'settings',
  'share',
  'share.php',
  'sharer',
  'sharer.php',
  'stories',
  'story.php',
  'ufi',
  'video.php',
  'watch',
]);

/** Author identity in a Facebook profile link, or undefined for non-profile links. */
export function facebookAuthorFromHref(
  href: string | null | undefined,
): { readonly handle: string; readonly id?: string } | undefined {
  if (!href || href === '#') return undefined;
  // The same authors' links come back post after post: parse each address once.
  if (authorCache.has(href)) return authorCache.get(href);
  const found = parseAuthorHref(href);
  if (authorCache.size >= AUTHOR_CACHE_SIZE) authorCache.delete(authorCache.keys().next().value!);
  authorCache.set(href, found);
  return found;
}

const AUTHOR_CACHE_SIZE = 1_000;
const authorCache = new Map<string, Readonly<{ handle: string; id?: string }> | undefined>();

function parseFb(href: string): URL | undefined {
  try {
    const url = new URL(href, ORIGIN);
    return FB_HOST.test(url.hostname) ? url : undefined;
  } catch {
    return undefined;
  }
}

function segmentsOf(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

function parseAuthorHref(href: string): Readonly<{ handle: string; id?: string }> | undefined {
  const url = parseFb(href);
  if (!url) return undefined;
  const segments = segmentsOf(url);
  const [first, , third, fourth] = segments;
  if (first === 'profile.php') {
    const id = url.searchParams.get('id');
    return id && DIGITS.test(id) ? { handle: id, id } : undefined;
  }
  if (first === 'people' && third && DIGITS.test(third)) return { handle: third, id: third };
  if (first === 'groups' && third === 'user' && fourth && DIGITS.test(fourth))
    return { handle: fourth, id: fourth };
  if (segments.length !== 1 || !first || RESERVED.has(first.toLowerCase())) return undefined;
  if (!/^[\p{L}\p{N}.\-_]{1,80}$/u.test(first)) return undefined;
  return DIGITS.test(first) ? { handle: first, id: first } : { handle: first };
}

/** Query keys of a permalink worth keeping: which post, photo, video or comment it shows. */
const PERMALINK_KEYS = new Set(['story_fbid', 'id', 'fbid', 'set', 'v', 'comment_id', 'reply_comment_id']);

/** What a post permalink names. */
interface PostLink {
  /** The post (or photo, video, reel) id; undefined for a share shortlink. */
  postId?: string;
}

/**
 * The post a link is the permalink of, or undefined: `/<owner>/posts/<id|pfbid…>`,
 * `/groups/<g>/posts|permalink/<id>`, `permalink.php|story.php?story_fbid=`, `photo.php?fbid=`,
 * `/photo/?fbid=`, `/<owner>/photos/<album>/<id>`, `/<owner>/videos/<id>`, `video.php?v=`,
 * `/watch/?v=`, `/reel/<id>`, `/share/p|v|r/<code>`. Action endpoints (`/a/comment.php`,
 * `/reactions/picker`, `/comment/replies`, `/nfx/…`) are none of these.
 */
function postLinkOf(url: URL): PostLink | undefined {
  const seg = segmentsOf(url);
  const q = url.searchParams;
  const [first, second, third, fourth] = seg;
  if (!first) return undefined;
  const lower = first.toLowerCase();
  if (lower === 'permalink.php' || lower === 'story.php') {
    const id = q.get('story_fbid');
    return id ? { postId: id } : undefined;
  }
  if (lower === 'photo.php' || (lower === 'photo' && seg.length === 1)) {
    const id = q.get('fbid');
    return id && DIGITS.test(id) ? { postId: id } : undefined;
  }
  if (lower === 'video.php' || (lower === 'watch' && seg.length === 1)) {
    const id = q.get('v');
    return id && DIGITS.test(id) ? { postId: id } : undefined;
  }
  if (lower === 'reel' && second && DIGITS.test(second) && seg.length === 2) return { postId: second };
  if (lower === 'share' && second && /^[prv]$/.test(second) && third && seg.length === 3) return {};
  if (lower === 'groups' && second && (third === 'posts' || third === 'permalink') && fourth)
    return /^(?:\d+|pfbid0\w+)$/.test(fourth) ? { postId: fourth } : undefined;
  if (RESERVED.has(lower)) return undefined;
  // `/<owner>/posts/<id>`, `/<owner>/videos/[<title>/]<id>`, `/<owner>/photos/<album>/<id>`.
  if (second === 'posts' && third && seg.length === 3)
    return /^(?:\d+|pfbid0\w+)$/.test(third) ? { postId: third } : undefined;
  if (second === 'videos' && seg.length >= 3 && seg.length <= 4) {
    const id = seg[seg.length - 1]!;
    return DIGITS.test(id) ? { postId: id } : undefined;
  }
  if (second === 'photos' && seg.length === 4 && fourth && DIGITS.test(fourth)) return { postId: fourth };
  return undefined;
}

/** The post id in a Facebook post link (`/posts/<id|pfbid…>`, `story_fbid=`, `/permalink/`, `/videos/`, `fbid=`). */
export function facebookPostIdFromHref(href: string | null | undefined): string | undefined {
  if (!href || href === '#') return undefined;
  const url = parseFb(href);
  if (!url || isFacebookActionLink(url)) return undefined;
  return postLinkOf(url)?.postId;
}

/**
 * A Comet comment id as the page writes it: digits, or base64 of `comment:<post>_<comment>`
 * (decoded to the comment's digits).
 */
function commentIdValue(raw: string | null): string | undefined {
  if (!raw) return undefined;
  if (DIGITS.test(raw)) return raw;
  try {
    const decoded = atob(raw.replace(/-/g, '+').replace(/_/g, '/'));
    const match = /^comment:\d+_(\d+)$/.exec(decoded);
    if (match) return match[1];
  } catch {
    // Not base64: the id as written, if it looks like one.
  }
  return /^[\w-]{1,100}$/.test(raw) ? raw : undefined;
}

/**
 * Whether a link performs an action (like, react, reply, report, share) or carries the
 * monitor's session: such a link is never a permalink, whatever its query also names.
 */
export function isFacebookActionLink(href: string | URL): boolean {
  const url = typeof href === 'string' ? parseFb(href) : href;
  if (!url) return false;
  const check = new URL(url.href);
  // Session keys alone (av=, eav=) do not make an action: a permalink copied with them is
  // cleaned. An action path or key does.
  for (const key of SESSION_ONLY) check.searchParams.delete(key);
  return safePostUrl(check.href) === undefined;
}

/** Session keys Facebook appends to ordinary links of a signed-in page; stripped, not refused. */
const SESSION_ONLY = ['av', 'eav', 'paipv', 'gfid'];

/**
 * The canonical address of a post or comment permalink: only known permalink shapes, only the
 * query keys that say which post/comment (`story_fbid`, `id`, `fbid`, `set`, `v`, `comment_id`,
 * `reply_comment_id`), so tracking (`_ft_`, `__cft__`, `__tn__`, `refid`, `fbclid`, …) and
 * session parameters (`av`, `eav`, …) are gone. Undefined for anything else, action links first.
 */
export function facebookPermalink(
  href: string | null | undefined,
  doc: Document | null = null,
): { url: string; postId?: string; commentId?: string; replyId?: string } | undefined {
  const abs = absoluteUrl(href, doc, ORIGIN);
  const url = abs ? parseFb(abs) : undefined;
  if (!url || isFacebookActionLink(url)) return undefined;
  const post = postLinkOf(url);
  if (!post) return undefined;
  const kept = new URLSearchParams();
  // forEach: Firefox's content-script sandbox cannot iterate searchParams with for…of.
  url.searchParams.forEach((value, key) => {
    if (PERMALINK_KEYS.has(key) && value) kept.append(key, value);
  });
  const clean = new URL(url.origin + url.pathname);
  const query = kept.toString();
  const canonical = `${clean.href}${query ? `?${query}` : ''}`;
  const safe = safePostUrl(canonical);
  if (!safe) return undefined;
  const commentId = commentIdValue(url.searchParams.get('comment_id'));
  const replyId = commentIdValue(url.searchParams.get('reply_comment_id'));
  const out: { url: string; postId?: string; commentId?: string; replyId?: string } = { url: safe };
  if (post.postId) out.postId = post.postId;
  if (commentId) out.commentId = commentId;
  if (replyId) out.replyId = replyId;
  return out;
}

/** A post's permalink (a comment link's post part: its comment keys dropped), or undefined. */
export function facebookPostPermalink(
  href: string | null | undefined,
  doc: Document | null = null,
): { url: string; postId?: string } | undefined {
  const link = facebookPermalink(href, doc);
  if (!link) return undefined;
  if (!link.commentId && !link.replyId)
    return link.postId ? { url: link.url, postId: link.postId } : { url: link.url };
  const url = new URL(link.url);
  url.searchParams.delete('comment_id');
  url.searchParams.delete('reply_comment_id');
  const out: { url: string; postId?: string } = { url: url.href };
  if (link.postId) out.postId = link.postId;
  return out;
}

/**
 * A comment's own permalink: a post permalink carrying `comment_id=` (and a reply's
 * `reply_comment_id=`). Never the "Like" link (`/a/comment.php?like_comment_id=…&av=…`), the
 * reply form, the reaction picker or a profile link that Comet tags with the comment's id.
 */
export function facebookCommentPermalink(
  href: string | null | undefined,
  doc: Document | null = null,
): { url: string; commentId: string; replyId?: string; postId?: string } | undefined {
  const link = facebookPermalink(href, doc);
  if (!link?.commentId) return undefined;
  return { ...link, commentId: link.commentId };
}

/**
 * The comment id a link names, even where the link is no permalink (Comet adds `comment_id=` to
 * the commenter's profile link): its `reply_comment_id` or `comment_id`. Never from action links.
 */
export function facebookCommentIdFromHref(href: string | null | undefined): string | undefined {
  if (!href || href === '#') return undefined;
  const url = parseFb(href);
  if (!url || isFacebookActionLink(url)) return undefined;
  return (
    commentIdValue(url.searchParams.get('reply_comment_id')) ??
    commentIdValue(url.searchParams.get('comment_id'))
  );
}

/** Query keys Facebook adds to links for tracking (`__cft__[0]`, `__tn__`, `_ft_`, `ref`, …). */
const TRACKING_KEYS = new Set([
  '_ft_',
  'ref',
  'refid',
  'rc',
  'fref',
  'fbclid',
  'mibextid',
  'hc_ref',
  'hc_location',
  'acontext',
  'notif_id',
  'notif_t',
  'sfnsn',
  'rdid',
  'share_url',
  'paipv',
  'av',
  'eav',
  'gfid',
  'ctoken',
  'ft_ent_identifier',
]);
const isTrackingKey = (key: string): boolean => key.startsWith('__') || TRACKING_KEYS.has(key);

/**
 * A Facebook link without its tracking and session parameters (`__cft__`, `__tn__`, `_ft_`,
 * `av`, …). The address is parsed once (to resolve it); the query is then filtered as text, so
 * the parameters kept are exactly as the page wrote them. For profile and other links; a post's
 * or comment's own URL comes from `facebookPermalink` (known shapes only).
 */
export function cleanFacebookUrl(href: string | null | undefined, doc: Document | null): string | undefined {
  const abs = absoluteUrl(href, doc, ORIGIN);
  if (!abs) return undefined;
  const hashAt = abs.indexOf('#');
  const end = hashAt < 0 ? abs.length : hashAt;
  const q = abs.indexOf('?');
  if (q < 0 || q > end) return abs;
  const pairs = abs.slice(q + 1, end).split('&');
  const kept = pairs.filter((pair) => {
    if (!pair) return false;
    const eq = pair.indexOf('=');
    const raw = eq < 0 ? pair : pair.slice(0, eq);
    let key = raw;
    try {
      key = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      // A malformed escape: the key as written.
    }
    return !isTrackingKey(key);
  });
  if (kept.length === pairs.length) return abs;
  return `${abs.slice(0, q)}${kept.length > 0 ? `?${kept.join('&')}` : ''}${abs.slice(end)}`;
}
