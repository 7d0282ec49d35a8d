import {
  absoluteUrl,
  compact,
  makeAuthor,
  nonEmpty,
  pageUrl,
  precedes,
  readText,
  Selectors,
  type SelectorTable,
  selfAndBelow,
  toIso,
} from './dom';
import { X_SELECTORS, type XSelectorName } from './selectors/x';
import { guardPostUrls } from './permalink';
import type { Author, PostKind, PostSnapshot } from './snapshot';
import type { ProfileInfo, ReadResult, SiteAdapter } from './types';

const ORIGIN = 'https://x.com';

// First path segments that are X's own pages, never a user's profile.
const RESERVED_PATHS = new Set([
  'i',
  'home',
  'explore',
  'search',
  'notifications',
  'messages',
  'settings',
  'compose',
  'hashtag',
  'intent',
  'login',
  'logout',
  'signup',
  'tos',
  'privacy',
  'jobs',
  'communities',
  'lists',
]);

const HANDLE_RE = /^[A-Za-z0-9_]{1,50}$/;
const STATUS_PATH_RE = /^\/([^/]+)\/status\/(\d+)/;

/**
 * The path of a link: X's own links are site-relative (`/budi_asn`), read as they are; anything
 * else goes through the URL parser. Undefined when it does not parse.
 */
