// @vitest-environment happy-dom
import { describe, expect, test, vi } from 'vitest';
import {
  cleanFacebookUrl,
  createFacebookAdapter,
  facebookAdapter,
  facebookAuthorFromHref,
  facebookPostIdFromHref,
} from '../../lib/sites/facebook';
import { FACEBOOK_SELECTORS } from '../../lib/sites/selectors/facebook';
import { PostSnapshotSchema } from '../../lib/sites/snapshot';
import { COMMENT_SUPPORT, XSS_NAME, XSS_TEXT } from '../fixtures/templates/content';
import { FB_BASIC_STORY, FB_COLLAPSED_VISIBLE, FB_FEED_POST } from '../fixtures/templates/facebook-pages';
import { hasRealPage, loadFixture, loadHtml, loadRealPage, NOW, readAll } from './helpers';

const CAMPAIGN = 'Ayo coblos nomor 2, lanjutkan 2 periode! ✌️ #2019TetapJokowi';
const budi = { handle: 'budi.asn.pemkab', displayName: 'Budi Santoso' };
const warga = { handle: 'warga.biasa', displayName: 'Warga Biasa' };
const paslon = { handle: 'paslon02official', displayName: 'Paslon 02 Official' };

describe('facebook: link parsing', () => {
  test.each([
    ['https://www.facebook.com/budi.asn.pemkab?__cft__[0]=AZ&__tn__=-UC', { handle: 'budi.asn.pemkab' }],
    ['/warga.biasa', { handle: 'warga.biasa' }],
    [
      'https://m.facebook.com/profile.php?id=100011086441192&rc=p',
      { handle: '100011086441192', id: '100011086441192' },
    ],
    [
      'https://www.facebook.com/groups/asnsleman/user/100087654321098/',
      { handle: '100087654321098', id: '100087654321098' },
    ],
    [
      'https://www.facebook.com/people/Budi-Santoso/100012345678901/',
      { handle: '100012345678901', id: '100012345678901' },
    ],
    ['https://www.facebook.com/budi.asn.pemkab/posts/pfbid0abc', undefined],
    ['https://www.facebook.com/hashtag/pemilu', undefined],
    ['https://www.facebook.com/groups/asnsleman/', undefined],
    ['https://l.facebook.com/l.php?u=x', undefined],
    ['https://example.com/budi', undefined],
    ['#', undefined],
  ])('author of %s', (href, want) => {
    expect(facebookAuthorFromHref(href)).toEqual(want);
  });

  test.each([
    ['https://www.facebook.com/budi/posts/pfbid0abcDEF', 'pfbid0abcDEF'],
    ['https://www.facebook.com/groups/g/permalink/123/', '123'],
    ['https://www.facebook.com/permalink.php?story_fbid=456&id=1', '456'],
    ['https://www.facebook.com/photo/?fbid=789&set=a.1', '789'],
    ['https://www.facebook.com/budi', undefined],
    ['#', undefined],
  ])('post id of %s', (href, want) => {
    expect(facebookPostIdFromHref(href)).toBe(want);
  });

  test('tracking parameters are dropped from links', () => {
    expect(cleanFacebookUrl('/budi/posts/1?__cft__[0]=AZ&__tn__=R&comment_id=5', null)).toBe(
      'https://www.facebook.com/budi/posts/1?comment_id=5',
    );
  });

  test.each([
    // Nothing but tracking: no query left.
    ['/budi/posts/1?__cft__[0]=AZ&__tn__=R', 'https://www.facebook.com/budi/posts/1'],
    // The fragment stays; a "?" inside the fragment is not a query.
    ['/budi/posts/1?ref=feed&id=2#c', 'https://www.facebook.com/budi/posts/1?id=2#c'],
    ['/budi/posts/1#a?ref=feed', 'https://www.facebook.com/budi/posts/1#a?ref=feed'],
    // Kept parameters keep their encoding; an escaped tracking key is still one.
    [
      '/story.php?story_fbid=1&id=2&q=a%20b+c&%5F%5Fcft__=X',
      'https://www.facebook.com/story.php?story_fbid=1&id=2&q=a%20b+c',
    ],
    // Only the exact keys: "refs" and "rcx" are not tracking.
    ['/p?refs=1&rcx=2&rc=3&refid=4', 'https://www.facebook.com/p?refs=1&rcx=2'],
    // Nothing to drop: the address as resolved.
    ['https://m.facebook.com/budi?v=1', 'https://m.facebook.com/budi?v=1'],
    ['/p?a=%E0%A4', 'https://www.facebook.com/p?a=%E0%A4'],
  ])('cleaned link of %s', (href, want) => {
    expect(cleanFacebookUrl(href, null)).toBe(want);
  });
});

