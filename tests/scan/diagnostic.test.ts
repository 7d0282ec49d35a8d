// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { highlightSegments } from '@/components/highlight';
import { diagnosticSnippet, maskText } from '@/lib/scan/diagnostic';

describe('diagnosticSnippet', () => {
  test('keeps structure and selector attributes, masks personal text, drops scripts and classes', () => {
    document.body.innerHTML = `<article data-testid="tweet" class="css-175oi2r r-abc" onclick="x()">
      <div data-testid="User-Name"><a href="/budi_asn/status/123" aria-label="Budi Santoso">Budi</a></div>
      <div data-testid="tweetText" lang="id">Ayo coblos 02 <img alt="✌" src="e.png"></div>
      <script>steal()</script><span data-netra-mark>ASN</span></article>`;
    const html = diagnosticSnippet(document.querySelector('article')!);
    expect(html).toContain('data-testid="tweet"');
    expect(html).toContain('data-testid="tweetText"');
    expect(html).toContain('href="/xxxx_xxx/status/000"');
    expect(html).not.toMatch(/Budi|budi|coblos|class=|onclick|script|steal|data-netra-mark|src=/);
    expect(html).toContain('xxx xxxxxx 00');
  });

  test.each([
    ['Budi 02', 'xxxx 00'],
    ['ÁSN ✌', 'xxx ✌'],
  ])('maskText(%s)', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });
});

describe('highlightSegments', () => {
  test.each([
    ['no spans', 'abc', [], [{ text: 'abc', hit: false }]],
    [
      'one span',
      'ayo coblos 02',
      [{ start: 4, end: 10 }],
      [
        { text: 'ayo ', hit: false },
        { text: 'coblos', hit: true },
        { text: ' 02', hit: false },
      ],
    ],
    [
      'overlapping and out of range spans merge and clamp',
      'abcdef',
      [
        { start: 1, end: 3 },
        { start: 2, end: 4 },
        { start: 5, end: 99 },
      ],
      [
        { text: 'a', hit: false },
        { text: 'bcd', hit: true },
        { text: 'e', hit: false },
        { text: 'f', hit: true },
      ],
    ],
  ])('%s', (_name, text, spans, expected) => {
    expect(highlightSegments(text, spans)).toEqual(expected);
  });
});
