import { describe, expect, test } from 'vitest';
import { matchAccounts, matchAccountsOf } from '@/lib/flags/check';
import { flagKey } from '@/lib/flags/flag';
import { accountKey, accountsOf, countingMatch } from '@/lib/flags/who-counts';
import type { AsnMatch } from '@/lib/reports/schema';
import { createSnapshotMock } from '../reports/factories';

const asn = (key: string): AsnMatch => ({ key, source: 'manual' });

describe('accountKey', () => {
  test.each([
    ['x', 'Budi_PNS', 'x:budi_pns'],
    ['x', '@budi_pns', 'x:budi_pns'],
    ['tiktok', '  @Budi ', 'tiktok:budi'],
    ['facebook', 'budi.santoso', 'facebook:budi.santoso'],
  ])('%s %j → %s', (site, handle, key) => {
    expect(accountKey({ site, handle })).toBe(key);
  });

  test('the flag key spells the author as the account key does', () => {
    const snapshot = createSnapshotMock({ postId: undefined, url: undefined, author: { handle: '@Budi' } });
    expect(flagKey(snapshot)).toMatch(/^x:text:budi:/);
  });
});

describe('who counts', () => {
  const reposted = createSnapshotMock({
    kind: 'repost',
    author: { handle: 'Author' },
    context: { repostedBy: { handle: 'Reposter', id: '42' } },
  });

  test('the accounts asked about are the author and the reposter', () => {
    expect(accountsOf(reposted)).toEqual([
      { site: 'x', handle: 'Author' },
      { site: 'x', handle: 'Reposter', id: '42' },
    ]);
    expect(accountsOf(createSnapshotMock({ author: { handle: 'a' } }))).toEqual([{ site: 'x', handle: 'a' }]);
  });

  test.each<[string, string[], string | null]>([
    ['an ASN reposter', ['x:reposter'], 'x:reposter'],
    ["an ASN author's post reposted", ['x:author'], 'x:author'],
    ['both ASN: the reposter', ['x:author', 'x:reposter'], 'x:reposter'],
    ['neither', [], null],
  ])('a repost: %s', (_what, known, expected) => {
    const matchOf = (account: { site: string; handle: string }) =>
      known.includes(accountKey(account)) ? accountKey(account) : null;
    expect(countingMatch(reposted, matchOf)).toBe(expected);
  });

  test('a reposter named on a post that is not a repost does not count', () => {
    const post = { ...reposted, kind: 'post' as const };
    expect(countingMatch(post, (a) => (accountKey(a) === 'x:reposter' ? 1 : null))).toBeNull();
  });
});

describe('matchAccounts', () => {
  test('one lookup for the batch, an account by any of its keys, null when unknown', async () => {
    const asked: (readonly string[])[] = [];
    const matches = await matchAccountsOf(
      [
        createSnapshotMock({ site: 'facebook', author: { handle: 'Budi.Santoso', id: '1000123' } }),
        createSnapshotMock({ site: 'facebook', author: { handle: 'budi.santoso' } }),
        createSnapshotMock({ site: 'facebook', author: { handle: 'siti.aminah' } }),
      ],
      async (keys) => {
        asked.push(keys);
        return new Map([['facebook:id:1000123', asn('facebook:id:1000123')]]);
      },
    );
    // Looked up by canonical keys (Facebook drops the dots), answered by account key.
    expect(asked).toEqual([['facebook:budisantoso', 'facebook:id:1000123', 'facebook:sitiaminah']]);
    expect(matches).toEqual({
      'facebook:budi.santoso': asn('facebook:id:1000123'),
      'facebook:siti.aminah': null,
    });
  });

  test('an account with no usable key is null', async () => {
    const matches = await matchAccounts([{ site: 'x', handle: '!!' }], async () => new Map());
    expect(matches).toEqual({ 'x:!!': null });
  });
});
