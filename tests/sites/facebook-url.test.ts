// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import {
  facebookAdapter,
  facebookCommentPermalink,
  facebookPermalink,
  facebookPostIdFromHref,
  isFacebookActionLink,
} from '../../lib/sites/facebook';
import { guardPostUrls, safePostUrl, unsafePostUrlReason } from '../../lib/sites/permalink';
import type { SiteAdapter } from '../../lib/sites/types';
import { loadHtml, NOW, readAll } from './helpers';

// Issue #18: on basic-mobile Facebook the comment's "Like" link (`like_comment_id=`, carrying the
// monitor's own account id `av=`) became post.url, and "Buka unggahan" GET it: a like, as the
// monitor. Real link shapes (www Comet, m.facebook.com, mbasic) that must and must not become
// permalinks, side by side.

const MONITOR = '100077700000001';
const TOKENS = `gfid=AQBxPlaceholder&av=${MONITOR}&eav=AfPlaceholder&refid=52&__tn__=R`;

describe('facebook permalinks: action links never, true permalinks canonical', () => {
  test.each([
    // [what, href, canonical URL or undefined]
    [
      'basic "Like" of a comment',
      `/a/comment.php?like_comment_id=2000000001&like_comment_owner_id=100012345678901&${TOKENS}`,
      undefined,
    ],
    ['basic "Unlike" of a comment', `/a/comment.php?unlike_comment_id=2000000001&${TOKENS}`, undefined],
    ['basic post "Like"', `/a/like.php?ul&ft_ent_identifier=123456789012345&${TOKENS}`, undefined],
    ['reaction picker', `/reactions/picker/?ft_id=2000000001&origin_uri=%2Fstory.php&${TOKENS}`, undefined],
    [
      'a reaction',
      `/ufi/reaction/?ft_ent_identifier=123&reaction_type=2&av=${MONITOR}&_ft_&ext=1&hash=AbC`,
      undefined,
    ],
    [
      'basic "Reply" form',
      `/comment/replies/?ctoken=123_2000000001&count=0&curr&pc=1&ft_ent_identifier=123&${TOKENS}`,
      undefined,
    ],
    [
      'basic "More" (report)',
      `/nfx/basic/direct_actions/?context_str=%7B%7D&redirect_uri=%2Fstory.php&${TOKENS}`,
      undefined,
    ],
    ['sharer', '/sharer.php?u=https%3A%2F%2Fwww.facebook.com%2Fbudi%2Fposts%2F1', undefined],
    [
      'a permalink that is also a like',
      `/story.php?story_fbid=123&id=1&like_comment_id=9&${TOKENS}`,
      undefined,
    ],
    [
      'a profile link tagged with a comment id (Comet)',
      '/warga.biasa?comment_id=1000000001&__cft__[0]=AZ',
      undefined,
    ],
    ['a profile', '/budi.asn.pemkab', undefined],
    ['the likes list', '/506599914390205/likes/', undefined],
    ['a hashtag', '/hashtag/pemilu2024?__eep__=6', undefined],
    [
      'basic story permalink with ~1 kB of _ft_',
      `https://mbasic.facebook.com/story.php?story_fbid=123456789012345&id=100012345678901&_ft_=mf_story_key.123456789012345%3Atop_level_post_id.123456789012345%3Atl_objid.123456789012345%3Acontent_owner_id_new.100012345678901%3Apage_insights.%7B%7D&${TOKENS}`,
      'https://mbasic.facebook.com/story.php?story_fbid=123456789012345&id=100012345678901',
    ],
    [
      'basic comment permalink (session stripped)',
      `https://m.facebook.com/story.php?story_fbid=123&id=1&comment_id=2000000001&${TOKENS}`,
      'https://m.facebook.com/story.php?story_fbid=123&id=1&comment_id=2000000001',
    ],
    [
      'Comet comment timestamp link',
      '/budi.asn.pemkab/posts/pfbid0Abc?comment_id=1000000001&__cft__[0]=AZX&__tn__=R]-R',
      'https://www.facebook.com/budi.asn.pemkab/posts/pfbid0Abc?comment_id=1000000001',
    ],
    [
      'Comet reply timestamp link',
      '/groups/asnsleman/posts/778899/?comment_id=1&reply_comment_id=2&__cft__[0]=AZ',
      'https://www.facebook.com/groups/asnsleman/posts/778899/?comment_id=1&reply_comment_id=2',
    ],
    [
      'group permalink',
      '/groups/asnsleman/permalink/778899/?ref=share',
      'https://www.facebook.com/groups/asnsleman/permalink/778899/',
    ],
    [
      'page post',
      'https://web.facebook.com/108686864181514/posts/427586212291576?_rdr',
      'https://web.facebook.com/108686864181514/posts/427586212291576',
    ],
    [
      'photo page',
      '/photo/?fbid=789&set=a.1&__tn__=EH-R',
      'https://www.facebook.com/photo/?fbid=789&set=a.1',
    ],
    [
      'basic photo page',
      'https://mbasic.facebook.com/photo.php?fbid=789&id=1&set=a.2&refid=13&__tn__=%2B%3D',
      'https://mbasic.facebook.com/photo.php?fbid=789&id=1&set=a.2',
    ],
    [
      'photo in an album',
      '/wa3i/photos/a.114491583601042/506427961074067/?type=3',
      'https://www.facebook.com/wa3i/photos/a.114491583601042/506427961074067/',
    ],
    ['video', '/budi/videos/1234567890/?fbclid=IwAR0x', 'https://www.facebook.com/budi/videos/1234567890/'],
    ['watch', '/watch/?v=1234567890&mibextid=abc', 'https://www.facebook.com/watch/?v=1234567890'],
    ['reel', '/reel/1234567890?s=yWDuG2&fs=e', 'https://www.facebook.com/reel/1234567890'],
  ])('%s', (_what, href, want) => {
    expect(facebookPermalink(href)?.url).toBe(want);
    if (want) expect(safePostUrl(want)).toBe(want);
  });

  test.each([
    [`/a/comment.php?like_comment_id=2000000001&${TOKENS}`, true],
    [`/reactions/picker/?ft_id=1&${TOKENS}`, true],
    [`/comment/replies/?ctoken=1_2&${TOKENS}`, true],
    [`/story.php?story_fbid=1&id=2&${TOKENS}`, false],
    ['/budi/posts/1?comment_id=2', false],
  ])('action link %s: %s', (href, want) => {
    expect(isFacebookActionLink(href)).toBe(want);
  });

  test.each([
    ['/budi/posts/1?comment_id=2&reply_comment_id=3', { commentId: '2', replyId: '3', postId: '1' }],
    // Comet writes some ids as base64 of "comment:<post>_<comment>".
    [`/budi/posts/1?comment_id=${btoa('comment:1_4455')}`, { commentId: '4455', postId: '1' }],
    [`/a/comment.php?like_comment_id=2&${TOKENS}`, undefined],
    ['/warga.biasa?comment_id=2', undefined],
    ['/budi/posts/1', undefined],
  ])('comment permalink %s', (href, want) => {
    const got = facebookCommentPermalink(href);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toMatchObject(want);
  });

  test.each([
    [`/a/like.php?ft_ent_identifier=123&${TOKENS}`, undefined],
    ['https://www.facebook.com/budi/posts/pfbid0abc', 'pfbid0abc'],
  ])('post id of %s', (href, want) => {
    expect(facebookPostIdFromHref(href)).toBe(want);
  });
});