describe('facebook: feed.html fixture (Comet)', () => {
  const doc = loadFixture('facebook/feed.html', 'https://www.facebook.com/');
  const all = readAll(facebookAdapter, doc);
  const post = (n: number) =>
    all.snapshots.find((s) => s.kind !== 'comment' && s.url?.includes(FB_FEED_POST(n)));

  test('11 feed units and 3 comments; sponsored and the reels tray are skipped; no drift', () => {
    expect(all.containers).toHaveLength(14);
    expect(all.snapshots).toHaveLength(12);
    expect(all.skipped).toEqual(['sponsored', 'feed unit without a post']);
    expect(all.drift).toEqual([]);
    for (const s of all.snapshots) PostSnapshotSchema.parse(s);
  });

  test('the fixed accounts post the same campaign text', () => {
    expect(post(1)).toMatchObject({ kind: 'post', author: budi, text: CAMPAIGN, postId: FB_FEED_POST(1) });
    expect(post(2)).toMatchObject({ kind: 'post', author: warga, text: CAMPAIGN });
    expect(post(1)!.url).toBe(`https://www.facebook.com/budi.asn.pemkab/posts/${FB_FEED_POST(1)}`);
  });

  test.each([
    ['1000000001', warga, COMMENT_SUPPORT, { parentAuthor: budi, inReplyTo: FB_FEED_POST(1) }],
    ['1000000002', budi, 'Siap, kita kawal sampai TPS ✌️', { parentAuthor: warga, inReplyTo: '1000000001' }],
    [
      '1000000003',
      { handle: 'siti.rahmawati.77', displayName: 'Siti Rahmawati' },
      'Pak Budi, ASN wajib netral lho. Hati-hati ya',
      { parentAuthor: budi, inReplyTo: FB_FEED_POST(1) },
    ],
  ])('comment %s', (id, author, text, context) => {
    const s = all.snapshots.find((x) => x.postId === id)!;
    expect(s).toMatchObject({ kind: 'comment', author, text, context });
    expect(s.url).toContain(`/posts/${FB_FEED_POST(1)}?comment_id=1000000001`.slice(0, 40));
  });

  test('a share without words is a repost by the sharer; with words it is a quote', () => {
    expect(post(4)).toMatchObject({
      kind: 'repost',
      author: paslon,
      text: 'Terima kasih para relawan! Bersama kita lanjutkan pembangunan. Coblos nomor 2 ✌️',
      context: { repostedBy: budi },
    });
    expect(post(5)).toMatchObject({
      kind: 'quote',
      author: warga,
      text: 'Setuju, ayo semua ke TPS!',
      context: { quotedAuthor: paslon },
    });
  });

  test('markup in names and text stays text', () => {
    expect(post(6)).toMatchObject({
      author: { handle: '100099999999999', id: '100099999999999', displayName: XSS_NAME },
      text: XSS_TEXT,
    });
  });

  test('group member posts, photo-only posts', () => {
    expect(all.snapshots.find((s) => s.postId === '7788990011')).toMatchObject({
      author: { handle: '100087654321098', id: '100087654321098', displayName: 'Rudi Hartono' },
    });
    expect(post(9)).toMatchObject({ author: { handle: 'dewi.lestari.88' }, text: '' });
  });

  test('"See more": the button is not text; the expanded text is read in full', () => {
    const doc2 = loadFixture('facebook/feed.html', 'https://www.facebook.com/');
    const unit = doc2.querySelector('[aria-posinset="7"]')!;
    const before = facebookAdapter.readPost(unit, NOW);
    expect(before.ok === true && before.snapshot.text).toBe(`${FB_COLLAPSED_VISIBLE}…`);
    const paragraph = unit.querySelector('[data-ad-rendering-role="story_message"] div[dir="auto"]')!;
    paragraph.textContent = `${FB_COLLAPSED_VISIBLE}, pukul 08.00 sampai 12.00. Bawa fotokopi KK.`;
    const after = facebookAdapter.readPost(unit, NOW);
    expect(after.ok === true && after.snapshot.text).toBe(
      `${FB_COLLAPSED_VISIBLE}, pukul 08.00 sampai 12.00. Bawa fotokopi KK.`,
    );
  });

  test('an unrevealed timestamp (href="#") is hovered once so Facebook fills in the permalink', () => {
    const doc2 = loadFixture('facebook/feed.html', 'https://www.facebook.com/');
    const unit = doc2.querySelector('[aria-posinset="10"]')!;
    const stamp = unit.querySelector('a.timestamp')!;
    const seen: string[] = [];
    stamp.addEventListener('mouseover', (e) => {
      seen.push(e.type);
      stamp.setAttribute(
        'href',
        `https://www.facebook.com/agus.pratama/posts/${FB_FEED_POST(10)}?__cft__[0]=AZ`,
      );
    });
    const read = facebookAdapter.readPost(unit, NOW);
    expect(seen).toEqual(['mouseover']);
    expect(read).toMatchObject({ ok: true, snapshot: { postId: FB_FEED_POST(10) } });
  });

  test('without the reveal the post still reads, without an id', () => {
    const unit = doc.querySelector('[aria-posinset="10"]')!;
    const read = facebookAdapter.readPost(unit, NOW);
    expect(read.ok === true && read.snapshot.postId).toBeUndefined();
  });

  test('marker anchors: the author heading of posts, the name of comments', () => {
    for (const c of all.containers) {
      const anchor = facebookAdapter.markerAnchor(c);
      if (c.getAttribute('role') === 'article') expect(anchor.className).toBe('comment-author');
      else if (c.querySelector('h2')) expect(anchor.tagName).toBe('H2');
    }
  });

  test('marker anchors come from the read where there was one, and are the same as a search finds', () => {
    // A fresh adapter has read nothing: it searches each post for its named author link.
    const searched = createFacebookAdapter().markerAnchor;
    for (const c of all.containers) expect(facebookAdapter.markerAnchor(c)).toBe(searched(c));
    // The read's link, once gone from its post (the site re-rendered the header), is not used.
    const post = all.containers.find((c) => c.getAttribute('role') !== 'article' && c.querySelector('h2'))!;
    // After a read, the mark's place is found without searching the post.
    const search = vi.spyOn(post, 'querySelectorAll');
    const heading = facebookAdapter.markerAnchor(post);
    expect(search).not.toHaveBeenCalled();
    search.mockRestore();
    const copy = heading.cloneNode(true) as Element;
    heading.replaceWith(copy);
    try {
      expect(facebookAdapter.markerAnchor(post)).toBe(copy);
    } finally {
      copy.replaceWith(heading);
    }
  });

  test('the right-rail ad box is never a post', () => {
    const rail = doc.querySelector('[role="complementary"]')!;
    expect(facebookAdapter.findPosts(rail)).toEqual([]);
  });

  test('findPosts on a unit returns the unit and its comments only', () => {
    const unit = doc.querySelector('[aria-posinset="1"]')!;
    expect(facebookAdapter.findPosts(unit)).toHaveLength(4);
    const article = unit.querySelector('[role="article"][aria-labelledby]')!;
    expect(facebookAdapter.findPosts(article)).toHaveLength(3);
  });
});

