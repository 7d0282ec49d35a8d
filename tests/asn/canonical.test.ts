import { describe, expect, test } from 'vitest';
import {
  accountKeys,
  normalizeKey,
  parseAccount,
  parseKey,
  parseProfileUrl,
  parseSiteName,
  profileUrl,
} from '../../lib/asn/canonical';
import type { SiteId } from '../../lib/sites/types';

describe('parseProfileUrl', () => {
  test.each([
    // X
    ['https://x.com/Budi_PNS', 'x:budi_pns'],
    ['https://twitter.com/budi_pns/', 'x:budi_pns'],
    ['https://mobile.x.com/budi_pns/status/1790000000000000000', 'x:budi_pns'],
    ['https://mobile.twitter.com/Budi_PNS/with_replies', 'x:budi_pns'],
    ['https://www.twitter.com/budi_pns?lang=id', 'x:budi_pns'],
    ['x.com/budi_pns', 'x:budi_pns'],
    ['http://twitter.com/#!/budi_pns', 'x:budi_pns'],
    ['https://x.com/i/user/1234567890', 'x:id:1234567890'],
    ['https://twitter.com/intent/user?screen_name=Budi_PNS', 'x:budi_pns'],
    ['https://twitter.com/intent/user?user_id=42', 'x:id:42'],
    // Facebook
    ['https://www.facebook.com/budi.santoso.9', 'facebook:budisantoso9'],
    ['https://m.facebook.com/Budi.Santoso.9/', 'facebook:budisantoso9'],
    ['https://web.facebook.com/budisantoso9?ref=bookmarks', 'facebook:budisantoso9'],
    ['https://facebook.com/budi.santoso.9/posts/pfbid0abc', 'facebook:budisantoso9'],
    ['https://www.facebook.com/profile.php?id=100012345678901', 'facebook:id:100012345678901'],
    ['https://m.facebook.com/profile.php?id=1000123&sk=about', 'facebook:id:1000123'],
    ['https://www.facebook.com/people/Budi-Santoso/100012345678901/', 'facebook:id:100012345678901'],
    ['https://www.facebook.com/groups/123456/user/1000123/', 'facebook:id:1000123'],
    ['https://www.facebook.com/100012345678901', 'facebook:id:100012345678901'],
    ['https://fb.com/budisantoso9', 'facebook:budisantoso9'],
    // Instagram
    ['https://www.instagram.com/budi.pns/', 'instagram:budi.pns'],
    ['https://instagram.com/Budi_PNS?igsh=abc', 'instagram:budi_pns'],
    ['https://www.instagram.com/stories/budi.pns/3300000000000000000/', 'instagram:budi.pns'],
    // TikTok
    ['https://www.tiktok.com/@budi.pns', 'tiktok:budi.pns'],
    ['https://www.tiktok.com/@Budi.PNS/video/7300000000000000000', 'tiktok:budi.pns'],
    ['https://m.tiktok.com/@budi_pns?lang=id-ID', 'tiktok:budi_pns'],
    // YouTube
    ['https://www.youtube.com/@BudiPNS', 'youtube:budipns'],
    ['https://m.youtube.com/@budi.pns/videos', 'youtube:budi.pns'],
    ['https://www.youtube.com/channel/UCabcdefghijklmnopqrstuV', 'youtube:id:UCabcdefghijklmnopqrstuV'],
  ])('%s → %s', (url, key) => {
    const parsed = parseProfileUrl(url);
    expect(parsed).toMatchObject({ ok: true, ref: { key } });
  });

  test.each([
    // feature pages, not accounts
    ['https://x.com/home', 'unsupported-url'],
    ['https://x.com/i/flow/login', 'unsupported-url'],
    ['https://x.com/search?q=pns', 'unsupported-url'],
    ['https://twitter.com/settings/profile', 'unsupported-url'],
    ['https://x.com/explore', 'unsupported-url'],
    ['https://x.com/hashtag/pilkada', 'unsupported-url'],
    ['https://x.com/', 'unsupported-url'],
    ['https://www.facebook.com/watch/?v=123', 'unsupported-url'],
    ['https://www.facebook.com/groups/123456/', 'unsupported-url'],
    ['https://www.facebook.com/profile.php', 'unsupported-url'],
    ['https://www.facebook.com/marketplace/', 'unsupported-url'],
    ['https://www.facebook.com/photo.php?fbid=1', 'unsupported-url'],
    ['https://www.instagram.com/p/Cabc123/', 'unsupported-url'],
    ['https://www.instagram.com/reel/Cabc123/', 'unsupported-url'],
    ['https://www.instagram.com/explore/tags/pilkada/', 'unsupported-url'],
    ['https://www.tiktok.com/foryou', 'unsupported-url'],
    ['https://www.tiktok.com/tag/pilkada', 'unsupported-url'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'unsupported-url'],
    ['https://www.youtube.com/c/BudiPNS', 'unsupported-url'],
    ['https://www.youtube.com/user/budipns', 'unsupported-url'],
    ['https://youtu.be/dQw4w9WgXcQ', 'unsupported-url'],
    // other sites and schemes
    ['https://example.com/budi', 'unsupported-url'],
    ['https://x.com.evil.example/budi', 'unsupported-url'],
    ['https://constructor/budi', 'unsupported-url'],
    ['https://__proto__.com/budi', 'unsupported-url'],
    ['ftp://x.com/budi', 'unsupported-url'],
    ['javascript:alert(1)', 'unsupported-url'],
    // malformed or impossible handles
    ['https://x.com/budi pns', 'malformed-url'],
    ['https://', 'malformed-url'],
    ['https://x.com/%E0%A4%A', 'malformed-url'],
    ['https://x.com/this_handle_is_far_too_long', 'invalid-handle'],
    ['https://x.com/budi-pns', 'invalid-handle'],
    ['https://www.facebook.com/abc', 'invalid-handle'],
    ['https://www.youtube.com/channel/UCshort', 'invalid-handle'],
    ['https://www.instagram.com/budi..pns/', 'invalid-handle'],
  ])('%s is refused (%s)', (url, code) => {
    expect(parseProfileUrl(url)).toMatchObject({ ok: false, code });
  });
});

