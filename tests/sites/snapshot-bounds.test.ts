import { describe, expect, test } from 'vitest';
import { boundSnapshot, clipText, clipUrl, MAX_TEXT, MAX_URL } from '@/lib/sites/snapshot';
import { createSnapshotMock } from '../reports/factories';

// Issue #17, attack 4: what a page sends is bounded before it is validated, one post at a time.

describe('clipUrl', () => {
  const base = 'https://www.facebook.com/groups/1/posts/2';
  test.each([
    ['a URL that fits stays as it is', `${base}?x=1#c`, `${base}?x=1#c`],
    ['a long fragment goes first', `${base}?x=1#${'f'.repeat(MAX_URL)}`, `${base}?x=1`],
    ['then a long query', `${base}?q=${'q'.repeat(MAX_URL)}#c`, base],
    ['a path that alone is too long is dropped', `https://x.com/${'p'.repeat(MAX_URL)}`, undefined],
  ])('%s', (_name, url, expected) => {
    expect(clipUrl(url)).toBe(expected);
  });
});

describe('clipText', () => {
  test('never cuts an emoji in half', () => {
    const text = `${'a'.repeat(9)}✌🏽`;
    expect(clipText(text, 10)).toBe('a'.repeat(9) + '✌');
    expect(clipText('a'.repeat(9) + '😀', 10)).toBe('a'.repeat(9));
    expect(clipText('abc', 10)).toBe('abc');
  });
});

describe('boundSnapshot', () => {
  test('a text over MAX_TEXT is cut and marked truncated', () => {
    const result = boundSnapshot(createSnapshotMock({ text: 'x'.repeat(MAX_TEXT + 5) }));
    expect(result.ok && result.snapshot.text.length).toBe(MAX_TEXT);
    expect(result.ok && result.snapshot.truncated).toBe(true);
  });

  test('a text that fits is not marked', () => {
    const result = boundSnapshot(createSnapshotMock());
    expect(result).toEqual({ ok: true, snapshot: createSnapshotMock() });
  });

  test('long display names are cut, in the author and in the context', () => {
    const result = boundSnapshot(
      createSnapshotMock({
        author: { handle: 'budi', displayName: 'B'.repeat(900) },
        context: { repostedBy: { handle: 'ani', displayName: 'A'.repeat(900) } },
      }),
    );
    expect(result.ok && result.snapshot.author.displayName).toHaveLength(500);
    expect(result.ok && result.snapshot.context?.repostedBy?.displayName).toHaveLength(500);
  });

  test.each([
    ['a missing text', { text: undefined }, /^text:/],
    ['a number for a text', { text: 5 }, /^text:/],
    ['an unknown kind', { kind: 'story' }, /^kind:/],
    ['an empty handle', { author: { handle: '' } }, /^author\.handle:/],
  ])('%s is refused with where', (_name, spoil, where) => {
    const result = boundSnapshot({ ...createSnapshotMock(), ...spoil });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(where);
  });

  test('a page cannot claim a text was truncated with anything but true', () => {
    expect(boundSnapshot({ ...createSnapshotMock(), truncated: false }).ok).toBe(false);
  });
});
