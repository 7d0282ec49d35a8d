import { describe, expect, test } from 'vitest';
import { absoluteUrl, pageUrl } from '../../lib/sites/dom';
import { loadHtml } from './helpers';

// The page address is parsed once per address and shared by every post read on that page: the
// cache must follow the document asked about, never answer for the previous one.

describe('pageUrl', () => {
  test('follows the document and its address, web pages only', () => {
    const status = loadHtml('<p>a</p>', 'https://x.com/kominfo/status/1');
    const home = loadHtml('<p>b</p>', 'https://x.com/home');
    const blank = loadHtml('<p>c</p>');
    expect(pageUrl(status)?.pathname).toBe('/kominfo/status/1');
    expect(pageUrl(status)).toBe(pageUrl(status));
    expect(pageUrl(home)?.pathname).toBe('/home');
    expect(pageUrl(blank)).toBeUndefined();
    expect(pageUrl(status)?.pathname).toBe('/kominfo/status/1');
    expect(pageUrl(null)).toBeUndefined();
  });

  test('a single-page navigation is seen at once', () => {
    const doc = loadHtml('<p>a</p>', 'https://x.com/home');
    expect(pageUrl(doc)?.pathname).toBe('/home');
    doc.defaultView!.history.pushState(null, '', '/kominfo/status/2');
    expect(pageUrl(doc)?.pathname).toBe('/kominfo/status/2');
    expect(absoluteUrl('/a/status/3', doc, 'https://x.com')).toBe('https://x.com/a/status/3');
  });
});