function pathOf(href: string): string | undefined {
  if (href.startsWith('/') && !href.startsWith('//') && !/[?#%\\]/.test(href)) return href;
  try {
    return new URL(href, ORIGIN).pathname;
  } catch {
    return undefined;
  }
}

/** The handle in a profile link (`/budi_asn`, `https://x.com/budi_asn`), or undefined. */
export function xHandleFromHref(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  const path = pathOf(href);
  if (path === undefined) return undefined;
  const segments = path.split('/').filter(Boolean);
  const first = segments[0];
  if (segments.length !== 1 || !first || RESERVED_PATHS.has(first.toLowerCase())) return undefined;
  return HANDLE_RE.test(first) ? first : undefined;
}

/** The status id and author handle in a tweet permalink, or undefined. */
export function xStatusFromHref(href: string | null | undefined): { handle: string; id: string } | undefined {
  if (!href) return undefined;
  const path = pathOf(href);
  const match = path === undefined ? null : STATUS_PATH_RE.exec(path);
  return match?.[1] && match[2] ? { handle: match[1], id: match[2] } : undefined;
}

/**
 * Whether a page address can be a profile (`/budi_asn`, `/budi_asn/with_replies`): its first
 * segment is a handle, not one of X's own pages, and it is not a post.
 */
function isProfilePath(pathname: string | undefined): boolean {
  const [first, second] = (pathname ?? '').split('/').filter(Boolean);
  return (
    first !== undefined &&
    HANDLE_RE.test(first) &&
    !RESERVED_PATHS.has(first.toLowerCase()) &&
    second !== 'status'
  );
}

/** The `@handle` label inside an author block (quote cards carry no profile link). */
function atHandleIn(block: Element): string | undefined {
  for (const span of Array.from(block.querySelectorAll('span'))) {
    const text = span.textContent?.trim() ?? '';
    if (text.startsWith('@') && HANDLE_RE.test(text.slice(1))) return text.slice(1);
  }
  return undefined;
}

/** Display name: the first direction-tagged element of the author block (emoji kept). */
function displayNameIn(block: Element): string | undefined {
  const nameEl = block.querySelector('[dir]');
  return nameEl ? nonEmpty(readText(nameEl)) : undefined;
}

/** The handle of an author block: its profile link, else its `@handle` label. */
function handleInAuthorBlock(block: Element): string | undefined {
  for (const link of Array.from(block.querySelectorAll('a[href]'))) {
    const handle = xHandleFromHref(link.getAttribute('href'));
    if (handle) return handle;
  }
  return atHandleIn(block);
}

function readAuthorBlock(block: Element): Author | undefined {
  const handle = handleInAuthorBlock(block);
  return handle ? makeAuthor(handle, undefined, displayNameIn(block)) : undefined;
}

/** An X adapter over a selector table (defaults: `X_SELECTORS`; a site pack may replace names). */
export function createXAdapter(table: SelectorTable<XSelectorName> = X_SELECTORS): SiteAdapter {
  const sel = new Selectors(table);

  const quoteCardOf = (article: Element): Element | undefined =>
    sel.all(article, 'quoteCard').find((card) => sel.first(card, 'author') !== null);

  const firstOutside = (article: Element, name: XSelectorName, card: Element | undefined) =>
    sel.ordered(article, name).find((el) => !card?.contains(el));

  const authorBlockOf = (article: Element): Element | undefined =>
    firstOutside(article, 'author', quoteCardOf(article));

  const isExcluded = (el: Element): boolean => sel.closest(el, 'excluded') !== null;

  /** On a status page, the focal tweet if `article` is one of the replies below it. */
  const focalAbove = (article: Element): { id: string; author: Author } | undefined => {
    const doc = article.ownerDocument;
    const status = xStatusFromHref(pageUrl(doc)?.pathname);
    if (!status) return undefined;
    for (const time of Array.from(doc.querySelectorAll(`a[href$="/status/${status.id}"] time`))) {
      const focal = sel.closest(time, 'post');
      if (!focal || focal === article || isExcluded(focal) || !precedes(focal, article)) continue;
      // Tweets under a later section heading ("Discover more") are recommendations, not replies.
      const headings = sel.all(doc, 'sectionHeading');
      if (headings.some((h) => precedes(focal, h) && precedes(h, article))) return undefined;
      const block = authorBlockOf(focal);
      const author = (block && readAuthorBlock(block)) ?? makeAuthor(status.handle);
      return { id: status.id, author };
    }
    return undefined;
  };

  /** "Replying to @x" links: profile links between the author row and the text, outside both. */
  const replyTarget = (article: Element, block: Element, card: Element | undefined, textEl?: Element) => {
    for (const link of Array.from(article.querySelectorAll('a[href^="/"]'))) {
      if (block.contains(link) || card?.contains(link) || textEl?.contains(link)) continue;
      if (!precedes(block, link) || (textEl && !precedes(link, textEl))) continue;
      const label = link.textContent?.trim() ?? '';
      const handle = xHandleFromHref(link.getAttribute('href'));
      if (handle && label.toLowerCase() === `@${handle.toLowerCase()}`) return handle;
    }
    return undefined;
  };

  return guardPostUrls({
    site: 'x',

    findPosts(root: ParentNode): Element[] {
      return selfAndBelow(root, sel, 'post').filter((el) => !isExcluded(el));
    },

    readPost(article: Element, now = new Date()): ReadResult {
      if (article.parentElement && sel.closest(article.parentElement, 'promoted')) {
        return { ok: 'skip', reason: 'promoted' };
      }
      if (isExcluded(article)) return { ok: 'skip', reason: 'outside the timeline (messages, hover card)' };

      const drift: string[] = [];
      const card = quoteCardOf(article);
      const block = firstOutside(article, 'author', card);
      const author = block ? readAuthorBlock(block) : undefined;
      if (!block) drift.push('author');
      else if (!author) drift.push('author.handle');

      const textEl = firstOutside(article, 'text', card);
      // Image-only, link-card-only and bare quote tweets have no text element of their own.
      const textless = !textEl && (card !== undefined || firstOutside(article, 'media', card) !== undefined);
      if (!textEl && !textless) drift.push('text');

      const timeEl = firstOutside(article, 'time', card);
      const link = timeEl?.closest('a[href*="/status/"]');
      const status = xStatusFromHref(link?.getAttribute('href'));
      if (!status) drift.push('permalink');

      if (drift.length > 0 || !author || !status || !link) return { ok: false, drift };

      const doc = article.ownerDocument;
      const context: NonNullable<PostSnapshot['context']> = {};
      let kind: PostKind = 'post';

      const social = firstOutside(article, 'socialContext', card);
      const reposter = social
        ? xHandleFromHref(
            (social.closest('a[href]') ?? social.querySelector('a[href]'))?.getAttribute('href'),
          )
        : undefined;
      if (reposter) {
        kind = 'repost';
        context.repostedBy = makeAuthor(reposter);
      }

      if (card) {
        const quotedBlock = sel.first(card, 'author');
        const quoted = quotedBlock ? readAuthorBlock(quotedBlock) : undefined;
        if (quoted) context.quotedAuthor = quoted;
        if (kind === 'post') kind = 'quote';
      }

      const focal = focalAbove(article);
      if (focal) {
        context.inReplyTo = focal.id;
        context.parentAuthor = focal.author;
        if (kind !== 'repost') kind = 'comment';
      } else if (block) {
        const target = replyTarget(article, block, card, textEl);
        if (target) {
          context.parentAuthor = makeAuthor(target);
          if (kind !== 'repost') kind = 'comment';
        }
      }

      const snapshot: PostSnapshot = compact({
        site: 'x' as const,
        kind,
        postId: status.id,
        url: absoluteUrl(`/${status.handle}/status/${status.id}`, doc, ORIGIN),
        author,
        text: textEl ? readText(textEl, { whitespace: 'pre' }) : '',
        publishedAt: toIso(timeEl?.getAttribute('datetime')),
        context: Object.keys(context).length > 0 ? context : undefined,
        capturedAt: now.toISOString(),
      });
      return { ok: true, snapshot };
    },

    readActors(article: Element): string[] | undefined {
      if (article.parentElement && sel.closest(article.parentElement, 'promoted')) return undefined;
      if (isExcluded(article)) return undefined;
      // The author's block comes before any quoted tweet's, so the first one is the author's.
      const block = sel.first(article, 'author');
      const author = block ? handleInAuthorBlock(block) : undefined;
      if (!author) return undefined;
      const social = sel.first(article, 'socialContext');
      if (!social) return [author];
      const reposter = xHandleFromHref(
        (social.closest('a[href]') ?? social.querySelector('a[href]'))?.getAttribute('href'),
      );
      return reposter ? [author, reposter] : [author];
    },

    markerAnchor(article: Element): Element {
      return authorBlockOf(article) ?? article;
    },

    readProfile(doc: Document): ProfileInfo | undefined {
      // Looking for the header searches the whole document: only where a profile can be.
      const here = pageUrl(doc);
      if (here && !isProfilePath(here.pathname)) return undefined;
      const nameEl = sel.first(doc, 'profileName');
      if (!nameEl) return undefined;
      const handle = atHandleIn(nameEl) ?? xHandleFromHref(pageUrl(doc)?.pathname);
      if (!handle) return undefined;
      const bioEl = sel.first(doc, 'profileBio');
      const links = new Set<string>();
      for (const container of [sel.first(doc, 'profileUrl'), bioEl]) {
        if (!container) continue;
        const anchors = container.matches('a[href]')
          ? [container]
          : Array.from(container.querySelectorAll('a[href]'));
        for (const a of anchors) {
          const url = absoluteUrl(a.getAttribute('href'), doc, ORIGIN);
          if (url) links.add(url);
        }
      }
      return compact({
        site: 'x' as const,
        handle,
        displayName: displayNameIn(nameEl),
        bio: bioEl ? nonEmpty(readText(bioEl, { whitespace: 'pre' })) : undefined,
        links: [...links],
      });
    },
  });
}

/** The default X adapter. */
export const xAdapter: SiteAdapter = createXAdapter();
