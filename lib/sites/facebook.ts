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
  isElement,
  toIso,
} from './dom';
import {
  facebookAuthorFromHref,
  facebookCommentIdFromHref,
  facebookCommentPermalink,
  facebookPermalink,
  facebookPostPermalink,
} from './facebook-url';
import { guardPostUrls } from './permalink';
import { FACEBOOK_SELECTORS, type FacebookSelectorName } from './selectors/facebook';
import type { Author, PostKind, PostSnapshot } from './snapshot';
import type { ProfileInfo, ReadResult, SiteAdapter } from './types';

const ORIGIN = 'https://www.facebook.com';

const DIGITS = /^\d+$/;

/** Searched for together: every post is screened for both (see `adOrAuthorLinks`). */
const AD_OR_AUTHOR: readonly FacebookSelectorName[] = ['sponsored', 'author'];

// Bidirectional control marks that wrap names in right-to-left pages.
const BIDI_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export {
  cleanFacebookUrl,
  facebookAuthorFromHref,
  facebookCommentPermalink,
  facebookPermalink,
  facebookPostIdFromHref,
  facebookPostPermalink,
  isFacebookActionLink,
} from './facebook-url';

/** A named author link of a story: whom it names, and the heading it sits in. */
interface StoryAuthor {
  link: Element;
  who: { readonly handle: string; readonly id?: string };
  heading: Element | null;
}

/** Whether a story is an ad, and else its own author links in document order. */
type AdOrAuthor = { sponsored: true } | { sponsored: false; authorLinks: Element[] };

/** What a comment takes from the post it is on: whom it answers, and the post's id. */
interface StoryParent {
  author: Author;
  postId?: string;
}

interface StoryData {
  postId?: string;
  publishTime?: number;
}

/** Tracking data of an mbasic/m.facebook.com story (`data-ft` JSON): post id and publish time. */
function storyData(el: Element): StoryData {
  const raw = el.getAttribute('data-ft');
  if (!raw) return {};
  try {
    const ft = JSON.parse(raw) as Record<string, unknown>;
    const postId = [ft.top_level_post_id, ft.mf_story_key].find((v) => typeof v === 'string' && v) as
      string | undefined;
    let publishTime: number | undefined;
    const insights = ft.page_insights as
      Record<string, { post_context?: { publish_time?: unknown } }> | undefined;
    for (const entry of Object.values(insights ?? {})) {
      const t = entry?.post_context?.publish_time;
      if (typeof t === 'number') publishTime = t;
    }
    return compact({ postId, publishTime });
  } catch {
    return {};
  }
}

const displayNameOf = (el: Element): string | undefined => nonEmpty(readText(el).replace(BIDI_MARKS, ''));

