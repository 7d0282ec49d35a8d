// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { facebookAdapter } from '../../lib/sites/facebook';
import { xAdapter } from '../../lib/sites/x';
import {
  describeGeneratedFeed,
  FEED_CONTAINER,
  generateFacebookFeed,
  generateXFeed,
  hideFromNetra,
  pageShell,
} from '../fixtures/generate-feed';
import { loadHtml, readAll } from './helpers';

const CAMPAIGN = 'Ayo coblos nomor 2, lanjutkan 2 periode! ✌️ #2019TetapJokowi';

describe('generateXFeed', () => {
  test('n tweets that the X adapter reads exactly as described', () => {
    const doc = loadHtml(pageShell('x', { posts: generateXFeed(60) }), 'https://x.com/home');
    const all = readAll(xAdapter, doc);
    const described = describeGeneratedFeed('x', 60);
    expect(all.snapshots).toHaveLength(60);
    expect(all.drift).toEqual([]);
    expect(all.snapshots.map((s) => s.postId)).toEqual(described.map((d) => d.id));
    for (const [i, s] of all.snapshots.entries()) {
      const d = described[i]!;
      expect(s.kind).toBe(d.kind === 'asn-repost' ? 'repost' : 'post');
      expect(s.context?.repostedBy?.handle ?? s.author.handle).toBe(d.actor);
      expect(s.text === CAMPAIGN).toBe(d.campaign);
    }
    expect(described.filter((d) => d.kind === 'asn-campaign')).toHaveLength(6);
    expect(described.filter((d) => d.kind === 'asn-repost')).toHaveLength(3);
    expect(described.filter((d) => d.kind === 'citizen-campaign')).toHaveLength(2);
  });

  test('appending with startIndex continues the scroll without repeating ids', () => {
    const doc = loadHtml(pageShell('x', { theme: 'dark' }), 'https://x.com/home');
    const timeline = doc.querySelector(FEED_CONTAINER.x)!;
    timeline.insertAdjacentHTML('beforeend', generateXFeed(20));
    timeline.insertAdjacentHTML('beforeend', generateXFeed(20, { startIndex: 20 }));
    const ids = readAll(xAdapter, doc).snapshots.map((s) => s.postId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect(doc.body.className).toBe('dark');
  });

  test('the same index always yields the same HTML', () => {
    expect(generateXFeed(5, { startIndex: 100 })).toBe(generateXFeed(5, { startIndex: 100 }));
    expect(generateXFeed(5, { startIndex: 100 })).not.toBe(generateXFeed(5, { startIndex: 101 }));
  });
});

describe('generateFacebookFeed', () => {
  test('n units plus a comment on every fourth, all read as described', () => {
    const doc = loadHtml(
      pageShell('facebook', { posts: generateFacebookFeed(40) }),
      'https://www.facebook.com/',
    );
    const all = readAll(facebookAdapter, doc);
    expect(all.drift).toEqual([]);
    expect(all.skipped).toEqual([]);
    const posts = all.snapshots.filter((s) => s.kind !== 'comment');
    const described = describeGeneratedFeed('facebook', 40);
    expect(posts.map((s) => s.postId)).toEqual(described.map((d) => d.id));
    expect(all.snapshots.filter((s) => s.kind === 'comment')).toHaveLength(10);
    for (const [i, s] of posts.entries()) {
      const d = described[i]!;
      expect(s.kind).toBe(d.kind === 'asn-repost' ? 'repost' : 'post');
      expect(s.context?.repostedBy?.handle ?? s.author.handle).toBe(d.actor);
      expect(s.text === CAMPAIGN).toBe(d.campaign);
    }
  });

  test('appends into the shell feed', () => {
    const doc = loadHtml(pageShell('facebook'), 'https://www.facebook.com/');
    doc
      .querySelector(FEED_CONTAINER.facebook)!
      .insertAdjacentHTML('beforeend', generateFacebookFeed(8, { startIndex: 8 }));
    expect(facebookAdapter.findPosts(doc).filter((c) => c.hasAttribute('aria-posinset'))).toHaveLength(8);
  });
});

describe('hideFromNetra', () => {
  test.each([
    ['x', generateXFeed, xAdapter, 'https://x.com/home'],
    ['facebook', generateFacebookFeed, facebookAdapter, 'https://www.facebook.com/'],
  ] as const)(
    '%s: the adapter finds none of the hidden posts, and the rest of the HTML is unchanged',
    (site, generate, adapter, url) => {
      const html = generate(40, { startIndex: 0 });
      const hidden = hideFromNetra(site, html);
      expect(
        adapter.findPosts(loadHtml(pageShell(site, { posts: html }), url)).length,
      ).toBeGreaterThanOrEqual(40);
      expect(adapter.findPosts(loadHtml(pageShell(site, { posts: hidden }), url))).toEqual([]);
      // Same elements, classes, inline styles and text: only other attributes differ.
      const shape = (h: string) =>
        h.replace(/\s([\w:-]+)="[^"]*"/g, (attr: string, name: string) =>
          name === 'class' || name === 'style' ? attr : '',
        );
      expect(shape(hidden)).toBe(shape(html));
    },
  );
});
