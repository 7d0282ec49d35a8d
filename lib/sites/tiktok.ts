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
} from './dom';
import { TIKTOK_SELECTORS, type TiktokSelectorName } from './selectors/tiktok';
import { guardPostUrls } from './permalink';
import type { Author, PostSnapshot } from './snapshot';
import type { ProfileInfo, ReadResult, SiteAdapter } from './types';

const ORIGIN = 'https://www.tiktok.com';

/** The handle in a TikTok profile link (`/@budi_asn`, `/@budi_asn/video/1`), or undefined. */
export function tiktokHandleFromHref(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const first = new URL(href, ORIGIN).pathname.split('/').filter(Boolean)[0];
    return first?.startsWith('@') && first.length > 1 ? decodeURIComponent(first.slice(1)) : undefined;
  } catch {
    return undefined;
  }
}

/** The video (or photo post) id in a TikTok URL or a player id (`xgwrapper-4-<id>`). */
export function tiktokVideoId(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  return /\/(?:video|photo)\/(\d{8,})/.exec(value)?.[1] ?? /^xgwrapper-\d+-(\d{8,})$/.exec(value)?.[1];
}

/**
 * Creation time of a TikTok object from its id: video and comment ids are snowflakes whose top
 * 32 bits are the Unix time in seconds (used by TikTok archivers; checked on the 2022 capture).
 */
export function tiktokIdTime(id: string | undefined): string | undefined {
  if (!id || !/^\d{15,20}$/.test(id)) return undefined;
  const seconds = Number(BigInt(id) >> 32n);
  // Plausibility: TikTok (musical.ly ids) began in 2014; anything else is not a snowflake.
  if (seconds < 1_400_000_000 || seconds > 4_000_000_000) return undefined;
  return new Date(seconds * 1000).toISOString();
}

