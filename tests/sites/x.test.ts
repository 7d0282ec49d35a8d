// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { X_SELECTORS } from '../../lib/sites/selectors/x';
import { PostSnapshotSchema } from '../../lib/sites/snapshot';
import { createXAdapter, xAdapter, xHandleFromHref, xStatusFromHref } from '../../lib/sites/x';
import { XSS_NAME, XSS_TEXT } from '../fixtures/templates/content';
import { hasRealPage, loadFixture, loadHtml, loadRealPage, NOW, readAll } from './helpers';

const CAMPAIGN = 'Ayo coblos nomor 2, lanjutkan 2 periode! ✌️ #2019TetapJokowi';
const id = (n: number) => (1790000000000000000n + BigInt(n)).toString();

describe('x: link parsing', () => {
  test.each([
    ['/budi_asn', 'budi_asn'],
    ['https://x.com/Budi_ASN', 'Budi_ASN'],
    ['https://twitter.com/warga_biasa?ref=1', 'warga_biasa'],
    ['/home', undefined],
    ['/i/communities/123', undefined],
    ['/budi_asn/status/1', undefined],
    ['/hashtag/Pemilu', undefined],
    ['', undefined],
    [null, undefined],
  ])('profile handle of %s is %s', (href, handle) => {
    expect(xHandleFromHref(href)).toBe(handle);
  });

  test.each([
    ['/budi_asn/status/123', { handle: 'budi_asn', id: '123' }],
    ['https://x.com/a/status/9/photo/1', { handle: 'a', id: '9' }],
    ['/budi_asn', undefined],
    ['/budi_asn/status/abc', undefined],
  ])('status of %s', (href, status) => {
    expect(xStatusFromHref(href)).toEqual(status);
  });
});

describe('x: home-feed.html fixture', () => {
  const doc = loadFixture('x/home-feed.html', 'https://x.com/home');
  const all = readAll(xAdapter, doc);
  const byId = new Map(all.snapshots.map((s) => [s.postId, s]));

  test('finds 12 tweets, reads 11, skips the promoted one, no drift', () => {
    expect(all.containers).toHaveLength(12);
    expect(all.snapshots).toHaveLength(11);
    expect(all.skipped).toEqual(['promoted']);
    expect(all.drift).toEqual([]);
  });

  test('every snapshot passes the contract schema', () => {
    for (const s of all.snapshots) expect(PostSnapshotSchema.parse(s)).toEqual(s);
  });

  test('tweetText outside articles (carousel, DM drawer) is never read', () => {
    const outside = Array.from(doc.querySelectorAll('[data-testid="tweetText"]')).filter(
      (t) => !t.closest('article'),
    );
    expect(outside).toHaveLength(3);
    expect(all.snapshots.map((s) => s.author.handle)).not.toContain('relawan_02');
    const drawer = doc.querySelector('[data-testid="DMDrawer"]')!;
    expect(xAdapter.findPosts(drawer)).toEqual([]);
  });

  test.each([
    [
      1,
      { kind: 'post', handle: 'budi_asn', displayName: 'Budi Santoso', text: CAMPAIGN, context: undefined },
    ],
    [
      3,
      { kind: 'post', handle: 'warga_biasa', displayName: 'Warga Biasa', text: CAMPAIGN, context: undefined },
    ],
    [
      4,
      {
        kind: 'repost',
        handle: 'paslon02_official',
        displayName: 'Paslon 02 Official',
        text: 'Terima kasih para relawan! Bersama kita lanjutkan pembangunan. Coblos nomor 2 ✌️',
        context: { repostedBy: { handle: 'budi_asn' } },
      },
    ],
    [
      5,
      {
        kind: 'quote',
        handle: 'budi_asn',
        displayName: 'Budi Santoso',
        text: 'Setuju! Lanjutkan 2 periode 👍',
        context: { quotedAuthor: { handle: 'paslon02_official', displayName: 'Paslon 02 Official' } },
      },
    ],
    [8, { kind: 'post', handle: 'iseng_xss', displayName: XSS_NAME, text: XSS_TEXT, context: undefined }],
    [
      9,
      { kind: 'post', handle: 'agus_pratama', displayName: 'Agus Pratama 🏍️', text: '', context: undefined },
    ],
    [
      10,
      {
        kind: 'comment',
        handle: 'budi_asn',
        displayName: 'Budi Santoso',
        text: 'Betul, jangan lupa ajak keluarga ke TPS ya',
        context: { parentAuthor: { handle: 'warga_biasa' } },
      },
    ],
    [
      11,
      {
        kind: 'post',
        handle: 'dewi_lestari88',
        displayName: 'Dewi Lestari',
        text: 'Timnas menang 2-0 tadi malam! Dukung terus Garuda di Piala Asia 🇮🇩',
        context: undefined,
      },
    ],
  ])('tweet %i reads as expected', (n, want) => {
    const s = byId.get(id(n));
    expect(s).toBeDefined();
    expect(s!.kind).toBe(want.kind);
    expect(s!.author).toEqual({ handle: want.handle, displayName: want.displayName });
    expect(s!.text).toBe(want.text);
    expect(s!.context).toEqual(want.context);
    expect(s!.url).toBe(`https://x.com/${want.handle}/status/${id(n)}`);
    expect(s!.publishedAt).toMatch(/^2024-02-\d\dT\d\d:\d\d:00\.000Z$/);
    expect(s!.capturedAt).toBe(NOW.toISOString());
  });

  test('ordinary posts carry no context', () => {
    for (const n of [2, 12, 14]) {
      expect(byId.get(id(n))!.kind).toBe('post');
      expect(byId.get(id(n))!.context).toBeUndefined();
    }
  });

  test('markerAnchor is the author row, and for a quote tweet the outer one', () => {
    for (const article of all.containers) {
      const anchor = xAdapter.markerAnchor(article);
      expect(anchor.getAttribute('data-testid')).toBe('User-Name');
      expect(anchor.closest('[role="link"]')).toBeNull();
    }
  });

  test('readProfile is undefined off profile pages', () => {
    expect(xAdapter.readProfile!(doc)).toBeUndefined();
  });
});

