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

  const postSelector = table.post.join(', ');

  /** An Article reader's words: its title, then its body, without the tweets embedded in it. */
  const articleTextOf = (view: Element): string => {
    const parts = [sel.first(view, 'articleTitle'), sel.first(view, 'articleBody')]
      .filter((el): el is Element => el !== null && el.closest(postSelector) === view.closest(postSelector))
      .map((el) => readText(el, { whitespace: 'normal', skip: postSelector }));
    return parts.filter(Boolean).join('\n\n');
  };

  /** The Article reader that belongs to a tweet article (its own, not an embedded tweet's). */
  const articleViewOf = (article: Element): Element | undefined =>
    sel.all(article, 'articleView').find((v) => v.parentElement?.closest(postSelector) === article);

  /** A reader on an Article's own page, outside any tweet: the Article as one post. */
  const readArticleView = (view: Element, now: Date): ReadResult => {
    const doc = view.ownerDocument;
    const outsideTweets = (el: Element) => el.closest(postSelector) === null;
    const block = sel.ordered(view, 'author').find(outsideTweets);
    const page = pageUrl(doc);
    const fromPage = /^\/([^/]+)\/article\/(\d+)/.exec(page?.pathname ?? '');
    const author =
      (block && readAuthorBlock(block)) ??
      (fromPage?.[1] && HANDLE_RE.test(fromPage[1]) ? makeAuthor(fromPage[1]) : undefined);
    if (!author) return { ok: false, drift: [block ? 'author.handle' : 'author'] };
    const timeEl = sel.ordered(view, 'time').find(outsideTweets);
    const status = xStatusFromHref(timeEl?.closest('a[href*="/status/"]')?.getAttribute('href'));
    const id = status?.id ?? fromPage?.[2];
    const url = status
      ? absoluteUrl(`/${status.handle}/status/${status.id}`, doc, ORIGIN)
      : fromPage
        ? absoluteUrl(`/${fromPage[1]}/article/${fromPage[2]}`, doc, ORIGIN)
        : undefined;
    const text = articleTextOf(view);
    const partial = [...(id ? [] : ['permalink']), ...(text ? [] : ['articleBody'])];
    const snapshot: PostSnapshot = compact({
      site: 'x' as const,
      kind: 'post' as const,
      postId: id,
      url,
      author,
      text,
      publishedAt: toIso(timeEl?.getAttribute('datetime')),
      capturedAt: now.toISOString(),
    });
    return partial.length > 0 ? { ok: true, snapshot, partial } : { ok: true, snapshot };
  };

  return guardPostUrls({
    site: 'x',

    findPosts(root: ParentNode): Element[] {
      const tweets = selfAndBelow(root, sel, 'post').filter((el) => !isExcluded(el));
      // An Article's own page: its reader outside any tweet is a post of its own (issue #18).
      const views = selfAndBelow(root, sel, 'articleView').filter(
        (v) => !isExcluded(v) && v.closest(postSelector) === null,
      );
      if (views.length === 0) return tweets;
      return [...views, ...tweets].sort((a, b) => (a === b ? 0 : precedes(a, b) ? -1 : 1));
    },

    readPost(article: Element, now = new Date()): ReadResult {
      if (sel.matches(article, 'articleView') && !sel.matches(article, 'post'))
        return readArticleView(article, now);
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

      // A tweet that is an Article: its reader's title and body are its text, not an embedded tweet's.
      const view = articleViewOf(article);
      const textEl = view ? undefined : firstOutside(article, 'text', card);
      // Image-only, link-card-only and bare quote tweets have no text element of their own.
      const textless =
        !textEl &&
        (view !== undefined || card !== undefined || firstOutside(article, 'media', card) !== undefined);
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

      // Issue #17, attack 7: the permalink is the page's to write. One naming another account than
      // the author is not this post's (a spoof, or drift): its id and URL are dropped, and it counts.
      const ownLink = status.handle.toLowerCase() === author.handle.toLowerCase();
      const snapshot: PostSnapshot = compact({
        site: 'x' as const,
        kind,
        postId: ownLink ? status.id : undefined,
        url: ownLink ? absoluteUrl(`/${status.handle}/status/${status.id}`, doc, ORIGIN) : undefined,
        author,
        text: view ? articleTextOf(view) : textEl ? readText(textEl, { whitespace: 'pre' }) : '',
        publishedAt: toIso(timeEl?.getAttribute('datetime')),
        context: Object.keys(context).length > 0 ? context : undefined,
        capturedAt: now.toISOString(),
      });
      return ownLink ? { ok: true, snapshot } : { ok: true, snapshot, partial: ['permalink.author'] };
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
