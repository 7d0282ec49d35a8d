// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { facebookAdapter } from '../../lib/sites/facebook';
import type { PostSnapshot } from '../../lib/sites/snapshot';
import { FB_BASIC_STORY } from '../fixtures/templates/facebook-pages';
import { loadFixture, NOW } from './helpers';

// A comment on a post takes its parent author and id from a light read of the post, not a full
// one: it must give what the full read of the post gives, whatever the post is (plain, share,
// quote, sponsored, photo-only, unrevealed permalink, feed unit without a post, drift).

const expected = (post: Element): PostSnapshot['context'] => {
  const read = facebookAdapter.readPost(post, NOW);
  if (read.ok !== true) return undefined;
  const { snapshot } = read;
  return {
    parentAuthor: snapshot.context?.repostedBy ?? snapshot.author,
    ...(snapshot.postId ? { inReplyTo: snapshot.postId } : {}),
  };
};

describe('facebook: a comment on a post answers what the full read of the post names', () => {
  test('Comet feed: the first post’s comments copied under every feed unit', () => {
    const doc = loadFixture('facebook/feed.html', 'https://www.facebook.com/');
    const block = doc.querySelector('[aria-posinset="1"] .comments')!;
    for (const unit of Array.from(doc.querySelectorAll('[aria-posinset]')).slice(1)) {
      (unit.querySelector('[role="article"]') ?? unit).insertAdjacentHTML('beforeend', block.outerHTML);
    }
    const kinds = new Set<string>();
    let compared = 0;
    for (const unit of Array.from(doc.querySelectorAll('[aria-posinset]'))) {
      const post = facebookAdapter.findPosts(unit)[0]!;
      const full = facebookAdapter.readPost(post, NOW);
      kinds.add(full.ok === true ? full.snapshot.kind : `${full.ok}`);
      const want = expected(post);
      // Top-level comments answer the post; replies answer a comment (covered elsewhere).
      for (const comment of Array.from(unit.querySelectorAll('.comment-thread > [role="article"]'))) {
        const read = facebookAdapter.readPost(comment, NOW);
        expect(read.ok).toBe(true);
        expect(read.ok === true && read.snapshot.context).toEqual(want);
        compared++;
      }
    }
    expect(kinds).toEqual(new Set(['post', 'repost', 'quote', 'skip']));
    expect(compared).toBe(22);
  });

  test.each([
    ['a story without text (drift)', (story: Element) => story.querySelector(`[data-ft*='"*s"']`)!.remove()],
    [
      'a story without a profile link',
      (story: Element) => story.querySelector('header h3 a')!.removeAttribute('href'),
    ],
    [
      'a sponsored story',
      (story: Element) => story.insertAdjacentHTML('beforeend', '<a href="/ads/about/">Bersponsor</a>'),
    ],
  ])('basic layout, %s: the comment keeps the story id only', (_label, edit) => {
    const url = `https://m.facebook.com/story.php?story_fbid=${FB_BASIC_STORY}&id=100012345678901`;
    const doc = loadFixture('facebook/m-basic-post.html', url);
    const [story, ...comments] = facebookAdapter.findPosts(doc);
    edit(story!);
    expect(facebookAdapter.readPost(story!, NOW).ok).not.toBe(true);
    const read = facebookAdapter.readPost(comments[0]!, NOW);
    expect(read.ok === true && read.snapshot.context).toEqual({ inReplyTo: FB_BASIC_STORY });
  });
});

describe('facebook: reads in one read scope give what reads afresh give', () => {
  // In a scope, a post's author links are searched once (readActors, then readPost) and its
  // comments take their parent from the post's read: the results must not change.
  const pages: [string, () => Document][] = [
    [
      'Comet feed, comments under every kind of unit',
      () => {
        const doc = loadFixture('facebook/feed.html', 'https://www.facebook.com/');
        const block = doc.querySelector('[aria-posinset="1"] .comments')!;
        for (const unit of Array.from(doc.querySelectorAll('[aria-posinset]')).slice(1)) {
          (unit.querySelector('[role="article"]') ?? unit).insertAdjacentHTML('beforeend', block.outerHTML);
        }
        return doc;
      },
    ],
    [
      'basic layout',
      () =>
        loadFixture(
          'facebook/m-basic-post.html',
          `https://m.facebook.com/story.php?story_fbid=${FB_BASIC_STORY}&id=100012345678901`,
        ),
    ],
  ];

  test.each(pages)('%s', (_label, load) => {
    const doc = load();
    const containers = facebookAdapter.findPosts(doc);
    const afresh = containers.map((c) => [facebookAdapter.readActors!(c), facebookAdapter.readPost(c, NOW)]);
    // Comments before their posts, and posts before their comments.
    for (const order of [containers, [...containers].reverse()]) {
      const scoped = facebookAdapter.readScope!(() =>
        order.map((c) => [facebookAdapter.readActors!(c), facebookAdapter.readPost(c, NOW)]),
      );
      if (order !== containers) scoped.reverse();
      expect(scoped).toEqual(afresh);
    }
    expect(afresh.filter(([, read]) => (read as { ok: unknown }).ok === true).length).toBeGreaterThan(3);
  });

  test('outside a scope, a change to the page is read', () => {
    const doc = loadFixture('facebook/feed.html', 'https://www.facebook.com/');
    const post = facebookAdapter.findPosts(doc.querySelector('[aria-posinset="1"]')!)[0]!;
    const before = facebookAdapter.readActors!(post);
    const link = post.querySelector('h2 a')!;
    link.setAttribute('href', 'https://www.facebook.com/someone.else');
    expect(facebookAdapter.readActors!(post)).not.toEqual(before);
    expect(facebookAdapter.readActors!(post)).toEqual(['someone.else']);
  });
});