/** The display name: the element's first text, before TikTok's " · date" suffix. */
function nicknameOf(el: Element | null): string | undefined {
  if (!el) return undefined;
  const first = Array.from(el.childNodes).find((n) => n.nodeType === 3 && n.textContent?.trim());
  return nonEmpty(first?.textContent ?? readText(el));
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Video ids by `handle\ndescription` in a page's inline state, per state text seen. */
let inlineState: { text: string; ids: Map<string, string | null> } | undefined;

/**
 * The id of the video by `handle` with description `text` in the page's inline JSON state
 * (`__UNIVERSAL_DATA_FOR_REHYDRATION__` 2023+, `SIGI_STATE` 2022): any object with a numeric
 * `id`, a `desc` and an `author` (a handle, or an object with `uniqueId`). Only an exact match
 * (whitespace collapsed) counts; two videos with the same author and words give none, since a
 * wrong id would point the evidence at another video.
 */
function inlineVideoId(doc: Document, handle: string, text: string): string | undefined {
  const script = doc.querySelector(
    'script#__UNIVERSAL_DATA_FOR_REHYDRATION__, script#SIGI_STATE, script#__NEXT_DATA__',
  );
  const raw = script?.textContent;
  if (!raw) return undefined;
  if (inlineState?.text !== raw) {
    const ids = new Map<string, string | null>();
    try {
      const stack: unknown[] = [JSON.parse(raw)];
      let budget = 200_000;
      while (stack.length > 0 && budget-- > 0) {
        const node = stack.pop();
        if (!node || typeof node !== 'object') continue;
        const obj = node as Record<string, unknown>;
        const author =
          typeof obj.author === 'string'
            ? obj.author
            : (obj.author as { uniqueId?: unknown } | null | undefined)?.uniqueId;
        if (
          typeof obj.id === 'string' &&
          /^\d{8,}$/.test(obj.id) &&
          typeof obj.desc === 'string' &&
          typeof author === 'string'
        ) {
          const key = `${author}\n${collapse(obj.desc)}`;
          const known = ids.get(key);
          ids.set(key, known === undefined || known === obj.id ? obj.id : null);
        }
        for (const value of Object.values(obj)) if (value && typeof value === 'object') stack.push(value);
      }
    } catch {
      // Not JSON: no ids from it.
    }
    inlineState = { text: raw, ids };
  }
  return inlineState.ids.get(`${handle}\n${collapse(text)}`) ?? undefined;
}

/** A TikTok adapter over a selector table (defaults: `TIKTOK_SELECTORS`). */
export function createTiktokAdapter(
  table: SelectorTable<TiktokSelectorName> = TIKTOK_SELECTORS,
): SiteAdapter {
  const sel = new Selectors(table);

  /** The nearest container alternative above a comment's text (alternatives in order). */
  const commentOf = (text: Element): Element | null => {
    for (const alt of table.comment) {
      const found = text.closest(alt);
      if (found) return found;
    }
    // Every class label renamed: the nearest ancestor holding a profile link still bounds one comment.
    for (let el = text.parentElement; el; el = el.parentElement) {
      if (el.querySelector('a[href^="/@"]')) return el;
    }
    return null;
  };

  const isComment = (el: Element) => sel.first(el, 'commentText') !== null && !isVideo(el);
  const isVideo = (el: Element) => sel.matches(el, 'browseDesc') || sel.matches(el, 'feedItem');

  /** The page video's id and author (video pages), for comment context and browse mode. */
  const pageVideo = (doc: Document): { id?: string; author?: Author } => {
    const canonical = sel.first(doc, 'canonical');
    const href = canonical?.getAttribute('href') ?? canonical?.getAttribute('content') ?? pageUrl(doc)?.href;
    let id = tiktokVideoId(href ?? undefined);
    for (const holder of sel.ordered(doc, 'videoIdHolder')) {
      if (id) break;
      id = tiktokVideoId(holder.id) ?? tiktokVideoId(holder.getAttribute('href'));
    }
    return {
      id,
      author: browseAuthorOf(doc) ?? (href ? authorFromHandle(tiktokHandleFromHref(href)) : undefined),
    };
  };

  const authorFromHandle = (handle: string | undefined) => (handle ? makeAuthor(handle) : undefined);

  /** The handle an author element names: its link's `/@handle`, else its own `@handle` text. */
  const handleIn = (el: Element): string | undefined =>
    tiktokHandleFromHref(el.closest('a[href]')?.getAttribute('href') ?? el.getAttribute('href')) ??
    nonEmpty(el.textContent)?.replace(/^@/, '');

  const browseHandleOf = (doc: Document): string | undefined => {
    const el = sel.first(doc, 'browseAuthor');
    return el ? handleIn(el) : undefined;
  };

  const browseAuthorOf = (doc: Document): Author | undefined => {
    const handle = browseHandleOf(doc);
    return handle ? makeAuthor(handle, undefined, nicknameOf(sel.first(doc, 'browseNickname'))) : undefined;
  };

  const readBrowseVideo = (desc: Element, now: Date): ReadResult => {
    const doc = desc.ownerDocument;
    // The URL also names the author, but a missing author element is drift all the same.
    const { id } = pageVideo(doc);
    const author = browseAuthorOf(doc);
    const drift = [...(author ? [] : ['browseAuthor']), ...(id ? [] : ['videoId'])];
    if (!author || !id) return { ok: false, drift };
    return { ok: true, snapshot: videoSnapshot(id, author, readText(desc, { whitespace: 'pre' }), now) };
  };

  const readFeedItem = (item: Element, now: Date): ReadResult => {
    const authorEl = sel.first(item, 'feedAuthor');
    const handle = authorEl ? handleIn(authorEl) : undefined;
    if (!authorEl) return { ok: false, drift: ['feedAuthor'] };
    if (!handle) return { ok: false, drift: ['feedAuthor.handle'] };
    const descEl = sel.first(item, 'feedDesc');
    const text = descEl ? readText(descEl, { whitespace: 'pre' }) : '';
    let id: string | undefined;
    for (const holder of sel.ordered(item, 'videoIdHolder')) {
      id = tiktokVideoId(holder.id) ?? tiktokVideoId(holder.getAttribute('href'));
      if (id) break;
    }
    // 2024-25 For You items carry no id in their DOM; the page's inline state names the first
    // batch's videos by author and description.
    id ??= inlineVideoId(item.ownerDocument, handle, text);
    const author = makeAuthor(handle, undefined, nonEmpty(sel.first(item, 'feedNickname')?.textContent));
    // Kept with what is known (issue #18): no id -> no permalink; no description -> a media-only post.
    const partial = [...(id ? [] : ['videoId']), ...(descEl ? [] : ['feedDesc'])];
    const snapshot = id
      ? videoSnapshot(id, author, text, now)
      : compact({
          site: 'tiktok' as const,
          kind: 'post' as const,
          author,
          text,
          capturedAt: now.toISOString(),
        });
    return partial.length > 0 ? { ok: true, snapshot, partial } : { ok: true, snapshot };
  };

  const videoSnapshot = (id: string, author: Author, text: string, now: Date): PostSnapshot =>
    compact({
      site: 'tiktok' as const,
      kind: 'post' as const,
      postId: id,
      url: `${ORIGIN}/@${encodeURIComponent(author.handle)}/video/${id}`,
      author,
      text,
      publishedAt: tiktokIdTime(id),
      capturedAt: now.toISOString(),
    });

  /** A commenter's name element and profile link (the avatar's where the name is not a link). */
  const commentUserOf = (container: Element) => {
    const nameEl = sel.first(container, 'commentUser');
    return { nameEl, link: nameEl?.closest('a[href]') ?? sel.first(container, 'commentAvatar') };
  };

  const commentAuthor = (container: Element): Author | 'missing' | 'unparsed' => {
    const { nameEl, link } = commentUserOf(container);
    if (!nameEl && !link) return 'missing';
    const handle = tiktokHandleFromHref(link?.getAttribute('href'));
    return handle ? makeAuthor(handle, undefined, nonEmpty(nameEl?.textContent)) : 'unparsed';
  };

  const commentIdOf = (container: Element): string | undefined => {
    if (/^\d{8,}$/.test(container.id)) return container.id;
    return Array.from(container.querySelectorAll('[id]'))
      .map((el) => el.id)
      .find((id) => /^\d{8,}$/.test(id));
  };

  const readComment = (container: Element, now: Date): ReadResult => {
    const doc = container.ownerDocument;
    const textEl = sel.first(container, 'commentText')!;
    const author = commentAuthor(container);
    if (typeof author === 'string')
      return { ok: false, drift: [author === 'missing' ? 'commentUser' : 'commentUser.handle'] };
    const video = pageVideo(doc);
    const id = commentIdOf(container);
    const context: NonNullable<PostSnapshot['context']> = {};
    const thread = sel.closest(container, 'commentThread');
    const top = thread && sel.matches(textEl, 'replyText') ? sel.first(thread, 'commentText') : null;
    const parent = top && top !== textEl ? commentOf(top) : null;
    if (parent) {
      const parentAuthor = commentAuthor(parent);
      if (typeof parentAuthor !== 'string') context.parentAuthor = parentAuthor;
      const parentId = commentIdOf(parent);
      if (parentId) context.inReplyTo = parentId;
    } else {
      if (video.author) context.parentAuthor = video.author;
      if (video.id) context.inReplyTo = video.id;
    }
    const snapshot: PostSnapshot = compact({
      site: 'tiktok' as const,
      kind: 'comment' as const,
      postId: id,
      // Comments have no permalink of their own: the video's address.
      url:
        video.id && video.author
          ? `${ORIGIN}/@${encodeURIComponent(video.author.handle)}/video/${video.id}`
          : absoluteUrl(pageUrl(doc)?.href, doc, ORIGIN),
      author,
      text: readText(textEl, { whitespace: 'pre' }),
      publishedAt: tiktokIdTime(id),
      context: Object.keys(context).length > 0 ? context : undefined,
      capturedAt: now.toISOString(),
    });
    return { ok: true, snapshot };
  };

  return guardPostUrls({
    site: 'tiktok',

    findPosts(root: ParentNode): Element[] {
      const videos = [...selfAndBelow(root, sel, 'browseDesc'), ...selfAndBelow(root, sel, 'feedItem')];
      const comments = selfAndBelow(root, sel, 'commentText')
        .map(commentOf)
        .filter((c): c is Element => c !== null);
      return [...new Set([...videos, ...comments])];
    },

    readPost(container: Element, now = new Date()): ReadResult {
      if (sel.matches(container, 'browseDesc')) return readBrowseVideo(container, now);
      if (sel.matches(container, 'feedItem')) return readFeedItem(container, now);
      if (isComment(container)) return readComment(container, now);
      return { ok: false, drift: ['commentText'] };
    },

    readActors(container: Element): string[] | undefined {
      // The author lookups of `readPost`, branch for branch, without the text, ids, names or the
      // page video a comment answers. TikTok has no reposts: the author is the only account.
      let handle: string | undefined;
      if (sel.matches(container, 'browseDesc')) handle = browseHandleOf(container.ownerDocument);
      else if (sel.matches(container, 'feedItem')) {
        const authorEl = sel.first(container, 'feedAuthor');
        handle = authorEl ? handleIn(authorEl) : undefined;
      } else if (isComment(container)) {
        handle = tiktokHandleFromHref(commentUserOf(container).link?.getAttribute('href'));
      }
      return handle ? [handle] : undefined;
    },

    markerAnchor(container: Element): Element {
      if (sel.matches(container, 'browseDesc')) {
        // The author row beside the video (outside the description, so the text stays clean).
        const author = sel.first(container.ownerDocument, 'browseAuthor');
        return author?.closest('a')?.parentElement ?? container;
      }
      if (sel.matches(container, 'feedItem')) {
        const author = sel.first(container, 'feedAuthor');
        return author?.closest('a')?.parentElement ?? container;
      }
      return sel.first(container, 'commentTime')?.parentElement ?? container;
    },

    readProfile(doc: Document): ProfileInfo | undefined {
      const handleEl = sel.first(doc, 'profileHandle');
      if (!handleEl) return undefined;
      const handle =
        nonEmpty(handleEl.textContent)?.replace(/^@/, '') ?? tiktokHandleFromHref(pageUrl(doc)?.pathname);
      if (!handle) return undefined;
      const bioEl = sel.first(doc, 'profileBio');
      const links = sel
        .ordered(doc, 'profileLink')
        .map((el) =>
          absoluteUrl(el.closest('a[href]')?.getAttribute('href') ?? el.getAttribute('href'), doc, ORIGIN),
        )
        .filter((u): u is string => u !== undefined);
      return compact({
        site: 'tiktok' as const,
        handle,
        displayName: nonEmpty(sel.first(doc, 'profileName')?.textContent),
        bio: bioEl ? nonEmpty(readText(bioEl, { whitespace: 'pre' })) : undefined,
        links: [...new Set(links)],
      });
    },
  });
}

/** The default TikTok adapter. */
export const tiktokAdapter: SiteAdapter = createTiktokAdapter();
