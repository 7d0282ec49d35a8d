// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { PostSnapshotSchema } from '../../lib/sites/snapshot';
import { youtubeAdapter, youtubeAuthorFromHref, youtubeIdFromHref } from '../../lib/sites/youtube';
import { COMMENT_SUPPORT, XSS_NAME, XSS_TEXT } from '../fixtures/templates/content';
import { YT_VIDEO_ID, ytCommentId } from '../fixtures/templates/youtube-pages';
import { hasRealPage, loadFixture, loadHtml, loadRealPage, NOW, readAll } from './helpers';

describe('youtube: link parsing', () => {
  test.each([
    ['/@BudiASN', { handle: 'BudiASN' }],
    ['https://www.youtube.com/@WargaBiasa/videos', { handle: 'WargaBiasa' }],
    [
      '/channel/UCXgxNzAgZ1GExhTW4X1mUrg',
      { handle: 'UCXgxNzAgZ1GExhTW4X1mUrg', id: 'UCXgxNzAgZ1GExhTW4X1mUrg' },
    ],
    ['/c/MarcRebillet', { handle: 'MarcRebillet' }],
    ['/watch?v=abc', undefined],
    ['/channel/short', undefined],
    ['/@', undefined],
    [null, undefined],
  ])('author of %s', (href, want) => {
    expect(youtubeAuthorFromHref(href)).toEqual(want);
  });

  test.each([
    ['/watch?v=abc&lc=Ugx1', { lc: 'Ugx1', video: 'abc' }],
    ['/post/UgkxP', { post: 'UgkxP' }],
    ['/channel/UC1/community?lb=UgkxQ', { post: 'UgkxQ' }],
    ['/shorts/sh0rt', { video: 'sh0rt' }],
    ['/@BudiASN', {}],
  ])('ids in %s', (href, want) => {
    expect(youtubeIdFromHref(href)).toEqual(want);
  });
});

describe('youtube: watch.html fixture (2024+ layout)', () => {
  const doc = loadFixture('youtube/watch.html', `https://www.youtube.com/watch?v=${YT_VIDEO_ID}`);
  const all = readAll(youtubeAdapter, doc);
  const byId = new Map(all.snapshots.map((s) => [s.postId, s]));
  const owner = { handle: 'Paslon02Official', displayName: 'Paslon 02 Official' };
  const onVideo = { parentAuthor: owner, inReplyTo: YT_VIDEO_ID };

  test('finds the video and 8 comments (6 threads, 2 replies), no drift', () => {
    expect(all.containers).toHaveLength(9);
    expect(all.snapshots).toHaveLength(9);
    expect(all.drift).toEqual([]);
    expect(all.skipped).toEqual([]);
    for (const s of all.snapshots) PostSnapshotSchema.parse(s);
  });

  test('the video is a post by its owner with title and description', () => {
    expect(all.snapshots[0]).toEqual({
      site: 'youtube',
      kind: 'post',
      postId: YT_VIDEO_ID,
      url: `https://www.youtube.com/watch?v=${YT_VIDEO_ID}`,
      author: owner,
      text: 'Kampanye Akbar Paslon 02 di Yogyakarta: Lanjutkan Pembangunan!\n\nSaksikan orasi lengkap paslon 02 di Stadion Mandala Krida.\nJangan lupa 14 Februari datang ke TPS! #Pemilu2024 #Paslon02',
      publishedAt: '2024-01-20T11:00:00.000Z',
      capturedAt: NOW.toISOString(),
    });
  });

  test.each([
    [ytCommentId(2), { handle: 'BudiASN', displayName: 'Budi Santoso' }, COMMENT_SUPPORT, onVideo],
    [ytCommentId(5), { handle: 'WargaBiasa', displayName: 'Warga Biasa' }, COMMENT_SUPPORT, onVideo],
    [ytCommentId(6), { handle: 'IsengXSS', displayName: XSS_NAME }, XSS_TEXT, onVideo],
    [ytCommentId(1), owner, 'Terima kasih atas dukungannya! Jangan lupa 14 Februari datang ke TPS.', onVideo],
    [
      `${ytCommentId(2)}.${ytCommentId(3)}`,
      { handle: 'WargaBiasa', displayName: 'Warga Biasa' },
      'Setuju pak ✌️',
      { parentAuthor: { handle: 'BudiASN', displayName: 'Budi Santoso' }, inReplyTo: ytCommentId(2) },
    ],
  ])('comment %s', (postId, author, text, context) => {
    const s = byId.get(postId)!;
    expect(s).toMatchObject({ kind: 'comment', author, text, context });
    expect(s.url).toBe(`https://www.youtube.com/watch?v=${YT_VIDEO_ID}&lc=${postId}`);
  });

  test('markerAnchor: the owner row for the video, #header-author for comments', () => {
    expect(youtubeAdapter.markerAnchor(all.containers[0]!).tagName).toBe('YTD-VIDEO-OWNER-RENDERER');
    for (const c of all.containers.slice(1)) expect(youtubeAdapter.markerAnchor(c).id).toBe('header-author');
  });

  test('sidebar ads and recommendations are not posts; readProfile is undefined here', () => {
    expect(all.snapshots.some((s) => s.text.includes('Diskon'))).toBe(false);
    expect(youtubeAdapter.readProfile!(doc)).toBeUndefined();
  });
});