describe('x: status-dark.html fixture (replies)', () => {
  const focal = id(100);
  const doc = loadFixture('x/status-dark.html', `https://x.com/budi_asn/status/${focal}`);
  const all = readAll(xAdapter, doc);

  test('finds 8 tweets: the focal post, 5 replies, 1 promoted, 1 recommendation under "Discover more"', () => {
    expect(all.containers).toHaveLength(8);
    expect(all.skipped).toEqual(['promoted']);
    expect(all.drift).toEqual([]);
    expect(all.snapshots.map((s) => s.kind)).toEqual([
      'post',
      'comment',
      'comment',
      'comment',
      'comment',
      'comment',
      'post',
    ]);
    expect(all.snapshots.at(-1)).toMatchObject({ postId: id(107), author: { handle: 'rudi_hartono' } });
    expect(all.snapshots.at(-1)!.context).toBeUndefined();
  });

  test('the focal tweet (time link below the text) reads with its permalink', () => {
    expect(all.snapshots[0]).toMatchObject({
      postId: focal,
      author: { handle: 'budi_asn' },
      publishedAt: '2024-02-09T23:30:00.000Z',
      text: 'Teman-teman ASN jangan lupa pilih paslon 02 tanggal 17 April ya, demi pembangunan yang berlanjut 🙏',
    });
  });

  test('replies point at the focal tweet and its author', () => {
    for (const s of all.snapshots.slice(1, 6)) {
      expect(s.context).toEqual({
        inReplyTo: focal,
        parentAuthor: { handle: 'budi_asn', displayName: 'Budi Santoso' },
      });
    }
    expect(all.snapshots[1]!.author.handle).toBe('warga_biasa');
  });

  test('the same page at another address is a plain timeline (no replies inferred)', () => {
    const elsewhere = readAll(xAdapter, loadFixture('x/status-dark.html', 'https://x.com/home'));
    expect(elsewhere.snapshots.filter((s) => s.kind === 'comment')).toEqual([]);
  });
});

describe('x: profile-budi.html fixture', () => {
  const doc = loadFixture('x/profile-budi.html', 'https://x.com/budi_asn');
  const all = readAll(xAdapter, doc);

  test('reads the profile header', () => {
    expect(xAdapter.readProfile!(doc)).toEqual({
      site: 'x',
      handle: 'budi_asn',
      displayName: 'Budi Santoso',
      bio: 'ASN Pemkab Sleman · Dinas Pendidikan · Cuitan pribadi 📚 @pemkabsleman',
      links: ['https://t.co/budisantoso', 'https://x.com/pemkabsleman'],
    });
  });

  test('pinned is not a repost; the repost names budi_asn as reposter', () => {
    expect(all.snapshots.map((s) => s.kind)).toEqual(['post', 'post', 'repost', 'quote', 'post']);
    expect(all.snapshots[0]!.context).toBeUndefined();
    expect(all.snapshots[2]).toMatchObject({
      author: { handle: 'relawan_02' },
      context: { repostedBy: { handle: 'budi_asn' } },
    });
  });
});

