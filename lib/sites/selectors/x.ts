// X (x.com, twitter.com, mobile.x.com) selectors: logical name → ordered CSS alternatives.
// Sources and confidence: shared/SITES.md; verified against shared/pages/x (2020-10..2025-10).
// Only data-testid, role, aria-*, element names and link shapes: X's atomic classes (css-…, r-…)
// change every few weeks.

export const X_SELECTORS = {
  /** One tweet: timeline, status page (focal tweet and replies), profile. */
  post: [
    // All layouts 2020-2025.
    'article[data-testid="tweet"]',
    // Fallback if the testid is dropped: the timeline cell still wraps one ARIA article.
    '[data-testid="cellInnerDiv"] article[role="article"]',
  ],
  /** Wrappers whose tweets are ads: the ad slot is an ancestor of the article. */
  promoted: [
    // Promoted tweets and promoted trends 2022-2025 (inside an article it wraps Spaces cards:
    // only an ancestor counts).
    '[data-testid="placementTracking"]',
  ],
  /** Places that show tweet-like content that is not a timeline post: never read from them. */
  excluded: [
    // Messages drawer (bottom right) renders shared tweets with tweetText but no article.
    '[data-testid="DMDrawer"]',
    // Full messages page conversation pane.
    '[data-testid="DmActivityContainer"]',
    // Profile hover card.
    '[data-testid="HoverCard"]',
  ],
  /** Author block: display name, @handle, time. The first one in an article is the author's. */
  author: [
    // 2020-2025.
    '[data-testid="User-Name"]',
  ],
  /** Tweet text (a quote card holds a second one). */
  text: [
    // 2020-2025; lang/dir attributes vary.
    '[data-testid="tweetText"]',
  ],
  /** Media or cards that let a tweet have no text at all (image-only, link-only, poll). */
  media: [
    '[data-testid="tweetPhoto"]',
    '[data-testid="videoPlayer"]',
    '[data-testid="videoComponent"]',
    '[data-testid="previewInterstitial"]',
    '[data-testid="testCondensedMedia"]',
    '[data-testid="card.wrapper"]',
    '[data-testid="cardPoll"]',
    // Spaces and broadcast cards are ad-slot-tracked inside the article.
    '[data-testid="placementTracking"]',
  ],
  /** The quoted tweet's card inside a quote tweet: a focusable link-role box with its own User-Name. */
  quoteCard: [
    // 2023-2025: `div[aria-labelledby] > div[role=link][tabindex=0]` holding the quoted tweet.
    'div[role="link"][tabindex="0"]',
    // Older cards without tabindex.
    'div[role="link"]',
  ],
  /** The tweet's time; its parent link is the permalink (other /status/ links are /photo/, /analytics). */
  time: [
    // Timeline and focal tweet, 2020-2025.
    'a[href*="/status/"] time[datetime]',
    // Without the link (quote cards, some embeds): time only.
    'time[datetime]',
  ],
  /** "X reposted", "Pinned", community context above the author row. */
  socialContext: [
    // 2020-2025; the reposter's profile link wraps or contains it.
    '[data-testid="socialContext"]',
  ],
  /** Section headings between timeline cells ("Discover more" under a conversation): replies end there. */
  sectionHeading: [
    '[data-testid="cellInnerDiv"] h2[role="heading"]',
    '[data-testid="cellInnerDiv"] [role="heading"]',
  ],
  /**
   * A long-form Article's reader (2024-26): on its own page (`/<user>/article/<id>`) outside any
   * tweet article, on the status page inside the tweet's. Read as one post: title and body.
   */
  articleView: ['[data-testid="twitterArticleReadView"]'],
  /** The Article's title and body blocks inside the reader. */
  articleTitle: ['[data-testid="twitter-article-title"]'],
  articleBody: ['[data-testid="longformRichTextComponent"]', '[data-testid="twitterArticleRichTextView"]'],
  /** Profile page header (for ASN suggestions). */
  profileName: ['[data-testid="UserName"]'],
  profileBio: ['[data-testid="UserDescription"]'],
  profileUrl: ['[data-testid="UserUrl"]'],
} as const;

export type XSelectorName = keyof typeof X_SELECTORS;
