import {
  absoluteUrl,
  compact,
  makeAuthor,
  nonEmpty,
  pageUrl,
  readText,
  Selectors,
  type SelectorTable,
  selfAndBelow,
  toIso,
} from './dom';
import { YOUTUBE_SELECTORS, type YoutubeSelectorName } from './selectors/youtube';
import { guardPostUrls } from './permalink';
import type { Author, PostSnapshot } from './snapshot';
import type { ProfileInfo, ReadResult, SiteAdapter } from './types';

const ORIGIN = 'https://www.youtube.com';

/** Author identity in a YouTube channel link: `/@handle`, `/channel/UC…` (id doubles as handle), `/c/…`, `/user/…`. */
export function youtubeAuthorFromHref(
  href: string | null | undefined,
): { handle: string; id?: string } | undefined {
  if (!href) return undefined;
  let segments: string[];
  try {
    segments = new URL(href, ORIGIN).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [first, second] = segments;
  if (first?.startsWith('@') && first.length > 1) return { handle: first.slice(1) };
  if (first === 'channel' && second && /^UC[\w-]{10,}$/.test(second)) return { handle: second, id: second };
  if ((first === 'c' || first === 'user') && second) return { handle: second };
  return undefined;
}

/** The comment id (`lc=`), community post id (`/post/<id>`, `lb=`) or video id (`v=`) in a link. */
export function youtubeIdFromHref(href: string | null | undefined): {
  lc?: string;
  post?: string;
  video?: string;
} {
  if (!href) return {};
  try {
    const url = new URL(href, ORIGIN);
    const post = /^\/post\/([\w-]+)/.exec(url.pathname)?.[1] ?? url.searchParams.get('lb') ?? undefined;
    return compact({
      lc: url.searchParams.get('lc') ?? undefined,
      post,
      video: url.searchParams.get('v') ?? /^\/shorts\/([\w-]+)/.exec(url.pathname)?.[1],
    });
  } catch {
    return {};
  }
}

/** A YouTube adapter over a selector table (defaults: `YOUTUBE_SELECTORS`). */
export function createYoutubeAdapter(
  table: SelectorTable<YoutubeSelectorName> = YOUTUBE_SELECTORS,
): SiteAdapter {
  const sel = new Selectors(table);

  const readAuthor = (container: Element): Author | 'missing' | 'unparsed' => {
    const link = sel.first(container, 'author');
    if (!link) return 'missing';
    const who = youtubeAuthorFromHref(link.getAttribute('href'));
    if (!who) return 'unparsed';
    const label = nonEmpty(readText(link));
    // 2024+ shows "@handle" in the link: the display name is then the avatar's alt text.
    const displayName =
      label && !label.startsWith('@')
        ? label
        : (nonEmpty(sel.first(container, 'authorImage')?.getAttribute('alt')) ?? undefined);
    return makeAuthor(who.handle, who.id, displayName);
  };

  const videoIdOf = (doc: Document): string | undefined => {
    const root = sel.first(doc, 'watchRoot');
    return nonEmpty(root?.getAttribute('video-id')) ?? youtubeIdFromHref(pageUrl(doc)?.href).video;
  };

  const videoOwnerOf = (scope: ParentNode): Author | undefined => {
    const link = sel.first(scope, 'videoOwner');
    const who = youtubeAuthorFromHref(link?.getAttribute('href'));
    return who && link ? makeAuthor(who.handle, who.id, nonEmpty(readText(link))) : undefined;
  };

  const isVideo = (el: Element) => sel.matches(el, 'video');
  const isCommunityPost = (el: Element) => sel.matches(el, 'communityPost');

  const readVideo = (block: Element, now: Date): ReadResult => {
    const doc = block.ownerDocument;
    const drift: string[] = [];
    const owner = videoOwnerOf(block);
    if (!owner) drift.push('videoOwner');
    // The legacy layout keeps the title outside the owner/description block.
    const titleEl = sel.first(block, 'videoTitle') ?? sel.first(doc, 'videoTitle');
    if (!titleEl) drift.push('videoTitle');
    const videoId = videoIdOf(doc);
    if (!videoId) drift.push('videoId');
    if (drift.length > 0 || !owner || !titleEl || !videoId) return { ok: false, drift };
    const descEl = sel.first(block, 'videoDescription');
    const title = readText(titleEl, { whitespace: 'pre' });
    const description = descEl ? readText(descEl, { whitespace: 'pre' }) : '';
    const snapshot: PostSnapshot = compact({
      site: 'youtube' as const,
      kind: 'post' as const,
      postId: videoId,
      url: `${ORIGIN}/watch?v=${encodeURIComponent(videoId)}`,
      author: owner,
      text: description ? `${title}\n\n${description}` : title,
      publishedAt: toIso(sel.first(doc, 'videoDate')?.getAttribute('content')),
      capturedAt: now.toISOString(),
    });
    return { ok: true, snapshot };
  };

  const readComment = (container: Element, now: Date): ReadResult => {
    const doc = container.ownerDocument;
    const drift: string[] = [];
    const author = readAuthor(container);
    if (author === 'missing') drift.push('author');
    if (author === 'unparsed') drift.push('author.handle');
    const textEl = sel.first(container, 'text');
    if (!textEl) drift.push('text');
    const link = sel.first(container, 'permalink');
    const ids = youtubeIdFromHref(link?.getAttribute('href'));
    const community = isCommunityPost(container);
    const postId = community ? ids.post : ids.lc;
    // m.youtube.com comments (unverified layout) do not always link their time: id optional there.
    const mobile = container.tagName.startsWith('YTM-');
    if (!postId && !mobile) drift.push('permalink');
    if (drift.length > 0 || typeof author === 'string' || !textEl) return { ok: false, drift };

    const context: NonNullable<PostSnapshot['context']> = {};
    if (!community) {
      const thread = sel.closest(container, 'thread');
      const repliesBlock = sel.closest(container, 'replies');
      const top = thread ? sel.first(thread, 'comment') : null;
      if (repliesBlock && top && top !== container && !repliesBlock.contains(top)) {
        const parent = readAuthor(top);
        if (typeof parent !== 'string') context.parentAuthor = parent;
        const parentId = youtubeIdFromHref(sel.first(top, 'permalink')?.getAttribute('href')).lc;
        if (parentId) context.inReplyTo = parentId;
      } else {
        const owner = videoOwnerOf(doc);
        if (owner) context.parentAuthor = owner;
        const videoId = ids.video ?? videoIdOf(doc);
        if (videoId) context.inReplyTo = videoId;
      }
    }

    const snapshot: PostSnapshot = compact({
      site: 'youtube' as const,
      kind: community ? ('post' as const) : ('comment' as const),
      postId,
      url: absoluteUrl(link?.getAttribute('href'), doc, ORIGIN),
      author,
      text: readText(textEl, { whitespace: 'pre' }),
      context: Object.keys(context).length > 0 ? context : undefined,
      capturedAt: now.toISOString(),
    });
    return { ok: true, snapshot };
  };

  return guardPostUrls({
    site: 'youtube',

    findPosts(root: ParentNode): Element[] {
      const found = [
        ...selfAndBelow(root, sel, 'video'),
        ...selfAndBelow(root, sel, 'communityPost'),
        ...selfAndBelow(root, sel, 'comment'),
      ];
      return [...new Set(found)];
    },

    readPost(container: Element, now = new Date()): ReadResult {
      // Polymer stamps elements before binding data: an empty shell is not drift yet.
      if (container.children.length === 0 && !container.textContent?.trim()) {
        return { ok: 'skip', reason: 'not rendered yet' };
      }
      return isVideo(container) ? readVideo(container, now) : readComment(container, now);
    },

    readActors(container: Element): string[] | undefined {
      // The author link `readPost` reads, without its display name. Community posts and comments
      // have no reposts; an unrendered shell (skipped by `readPost`) has no link: undefined.
      const link = sel.first(container, isVideo(container) ? 'videoOwner' : 'author');
      const who = youtubeAuthorFromHref(link?.getAttribute('href'));
      return who ? [who.handle] : undefined;
    },

    markerAnchor(container: Element): Element {
      const name: YoutubeSelectorName = isVideo(container) ? 'videoAnchor' : 'headerAnchor';
      return sel.first(container, name) ?? container;
    },

    readProfile(doc: Document): ProfileInfo | undefined {
      const header = sel.first(doc, 'profileHeader');
      if (!header) return undefined;
      const handleText = sel
        .ordered(header, 'profileHandle')
        .map((el) => /@([\w.-]{3,30})/u.exec(el.textContent ?? '')?.[1])
        .find(Boolean);
      const handle = handleText ?? youtubeAuthorFromHref(pageUrl(doc)?.pathname)?.handle;
      if (!handle) return undefined;
      const nameEl = sel.first(header, 'profileName');
      const bioEl = sel.first(header, 'profileBio');
      const links = new Set<string>();
      for (const a of sel.ordered(header, 'profileLinks')) {
        const url = absoluteUrl(a.getAttribute('href'), doc, ORIGIN);
        if (url) links.add(url);
      }
      return compact({
        site: 'youtube' as const,
        handle,
        displayName: nameEl ? nonEmpty(readText(nameEl)) : undefined,
        bio: bioEl ? nonEmpty(readText(bioEl, { whitespace: 'pre' })) : undefined,
        links: [...links],
      });
    },
  });
}

/** The default YouTube adapter. */
export const youtubeAdapter: SiteAdapter = createYoutubeAdapter();
