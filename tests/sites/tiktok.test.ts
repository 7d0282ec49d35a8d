// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { PostSnapshotSchema } from '../../lib/sites/snapshot';
import { tiktokAdapter, tiktokHandleFromHref, tiktokIdTime, tiktokVideoId } from '../../lib/sites/tiktok';
import { XSS_NAME, XSS_TEXT } from '../fixtures/templates/content';
import { TT_COMMENT_IDS, TT_FEED_IDS, TT_VIDEO_ID } from '../fixtures/templates/tiktok-pages';
import { hasRealPage, loadFixture, loadHtml, loadRealPage, NOW, readAll } from './helpers';

const CAMPAIGN = 'Ayo coblos nomor 2, lanjutkan 2 periode! ✌️ #2019TetapJokowi';

describe('tiktok: parsing helpers', () => {
  test.each([
    ['/@budi_asn', 'budi_asn'],
    ['https://www.tiktok.com/@siti.rahma/video/1', 'siti.rahma'],
    ['/tag/pemilu', undefined],
    ['/@', undefined],
    [undefined, undefined],
  ])('handle of %s', (href, want) => {
    expect(tiktokHandleFromHref(href)).toBe(want);
  });

  test.each([
    ['https://www.tiktok.com/@a/video/7135383664971582725', '7135383664971582725'],
    ['/@a/photo/7135383664971582725', '7135383664971582725'],
    ['xgwrapper-4-7135383664971582725', '7135383664971582725'],
    ['/@a', undefined],
    ['xgwrapper-4-abc', undefined],
  ])('video id of %s', (value, want) => {
    expect(tiktokVideoId(value)).toBe(want);
  });

  test.each([
    ['7135383664971582725', '2022-08-24T10:12:51.000Z'],
    ['12345', undefined],
    ['not-a-number', undefined],
    [undefined, undefined],
  ])('time of id %s', (id, want) => {
    expect(tiktokIdTime(id)).toBe(want);
  });
});

describe('tiktok: video.html fixture', () => {
  const doc = loadFixture('tiktok/video.html', `https://www.tiktok.com/@budi_asn/video/${TT_VIDEO_ID}`);
  const all = readAll(tiktokAdapter, doc);
  const [c1, c2, c3, c4] = TT_COMMENT_IDS;
  const video = { handle: 'budi_asn', displayName: 'Budi Santoso' };

  test('the video and 6 comments (4 on the video, 2 replies), no drift', () => {
    expect(all.containers).toHaveLength(7);
    expect(all.snapshots.map((s) => s.kind)).toEqual(['post', ...Array(6).fill('comment')]);
    expect(all.drift).toEqual([]);
    for (const s of all.snapshots) PostSnapshotSchema.parse(s);
  });

  test('the video: author, description with hashtags, id time', () => {
    expect(all.snapshots[0]).toEqual({
      site: 'tiktok',
      kind: 'post',
      postId: TT_VIDEO_ID,
      url: `https://www.tiktok.com/@budi_asn/video/${TT_VIDEO_ID}`,
      author: video,
      text: `${CAMPAIGN}  #pemilu`,
      publishedAt: '2024-02-08T00:00:00.000Z',
      capturedAt: NOW.toISOString(),
    });
  });

  test.each([
    [
      c1,
      { handle: 'warga_biasa', displayName: 'Warga Biasa' },
      CAMPAIGN,
      { parentAuthor: video, inReplyTo: TT_VIDEO_ID },
    ],
    [
      c2,
      video,
      'Siap, sampai jumpa di TPS ✌️',
      { parentAuthor: { handle: 'warga_biasa', displayName: 'Warga Biasa' }, inReplyTo: c1 },
    ],
    [
      c3,
      { handle: 'siti.rahma', displayName: 'Siti Rahmawati' },
      'Pak, ASN harus netral lho',
      { parentAuthor: { handle: 'warga_biasa', displayName: 'Warga Biasa' }, inReplyTo: c1 },
    ],
    [
      c4,
      { handle: 'iseng_xss', displayName: XSS_NAME },
      XSS_TEXT,
      { parentAuthor: video, inReplyTo: TT_VIDEO_ID },
    ],
  ])('comment %s', (id, author, text, context) => {
    const s = all.snapshots.find((x) => x.postId === id)!;
    expect(s).toMatchObject({ kind: 'comment', author, text, context });
    expect(s.url).toBe(`https://www.tiktok.com/@budi_asn/video/${TT_VIDEO_ID}`);
  });

  test('marker anchors: the author row (outside the description) and each comment time row', () => {
    const [desc, ...comments] = all.containers;
    const anchor = tiktokAdapter.markerAnchor(desc!);
    expect(anchor.querySelector('[data-e2e="browse-username"]')).not.toBeNull();
    expect(desc!.contains(anchor)).toBe(false);
    for (const c of comments) {
      expect(tiktokAdapter.markerAnchor(c).querySelector('[data-e2e^="comment-time-"]')).not.toBeNull();
    }
  });
});