describe('the post URL guard (every site)', () => {
  test.each([
    ['https://x.com/budi_asn/status/1790000000000000001', undefined],
    ['https://www.youtube.com/watch?v=abc&lc=Ugx', undefined],
    ['https://www.tiktok.com/@budi_asn/video/7300000000000000001', undefined],
    ['https://www.instagram.com/p/C3bUdIaSn99/', undefined],
    [`https://m.facebook.com/a/comment.php?like_comment_id=1&${TOKENS}`, 'action path /a/comment.php'],
    [`https://m.facebook.com/story.php?story_fbid=1&id=2&av=${MONITOR}`, 'session parameter av'],
    ['https://www.facebook.com/story.php?story_fbid=1&fb_dtsg=AQH', 'session parameter fb_dtsg'],
    ['https://x.com/intent/like?tweet_id=1', 'action path /intent/like'],
    ['https://x.com/budi/status/1?like_comment_id=1', 'action parameter like_comment_id'],
    ['https://user:pw@x.com/budi/status/1', 'credentials in the URL'],
    ['javascript:alert(1)', 'not a web URL'],
  ])('%s: %s', (href, reason) => {
    expect(unsafePostUrlReason(href)).toBe(reason);
  });

  test('an adapter whose selectors picked an action link keeps the post, without the link', () => {
    const leaky: SiteAdapter = {
      site: 'facebook',
      findPosts: () => [],
      markerAnchor: (el) => el,
      readPost: () => ({
        ok: true,
        snapshot: {
          site: 'facebook',
          kind: 'comment',
          url: `https://m.facebook.com/a/comment.php?like_comment_id=1&${TOKENS}`,
          author: { handle: 'warga.biasa' },
          text: 'Mantap',
          capturedAt: NOW.toISOString(),
        },
      }),
    };
    const read = guardPostUrls(leaky).readPost(loadHtml('<div></div>').body, NOW);
    expect(read).toMatchObject({ ok: true, snapshot: { author: { handle: 'warga.biasa' }, text: 'Mantap' } });
    expect(read.ok === true && 'url' in read.snapshot).toBe(false);
  });
});

