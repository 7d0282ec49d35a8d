// Facebook (www.facebook.com "Comet", m.facebook.com) selectors: logical name → ordered CSS
// alternatives. Sources: shared/SITES.md (FB Clean My Feeds 2026-01 and older scripts); no real
// capture of today's Comet layout exists in shared/pages, so Comet entries are confidence B/C.
// The retired mbasic layout (verified on shared/pages/facebook) is kept as the fallback that
// m.facebook.com serves to basic browsers. Never English aria-labels, never `x1…` classes.

export const FACEBOOK_SELECTORS = {
  /** Post containers (outermost match wins; one nested in another post is a comment or a shared story). */
  post: [
    // Comet feed/timeline/post page 2020+: the post's ARIA article, labelled by its header.
    'div[role="article"][aria-labelledby]',
    // Comet feed units 2022+ (some carry no role=article).
    'div[role="main"] div[aria-posinset]',
    'div[role="feed"] div[aria-posinset]',
    // mbasic / m.facebook.com basic: a story with its tracking data.
    'div[data-ft*="top_level_post_id"]',
    'div[data-ft*="mf_story_key"]',
    // m.facebook.com touch layout 2016-2022.
    'article[data-ft]',
  ],
  /** Comment containers. */
  comment: [
    // Comet: an ARIA article inside a post (or any unlabelled-by article on a post page).
    'div[role="article"] div[role="article"]',
    'div[role="article"]:not([aria-labelledby])',
    // mbasic: comments are `div[id=<digits>]` inside the post's `ufi_<postId>` block (digits checked in code).
    '[id^="ufi_"] div[id]',
  ],
  /** Ads: a link to the ad explanation or preferences inside the unit. */
  sponsored: ['a[href*="/ads/about"]', 'a[href*="/ads/preferences"]', 'a[href*="ad_preferences"]'],
  /** The post author's heading link, nearest to the top of the post. */
  author: [
    // Comet 2023+ (ad rendering roles are used by organic posts too).
    '[data-ad-rendering-role="profile_name"] a[href]',
    // Comet post header: the heading's strong/link.
    'h2 a[href]',
    'h3 a[href]',
    'h4 a[href]',
    // mbasic header: `header h3 strong a`.
    'header strong a[href]',
    // Group posts: member link.
    'a[href*="/groups/"][href*="/user/"]',
  ],
  /** Headings that introduce an author: a second one inside a post is a shared post's original author. */
  authorHeading: ['[data-ad-rendering-role="profile_name"]', 'h2', 'h3', 'h4'],
  /** Post text. */
  text: [
    // Comet 2023+.
    '[data-ad-rendering-role="story_message"]',
    '[data-ad-preview="message"]',
    '[data-ad-comet-preview="message"]',
    // mbasic: the story body.
    `div[data-ft*='"tn":"*s"']`,
    // Comet fallback: paragraph blocks styled for text alignment.
    'div[dir="auto"][style*="text-align"]',
  ],
  /** Inside text: controls and decorations that are not the author's words ("See more"). */
  textSkip: ['[role="button"]', '[aria-hidden="true"]', 'form'],
  /** Media that lets a post have no text (photo, video, link preview). */
  media: [
    'a[href*="/photo"] img',
    'a[href*="/photos/"] img',
    'video',
    '[data-visualcompletion="media-vc-image"]',
    'img[src*="scontent"]',
  ],
  /** The post's timestamp/permalink link. Comet keeps `href="#"` until the pointer is over it. */
  permalink: [
    'a[href*="/posts/"]',
    'a[href*="/permalink/"]',
    'a[href*="permalink.php"]',
    'a[href*="story_fbid="]',
    'a[href*="/videos/"]',
    'a[href*="/reel/"]',
    'a[href*="/photo/?fbid="]',
    'a[href*="photo.php?fbid="]',
  ],
  /** A timestamp link whose address is not revealed yet (Comet): hovered once to make Facebook fill it in. */
  unrevealedPermalink: ['a[role="link"][href="#"][aria-label]', 'a[href="#"][aria-label]'],
  /** Time elements with an absolute time (older m.facebook.com). */
  time: ['abbr[data-utime]', 'time[datetime]'],
  /** Comment author link (the first profile link with a visible name). */
  commentAuthor: [
    // Comet: the name link in the comment bubble.
    'span > a[href][role="link"]',
    // mbasic.
    'h3 > a',
    'a[href]',
  ],
  /** Comment text. */
  commentText: [
    // Comet.
    'div[dir="auto"][style*="text-align"]',
    'span[dir="auto"] > div[dir="auto"]',
    // mbasic: the block right after the author heading.
    'h3 + div',
  ],
  /**
   * A comment's own links carrying `comment_id=` (its id, and the reply's with
   * `reply_comment_id=`). `?comment_id=`/`&comment_id=` so the basic site's "Like" action
   * (`/a/comment.php?like_comment_id=…&av=<monitor>`) is not matched; the adapter also takes a
   * URL only from a known permalink shape (facebook-url.ts), never from an action link.
   */
  commentLink: [
    // Comet 2020-25: the comment's timestamp link, the post's address plus `comment_id=`.
    'li a[href*="?comment_id="]',
    'li a[href*="&comment_id="]',
    'a[href*="/posts/"][href*="comment_id="]',
    // Any link carrying the id (Comet also adds it to the commenter's profile link; basic m. 2019-24 permalink).
    'a[href*="?comment_id="]',
    'a[href*="&comment_id="]',
    'a[href*="reply_comment_id="]',
  ],
  /** Profile header (for ASN suggestions). */
  profileName: ['div[role="main"] h1', 'h1'],
  profileBio: [
    // Comet "Intro" card: the bio text block.
    'div[data-pagelet="ProfileTilesFeed_0"] span[dir="auto"]',
    'div[data-pagelet*="ProfileTiles"] span[dir="auto"]',
  ],
  profileLinks: ['div[data-pagelet*="ProfileTiles"] a[href^="https://l.facebook.com/"]'],
} as const;

export type FacebookSelectorName = keyof typeof FACEBOOK_SELECTORS;