describe('facebook: profile-budi.html fixture', () => {
  const doc = loadFixture('facebook/profile-budi.html', 'https://www.facebook.com/budi.asn.pemkab');

  test('profile from the Intro card; two posts', () => {
    expect(facebookAdapter.readProfile!(doc)).toEqual({
      site: 'facebook',
      handle: 'budi.asn.pemkab',
      displayName: 'Budi Santoso',
      bio: 'ASN Pemkab Sleman · Guru SMP · Pendapat pribadi',
      links: ['https://l.facebook.com/l.php?u=https%3A%2F%2Fbudisantoso.id%2F&h=AT0fixture'],
    });
    expect(readAll(facebookAdapter, doc).snapshots.map((s) => s.author.handle)).toEqual([
      'budi.asn.pemkab',
      'budi.asn.pemkab',
    ]);
  });

  test('no profile on the home feed', () => {
    expect(
      facebookAdapter.readProfile!(loadFixture('facebook/feed.html', 'https://www.facebook.com/')),
    ).toBeUndefined();
  });
});

describe('facebook: m-basic-post.html fixture (m.facebook.com basic layout)', () => {
  const url = `https://m.facebook.com/story.php?story_fbid=${FB_BASIC_STORY}&id=100012345678901`;
  const all = readAll(facebookAdapter, loadFixture('facebook/m-basic-post.html', url));

  test('the story and 4 comments; the unlinked commenter is skipped', () => {
    expect(all.containers).toHaveLength(5);
    expect(all.skipped).toEqual(['commenter without a profile link']);
    expect(all.snapshots[0]).toMatchObject({
      kind: 'post',
      postId: FB_BASIC_STORY,
      author: budi,
      text: CAMPAIGN,
      publishedAt: '2024-02-10T00:00:00.000Z',
      url,
    });
    expect(all.snapshots.slice(1).map((s) => [s.postId, s.author.handle, s.context?.inReplyTo])).toEqual([
      ['2000000001', 'warga.biasa', FB_BASIC_STORY],
      ['2000000002', 'siti.rahmawati.77', FB_BASIC_STORY],
      ['2000000004', '100099999999999', FB_BASIC_STORY],
    ]);
    expect(all.snapshots[1]!.context?.parentAuthor).toEqual(budi);
  });
});

