// Instagram (www.instagram.com) selectors: logical name → ordered CSS alternatives. Instagram's
// classes are all obfuscated (`_aacl`, `x1lliihq`), so everything here is element structure,
// roles and link shapes. Sources: shared/SITES.md (confidence C; author/time verified on a 2025
// page by others); no real capture exists in shared/pages.

export const INSTAGRAM_SELECTORS = {
  /** One post. */
  post: [
    // Home feed and post page 2020+.
    'main article',
    // Post opened as a dialog over the feed or a profile.
    'div[role="dialog"] article',
    // Older feed.
    'article[role="presentation"]',
  ],
  /** Author links in the post header (the first one with text whose path is `/<username>/`). */
  author: [
    // Feed and post page 2020-24: the post's <header>.
    'header a[href]',
    // Feed 2025 (no <header>): name links are role=link anchors; the first with text is the author's.
    'a[role="link"][href]',
  ],
  /** Links of a post to itself (media, "view all comments"), for its shortcode when the time link is missing. */
  postLink: ['a[href*="/p/"]', 'a[href*="/reel/"]', 'a[href*="/tv/"]'],
  /** Time, inside the permalink (`/p/<code>/`, `/reel/<code>/`). */
  time: [
    'a[href*="/p/"] time[datetime]',
    'a[href*="/reel/"] time[datetime]',
    'a[href*="/tv/"] time[datetime]',
  ],
  /** Caption on a post page: the author's first entry, a heading. */
  captionHeading: ['h1[dir="auto"]', 'h1'],
  /** Caption in the feed: the text span after the author's name link (found from the link). */
  captionText: ['span[dir="auto"]', 'span'],
  /** Inside captions: "more" and translation buttons. */
  textSkip: ['[role="button"]', 'button'],
  /** Ads carry no timestamp and link out through Instagram's redirector. */
  adLink: ['a[href^="https://l.instagram.com/"]', 'a[href*="/ads/"]'],
  /** Comments of a post (post page or dialog): list items with an author link and a text. */
  comment: ['ul li'],
  /** A comment's author link. */
  commentAuthor: ['h3 a[href]', 'h2 a[href]', 'a[href][role="link"]'],
  /** A comment's text. */
  commentText: ['h3 + div span[dir="auto"]', 'h3 ~ div span[dir="auto"]', 'span[dir="auto"]'],
  /** A comment's time link: `/p/<code>/c/<commentId>/` (replies `/c/<id>/r/<replyId>/`). */
  commentTime: ['a[href*="/c/"] time[datetime]', 'time[datetime]'],
  /** Profile header (for ASN suggestions). */
  profileHeader: ['main header', 'header'],
  profileHandle: ['h2', 'h1'],
  profileName: ['section span[dir="auto"]', 'section span'],
  profileBio: ['h1[dir="auto"]', 'div > span[dir="auto"] + h1'],
  profileLinks: ['a[href^="https://l.instagram.com/"]'],
} as const;

export type InstagramSelectorName = keyof typeof INSTAGRAM_SELECTORS;
