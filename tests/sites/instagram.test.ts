// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { instagramAdapter, instagramHandleFromHref, instagramPostFromHref } from '../../lib/sites/instagram';
import { PostSnapshotSchema } from '../../lib/sites/snapshot';
import { COMMENT_SUPPORT, XSS_TEXT } from '../fixtures/templates/content';
import { IG_FEED_CODES, IG_POST_CODE } from '../fixtures/templates/instagram-pages';
import { loadFixture, loadHtml, NOW, readAll } from './helpers';

const CAMPAIGN = 'Ayo coblos nomor 2, lanjutkan 2 periode! ✌️ #2019TetapJokowi';

describe('instagram: link parsing', () => {
  test.each([
    ['/budi_asn/', 'budi_asn'],
    ['https://www.instagram.com/siti.rahma/', 'siti.rahma'],
    ['/p/C3bUdIaSn01/', undefined],
    ['/explore/tags/pemilu/', undefined],
    ['/reels/', undefined],
    ['https://l.instagram.com/?u=x', undefined],
    ['https://example.com/budi_asn/', undefined],
  ])('handle of %s', (href, want) => {
    expect(instagramHandleFromHref(href)).toBe(want);
  });

  test.each([
    ['/p/C3bUdIaSn01/', { code: 'C3bUdIaSn01', path: 'p' }],
    ['/reel/C3rEeLaG06/', { code: 'C3rEeLaG06', path: 'reel' }],
    ['/p/X1/c/179/', { code: 'X1', path: 'p', comment: '179' }],
    ['/p/X1/c/179/r/180/', { code: 'X1', path: 'p', comment: '179', reply: '180' }],
    ['/budi_asn/', undefined],
  ])('post ref of %s', (href, want) => {
    expect(instagramPostFromHref(href)).toEqual(want);
  });
});

describe('instagram: feed.html fixture', () => {
  const all = readAll(instagramAdapter, loadFixture('instagram/feed.html', 'https://www.instagram.com/'));

  test('6 articles: 5 posts read, the sponsored one skipped; the stories tray is not a post', () => {
    expect(all.containers).toHaveLength(6);
    expect(all.skipped).toEqual(['sponsored']);
    expect(all.drift).toEqual([]);
    expect(all.snapshots.map((s) => [s.author.handle, s.postId])).toEqual([
      ['budi_asn', IG_FEED_CODES[0]],
      ['warga_biasa', IG_FEED_CODES[1]],
      ['siti.rahma', IG_FEED_CODES[2]],
      ['iseng_xss', IG_FEED_CODES[3]],
      ['agus_pratama', IG_FEED_CODES[5]],
    ]);
    for (const s of all.snapshots) PostSnapshotSchema.parse(s);
  });

  test('captions: campaign text with its hashtag, markup as text, "more" left out', () => {
    expect(all.snapshots[0]).toMatchObject({ text: CAMPAIGN, publishedAt: '2024-02-10T02:00:00.000Z' });
    expect(all.snapshots[1]!.text).toBe(CAMPAIGN);
    expect(all.snapshots[3]!.text).toBe(XSS_TEXT);
    expect(all.snapshots[4]!.url).toBe(`https://www.instagram.com/reel/${IG_FEED_CODES[5]}/`);
  });

  test('marker anchor is the username in the header', () => {
    const anchor = instagramAdapter.markerAnchor(all.containers[0]!);
    expect(anchor.className).toBe('username');
  });
});

