import {
  absoluteUrl,
  compact,
  makeAuthor,
  nonEmpty,
  outermost,
  pageUrl,
  precedes,
  readText,
  Selectors,
  type SelectorTable,
  selfAndBelow,
  toIso,
} from './dom';
import { INSTAGRAM_SELECTORS, type InstagramSelectorName } from './selectors/instagram';
import { guardPostUrls } from './permalink';
import type { Author, PostSnapshot } from './snapshot';
import type { ProfileInfo, ReadResult, SiteAdapter } from './types';

const ORIGIN = 'https://www.instagram.com';

// First path segments that are Instagram's own pages, never a username.
const RESERVED = new Set([
  'p',
  'reel',
  'reels',
  'tv',
  'explore',
  'stories',
  'accounts',
  'direct',
  'about',
  'legal',
  'developer',
  'web',
  'challenge',
  'emails',
  'session',
  'ads',
]);

/** The username in an Instagram profile link (`/budi_asn/`), or undefined. */
export function instagramHandleFromHref(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  let url: URL;
  try {
    url = new URL(href, ORIGIN);
  } catch {
    return undefined;
  }
  if (!/(^|\.)instagram\.com$/.test(url.hostname)) return undefined;
  const segments = url.pathname.split('/').filter(Boolean);
  const first = segments[0];
  if (segments.length !== 1 || !first || RESERVED.has(first.toLowerCase())) return undefined;
  return /^[A-Za-z0-9._]{1,30}$/.test(first) ? first : undefined;
}

/** Shortcode and kind of an Instagram post link (`/p/<code>/`, `/reel/<code>/`, `/tv/<code>/`), plus comment ids. */
export function instagramPostFromHref(
  href: string | null | undefined,
): { code: string; path: 'p' | 'reel' | 'tv'; comment?: string; reply?: string } | undefined {
  if (!href) return undefined;
  try {
    const path = new URL(href, ORIGIN).pathname;
    const match = /\/(p|reel|tv)\/([\w-]+)(?:\/c\/(\d+)(?:\/r\/(\d+))?)?/.exec(path);
    if (!match?.[1] || !match[2]) return undefined;
    return compact({
      code: match[2],
      path: match[1] as 'p' | 'reel' | 'tv',
      comment: match[3],
      reply: match[4],
    });
  } catch {
    return undefined;
  }
}

