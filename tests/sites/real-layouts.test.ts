// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { instagramAdapter } from '../../lib/sites/instagram';
import { tiktokAdapter } from '../../lib/sites/tiktok';
import { xAdapter } from '../../lib/sites/x';
import { PostSnapshotSchema } from '../../lib/sites/snapshot';
import { loadFixture, readAll } from './helpers';

// Layouts of issue #18 that the project's template fixtures did not have, as fixtures written by
// us in the markup family of real pages (tests/fixtures/real/SOURCES.md). Every item that is
// found is read, kept with what is known.

describe('instagram: home feed, 2025 markup (no <header>)', () => {
  const doc = loadFixture('real/instagram/home-feed-2025.html', 'https://www.instagram.com/');
  const all = readAll(instagramAdapter, doc);

  test('3 of 3 posts read (was 0: each dropped for its caption), none from the stories tray', () => {
    expect(all.containers).toHaveLength(3);
    expect(all.drift).toEqual([]);
    expect(all.snapshots.map((s) => [s.author.handle, s.postId])).toEqual([
      ['budi_asn', 'DAbCdEf1234'],
      ['warga_biasa', 'DAbCdEf5678'],
      ['dewi_lestari88', 'DAbCdEf9012'],
    ]);
    for (const s of all.snapshots) PostSnapshotSchema.parse(s);
  });

  test('the caption four levels above the byline is read; "more" and the top row are not text', () => {
    expect(all.snapshots[0]?.text).toBe('Ayo coblos nomor 2, lanjutkan 2 periode! ✌️ #2019TetapJokowi');
    expect(all.snapshots[1]?.text).toBe('Kerja bakti di kampung pagi ini, terima kasih warga RT 05');
  });

  test('a reel without a caption is kept, as a media-only post with its permalink', () => {
    expect(all.snapshots[2]).toMatchObject({ text: '', url: 'https://www.instagram.com/reel/DAbCdEf9012/' });
    expect(all.results[2]).not.toHaveProperty('partial');
  });

  test('a caption that cannot be found keeps the post, and says so', () => {
    const doc2 = loadFixture('real/instagram/home-feed-2025.html', 'https://www.instagram.com/');
    const first = doc2.querySelector('article')!;
    first.querySelector('.cap')!.remove();
    expect(instagramAdapter.readPost(first)).toMatchObject({
      ok: true,
      partial: ['captionText'],
      snapshot: { author: { handle: 'budi_asn' }, postId: 'DAbCdEf1234', text: '' },
    });
  });
});

describe('tiktok: For You feed, 2024-25 markup (no id in the item DOM)', () => {
  const doc = loadFixture('real/tiktok/foryou-2025.html', 'https://www.tiktok.com/foryou');
  const all = readAll(tiktokAdapter, doc);

  test('9 of 9 items read (was 0: each dropped for a missing video id)', () => {
    expect(all.containers).toHaveLength(9);
    expect(all.drift).toEqual([]);
    expect(all.snapshots).toHaveLength(9);
    for (const s of all.snapshots) PostSnapshotSchema.parse(s);
  });

  test('ids come from the inline state where it names the video (author and words match exactly)', () => {
    expect(all.snapshots.slice(0, 6).map((s) => s.postId)).toEqual([
      '7471000000000000001',
      '7471000000000000002',
      '7471000000000000003',
      '7471000000000000004',
      '7471000000000000005',
      '7471000000000000006',
    ]);
    expect(all.snapshots[0]).toMatchObject({
      author: { handle: 'budi_asn' },
      text: 'Ayo coblos nomor 2, lanjutkan 2 periode! ✌️ #2019tetapjokowi',
      url: 'https://www.tiktok.com/@budi_asn/video/7471000000000000001',
    });
  });

  test('items the state does not name are kept without id or URL, and say so', () => {
    expect(all.snapshots.slice(6).map((s) => [s.author.handle, s.postId, s.url])).toEqual([
      ['budi_asn', undefined, undefined],
      ['nina_kirana', undefined, undefined],
      ['yoga_saputra', undefined, undefined],
    ]);
    expect(all.results.slice(6).map((r) => r.ok === true && r.partial)).toEqual([
      ['videoId'],
      ['videoId'],
      ['videoId'],
    ]);
  });

  test('an item without a description is a media-only post', () => {
    expect(all.snapshots[4]).toMatchObject({ author: { handle: 'dewi_lestari88' }, text: '' });
    expect(all.results[4]).toMatchObject({ partial: ['feedDesc'] });
  });

  test('an id in the item DOM wins over the state', () => {
    const doc2 = loadFixture('real/tiktok/foryou-2025.html', 'https://www.tiktok.com/foryou');
    const item = doc2.querySelectorAll('article')[6]!;
    item.querySelector('.xgplayer')!.id = 'xgwrapper-0-7471000000000000777';
    expect(tiktokAdapter.readPost(item)).toMatchObject({
      ok: true,
      snapshot: { postId: '7471000000000000777' },
    });
  });
});

describe('x: a long-form Article (twitterArticleReadView)', () => {
  const url = 'https://x.com/budi_asn/article/1890000000000000001';
  const all = readAll(xAdapter, loadFixture('real/x/article-page-2025.html', url));

  test('the Article is read as a post (was: only the tweet embedded in it), title and body its text', () => {
    expect(all.drift).toEqual([]);
    expect(all.snapshots.map((s) => [s.author.handle, s.postId])).toEqual([
      ['budi_asn', '1890000000000000002'],
      ['warga_biasa', '1880000000000000009'],
    ]);
    const text = all.snapshots[0]!.text;
    expect(
      text.startsWith('Catatan dari lapangan: pemilu 2024\n\nTeman-teman ASN, mari kita dukung paslon 02'),
    ).toBe(true);
    expect(text).toContain('Program desa berjalan baik 🙏');
    expect(text).not.toContain('Jalan desa sudah diaspal');
    expect(all.snapshots[0]!.url).toBe('https://x.com/budi_asn/status/1890000000000000002');
  });

  test('without a time link the Article is keyed by its page address', () => {
    const doc = loadFixture('real/x/article-page-2025.html', url);
    doc.querySelector('a[href="/budi_asn/status/1890000000000000002"]')!.remove();
    const view = doc.querySelector('[data-testid="twitterArticleReadView"]')!;
    expect(xAdapter.readPost(view)).toMatchObject({
      ok: true,
      snapshot: { postId: '1890000000000000001', url },
    });
  });

  test('a tweet that holds the reader (status page) takes the Article as its text', () => {
    const doc = loadFixture(
      'real/x/article-page-2025.html',
      'https://x.com/budi_asn/status/1890000000000000002',
    );
    const view = doc.querySelector('[data-testid="twitterArticleReadView"]')!;
    const tweet = doc.createElement('article');
    tweet.setAttribute('data-testid', 'tweet');
    view.replaceWith(tweet);
    tweet.append(view);
    const read = readAll(xAdapter, doc);
    expect(read.snapshots[0]).toMatchObject({
      postId: '1890000000000000002',
      author: { handle: 'budi_asn' },
    });
    expect(read.snapshots[0]!.text).toContain('mari kita dukung paslon 02');
    expect(read.snapshots[0]!.text).not.toContain('Jalan desa');
  });
});