// A signed-in basic-mobile post page: the structure of the basic layout (shared/pages/facebook,
// tests/fixtures/real/SOURCES.md) with the action bar a signed-in page gives each comment.
const actions = (id: string) =>
  `<div><abbr>2 jam</abbr> · <a href="/a/comment.php?like_comment_id=${id}&amp;like_comment_owner_id=100012345678901&amp;gfid=AQBx&amp;av=${MONITOR}&amp;refid=52&amp;ft_ent_identifier=123456789012345&amp;__tn__=R">Suka</a> · <a href="/reactions/picker/?ft_id=${id}&amp;origin_uri=%2Fstory.php&amp;av=${MONITOR}">Tanggapi</a> · <a href="/comment/replies/?ctoken=123456789012345_${id}&amp;count=0&amp;curr&amp;pc=1&amp;ft_ent_identifier=123456789012345&amp;gfid=AQBx&amp;av=${MONITOR}&amp;refid=52&amp;__tn__=R">Balas</a> · <a href="/nfx/basic/direct_actions/?context_str=%7B%22comment_id%22%3A${id}%7D&amp;av=${MONITOR}">Lainnya</a></div>`;
const comment = (id: string, href: string, name: string, text: string, permalink = '') =>
  `<div id="${id}"><div><h3><a href="${href}">${name}</a></h3><div>${text}</div>${permalink}${actions(id)}</div></div>`;
const SIGNED_IN = `<!DOCTYPE html><html><body><div id="root" role="main"><div id="m_story_permalink_view">
<div data-ft='{"mf_story_key":"123456789012345","top_level_post_id":"123456789012345"}'><header><h3><strong><a href="/budi.asn.pemkab?refid=52&amp;__tn__=C-R">Budi Santoso</a></strong></h3></header><div data-ft='{"tn":"*s"}'><p>Ayo coblos nomor 2 ✌️</p></div></div>
<div id="ufi_123456789012345"><div>
${comment('2000000001', '/warga.biasa?refid=52&amp;__tn__=R', 'Warga Biasa', 'Mantap pak, lanjutkan!')}
${comment('2000000002', '/profile.php?id=100011111111111&amp;refid=52', 'Siti Rahmawati', 'ASN wajib netral', `<div><a href="/story.php?story_fbid=123456789012345&amp;id=100012345678901&amp;comment_id=2000000002&amp;av=${MONITOR}&amp;_ft_=top_level_post_id.123456789012345">Tautan</a></div>`)}
</div></div></div></div></body></html>`;

describe('facebook: a signed-in basic-mobile post page', () => {
  const doc = loadHtml(
    SIGNED_IN,
    `https://mbasic.facebook.com/story.php?story_fbid=123456789012345&id=100012345678901&refid=8&av=${MONITOR}`,
  );
  const all = readAll(facebookAdapter, doc);
  const comments = all.snapshots.filter((s) => s.kind === 'comment');

  test('the post and both comments are read', () => {
    expect(all.snapshots.map((s) => s.kind)).toEqual(['post', 'comment', 'comment']);
  });

  test('no URL carries the monitor account id, a session token or an action', () => {
    for (const s of all.snapshots) {
      expect(s.url ?? '').not.toContain(MONITOR);
      expect(s.url ?? '').not.toMatch(/like_comment_id|reactions|\/a\/|ctoken|gfid|_ft_/);
      if (s.url) expect(unsafePostUrlReason(s.url)).toBeUndefined();
    }
  });

  test('the post URL is its clean permalink; a comment without a permalink is its post URL plus comment_id', () => {
    expect(all.snapshots[0]?.url).toBe(
      'https://mbasic.facebook.com/story.php?story_fbid=123456789012345&id=100012345678901',
    );
    expect(comments.map((c) => [c.postId, c.url])).toEqual([
      [
        '2000000001',
        'https://mbasic.facebook.com/story.php?story_fbid=123456789012345&id=100012345678901&comment_id=2000000001',
      ],
      [
        '2000000002',
        'https://mbasic.facebook.com/story.php?story_fbid=123456789012345&id=100012345678901&comment_id=2000000002',
      ],
    ]);
  });
});