describe('parseAccount', () => {
  test.each<[SiteId, string, string]>([
    ['x', '@Budi_PNS', 'x:budi_pns'],
    ['x', 'budi_pns', 'x:budi_pns'],
    ['x', '12345', 'x:12345'],
    ['x', 'id:12345', 'x:id:12345'],
    ['x', 'https://x.com/budi_pns', 'x:budi_pns'],
    ['facebook', 'Budi.Santoso.9', 'facebook:budisantoso9'],
    ['facebook', '100012345678901', 'facebook:id:100012345678901'],
    ['facebook', 'facebook.com/profile.php?id=1000123', 'facebook:id:1000123'],
    ['instagram', 'budi.pns', 'instagram:budi.pns'],
    ['instagram', '@Budi.PNS', 'instagram:budi.pns'],
    ['tiktok', '@budi.pns', 'tiktok:budi.pns'],
    ['tiktok', 'id:6712345678901234567', 'tiktok:id:6712345678901234567'],
    ['youtube', '@BudiPNS', 'youtube:budipns'],
    ['youtube', 'UCabcdefghijklmnopqrstuV', 'youtube:id:UCabcdefghijklmnopqrstuV'],
    ['youtube', 'id:UCabcdefghijklmnopqrstuV', 'youtube:id:UCabcdefghijklmnopqrstuV'],
  ])('%s %s → %s', (site, input, key) => {
    expect(parseAccount(site, input)).toMatchObject({ ok: true, ref: { key } });
  });

  test.each<[SiteId, string, string]>([
    ['x', '', 'missing-handle'],
    ['x', 'budi pns', 'invalid-handle'],
    ['x', 'home', 'invalid-handle'],
    ['x', 'id:abc', 'invalid-handle'],
    ['x', 'https://www.facebook.com/budisantoso9', 'site-mismatch'],
    ['facebook', 'bu.di', 'invalid-handle'],
    ['instagram', '.budi', 'invalid-handle'],
    ['tiktok', 'b', 'invalid-handle'],
    ['youtube', 'ab', 'invalid-handle'],
  ])('%s %j is refused (%s)', (site, input, code) => {
    expect(parseAccount(site, input)).toMatchObject({ ok: false, code });
  });
});

describe('keys', () => {
  test.each([
    ['x:budi_pns', true],
    ['x:id:42', true],
    ['facebook:budisantoso9', true],
    ['youtube:id:UCabcdefghijklmnopqrstuV', true],
    ['X:budi_pns', false],
    ['facebook:budi.santoso9', false],
    ['x:home', false],
    ['myspace:budi', false],
    ['budi_pns', false],
    ['x:', false],
  ])('parseKey(%s) canonical: %s', (key, ok) => {
    expect(parseKey(key) !== undefined).toBe(ok);
  });

  test.each([
    ['X:Budi_PNS', 'x:budi_pns'],
    ['youtube:id:UCabcdefghijklmnopqrstuV', 'youtube:id:UCabcdefghijklmnopqrstuV'],
    ['YouTube:BudiPNS', 'youtube:budipns'],
  ])('normalizeKey(%s) = %s', (key, normal) => {
    expect(normalizeKey(key)).toBe(normal);
  });

  test.each<[SiteId, { handle?: string; id?: string }, string[]]>([
    ['x', { handle: 'Budi_PNS', id: '42' }, ['x:budi_pns', 'x:id:42']],
    ['facebook', { handle: 'budi.santoso.9' }, ['facebook:budisantoso9']],
    ['facebook', { handle: 'https://www.facebook.com/profile.php?id=7' }, ['facebook:id:7']],
    [
      'youtube',
      { handle: '@Budi', id: 'UCabcdefghijklmnopqrstuV' },
      ['youtube:budi', 'youtube:id:UCabcdefghijklmnopqrstuV'],
    ],
    ['x', { handle: 'not a handle', id: 'x1' }, []],
  ])('accountKeys(%s, %j)', (site, author, keys) => {
    expect(accountKeys(site, author)).toEqual(keys);
  });

  test.each([
    ['x:budi_pns', 'https://x.com/budi_pns'],
    ['x:id:42', 'https://x.com/i/user/42'],
    ['facebook:id:1000123', 'https://www.facebook.com/profile.php?id=1000123'],
    ['instagram:budi.pns', 'https://www.instagram.com/budi.pns/'],
    ['tiktok:budi.pns', 'https://www.tiktok.com/@budi.pns'],
    ['youtube:id:UCabcdefghijklmnopqrstuV', 'https://www.youtube.com/channel/UCabcdefghijklmnopqrstuV'],
  ])('profileUrl(%s) round-trips', (key, url) => {
    const ref = parseKey(key)!;
    expect(profileUrl(ref)).toBe(url);
    expect(parseProfileUrl(url)).toMatchObject({ ok: true, ref: { key } });
  });

  test.each([
    ['Twitter', 'x'],
    [' FB ', 'facebook'],
    ['ig', 'instagram'],
    ['TikTok', 'tiktok'],
    ['YT', 'youtube'],
    ['myspace', undefined],
    ['', undefined],
    ['constructor', undefined],
    ['__proto__', undefined],
  ])('parseSiteName(%j) = %s', (name, site) => {
    expect(parseSiteName(name)).toBe(site);
  });
});