describe('instagram: post.html fixture', () => {
  const all = readAll(
    instagramAdapter,
    loadFixture('instagram/post.html', `https://www.instagram.com/p/${IG_POST_CODE}/`),
  );
  const post = { handle: 'budi_asn' };

  test('the post (caption heading) and 4 comments, one of them a reply', () => {
    expect(all.snapshots.map((s) => s.kind)).toEqual(['post', 'comment', 'comment', 'comment', 'comment']);
    expect(all.snapshots[0]).toMatchObject({ postId: IG_POST_CODE, author: post, text: CAMPAIGN });
    expect(all.snapshots[1]).toMatchObject({
      postId: '17900000000000001',
      author: { handle: 'warga_biasa' },
      text: COMMENT_SUPPORT,
      context: { parentAuthor: post, inReplyTo: IG_POST_CODE },
      url: `https://www.instagram.com/p/${IG_POST_CODE}/c/17900000000000001/`,
    });
    expect(all.snapshots[2]).toMatchObject({
      postId: '17900000000000002',
      author: post,
      context: { parentAuthor: { handle: 'warga_biasa' }, inReplyTo: '17900000000000001' },
    });
    expect(all.snapshots[4]).toMatchObject({ author: { handle: 'iseng_xss' }, text: XSS_TEXT });
  });
});

describe('instagram: profile-budi.html fixture', () => {
  test('reads the header; the grid is not read as posts', () => {
    const doc = loadFixture('instagram/profile-budi.html', 'https://www.instagram.com/budi_asn/');
    expect(instagramAdapter.readProfile!(doc)).toEqual({
      site: 'instagram',
      handle: 'budi_asn',
      displayName: 'Budi Santoso',
      bio: 'ASN Pemkab Sleman 📚\nGuru SMP · akun pribadi',
      links: ['https://l.instagram.com/?u=https%3A%2F%2Fbudisantoso.id%2F&e=fixture'],
    });
    expect(instagramAdapter.findPosts(doc)).toEqual([]);
  });

  test('no profile on the feed or a post page', () => {
    expect(
      instagramAdapter.readProfile!(loadFixture('instagram/feed.html', 'https://www.instagram.com/')),
    ).toBeUndefined();
    expect(
      instagramAdapter.readProfile!(
        loadFixture('instagram/post.html', `https://www.instagram.com/p/${IG_POST_CODE}/`),
      ),
    ).toBeUndefined();
  });
});

describe('instagram: drift', () => {
  const article = (inner: string) =>
    loadHtml(`<main><article>${inner}</article></main>`, 'https://www.instagram.com/').querySelector(
      'article',
    )!;
  const head =
    '<header><a href="/budi_asn/" role="link">budi_asn</a><a href="/p/ABC/"><time datetime="2024-02-10T00:00:00Z">1 j</time></a></header>';

  test.each([
    ['complete, no caption', head, true],
    ['no links at all', '<header><span>budi_asn</span></header>', ['author']],
    [
      'only the time link in the header',
      '<header><a href="/p/ABC/"><time datetime="2024-02-10T00:00:00Z">1 j</time></a></header>',
      ['author.handle'],
    ],
    ['author link of unknown shape', head.replace('/budi_asn/', '/explore/'), ['author.handle']],
    ['no time link', '<header><a href="/budi_asn/" role="link">budi_asn</a></header>', ['time']],
    // Issue #18: a found post is kept with what is known; the missing caption counts as drift.
    [
      'caption byline without caption text',
      `${head}<div><div><a href="/budi_asn/" role="link">budi_asn</a></div></div>`,
      { partial: ['captionText'] },
    ],
    [
      'no time link but a caption and a link to the post',
      `<header><a href="/budi_asn/" role="link">budi_asn</a></header><div><div><a href="/budi_asn/" role="link">budi_asn</a></div><span dir="auto">Salam dari Sleman</span></div><a href="/p/ABC/comments/">12 komentar</a>`,
      true,
    ],
    [
      'no time link, a caption, no link to the post',
      `<header><a href="/budi_asn/" role="link">budi_asn</a></header><div><div><a href="/budi_asn/" role="link">budi_asn</a></div><span dir="auto">Salam dari Sleman</span></div>`,
      { partial: ['time'] },
    ],
  ])('%s', (_label, inner, want) => {
    const read = instagramAdapter.readPost(article(inner), NOW);
    if (want === true) expect(read).toMatchObject({ ok: true });
    else if (Array.isArray(want)) expect(read).toEqual({ ok: false, drift: want });
    else expect(read).toMatchObject({ ok: true, ...want });
  });
});