describe('youtube: channel-community.html fixture', () => {
  const doc = loadFixture('youtube/channel-community.html', 'https://www.youtube.com/@BudiASN/community');

  test('two community posts by BudiASN', () => {
    const all = readAll(youtubeAdapter, doc);
    expect(all.snapshots.map((s) => [s.kind, s.author.handle, s.postId])).toEqual([
      ['post', 'BudiASN', 'UgkxFixturePost000000000001'],
      ['post', 'BudiASN', 'UgkxFixturePost000000000002'],
    ]);
    expect(all.snapshots[0]!.url).toBe('https://www.youtube.com/post/UgkxFixturePost000000000001');
  });

  test('reads the channel header as a profile', () => {
    expect(youtubeAdapter.readProfile!(doc)).toEqual({
      site: 'youtube',
      handle: 'BudiASN',
      displayName: 'Budi Santoso',
      bio: 'ASN Pemkab Sleman. Konten pribadi seputar pendidikan dan kuliner.',
      links: ['https://www.youtube.com/redirect?q=https%3A%2F%2Fbudisantoso.id'],
    });
  });
});

describe('youtube: drift and skips', () => {
  const comment = (inner: string) =>
    loadHtml(
      `<ytd-comment-view-model>${inner}</ytd-comment-view-model>`,
      'https://www.youtube.com/watch?v=abc',
    ).querySelector('ytd-comment-view-model')!;
  const author = '<div id="header-author"><a id="author-text" href="/@BudiASN"><span>@BudiASN</span></a>';
  const time = '<span id="published-time-text"><a href="/watch?v=abc&amp;lc=Ugx1">1 hari</a></span></div>';
  const text = '<yt-attributed-string id="content-text"><span>halo</span></yt-attributed-string>';

  test.each([
    ['complete', `${author}${time}${text}`, true],
    ['no author link', `<div id="header-author">${time}${text}`, ['author']],
    [
      'author link of unknown shape',
      `${author.replace('/@BudiASN', '/feed/you')}${time}${text}`,
      ['author.handle'],
    ],
    ['no text', `${author}${time}`, ['text']],
    ['no permalink', `${author}</div>${text}`, ['permalink']],
  ])('%s', (_label, inner, want) => {
    const read = youtubeAdapter.readPost(comment(inner), NOW);
    if (want === true) expect(read.ok).toBe(true);
    else expect(read).toEqual({ ok: false, drift: want });
  });

  test('m.youtube.com comments read without a permalink; desktop ones without it are drift', () => {
    const doc = loadHtml(
      `<ytm-comment-renderer><a href="/@BudiASN">@BudiASN</a><p class="comment-text">Ayo coblos</p></ytm-comment-renderer>`,
      'https://m.youtube.com/watch?v=abc',
    );
    const [mobile] = youtubeAdapter.findPosts(doc);
    expect(youtubeAdapter.readPost(mobile!, NOW)).toMatchObject({
      ok: true,
      snapshot: { kind: 'comment', author: { handle: 'BudiASN' }, text: 'Ayo coblos' },
    });
  });

  test('an empty, not yet rendered element is skipped, not drift', () => {
    expect(youtubeAdapter.readPost(comment(''), NOW)).toEqual({ ok: 'skip', reason: 'not rendered yet' });
  });
});

const REAL = 'youtube/trex_2022-03_youtube-watch-5AhZh4A7NLM-20threads.html';
describe.skipIf(!hasRealPage(REAL))('youtube: real page, legacy layout 2022 (20 threads)', () => {
  const doc = loadRealPage(REAL, 'https://www.youtube.com/watch?v=5AhZh4A7NLM');
  const all = readAll(youtubeAdapter, doc);

  test('the video plus 20 comments, all read, no drift', () => {
    expect(doc.querySelectorAll('ytd-comment-thread-renderer')).toHaveLength(20);
    expect(all.containers).toHaveLength(21);
    expect(all.snapshots).toHaveLength(21);
    expect(all.drift).toEqual([]);
  });

  test('legacy channel links give the channel id as handle and id', () => {
    const owner = {
      handle: 'UCXgxNzAgZ1GExhTW4X1mUrg',
      id: 'UCXgxNzAgZ1GExhTW4X1mUrg',
      displayName: 'Marc Rebillet',
    };
    expect(all.snapshots[0]).toMatchObject({ kind: 'post', postId: '5AhZh4A7NLM', author: owner });
    expect(all.snapshots[0]!.text.startsWith('i want to die\n\n')).toBe(true);
    expect(all.snapshots[1]).toMatchObject({
      kind: 'comment',
      postId: 'Ugzd8WgbpkrOaWyE7PR4AaABAg',
      author: owner,
      text: '(with you)',
      context: { parentAuthor: owner, inReplyTo: '5AhZh4A7NLM' },
    });
    expect(all.snapshots[2]).toMatchObject({
      author: { handle: 'UCwJAT4MkoZyGPQ7oYVjeEOg', displayName: 'Sam Clark' },
      url: 'https://www.youtube.com/watch?v=5AhZh4A7NLM&lc=UgwZHfYlgQuxMnzqJwR4AaABAg',
    });
  });

  test('every comment has text and an lc permalink', () => {
    for (const s of all.snapshots.slice(1)) {
      expect(s.text.length).toBeGreaterThan(0);
      expect(s.url).toContain('&lc=');
    }
  });
});