/** An Instagram adapter over a selector table (defaults: `INSTAGRAM_SELECTORS`). */
export function createInstagramAdapter(
  table: SelectorTable<InstagramSelectorName> = INSTAGRAM_SELECTORS,
): SiteAdapter {
  const sel = new Selectors(table);
  const textSkip = table.textSkip.join(', ');

  const profileLinks = (root: Element, name: InstagramSelectorName, keep: (el: Element) => boolean) =>
    sel
      .ordered(root, name)
      .filter(keep)
      .filter((a) => nonEmpty(a.textContent))
      .map((a) => ({ link: a, handle: instagramHandleFromHref(a.getAttribute('href')) }));

  /** A comment candidate is a list item in a post with a named profile link and no caption heading. */
  const isComment = (li: Element): boolean =>
    sel.matches(li, 'comment') &&
    sel.closest(li, 'post') !== null &&
    li.querySelector('h1') === null &&
    profileLinks(li, 'commentAuthor', () => true).some((a) => a.handle);

  const commentsIn = (root: ParentNode) => selfAndBelow(root, sel, 'comment').filter(isComment);

  const ownOf = (container: Element) => {
    const nested = commentsIn(container).filter((c) => c !== container);
    return (el: Element) => !nested.some((c) => c.contains(el));
  };

  /**
   * The feed caption: the text span nearest after the author's byline link below the media.
   * Layouts differ in how deep the link sits (2023: two levels under the caption block; 2025:
   * four), so the walk climbs from the link until a level holds a caption span after it, and
   * never into the block that holds the post's time (the top row: name, time, location).
   */
  const feedCaptionOf = (
    post: Element,
    byline: Element,
    time: Element | undefined,
    keep: (el: Element) => boolean,
  ) => {
    for (let block = byline.parentElement; block && block !== post; block = block.parentElement) {
      if (time && block.contains(time)) return undefined;
      const found = sel
        .ordered(block, 'captionText')
        .find(
          (s) =>
            keep(s) &&
            !s.contains(byline) &&
            !byline.contains(s) &&
            precedes(byline, s) &&
            s.closest('a[href]') === null &&
            nonEmpty(s.textContent) !== undefined,
        );
      if (found) return found;
    }
    return undefined;
  };

  /** The post's shortcode: its time link, else any link of the post to it (media, "all comments"). */
  const postRefOf = (post: Element, time: Element | undefined, keep: (el: Element) => boolean) => {
    const fromTime = instagramPostFromHref(time?.closest('a[href]')?.getAttribute('href'));
    if (fromTime) return fromTime;
    for (const a of sel.ordered(post, 'postLink')) {
      if (!keep(a)) continue;
      const ref = instagramPostFromHref(a.getAttribute('href'));
      if (ref && !ref.comment) return ref;
    }
    return undefined;
  };

  const readPostContainer = (post: Element, now: Date): ReadResult => {
    const doc = post.ownerDocument;
    const keep = ownOf(post);
    const authors = profileLinks(post, 'author', keep);
    const time = sel.ordered(post, 'time').filter(keep)[0];
    // Ads show "Sponsored" where the time goes and link out through Instagram's redirector.
    if (!time && sel.ordered(post, 'adLink').length > 0) return { ok: 'skip', reason: 'sponsored' };
    const ref = postRefOf(post, time, keep);

    const author = authors.find((a) => a.handle);
    if (authors.length === 0) return { ok: false, drift: ['author'] };
    if (!author?.handle) return { ok: false, drift: ['author.handle'] };

    // Kept with what is known (issue #18): a caption or a time that is not found is drift, the post stays.
    const partial: string[] = [];
    let text = '';
    const heading = sel.ordered(post, 'captionHeading').filter(keep)[0];
    if (heading) {
      text = readText(heading, { whitespace: 'pre', skip: textSkip });
    } else {
      // Feed caption: the author's name again below the media (2025: no <header>, so the first
      // name link is the top row's and the byline is a later one, after the time), then the text.
      const named = authors.filter((a) => a.handle === author.handle && a.link.closest('header') === null);
      const byline =
        named.find((a) => a !== author && (!time || precedes(time, a.link))) ??
        named.find((a) => a !== author && a.link.closest('header') === null && author.link.closest('header'));
      const caption = byline ? feedCaptionOf(post, byline.link, time, keep) : undefined;
      if (caption) text = readText(caption, { whitespace: 'pre', skip: textSkip });
      // A reel or photo may have no caption at all: drift only where a byline promised one.
      else if (byline) partial.push('captionText');
    }
    if (!ref) {
      // Neither id nor words: nothing to key the post by, and nothing to judge.
      if (!text) return { ok: false, drift: ['time'] };
      partial.push('time');
    }

    const snapshot: PostSnapshot = compact({
      site: 'instagram' as const,
      kind: 'post' as const,
      postId: ref?.code,
      url: ref ? absoluteUrl(`/${ref.path}/${ref.code}/`, doc, ORIGIN) : undefined,
      author: makeAuthor(author.handle),
      text,
      publishedAt: toIso(time?.getAttribute('datetime')),
      capturedAt: now.toISOString(),
    });
    return partial.length > 0 ? { ok: true, snapshot, partial } : { ok: true, snapshot };
  };

  const commentAuthorOf = (li: Element): Author | undefined => {
    const found = profileLinks(li, 'commentAuthor', ownOf(li)).find((a) => a.handle);
    return found?.handle ? makeAuthor(found.handle) : undefined;
  };

  const commentRefOf = (li: Element) => {
    const time = sel.ordered(li, 'commentTime').filter(ownOf(li))[0];
    return { time, ref: instagramPostFromHref(time?.closest('a[href]')?.getAttribute('href')) };
  };

  const readComment = (li: Element, now: Date): ReadResult => {
    const doc = li.ownerDocument;
    const keep = ownOf(li);
    const author = commentAuthorOf(li);
    const authorLink = profileLinks(li, 'commentAuthor', keep)[0]?.link;
    const textEl = sel
      .ordered(li, 'commentText')
      .filter(keep)
      .find((s) => !authorLink || (!s.contains(authorLink) && !authorLink.contains(s)));
    const { time, ref } = commentRefOf(li);
    const drift = [...(author ? [] : ['commentAuthor']), ...(textEl ? [] : ['commentText'])];
    if (!author || !textEl) return { ok: false, drift };

    const context: NonNullable<PostSnapshot['context']> = {};
    const parentLi = li.parentElement?.closest('li');
    const post = sel.closest(li, 'post');
    if (parentLi && isComment(parentLi)) {
      const parentAuthor = commentAuthorOf(parentLi);
      if (parentAuthor) context.parentAuthor = parentAuthor;
      const parentRef = commentRefOf(parentLi).ref;
      if (parentRef?.comment) context.inReplyTo = parentRef.reply ?? parentRef.comment;
    } else if (post) {
      const read = readPostContainer(post, now);
      if (read.ok === true) {
        context.parentAuthor = read.snapshot.author;
        if (read.snapshot.postId) context.inReplyTo = read.snapshot.postId;
      }
    }

    const snapshot: PostSnapshot = compact({
      site: 'instagram' as const,
      kind: 'comment' as const,
      postId: ref?.reply ?? ref?.comment,
      url: ref ? absoluteUrl(time?.closest('a[href]')?.getAttribute('href'), doc, ORIGIN) : undefined,
      author,
      text: readText(textEl, { whitespace: 'pre', skip: textSkip }),
      publishedAt: toIso(time?.getAttribute('datetime')),
      context: Object.keys(context).length > 0 ? context : undefined,
      capturedAt: now.toISOString(),
    });
    return { ok: true, snapshot };
  };

  return guardPostUrls({
    site: 'instagram',

    findPosts(root: ParentNode): Element[] {
      const posts = outermost(selfAndBelow(root, sel, 'post'));
      return [...new Set([...posts, ...commentsIn(root)])];
    },

    readPost(container: Element, now = new Date()): ReadResult {
      return sel.matches(container, 'post') ? readPostContainer(container, now) : readComment(container, now);
    },

    readActors(container: Element): string[] | undefined {
      const handle = sel.matches(container, 'post')
        ? profileLinks(container, 'author', ownOf(container)).find((a) => a.handle)?.handle
        : commentAuthorOf(container)?.handle;
      return handle ? [handle] : undefined;
    },

    markerAnchor(container: Element): Element {
      if (sel.matches(container, 'post')) {
        const link = profileLinks(container, 'author', ownOf(container)).find((a) => a.handle)?.link;
        return link?.parentElement ?? container;
      }
      const link = profileLinks(container, 'commentAuthor', ownOf(container))[0]?.link;
      return link?.parentElement ?? container;
    },

    readProfile(doc: Document): ProfileInfo | undefined {
      // Only a profile address is worth a search of the whole document for a profile header.
      const fromUrl = instagramHandleFromHref(pageUrl(doc)?.pathname);
      if (!fromUrl) return undefined;
      const header = sel.first(doc, 'profileHeader');
      if (!header) return undefined;
      const handleEl = sel.first(header, 'profileHandle');
      const handle = nonEmpty(handleEl?.textContent)?.replace(/^@/, '') ?? fromUrl;
      const bioEl = sel.first(header, 'profileBio');
      const nameEl = sel.ordered(header, 'profileName').find((s) => s !== handleEl && !bioEl?.contains(s));
      const links = sel
        .ordered(header, 'profileLinks')
        .map((a) => absoluteUrl(a.getAttribute('href'), doc, ORIGIN))
        .filter((u): u is string => u !== undefined);
      return compact({
        site: 'instagram' as const,
        handle,
        displayName: nameEl ? nonEmpty(readText(nameEl)) : undefined,
        bio: bioEl ? nonEmpty(readText(bioEl, { whitespace: 'pre' })) : undefined,
        links: [...new Set(links)],
      });
    },
  });
}

/** The default Instagram adapter. */
export const instagramAdapter: SiteAdapter = createInstagramAdapter();