describe('x: drift is reported, never skipped silently', () => {
  const html = () => loadFixture('x/home-feed.html', 'https://x.com/home');
  const articleOf = (doc: Document, n: number) =>
    doc.querySelector(`a[href$="/status/${id(n)}"] time`)!.closest('article')!;

  test.each([
    [
      'author block renamed',
      1,
      (a: Element) => a.querySelector('[data-testid="User-Name"]')!.removeAttribute('data-testid'),
      ['author'],
    ],
    [
      'text container renamed',
      2,
      (a: Element) => a.querySelector('[data-testid="tweetText"]')!.removeAttribute('data-testid'),
      ['text'],
    ],
    [
      'author links and @label gone',
      3,
      (a: Element) => {
        const block = a.querySelector('[data-testid="User-Name"]')!;
        for (const link of Array.from(block.querySelectorAll('a[href="/warga_biasa"]')))
          link.removeAttribute('href');
        block.querySelector('.handle')!.remove();
      },
      ['author.handle'],
    ],
    ['time link gone', 11, (a: Element) => a.querySelector('time')!.parentElement!.remove(), ['permalink']],
  ])('%s → drift', (_label, n, mutate, drift) => {
    const doc = html();
    const article = articleOf(doc, n);
    mutate(article);
    expect(xAdapter.readPost(article, NOW)).toEqual({ ok: false, drift });
  });

  test('an image-only tweet without text is not drift', () => {
    const doc = html();
    expect(xAdapter.readPost(articleOf(doc, 9), NOW).ok).toBe(true);
  });

  test('findPosts includes the root itself', () => {
    const doc = html();
    const article = articleOf(doc, 1);
    expect(xAdapter.findPosts(article)).toEqual([article]);
  });

  test('a site-pack style override of the author selector is used', () => {
    const doc = loadHtml(
      '<article data-testid="tweet"><div data-testid="AuthorRow"><a href="/budi_asn"><div dir="ltr"><span>Budi</span></div></a><a href="/budi_asn/status/5"><time datetime="2024-01-01T00:00:00Z">1 Jan</time></a></div><div data-testid="tweetText">halo</div></article>',
      'https://x.com/home',
    );
    const article = doc.querySelector('article')!;
    expect(xAdapter.readPost(article, NOW)).toEqual({ ok: false, drift: ['author'] });
    const patched = createXAdapter({ ...X_SELECTORS, author: ['[data-testid="AuthorRow"]'] });
    const read = patched.readPost(article, NOW);
    expect(read.ok === true ? read.snapshot.author : read).toEqual({
      handle: 'budi_asn',
      displayName: 'Budi',
    });
  });
});

const VARIANTS = 'x/rvinowise_2023_tweet-article-variants.html';
describe.skipIf(!hasRealPage(VARIANTS))('x: real page tweet-article-variants (24 tweets, 2020-2023)', () => {
  const doc = loadRealPage(VARIANTS, 'https://x.com/home');
  const all = readAll(xAdapter, doc);

  test('24 tweets found and read, no drift, no skips', () => {
    expect(all.containers).toHaveLength(24);
    expect(all.snapshots).toHaveLength(24);
    expect(all.drift).toEqual([]);
    expect(all.skipped).toEqual([]);
  });

  test('exactly one tweet has no text: the link-card-only post', () => {
    expect(all.snapshots.filter((s) => s.text === '').map((s) => s.postId)).toEqual(['1708421896155398530']);
  });

  test('4 reposts by tehprom269887 and 7 quotes', () => {
    const reposts = all.snapshots.filter((s) => s.kind === 'repost');
    expect(reposts.map((s) => s.author.handle)).toEqual([
      'sapinker',
      'RichardDawkins',
      'RichardDawkins',
      'EvanKirstel',
    ]);
    for (const r of reposts) expect(r.context?.repostedBy).toEqual({ handle: 'tehprom269887' });
    const quotes = all.snapshots.filter((s) => s.kind === 'quote');
    expect(quotes).toHaveLength(7);
    expect(quotes.map((q) => q.context?.quotedAuthor?.handle)).toEqual([
      'InfidelNoodle',
      'tehprom269887',
      'altryne',
      'RichardDawkins',
      'InfidelNoodle',
      'tehprom269887',
      'tehprom269887',
    ]);
  });

  test('emoji images in names are kept by their alt', () => {
    const evan = all.snapshots.find((s) => s.author.handle === 'EvanKirstel')!;
    expect(evan.author.displayName).toBe('🇺🇦Evan Kirstel #B2B #TechFluencer');
  });

  test('every snapshot has an absolute permalink and an ISO time', () => {
    for (const s of all.snapshots) {
      expect(s.url).toBe(`https://x.com/${s.author.handle}/status/${s.postId}`);
      expect(s.publishedAt).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      PostSnapshotSchema.parse(s);
    }
  });
});

