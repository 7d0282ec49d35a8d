// TikTok (www.tiktok.com, m.tiktok.com) selectors: logical name → ordered CSS alternatives.
// TikTok marks its UI with `data-e2e` test ids; those come first. Its emotion class names carry a
// readable component label (`tiktok-1kimton-DivCommentContentContainer`): the hash part changes,
// the label rarely does, so `[class*="Label"]` is a fallback only. Sources: shared/SITES.md;
// verified against the 2022 video page in shared/pages/tiktok.

export const TIKTOK_SELECTORS = {
  /** Video description on a video page (browse mode). The element is the video's container. */
  browseDesc: [
    // Video page 2022+.
    '[data-e2e="browse-video-desc"]',
    // Photo posts (slideshows) on their page.
    '[data-e2e="browse-photo-desc"]',
  ],
  /** One video in a feed (For You, Following): the item is the container. */
  feedItem: [
    // For You / Following feed 2022+.
    '[data-e2e="recommend-list-item-container"]',
    // Following feed, older.
    '[data-e2e="following-item-container"]',
  ],
  /** Description inside a feed item. */
  feedDesc: ['[data-e2e="video-desc"]', '[data-e2e="photo-desc"]'],
  /** The video author's unique id (handle) on a video page. */
  browseAuthor: [
    // Video page 2022+: the handle text; its parent link is `/@handle`.
    '[data-e2e="browse-username"]',
    // Avatar link.
    'a[data-e2e="browse-user-avatar"]',
  ],
  /** The video author's display name on a video page (followed by " · date"). */
  browseNickname: ['[data-e2e="browser-nickname"]', '[data-e2e="browse-nickname"]'],
  /** The author's handle inside a feed item. */
  feedAuthor: [
    // Feed 2022+: `h3` with the handle inside the author link.
    '[data-e2e="video-author-uniqueid"]',
    '[data-e2e="video-author-avatar"]',
    'a[href^="/@"]',
  ],
  feedNickname: ['[data-e2e="video-author-nickname"]'],
  /** Elements whose id carries the video id (`xgwrapper-<n>-<videoId>`), or links to the video. */
  videoIdHolder: ['[id^="xgwrapper-"]', 'a[href*="/video/"]', 'a[href*="/photo/"]'],
  /** The page's canonical URL (`/@handle/video/<id>`). */
  canonical: ['link[rel="canonical"]', 'meta[property="og:url"]'],
  /** Comment text: level 1 is a comment on the video, level 2 a reply. Each one is one comment. */
  commentText: ['[data-e2e="comment-level-1"]', '[data-e2e="comment-level-2"]'],
  /** Reply text only (level 2). */
  replyText: ['[data-e2e="comment-level-2"]'],
  /** A comment's container, nearest first (the first alternative found above the text wins). */
  comment: [
    // SITES.md (confidence C).
    '[data-e2e="comment-item"]',
    // 2022: one per comment or reply, carries the comment id.
    '[class*="DivCommentContentContainer"]',
    // 2024+: one per comment or reply.
    '[class*="DivCommentItemWrapper"]',
    '[class*="DivCommentObjectWrapper"]',
    // 2022 thread wrapper: only when nothing nearer matches.
    '[class*="DivCommentItemContainer"]',
  ],
  /** A thread (a top comment and its replies). */
  commentThread: ['[class*="DivCommentItemContainer"]', '[class*="DivCommentObjectWrapper"]'],
  /** Commenter display name (the handle is in the enclosing `/@…` link). */
  commentUser: ['[data-e2e="comment-username-1"]', '[data-e2e="comment-username-2"]'],
  /** Commenter avatar link (`/@handle`), a fallback for the handle. */
  commentAvatar: ['[data-e2e="comment-avatar-1"]', '[data-e2e="comment-avatar-2"]'],
  /** The time row of a comment: the marker goes next to it. */
  commentTime: ['[data-e2e="comment-time-1"]', '[data-e2e="comment-time-2"]'],
  /** Profile page header (for ASN suggestions). */
  profileHandle: ['[data-e2e="user-title"]'],
  profileName: ['[data-e2e="user-subtitle"]'],
  profileBio: ['[data-e2e="user-bio"]'],
  profileLink: ['[data-e2e="user-link"]'],
} as const;

export type TiktokSelectorName = keyof typeof TIKTOK_SELECTORS;