describe('facebook: drift', () => {
  const unit = (inner: string) =>
    loadHtml(
      `<div role="main"><div aria-posinset="1">${inner}</div></div>`,
      'https://www.facebook.com/',
    ).querySelector('[aria-posinset]')!;
  const heading = '<h2><a href="https://www.facebook.com/budi.asn.pemkab">Budi</a></h2>';
  const message =
    '<div data-ad-rendering-role="story_message"><div dir="auto" style="text-align: start;">halo</div></div>';

  test.each([
    ['complete', `${heading}${message}`, true],
    ['heading without link', `<h2>Budi</h2>${message}`, ['author']],
    [
      'heading link of unknown shape',
      `<h2><a href="https://www.facebook.com/watch/">Budi</a></h2>${message}`,
      ['author.handle'],
    ],
    ['no text and no media', heading, ['text']],
  ])('%s', (_label, inner, want) => {
    const read = facebookAdapter.readPost(unit(inner), NOW);
    if (want === true) expect(read.ok).toBe(true);
    else expect(read).toEqual({ ok: false, drift: want });
  });

  test('a Comet comment without a name link is drift', () => {
    const doc = loadHtml(
      `<div role="article" aria-labelledby="t">${heading}${message}<div role="article" aria-label="x"><div dir="auto" style="text-align: start;">hai</div></div></div>`,
      'https://www.facebook.com/',
    );
    const comment = doc.querySelector('[aria-label="x"]')!;
    expect(facebookAdapter.readPost(comment, NOW)).toEqual({ ok: false, drift: ['commentAuthor'] });
  });
});