const TIMELINE = 'x/rvinowise_2023-12_profile-timeline_main-fragment.html';
describe.skipIf(!hasRealPage(TIMELINE))('x: real page profile timeline fragment', () => {
  const doc = loadRealPage(TIMELINE, 'https://x.com/tehprom269887');

  test('13 cells, 6 tweets, 1 quote; the header reads as a profile', () => {
    expect(doc.querySelectorAll('[data-testid="cellInnerDiv"]')).toHaveLength(13);
    const all = readAll(xAdapter, doc);
    expect(all.snapshots).toHaveLength(6);
    expect(all.snapshots.filter((s) => s.kind === 'quote')).toHaveLength(1);
    expect(xAdapter.readProfile!(doc)).toEqual({
      site: 'x',
      handle: 'tehprom269887',
      displayName: 'tehprom',
      links: [],
    });
  });
});

describe.each([
  [
    'x/tweetyoink_2025-10_x-tweet-quote.html',
    {
      kind: 'quote',
      postId: '1983130065320780162',
      author: { handle: 'TestQuoter', displayName: 'Test Quoter' },
      text: 'This is a quote tweet with additional commentary',
      context: { quotedAuthor: { handle: 'OriginalAuthor', displayName: 'Original Author' } },
    },
  ],
  [
    'x/tweetyoink_2025-10_x-tweet-quote-video.html',
    {
      kind: 'quote',
      postId: '1983128852952998358',
      author: { handle: 'QuotingUser', displayName: 'Quoting User' },
      context: { quotedAuthor: { handle: 'OriginalPoster', displayName: 'Original Poster' } },
    },
  ],
  [
    'x/tweetyoink_2025-10_x-tweet-sample.html',
    {
      kind: 'post',
      postId: '1981398750557065646',
      author: { handle: 'TestUser123', displayName: 'Test User Account' },
      publishedAt: '2025-10-23T16:34:09.000Z',
    },
  ],
])('x: real page %s (2025)', (rel, want) => {
  test.skipIf(!hasRealPage(rel))('one tweet, read as expected', () => {
    const all = readAll(xAdapter, loadRealPage(rel, 'https://x.com/home'));
    expect(all.snapshots).toHaveLength(1);
    expect(all.snapshots[0]).toMatchObject(want);
  });
});

describe('x: a permalink naming another account (issue #17, attack 7)', () => {
  test("a tweet whose time link is another account's status loses its id and URL, and counts", () => {
    const doc = loadFixture('x/home-feed.html', 'https://x.com/home');
    const link = doc.querySelector<HTMLAnchorElement>('a[href="/budi_asn/status/1790000000000000001"]')!;
    link.setAttribute('href', '/warga_biasa/status/1790000000000000099');
    const article = link.closest('article')!;
    const result = xAdapter.readPost(article, NOW);
    expect(result).toMatchObject({ ok: true, partial: ['permalink.author'] });
    const snapshot = result.ok === true ? result.snapshot : undefined;
    expect(snapshot?.author.handle).toBe('budi_asn');
    expect(snapshot?.postId).toBeUndefined();
    expect(snapshot?.url).toBeUndefined();
  });

  test('the same account in another letter case is the author', () => {
    const doc = loadFixture('x/home-feed.html', 'https://x.com/home');
    const link = doc.querySelector<HTMLAnchorElement>('a[href="/budi_asn/status/1790000000000000001"]')!;
    link.setAttribute('href', '/Budi_ASN/status/1790000000000000001');
    const result = xAdapter.readPost(link.closest('article')!, NOW);
    expect(result.ok === true && result.snapshot.postId).toBe('1790000000000000001');
    expect(result.ok === true && result.partial).toBeUndefined();
  });
});
