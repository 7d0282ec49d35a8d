import { describe, expect, test } from 'vitest';
import { Selectors } from '../../lib/sites/dom';
import { loadHtml } from './helpers';

const TABLE = {
  ad: ['a[href*="/ads/"]'],
  author: ['h2 a[href]', 'strong a[href]'],
  text: ['p.second', 'p'],
};

const doc = loadHtml(
  '<div id="post"><h2><a id="a1" href="/x">X</a></h2><a id="ad" href="/ads/about">?</a>' +
    '<strong><a id="a2" href="/y">Y</a></strong><p id="p1">one</p><p id="p2" class="second">two</p></div>',
);
const ids = (els: Element[]) => els.map((el) => el.id);

describe('Selectors', () => {
  const sel = new Selectors(TABLE);
  const post = doc.getElementById('post')!;

  test('first honours the order of alternatives; ordered lists alternative by alternative', () => {
    expect(sel.first(post, 'text')?.id).toBe('p2');
    expect(ids(sel.ordered(post, 'text'))).toEqual(['p2', 'p1']);
  });

  test('all takes the union of one name in document order', () => {
    expect(ids(sel.all(post, 'author'))).toEqual(['a1', 'a2']);
    expect(ids(sel.all(post, 'text'))).toEqual(['p1', 'p2']);
  });

  test('allOf takes the union of several names in one search, in document order', () => {
    expect(ids(sel.allOf(post, ['ad', 'author']))).toEqual(['a1', 'ad', 'a2']);
    // The same union again comes from the cache, and a different one is its own.
    expect(ids(sel.allOf(post, ['ad', 'author']))).toEqual(['a1', 'ad', 'a2']);
    expect(ids(sel.allOf(post, ['ad', 'text']))).toEqual(['ad', 'p1', 'p2']);
  });

  test('matches and closest test any alternative', () => {
    const a2 = doc.getElementById('a2')!;
    expect(sel.matches(a2, 'author')).toBe(true);
    expect(sel.matches(a2, 'ad')).toBe(false);
    expect(sel.closest(doc.getElementById('p1')!, 'text')?.id).toBe('p1');
  });
});