describe('tiktok: foryou.html fixture', () => {
  const all = readAll(tiktokAdapter, loadFixture('tiktok/foryou.html', 'https://www.tiktok.com/foryou'));

  test('5 feed videos, the fixed accounts post the same campaign text', () => {
    expect(all.snapshots.map((s) => [s.author.handle, s.postId])).toEqual([
      ['budi_asn', TT_FEED_IDS[0]],
      ['siti.rahma', TT_FEED_IDS[1]],
      ['warga_biasa', TT_FEED_IDS[2]],
      ['iseng_xss', TT_FEED_IDS[3]],
      ['agus_pratama', TT_FEED_IDS[4]],
    ]);
    expect(all.snapshots[0]!.text).toBe(CAMPAIGN);
    expect(all.snapshots[2]!.text).toBe(CAMPAIGN);
    expect(all.snapshots[3]!.author.displayName).toBe(XSS_NAME);
    expect(all.drift).toEqual([]);
  });
});

describe('tiktok: profile-budi.html fixture', () => {
  const doc = loadFixture('tiktok/profile-budi.html', 'https://www.tiktok.com/@budi_asn');

  test('reads the profile; the video grid is not read as posts', () => {
    expect(tiktokAdapter.readProfile!(doc)).toEqual({
      site: 'tiktok',
      handle: 'budi_asn',
      displayName: 'Budi Santoso',
      bio: 'ASN Pemkab Sleman 📚\nKonten pribadi, bukan atas nama instansi',
      links: ['https://www.tiktok.com/link/v2?aid=1988&lang=id&target=https%3A%2F%2Fbudisantoso.id'],
    });
    expect(tiktokAdapter.findPosts(doc)).toEqual([]);
  });

  test('readProfile is undefined on a video page', () => {
    expect(
      tiktokAdapter.readProfile!(loadFixture('tiktok/video.html', 'https://www.tiktok.com/')),
    ).toBeUndefined();
  });
});

describe('tiktok: drift', () => {
  test.each([
    [
      'comment without author link or name',
      '<div class="x-DivCommentContentContainer" id="7135383664971582725"><p data-e2e="comment-level-1">halo</p></div>',
      ['commentUser'],
    ],
    [
      'comment whose links are not profiles',
      '<div class="x-DivCommentContentContainer"><a href="/tag/x"><span data-e2e="comment-username-1">A</span></a><p data-e2e="comment-level-1">halo</p></div>',
      ['commentUser.handle'],
    ],
    [
      'feed item without author and description',
      '<div data-e2e="recommend-list-item-container"><div id="xgwrapper-0-7135383664971582725"></div></div>',
      // Without an author there is nothing to key it by; a missing description alone keeps it (issue #18).
      ['feedAuthor'],
    ],
    [
      'video page without author',
      '<div data-e2e="browse-video-desc"><span>halo</span></div>',
      ['browseAuthor'],
    ],
  ])('%s', (_label, html, drift) => {
    const doc = loadHtml(html, 'https://www.tiktok.com/@a/video/7135383664971582725');
    const [container] = tiktokAdapter.findPosts(doc);
    expect(tiktokAdapter.readPost(container!, NOW)).toEqual({ ok: false, drift });
  });

  test('with every class label renamed, the comment is still bounded by its profile link', () => {
    const doc = loadHtml(
      '<div class="list"><div class="a1"><a href="/@warga_biasa"><span data-e2e="comment-username-1">Warga</span></a><p data-e2e="comment-level-1">halo</p></div></div>',
      'https://www.tiktok.com/@budi_asn/video/7135383664971582725',
    );
    const [container] = tiktokAdapter.findPosts(doc);
    expect(container!.className).toBe('a1');
    expect(tiktokAdapter.readPost(container!, NOW)).toMatchObject({
      ok: true,
      snapshot: { author: { handle: 'warga_biasa' } },
    });
  });
});

const REAL = 'tiktok/trex_2022-08_tiktok-video-page-20comments.html';
describe.skipIf(!hasRealPage(REAL))('tiktok: real video page 2022 (20 comments)', () => {
  const doc = loadRealPage(REAL, 'https://www.tiktok.com/@merveilleux123/video/7135383664971582725');
  const all = readAll(tiktokAdapter, doc);

  test('the video plus 20 comments, all read', () => {
    expect(all.containers).toHaveLength(21);
    expect(all.snapshots).toHaveLength(21);
    expect(all.drift).toEqual([]);
    expect(all.snapshots.filter((s) => s.kind === 'comment')).toHaveLength(20);
  });

  test('the video reads from data-e2e and the canonical link', () => {
    expect(all.snapshots[0]).toMatchObject({
      kind: 'post',
      postId: '7135383664971582725',
      author: { handle: 'merveilleux123', displayName: 'Merveilleux123' },
      url: 'https://www.tiktok.com/@merveilleux123/video/7135383664971582725',
      publishedAt: '2022-08-24T10:12:51.000Z',
    });
    expect(all.snapshots[0]!.text.startsWith('Compétences de vie#tiktok')).toBe(true);
  });

  test('comment handle comes from the link, display name from comment-username', () => {
    expect(all.snapshots[1]).toMatchObject({
      postId: '7136970338026177286',
      author: { handle: 'user698505160780cesca', displayName: 'user698505160780' },
      text: 'mesi',
      context: { inReplyTo: '7135383664971582725', parentAuthor: { handle: 'merveilleux123' } },
    });
    expect(all.snapshots[3]).toMatchObject({ author: { handle: 'littleriina', displayName: 'Orianne' } });
  });
});