/** A Facebook adapter over a selector table (defaults: `FACEBOOK_SELECTORS`). */
export function createFacebookAdapter(
  table: SelectorTable<FacebookSelectorName> = FACEBOOK_SELECTORS,
): SiteAdapter {
  const sel = new Selectors(table);
  const textSkip = table.textSkip.join(', ');
  const postOrComment = [...table.post, ...table.comment].join(', ');

  /**
   * What reads within one `readScope` reuse (the page holds still meanwhile; the hover that
   * reveals a permalink may make Facebook fill in that link's address, which changes no author
   * link and no post's place).
   */
  let scope:
    | {
        adOrAuthor: WeakMap<Element, AdOrAuthor>;
        storyParent: WeakMap<Element, StoryParent | undefined>;
      }
    | undefined;

  const isMbasicComment = (el: Element): boolean =>
    DIGITS.test(el.id) && el.querySelector('h3 a') !== null && el.closest('[id^="ufi_"]') !== null;

  /** Whether `el` is a comment container (Comet nested article, or an mbasic numbered comment). */
  const isComment = (el: Element): boolean => {
    if (!sel.matches(el, 'comment')) return false;
    return el.getAttribute('role') === 'article' || isMbasicComment(el);
  };

  /** Whether a post candidate is really a post: not a comment, not nested in another post. */
  const isPost = (el: Element): boolean =>
    !isComment(el) &&
    !(el.parentElement && sel.closest(el.parentElement, 'post')) &&
    !el.closest('[id^="ufi_"]');

  /**
   * Whether `el`, found by a search of `container` (the walk up stops there), is the container's
   * own and not a comment's inside it: no comment between them. A comment always has
   * role="article" or a numeric id (`isComment`), so the walk reads one attribute per level and
   * matches selectors only on those. (Listing the container's comments first costs a search of
   * its subtree per read, and made reading a post's n comments cost n².)
   */
  const belongs = (container: Element) => (el: Element) => {
    for (let p: Element | null = el; p && p !== container; p = p.parentElement) {
      if ((p.getAttribute('role') === 'article' || DIGITS.test(p.id)) && isComment(p)) return false;
    }
    return true;
  };

  /** Matches of `name` in `container` that belong to it (not to a comment inside it), first alternative that has any. */
  const own = (container: Element, name: FacebookSelectorName, keep = belongs(container)): Element[] => {
    for (const alt of table[name]) {
      const found = Array.from(container.querySelectorAll(alt)).filter(keep);
      if (found.length > 0) return found;
    }
    return [];
  };

  /**
   * Whether a story is an ad, and else its author links (its own, in document order): one search
   * of its subtree for both, since every post on the page is screened this way.
   */
  const adOrAuthorLinks = (container: Element, keep = belongs(container)): AdOrAuthor => {
    const known = scope?.adOrAuthor.get(container);
    if (known) return known;
    const found = searchAdOrAuthor(container, keep);
    scope?.adOrAuthor.set(container, found);
    return found;
  };
  const searchAdOrAuthor = (container: Element, keep: (el: Element) => boolean): AdOrAuthor => {
    const authorLinks: Element[] = [];
    for (const el of sel.allOf(container, AD_OR_AUTHOR)) {
      if (!keep(el)) continue;
      if (sel.matches(el, 'sponsored')) return { sponsored: true };
      authorLinks.push(el);
    }
    return { sponsored: false, authorLinks };
  };

  /** Every match of any alternative of `name` that belongs to `container`, in document order. */
  const ownAll = (container: Element, name: FacebookSelectorName, keep = belongs(container)): Element[] =>
    sel.all(container, name).filter(keep);

  /**
   * Whether any alternative of `name` matches in `container` (outside nested comments): one
   * search of the subtree for all alternatives, where `own` may search once per alternative.
   */
  const ownAny = (container: Element, name: FacebookSelectorName, keep = belongs(container)): boolean =>
    sel.all(container, name).some(keep);

  const readAuthorLink = (link: Element): Author | undefined => {
    const who = facebookAuthorFromHref(link.getAttribute('href'));
    return who ? makeAuthor(who.handle, who.id, displayNameOf(link)) : undefined;
  };

  /** The post's permalink, hovering an unrevealed Comet timestamp once so Facebook fills in its href. */
  const permalinkOf = (
    container: Element,
    before?: Element,
    keep = belongs(container),
  ): Element | undefined => {
    // Links inside author headings point elsewhere ("shared a <post>", the group).
    // Only a link of a known permalink shape counts: a selector (or a site pack's) may match an
    // action link too, and a comment's `?comment_id=` link is the comment's, not the post's.
    const pick = () =>
      own(container, 'permalink', keep).find((a) => {
        if (sel.closest(a, 'authorHeading') || (before && !precedes(a, before))) return false;
        const link = facebookPermalink(a.getAttribute('href'));
        return link !== undefined && link.commentId === undefined;
      });
    let link = pick();
    if (!link) {
      const hidden = own(container, 'unrevealedPermalink', keep)[0];
      const view = container.ownerDocument.defaultView;
      if (hidden && view) {
        for (const type of ['pointerover', 'mouseover']) {
          hidden.dispatchEvent(new view.MouseEvent(type, { bubbles: true }));
        }
        link = pick();
      }
    }
    return link;
  };

  /**
   * A story's author links with whom they name and their headings (the sharer's first). Display
   * names are read only for the authors a caller keeps (`authorOf`): reading text is the costly part.
   */
  const storyAuthors = (authorLinks: Element[]) => {
    const authors: StoryAuthor[] = [];
    /** The first author link with a name: where `markerAnchor` puts a mark. */
    let named: Element | undefined;
    for (const link of authorLinks) {
      // Avatar links point at the same profile but carry no name.
      if (!nonEmpty(link.textContent)) continue;
      named ??= link;
      const who = facebookAuthorFromHref(link.getAttribute('href'));
      if (who) authors.push({ link, who, heading: sel.closest(link, 'authorHeading') });
    }
    return { authorLinks, authors, named };
  };

  /**
   * The named author link each container was last read with, so a mark (written after the read,
   * for flagged posts) need not search the post again. Checked before use: still in the container.
   */
  const namedLinks = new WeakMap<Element, Element>();
  const namedLinkOf = (container: Element): Element | undefined => {
    const link = namedLinks.get(container);
    return link && container.contains(link) ? link : undefined;
  };

  const authorOf = ({ link, who }: StoryAuthor): Author =>
    makeAuthor(who.handle, who.id, displayNameOf(link));

  /** The original author's heading in a shared post: a second heading naming someone else. */
  const sharedAuthorOf = (authors: StoryAuthor[]) => {
    const first = authors[0];
    return authors.find(
      (a) => a.heading && a.heading !== first?.heading && a.who.handle !== first?.who.handle,
    );
  };

  const readStory = (container: Element, now: Date): ReadResult => {
    const result = readStoryAfresh(container, now);
    // What its comments take from it (`storyParentOf`), if they are read in this scope.
    if (scope && !scope.storyParent.has(container)) {
      const snapshot = result.ok === true ? result.snapshot : undefined;
      scope.storyParent.set(
        container,
        snapshot
          ? compact({ author: snapshot.context?.repostedBy ?? snapshot.author, postId: snapshot.postId })
          : undefined,
      );
    }
    return result;
  };

  const readStoryAfresh = (container: Element, now: Date): ReadResult => {
    const found = adOrAuthorLinks(container);
    if (found.sponsored) return { ok: 'skip', reason: 'sponsored' };
    const doc = container.ownerDocument;
    const { authorLinks, authors, named } = storyAuthors(found.authorLinks);
    if (named) namedLinks.set(container, named);
    else namedLinks.delete(container);
    const texts = outermost(own(container, 'text'));
    const ft = storyData(container);

    if (authorLinks.length === 0) {
      // Feed units without a post (reels trays, suggestion carousels) have neither author nor text.
      if (texts.length === 0 && !ft.postId) {
        return { ok: 'skip', reason: 'feed unit without a post' };
      }
      return { ok: false, drift: ['author'] };
    }
    const drift: string[] = [];
    const first = authors[0];
    if (!first) drift.push('author.handle');
    // A photo, video or link preview lets a post have no text (looked for only then).
    if (texts.length === 0 && !ownAny(container, 'media')) drift.push('text');
    if (drift.length > 0 || !first) return { ok: false, drift };

    // A shared post carries its original author's heading further down, outside the sharer's heading.
    const shared = sharedAuthorOf(authors);
    const sharedAt = shared?.heading ?? undefined;
    const ownTexts = sharedAt ? texts.filter((t) => precedes(t, sharedAt)) : texts;
    const sharedTexts = sharedAt ? texts.filter((t) => !precedes(t, sharedAt)) : [];
    const join = (els: Element[]) =>
      els
        .map((t) => readText(t, { whitespace: 'normal', skip: textSkip }))
        .filter(Boolean)
        .join('\n');

    let kind: PostKind = 'post';
    let author = authorOf(first);
    let text = join(texts);
    const context: NonNullable<PostSnapshot['context']> = {};
    if (shared) {
      const ownWords = join(ownTexts);
      if (ownWords) {
        kind = 'quote';
        text = ownWords;
        context.quotedAuthor = authorOf(shared);
      } else {
        kind = 'repost';
        context.repostedBy = author;
        author = authorOf(shared);
        text = join(sharedTexts);
      }
    }

    const link = permalinkOf(container, sharedAt);
    const href = link?.getAttribute('href');
    // On a post page (mbasic, m.facebook.com) the page address is the permalink.
    const here = () => pageUrl(doc)?.href;
    const onPage = () => {
      const page = facebookPostPermalink(here(), doc);
      return page && ft.postId && page.postId === ft.postId ? page : undefined;
    };
    const permalink = facebookPostPermalink(href, doc) ?? onPage();
    const snapshot: PostSnapshot = compact({
      site: 'facebook' as const,
      kind,
      postId: permalink?.postId ?? ft.postId,
      url: permalink?.url,
      author,
      text,
      publishedAt: ft.publishTime
        ? toIso(ft.publishTime)
        : toIso(own(container, 'time')[0]?.getAttribute('data-utime') ?? undefined),
      context: Object.keys(context).length > 0 ? context : undefined,
      capturedAt: now.toISOString(),
    });
    return { ok: true, snapshot };
  };

  /**
   * What a comment on `container` takes from it, as `readStory` would give it but without reading
   * the post's text or time: the author a comment answers (a snapshot's `repostedBy ?? author`,
   * which is the first named author whatever the post's kind) and the post's id. Undefined where
   * `readStory` gives no snapshot (sponsored, a feed unit without a post, drift).
   */
  const storyParentOf = (container: Element): StoryParent | undefined => {
    if (scope?.storyParent.has(container)) return scope.storyParent.get(container);
    const parent = storyParentAfresh(container);
    scope?.storyParent.set(container, parent);
    return parent;
  };
  const storyParentAfresh = (container: Element): StoryParent | undefined => {
    const keep = belongs(container);
    const found = adOrAuthorLinks(container, keep);
    if (found.sponsored) return undefined;
    const { authors } = storyAuthors(found.authorLinks);
    const first = authors[0];
    if (!first || (!ownAny(container, 'text', keep) && !ownAny(container, 'media', keep))) return undefined;
    // The id comes from the sharer's permalink, before a shared post's own heading, as in `readStory`.
    const sharedAt = sharedAuthorOf(authors)?.heading ?? undefined;
    const href = permalinkOf(container, sharedAt, keep)?.getAttribute('href');
    return {
      author: authorOf(first),
      postId: facebookPermalink(href)?.postId ?? storyData(container).postId,
    };
  };

  /** The post a comment belongs to: an enclosing post, or for mbasic the story named by `ufi_<id>`. */
  const postOfComment = (comment: Element): { el?: Element; id?: string } => {
    // The outermost post above it (a shared story inside a post is a post too), one native
    // `closest` per post passed on the way up.
    let enclosing: Element | undefined;
    for (let el = comment.parentElement && sel.closest(comment.parentElement, 'post'); el;) {
      enclosing = el;
      el = el.parentElement && sel.closest(el.parentElement, 'post');
    }
    if (enclosing && isPost(enclosing)) return { el: enclosing };
    const ufi = comment.closest('[id^="ufi_"]');
    const id = ufi?.id.slice('ufi_'.length);
    if (!id) return {};
    const story = Array.from(comment.ownerDocument.querySelectorAll(`[data-ft*="${id}"]`)).find(
      (el) => sel.matches(el, 'post') && storyData(el).postId === id,
    );
    return { el: story, id };
  };

  /** The comment a reply answers: the comment just before the replies block holding it. */
  const parentComment = (comment: Element, post: Element | undefined): Element | undefined => {
    for (let el: Element | null = comment; el && el !== post; el = el.parentElement) {
      const prev = el.previousElementSibling;
      if (el !== comment && prev && isComment(prev)) return prev;
    }
    return undefined;
  };

  /**
   * Where a comment without a permalink of its own (basic mobile shows none) is seen: its post's
   * permalink with `comment_id=`, when the page is that post's page.
   */
  const commentUrlOnPost = (
    doc: Document,
    post: { el?: Element; id?: string },
    id: string | undefined,
  ): string | undefined => {
    if (!id || !DIGITS.test(id)) return undefined;
    const page = facebookPostPermalink(pageUrl(doc)?.href, doc);
    const postId = post.id ?? (post.el ? storyData(post.el).postId : undefined);
    if (!page?.postId || !postId || page.postId !== postId) return undefined;
    const url = new URL(page.url);
    url.searchParams.set('comment_id', id);
    return url.href;
  };

  /** A comment's author; with `record`, its named link is kept for `markerAnchor` (a full read). */
  const commentAuthorOf = (comment: Element, record = false): Author | 'missing' | 'unparsed' => {
    const links = own(comment, 'commentAuthor').filter((a) => nonEmpty(a.textContent));
    if (record) {
      if (links[0]) namedLinks.set(comment, links[0]);
      else namedLinks.delete(comment);
    }
    if (links.length === 0) return 'missing';
    for (const link of links) {
      const author = readAuthorLink(link);
      if (author) return author;
    }
    return 'unparsed';
  };

  /** The comment's own permalink among its links: never an action link ("Like", "Reply"). */
  const commentPermalinkOf = (comment: Element) => {
    for (const a of own(comment, 'commentLink')) {
      const link = facebookCommentPermalink(a.getAttribute('href'), comment.ownerDocument);
      if (link) return link;
    }
    return undefined;
  };

  const commentIdOf = (comment: Element): string | undefined => {
    if (DIGITS.test(comment.id)) return comment.id;
    for (const a of own(comment, 'commentLink')) {
      const id = facebookCommentIdFromHref(a.getAttribute('href'));
      if (id) return id;
    }
    return undefined;
  };

  const readComment = (comment: Element, now: Date): ReadResult => {
    const doc = comment.ownerDocument;
    const author = commentAuthorOf(comment, true);
    const texts = outermost(own(comment, 'commentText'));
    const drift: string[] = [];
    if (author === 'missing') drift.push('commentAuthor');
    if (author === 'unparsed') drift.push('commentAuthor.handle');
    // Sticker- or photo-only comments have no text block but do have an image.
    if (texts.length === 0 && comment.querySelector('img') === null) drift.push('commentText');
    if (drift.length > 0 || typeof author === 'string') {
      // mbasic shows some commenters (deactivated, restricted) without a profile link: not drift.
      if (author === 'unparsed' && isMbasicComment(comment) && drift.length === 1) {
        return { ok: 'skip', reason: 'commenter without a profile link' };
      }
      return { ok: false, drift };
    }

    const post = postOfComment(comment);
    const parent = parentComment(comment, post.el);
    const context: NonNullable<PostSnapshot['context']> = {};
    if (parent) {
      const parentAuthor = commentAuthorOf(parent);
      if (typeof parentAuthor !== 'string') context.parentAuthor = parentAuthor;
      const parentId = commentIdOf(parent);
      if (parentId) context.inReplyTo = parentId;
    } else if (post.el) {
      const story = storyParentOf(post.el);
      if (story) context.parentAuthor = story.author;
      const postId = story?.postId ?? post.id;
      if (postId) context.inReplyTo = postId;
    } else if (post.id) {
      context.inReplyTo = post.id;
    }

    const id = commentIdOf(comment);
    const snapshot: PostSnapshot = compact({
      site: 'facebook' as const,
      kind: 'comment' as const,
      postId: id,
      url: commentPermalinkOf(comment)?.url ?? commentUrlOnPost(doc, post, id),
      author,
      text: texts.map((t) => readText(t, { whitespace: 'normal', skip: textSkip })).join('\n'),
      publishedAt: toIso(own(comment, 'time')[0]?.getAttribute('data-utime') ?? undefined),
      context: Object.keys(context).length > 0 ? context : undefined,
      capturedAt: now.toISOString(),
    });
    return { ok: true, snapshot };
  };

  return guardPostUrls({
    site: 'facebook',

    findPosts(root: ParentNode): Element[] {
      // One search for posts and comments together: its results are in document order, as the
      // page reads, root first, so a candidate's enclosing post (if in the root) came before it.
      // `isPost` per candidate would walk up to the document each time; here the walk above the
      // root is done once and each candidate's walk stops at the root.
      const candidates = Array.from(root.querySelectorAll(postOrComment));
      if (isElement(root) && root.matches(postOrComment)) candidates.unshift(root);
      const above = isElement(root) ? root.parentElement : null;
      // Whether the root sits in a post or an mbasic comment block: asked once, and only when
      // there is a post candidate (most of a page's additions have none).
      let outside: boolean | undefined;
      const outsideAbove = () =>
        (outside ??=
          above === null || (sel.closest(above, 'post') === null && above.closest('[id^="ufi_"]') === null));
      const postMatches = new Set<Element>();
      const found: Element[] = [];
      for (const el of candidates) {
        const matchesPost = sel.matches(el, 'post');
        if (matchesPost) postMatches.add(el);
        if (isComment(el)) {
          found.push(el);
          continue;
        }
        if (!matchesPost || !outsideAbove()) continue;
        let nested = false;
        for (let p = el.parentElement; p && p !== above && !nested; p = p.parentElement) {
          nested = postMatches.has(p) || p.id.startsWith('ufi_');
        }
        if (!nested && !el.id.startsWith('ufi_')) found.push(el);
      }
      return found;
    },

    readPost(container: Element, now = new Date()): ReadResult {
      return isComment(container) ? readComment(container, now) : readStory(container, now);
    },

    readActors(container: Element): string[] | undefined {
      if (isComment(container)) {
        const author = commentAuthorOf(container);
        return typeof author === 'string' ? undefined : [author.handle];
      }
      const found = adOrAuthorLinks(container);
      if (found.sponsored) return undefined;
      const { authors } = storyAuthors(found.authorLinks);
      const first = authors[0];
      // A share is a repost or a quote depending on the sharer's own words: read it in full.
      if (!first || sharedAuthorOf(authors)) return undefined;
      return [first.who.handle];
    },

    readScope<T>(reads: () => T): T {
      if (scope) return reads();
      scope = { adOrAuthor: new WeakMap(), storyParent: new WeakMap() };
      try {
        return reads();
      } finally {
        scope = undefined;
      }
    },

    markerAnchor(container: Element): Element {
      if (isComment(container)) {
        const link =
          namedLinkOf(container) ?? own(container, 'commentAuthor').find((a) => nonEmpty(a.textContent));
        return link?.parentElement ?? container;
      }
      // The heading holding the author's name: a mark there reads as part of the byline.
      const link = namedLinkOf(container) ?? ownAll(container, 'author').find((a) => nonEmpty(a.textContent));
      return (
        link?.closest('h1, h2, h3, h4, h5, h6') ?? (link && sel.closest(link, 'authorHeading')) ?? container
      );
    },

    readProfile(doc: Document): ProfileInfo | undefined {
      const url = pageUrl(doc);
      const who = facebookAuthorFromHref(url ? `${url.pathname}${url.search}` : undefined);
      // Only a profile address is worth a search of the whole document for a profile header.
      if (!who) return undefined;
      const nameEl = sel.first(doc, 'profileName');
      if (!nameEl) return undefined;
      const bioEl = sel.first(doc, 'profileBio');
      const links = sel
        .ordered(doc, 'profileLinks')
        .map((a) => absoluteUrl(a.getAttribute('href'), doc, ORIGIN))
        .filter((u): u is string => u !== undefined);
      return compact({
        site: 'facebook' as const,
        handle: who.handle,
        displayName: displayNameOf(nameEl),
        bio: bioEl ? nonEmpty(readText(bioEl, { whitespace: 'normal' })) : undefined,
        links: [...new Set(links)],
      });
    },
  });
}

/** The default Facebook adapter. */
export const facebookAdapter: SiteAdapter = createFacebookAdapter();