const REAL = 'facebook/phoenix_2022-04_mbasic-facebook-page-post-26comments.html';
describe.skipIf(!hasRealPage(REAL))('facebook: real mbasic page 2022 (posts + 26 comments)', () => {
  const url = 'https://mbasic.facebook.com/108686864181514/posts/427586212291576';
  const all = readAll(facebookAdapter, loadRealPage(REAL, url));

  test('4 stories and 26 comments found; 5 commenters have no profile link', () => {
    expect(all.containers).toHaveLength(30);
    expect(all.snapshots.filter((s) => s.kind === 'post')).toHaveLength(4);
    expect(all.snapshots.filter((s) => s.kind === 'comment')).toHaveLength(21);
    expect(all.skipped).toEqual(Array(5).fill('commenter without a profile link'));
    expect(all.drift).toEqual([]);
  });

  test('the permalink post: page author, data-ft id and publish time, page URL', () => {
    expect(all.snapshots[0]).toMatchObject({
      kind: 'post',
      postId: '427586212291576',
      author: { handle: 'wa3iyouthplatform', displayName: 'منصة شباب وعي' },
      publishedAt: '2021-11-24T18:34:33.000Z',
      url: 'https://mbasic.facebook.com/108686864181514/posts/427586212291576',
    });
  });

  test('9 comments on the permalink post, each pointing at it', () => {
    const onFirst = all.containers.filter((c) => c.closest('#ufi_427586212291576'));
    expect(onFirst).toHaveLength(9);
    const first = all.snapshots.filter((s) => s.context?.inReplyTo === '427586212291576');
    expect(first).toHaveLength(7);
    expect(first[0]).toMatchObject({
      postId: '430954131954784',
      author: { handle: '100011086441192', id: '100011086441192' },
      text: 'موفقين',
      context: { parentAuthor: { handle: 'wa3iyouthplatform' } },
    });
    expect(first[1]!.author).toEqual({ handle: 'hasem.hulais', displayName: 'Hasem Hulais' });
  });
});

describe('facebook: findPosts on any part of a page finds what the whole page has there', () => {
  // The scanner searches each added node; a post or comment is one wherever the search starts.
  const pages: [string, () => Document][] = [
    ['feed.html', () => loadFixture('facebook/feed.html', 'https://www.facebook.com/')],
    [
      'm-basic-post.html',
      () => loadFixture('facebook/m-basic-post.html', 'https://mbasic.facebook.com/story.php'),
    ],
    ['profile-budi.html', () => loadFixture('facebook/profile-budi.html', 'https://www.facebook.com/budi')],
  ];
  if (hasRealPage(REAL))
    pages.push(['real mbasic page', () => loadRealPage(REAL, 'https://mbasic.facebook.com/')]);

  test.each(pages)('%s', (_, load) => {
    const doc = load();
    const whole = facebookAdapter.findPosts(doc);
    expect(whole.length).toBeGreaterThan(0);
    // happy-dom's search below an element ignores the element's ancestors in descendant
    // selectors (browsers do not): only roots where its own search agrees with the document's.
    const selector = [...FACEBOOK_SELECTORS.post, ...FACEBOOK_SELECTORS.comment].join(', ');
    const everywhere = Array.from(doc.querySelectorAll(selector));
    let roots = 0;
    for (const el of Array.from(doc.querySelectorAll('*'))) {
      const below = everywhere.filter((found) => found !== el && el.contains(found));
      if (Array.from(el.querySelectorAll(selector)).length !== below.length) continue;
      expect(facebookAdapter.findPosts(el)).toEqual(whole.filter((found) => el.contains(found)));
      roots++;
    }
    expect(roots).toBeGreaterThan(50);
  });
});
