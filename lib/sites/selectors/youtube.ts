// YouTube (www.youtube.com, m.youtube.com) selectors: logical name → ordered CSS alternatives.
// YouTube's custom element names and element ids are its stable public surface (ad blockers and
// BlockTube rely on them). Sources: shared/SITES.md; the 2022 legacy layout is verified against
// shared/pages/youtube; the 2024+ view-model layout follows SITES.md (no real capture).

export const YOUTUBE_SELECTORS = {
  /** One comment or reply. */
  comment: [
    // Desktop 2024+: comments rendered from view models.
    'ytd-comment-view-model',
    // Desktop legacy (2022 capture): thread's `ytd-comment-renderer#comment`, replies alike.
    'ytd-comment-renderer',
    // m.youtube.com (confidence C).
    'ytm-comment-renderer',
  ],
  /** A comment thread: the top comment plus its replies. */
  thread: ['ytd-comment-thread-renderer', 'ytm-comment-thread-renderer'],
  /** The replies block of a thread (a comment inside it is a reply to the thread's top comment). */
  replies: ['ytd-comment-replies-renderer', 'ytm-comment-replies-renderer'],
  /** The video shown on a watch page, as a post by its owner. Hidden blocks of the other layout are skipped. */
  video: [
    // Desktop 2023+: title, owner and description in one block.
    'ytd-watch-metadata:not([hidden])',
    // Desktop legacy: owner and description (the title sits in ytd-video-primary-info-renderer).
    'ytd-video-secondary-info-renderer:not([hidden])',
  ],
  /** A channel community post. */
  communityPost: [
    // Desktop 2023+.
    'ytd-post-renderer',
    // Desktop legacy "backstage" posts.
    'ytd-backstage-post-renderer',
  ],
  /** Author link of a comment or community post: `/@handle`, `/channel/UC…`, legacy `/c/…`, `/user/…`. */
  author: [
    // Desktop, all layouts.
    '#author-text',
    // Mobile and fallbacks: the first profile link of the comment.
    'a[href^="/@"]',
    'a[href^="/channel/"]',
  ],
  /** Author avatar image: its alt is the display name where the author link shows the @handle. */
  authorImage: ['#author-thumbnail img[alt]', 'img[alt]'],
  /** Comment or community post text (full text is in the DOM even when "Read more" is collapsed). */
  text: [
    // Desktop, all layouts (yt-formatted-string legacy, yt-attributed-string 2024+).
    '#content-text',
    // m.youtube.com.
    '.comment-text',
    '.user-text',
  ],
  /** Permalink: the published-time link (`watch?v=…&lc=<commentId>` or `/post/<id>`). */
  permalink: [
    // Desktop 2023+.
    '#published-time-text a[href]',
    // Desktop legacy and any layout: the comment link.
    'a[href*="lc="]',
    // Community posts.
    'a[href*="/post/"]',
    'a[href*="community?lb="]',
  ],
  /** Marker place in a comment: the author row. */
  headerAnchor: ['#header-author', '#header', '.comment-header'],
  /** Video owner's channel link inside the video block. */
  videoOwner: [
    // Desktop, all layouts: the channel name link.
    'ytd-video-owner-renderer ytd-channel-name a[href]',
    'ytd-video-owner-renderer a[href]',
    '#owner a[href]',
  ],
  /** Marker place for the video: the owner row. */
  videoAnchor: ['ytd-video-owner-renderer', '#owner', '#top-row'],
  /** Video title (in the video block, or for the legacy layout anywhere on the page). */
  videoTitle: [
    // Desktop 2023+.
    '#title h1 yt-formatted-string',
    // Desktop legacy (primary info renderer).
    'ytd-video-primary-info-renderer h1 yt-formatted-string',
    'h1 yt-formatted-string:not(:empty)',
  ],
  /** Video description. */
  videoDescription: [
    // Desktop 2023+: the inline expander's attributed string.
    '#description-inline-expander yt-attributed-string',
    '#description-inline-expander',
    // Desktop legacy.
    '#description yt-formatted-string',
  ],
  /** The watch page root that carries the video id. */
  watchRoot: ['ytd-watch-flexy[video-id]', '[video-id]'],
  /** Microformat publish date of the video, where the page carries it. */
  videoDate: ['meta[itemprop="datePublished"]', 'meta[itemprop="uploadDate"]'],
  /** Channel page header (for ASN suggestions). */
  profileHeader: [
    // 2024+ page header.
    'yt-page-header-view-model',
    // 2022-23 tabbed header.
    'ytd-c4-tabbed-header-renderer',
    '#channel-header',
  ],
  profileName: ['yt-dynamic-text-view-model h1', 'h1', '#channel-name #text', '#channel-name'],
  profileHandle: ['yt-content-metadata-view-model', '#channel-handle', '#channel-header-links'],
  profileBio: ['yt-description-preview-view-model', '#channel-tagline', '#description'],
  profileLinks: [
    'yt-attribution-view-model a[href]',
    '#links-holder a[href]',
    '#channel-header-links a[href]',
  ],
} as const;

export type YoutubeSelectorName = keyof typeof YOUTUBE_SELECTORS;
