import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { IDBFactory } from 'fake-indexeddb';
import { categoriesOf, type Flag, type FlagInput, type FlagStatus, flagKey } from '@/lib/flags/flag';
import {
  createBrowserFlagRecords,
  createMemoryFlagRecords,
  type FlagRecords,
  loadFlagState,
  openIdbFlagRecords,
} from '@/lib/flags/records';
import { DEFAULT_FLOOD_LIMITS, FlagStore } from '@/lib/flags/store';
import { FLAGS_KEY } from '@/lib/reports/store';
import { createAsnMock, createFindingMock, createSnapshotMock } from '../reports/factories';

const T0 = Date.parse('2024-02-03T05:00:00Z');
const DAY = 86_400_000;

function harness<R extends FlagRecords = ReturnType<typeof createMemoryFlagRecords>>(
  records: R = createMemoryFlagRecords() as FlagRecords as R,
) {
  const clock = { t: T0 };
  const flags = new FlagStore({ records, now: () => clock.t });
  return { flags, records, clock };
}

function input(overrides: Partial<FlagInput> = {}): FlagInput {
  return {
    snapshot: createSnapshotMock(),
    findings: [createFindingMock()],
    asn: createAsnMock(),
    ...overrides,
  };
}

beforeEach(() => fakeBrowser.reset());

describe('flagKey', () => {
  const noId = { postId: undefined };
  test.each([
    ['post id', createSnapshotMock({ postId: '123' }), 'x:123'],
    [
      'repost: the reposter is part of the key',
      createSnapshotMock({ kind: 'repost', postId: '123', context: { repostedBy: { handle: '@Budi_ASN' } } }),
      'x:123#repost:budi_asn',
    ],
    [
      'url and author when there is no id',
      createSnapshotMock({
        ...noId,
        site: 'facebook',
        url: 'https://www.facebook.com/p/1',
        author: { handle: '@Budi' },
      }),
      'facebook:https://www.facebook.com/p/1:budi',
    ],
    [
      'tracking parameters and fragment are ignored',
      createSnapshotMock({
        ...noId,
        site: 'facebook',
        url: 'https://www.facebook.com/p/1?__cft__[0]=abc&__tn__=R&utm_source=x#comments',
        author: { handle: 'budi' },
      }),
      'facebook:https://www.facebook.com/p/1:budi',
    ],
    [
      'meaningful query parameters are kept',
      createSnapshotMock({
        ...noId,
        site: 'youtube',
        url: 'https://www.youtube.com/watch?v=abc&si=share',
        author: { handle: 'b' },
      }),
      'youtube:https://www.youtube.com/watch?v=abc:b',
    ],
  ])('%s', (_name, snapshot, key) => {
    expect(flagKey(snapshot)).toBe(key);
  });

  test('without id or URL, the text fingerprint tells posts apart', () => {
    const a = createSnapshotMock({ postId: undefined, url: undefined, text: 'satu' });
    const b = createSnapshotMock({ postId: undefined, url: undefined, text: 'dua' });
    expect(flagKey(a)).toMatch(/^x:text:budi_asn:[0-9a-f]{8}$/);
    expect(flagKey(a)).not.toBe(flagKey(b));
    expect(flagKey(a)).toBe(flagKey({ ...a, capturedAt: '2025-01-01T00:00:00Z' }));
  });

  test('two people reposting the same post are two flags', () => {
    const repost = (handle: string) =>
      createSnapshotMock({ kind: 'repost', postId: '9', context: { repostedBy: { handle } } });
    expect(flagKey(repost('a'))).not.toBe(flagKey(repost('b')));
  });
});

test.each([
  [[], []],
  [
    ['abusive', 'candidate_support', 'abusive'],
    ['candidate_support', 'abusive'],
  ],
  [
    ['intimidation', 'hate_speech'],
    ['hate_speech', 'intimidation'],
  ],
] as const)('categoriesOf %j → %j', (categories, expected) => {
  expect(categoriesOf(categories.map((category) => ({ category })))).toEqual(expected);
});

describe('upsertFlag', () => {
  test('creates a new flag with derived categories', async () => {
    const { flags } = harness();
    const { flag, created } = await flags.upsertFlag(
      input({ findings: [createFindingMock({ category: 'abusive' }), createFindingMock()], tabId: 4 }),
    );
    expect(created).toBe(true);
    expect(flag).toMatchObject({
      key: 'x:1790000000000000001',
      status: 'new',
      categories: ['candidate_support', 'abusive'],
      firstSeenAt: new Date(T0).toISOString(),
      lastSeenAt: new Date(T0).toISOString(),
      tabId: 4,
    });
  });

  test('seeing the same post again keeps the decision, the first sighting and its evidence; the new text is a version', async () => {
    const { flags, clock } = harness();
    const { flag } = await flags.upsertFlag(input());
    await flags.setStatus(flag.key, 'dismissed');
    clock.t += DAY;
    const longer = createSnapshotMock({
      text: 'Ayo coblos nomor 2! … teks lengkap setelah "Lihat selengkapnya"',
    });
    const again = await flags.upsertFlag(input({ snapshot: longer, asn: null, findings: [] }));
    expect(again.created).toBe(false);
    expect(again.flag).toMatchObject({
      status: 'dismissed',
      firstSeenAt: new Date(T0).toISOString(),
      lastSeenAt: new Date(T0 + DAY).toISOString(),
      snapshot: createSnapshotMock(),
      findings: [createFindingMock()],
      categories: ['candidate_support'],
      asn: createAsnMock(),
      versions: [{ snapshot: longer, findings: [], seenAt: new Date(T0 + DAY).toISOString() }],
    });
    expect(await flags.query()).toHaveLength(1);
  });

  test('evidence stays true (issue #17, attack 7): versions are bounded, a reported flag never changes', async () => {
    const { flags, clock } = harness();
    const first = createSnapshotMock({ postId: 'ev' });
    const { flag } = await flags.upsertFlag(input({ snapshot: first }));
    for (let i = 0; i < 8; i++) {
      clock.t += 1_000;
      await flags.upsertFlag(
        input({ snapshot: { ...first, text: `ditulis ulang ${i}`, url: `https://x.com/lain/status/${i}` } }),
      );
    }
    const seen = (await flags.get(flag.key))!;
    expect(seen.snapshot).toEqual(first);
    expect(seen.versions?.map((v) => v.snapshot.text)).toEqual(
      [3, 4, 5, 6, 7].map((i) => `ditulis ulang ${i}`),
    );
    // The same rewrite again adds nothing.
    await flags.upsertFlag(
      input({ snapshot: { ...first, text: 'ditulis ulang 7', url: 'https://x.com/lain/status/7' } }),
    );
    expect((await flags.get(flag.key))!.versions).toHaveLength(5);

    const reported = await flags.setStatus(flag.key, 'reported', { reportId: 'r1' });
    await flags.upsertFlag(
      input({ snapshot: { ...first, text: 'sesudah dilaporkan' }, asn: createAsnMock({ agency: 'lain' }) }),
    );
    const after = (await flags.get(flag.key))!;
    expect(after.snapshot).toEqual(first);
    expect(after.versions).toEqual(reported.versions);
    expect(after.asn).toEqual(createAsnMock());
  });

  test('refuses input outside the contract (content scripts are unprivileged)', async () => {
    const { flags } = harness();
    const bad = input({ snapshot: { ...createSnapshotMock(), site: 'myspace' as never } });
    await expect(flags.upsertFlag(bad)).rejects.toThrow(/Penanda tidak valid: snapshot\.site/);
    expect(await flags.query()).toEqual([]);
  });

  test('one invalid input of a batch is refused with the reason; the others are stored (issue #17)', async () => {
    const { flags } = harness();
    const results = await flags.upsertFlags([
      input({ snapshot: createSnapshotMock({ postId: 'a' }) }),
      input({
        snapshot: createSnapshotMock({ postId: 'b' }),
        findings: [createFindingMock({ match: 'x'.repeat(2001) })],
      }),
      input({ snapshot: createSnapshotMock({ postId: 'c' }) }),
    ]);
    expect(results.map((r) => r.flag?.key ?? null)).toEqual(['x:a', null, 'x:c']);
    expect(results[1]).toMatchObject({
      refused: 'invalid',
      reason: expect.stringMatching(/findings\.0\.match/),
    });
    expect((await flags.query()).map((f) => f.key).sort()).toEqual(['x:a', 'x:c']);
  });

  test('returned flags are copies', async () => {
    const { flags } = harness();
    const { flag } = await flags.upsertFlag(input());
    flag.status = 'reported';
    expect((await flags.get(flag.key))!.status).toBe('new');
  });
});

describe('setStatus', () => {
  test.each(['reviewed', 'dismissed', 'new'] as const)('→ %s', async (status) => {
    const { flags } = harness();
    const { flag } = await flags.upsertFlag(input());
    expect(await flags.setStatus(flag.key, status)).toMatchObject({ status });
  });

  test('reported records the report id', async () => {
    const { flags } = harness();
    const { flag } = await flags.upsertFlag(input());
    expect(await flags.setStatus(flag.key, 'reported', { reportId: 'r-1' })).toMatchObject({
      status: 'reported',
      reportId: 'r-1',
    });
  });

  test.each([
    ['reported without a report id', 'KEY', 'reported', /id laporan/],
    ['an unknown key', 'nope', 'reviewed', /tidak ditemukan/],
  ] as const)('refuses %s', async (_name, key, status, message) => {
    const { flags } = harness();
    const { flag } = await flags.upsertFlag(input());
    await expect(flags.setStatus(key === 'KEY' ? flag.key : key, status)).rejects.toThrow(message);
    expect((await flags.get(flag.key))!.status).toBe('new');
  });
});

describe('query', () => {
  async function seeded() {
    const h = harness();
    const add = async (
      postId: string,
      status: FlagStatus,
      extra: Partial<FlagInput> = {},
      site = 'x' as const,
    ) => {
      const { flag } = await h.flags.upsertFlag(
        input({ snapshot: createSnapshotMock({ postId, site }), ...extra }),
      );
      if (status !== 'new') await h.flags.setStatus(flag.key, status, { reportId: 'r' });
      h.clock.t += 1_000;
    };
    await add('1', 'new', { tabId: 1 });
    await add('2', 'reviewed', { tabId: 2, findings: [createFindingMock({ category: 'hate_speech' })] });
    await add('3', 'dismissed', { tabId: 1 });
    await add('4', 'reported', {}, 'facebook' as never);
    return h.flags;
  }
  const keys = (flags: Flag[]) => flags.map((flag) => flag.snapshot.postId);

  test.each([
    ['everything, most recent first', {}, ['4', '3', '2', '1']],
    ['one status', { status: 'new' }, ['1']],
    ['several statuses', { status: ['new', 'reviewed'] }, ['2', '1']],
    ['a category', { category: 'hate_speech' }, ['2']],
    ['a site', { site: 'facebook' }, ['4']],
    ['a tab', { tabId: 1 }, ['3', '1']],
    ['a tab and a status', { tabId: 1, status: 'new' }, ['1']],
    ['nothing matches', { category: 'money_politics' }, []],
  ] as const)('%s', async (_name, filter, expected) => {
    const flags = await seeded();
    expect(keys(await flags.query(filter as never))).toEqual(expected);
  });

  test('forgetTab unlinks a closed tab', async () => {
    const flags = await seeded();
    expect(await flags.forgetTab(1)).toBe(2);
    expect(await flags.query({ tabId: 1 })).toEqual([]);
  });
});

describe('prune', () => {
  test.each([
    ['new', 31, false],
    ['new', 29, true],
    ['reviewed', 31, false],
    ['dismissed', 31, false],
    ['dismissed', 1, true],
    ['reported', 3_650, true],
  ] as const)(
    'a %s flag last seen %d days ago: kept=%s (retention 30 days)',
    async (status, daysAgo, kept) => {
      const { flags, clock } = harness();
      const { flag } = await flags.upsertFlag(input());
      if (status !== 'new') await flags.setStatus(flag.key, status, { reportId: 'r' });
      clock.t += daysAgo * DAY;
      expect(await flags.prune({ retentionDays: 30 })).toBe(kept ? 0 : 1);
      expect(await flags.query()).toHaveLength(kept ? 1 : 0);
    },
  );

  test('over maxFlags: dismissed go first, then reviewed; unreviewed and reported never (issue #17)', async () => {
    const { flags, clock } = harness();
    const statuses: FlagStatus[] = ['reported', 'new', 'dismissed', 'reviewed', 'new'];
    for (const [i, status] of statuses.entries()) {
      const { flag } = await flags.upsertFlag(input({ snapshot: createSnapshotMock({ postId: String(i) }) }));
      if (status !== 'new') await flags.setStatus(flag.key, status, { reportId: 'r' });
      clock.t += 1_000;
    }
    expect(await flags.prune({ retentionDays: 30, maxFlags: 4 })).toBe(1);
    expect((await flags.query()).map((f) => f.snapshot.postId).sort()).toEqual(['0', '1', '3', '4']);
    expect(await flags.prune({ retentionDays: 30, maxFlags: 0 })).toBe(1);
    expect((await flags.query()).map((f) => f.status).sort()).toEqual(['new', 'new', 'reported']);
  });
});

describe('flood cap (issue #17, attack 5)', () => {
  const byAuthor = (handle: string, id: string, page?: string) =>
    input({
      snapshot: createSnapshotMock({ postId: id, author: { handle } }),
      ...(page ? { page } : {}),
    });

  test("a flood by one account stores at most its hourly cap; the monitor's real flags survive a restart and prune", async () => {
    const records = createMemoryFlagRecords();
    const { flags, clock } = harness(records);
    const real = await flags.upsertFlags(
      ['r1', 'r2', 'r3', 'r4', 'r5'].map((id, i) => byAuthor(`asn${i}`, id)),
    );
    expect(real.every((r) => r.flag)).toBe(true);
    clock.t += 60_000;
    const flood = await flags.upsertFlags(
      Array.from({ length: 2_100 }, (_, i) => byAuthor('budi_asn', `f${i}`, 'https://x.com/home')),
    );
    expect(flood.filter((r) => r.flag)).toHaveLength(DEFAULT_FLOOD_LIMITS.perAccountPerHour);
    expect(flood.filter((r) => !r.flag && r.refused === 'capped')).toHaveLength(
      2_100 - DEFAULT_FLOOD_LIMITS.perAccountPerHour,
    );
    expect(flood.at(-1)).toMatchObject({ reason: expect.stringMatching(/x:budi_asn dalam satu jam/) });

    // The worker restarts, prunes with a small cap: the unreviewed flags are all still there.
    const restarted = new FlagStore({ records, now: () => clock.t });
    await restarted.prune({ retentionDays: 30, maxFlags: 10 });
    const keys = (await restarted.query({ status: 'new' })).map((f) => f.key);
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5']) expect(keys).toContain(`x:${id}`);

    // The cap counts what the records hold (it survives the restart), and an hour later opens again.
    await expect(restarted.upsertFlag(byAuthor('budi_asn', 'later'))).rejects.toThrow(/tidak disimpan/);
    clock.t += 3_601_000;
    expect((await restarted.upsertFlag(byAuthor('budi_asn', 'later'))).created).toBe(true);
  });

  test('one page adding flags for many accounts is capped per page; another page is not', async () => {
    const { flags } = harness(createMemoryFlagRecords());
    const limits = { perAccountPerHour: 30, perPagePerHour: 50 };
    const capped = new FlagStore({ records: createMemoryFlagRecords(), now: () => T0, limits });
    const many = await capped.upsertFlags(
      Array.from({ length: 80 }, (_, i) => byAuthor(`warga${i}`, `p${i}`, 'https://evil.example/')),
    );
    expect(many.filter((r) => r.flag)).toHaveLength(50);
    expect((await capped.upsertFlag(byAuthor('ani', 'q1', 'https://x.com/home'))).created).toBe(true);
    // A flag seen again is refreshed, whatever the cap.
    expect((await capped.upsertFlag(byAuthor('warga0', 'p0', 'https://evil.example/'))).created).toBe(false);
    expect(await flags.count()).toBe(0);
  });
});

describe('stored records', () => {
  test('invalid stored flags are set aside with the reason, never dropped', async () => {
    const good = { ...(await harness().flags.upsertFlag(input())).flag };
    const broken = { ...good, key: 'x:2', status: 'archived' };
    const records = createMemoryFlagRecords({ flags: [good, broken] });
    const { flags } = harness(records);
    expect(await flags.query()).toEqual([good]);
    expect(await flags.quarantined()).toEqual([
      { key: 'x:2', raw: broken, reason: expect.stringMatching(/^status: /), at: new Date(T0).toISOString() },
    ]);
    // Moved, not copied: the record left the flags and the reason is stored with it.
    expect(records.peek().flags).toEqual([good]);
    expect(records.peek().quarantined).toHaveLength(1);
  });

  test.each([
    ['a string', 'nonsense'],
    ['an array', []],
    ['no flags list', { version: 1 }],
  ])('a whole state (earlier format) that is %s is set aside', (_name, raw) => {
    const { state, repaired } = loadFlagState(raw, 'now');
    expect(repaired).toBe(true);
    expect(state.flags).toEqual([]);
    expect(state.quarantined).toEqual([{ raw, reason: expect.any(String), at: 'now' }]);
  });

  test('deleteAll removes flags and quarantined records', async () => {
    const bad = { key: 'x:9', status: 'archived' };
    const records = createMemoryFlagRecords({ flags: [bad] });
    const { flags } = harness(records);
    await flags.upsertFlag(input());
    expect(await flags.deleteAll()).toBe(2);
    expect(records.peek()).toEqual({ flags: [], quarantined: [] });
  });

  test('remove deletes one flag', async () => {
    const { flags, records } = harness();
    const { flag } = await flags.upsertFlag(input());
    expect(await flags.remove(flag.key)).toBe(true);
    expect(await flags.remove(flag.key)).toBe(false);
    expect(records.peek().flags).toEqual([]);
  });

  test('a new store instance (worker restart) sees the saved flags', async () => {
    const records = createMemoryFlagRecords();
    await harness(records).flags.upsertFlag(input());
    expect(await harness(records).flags.query()).toHaveLength(1);
  });

  test('invalidate re-reads after someone else wrote the records', async () => {
    const records = createMemoryFlagRecords();
    const { flags } = harness(records);
    await flags.upsertFlag(input());
    await records.apply({ clear: true });
    expect(await flags.query()).toHaveLength(1);
    flags.invalidate();
    expect(await flags.query()).toHaveLength(0);
  });

  test('a failed write does not leave the cache ahead of storage', async () => {
    const records = createMemoryFlagRecords();
    const { flags } = harness(records);
    await flags.upsertFlag(input());
    const apply = records.apply;
    records.apply = async () => {
      throw new Error('quota');
    };
    await expect(flags.upsertFlag(input({ snapshot: createSnapshotMock({ postId: '2' }) }))).rejects.toThrow(
      /quota/,
    );
    records.apply = apply;
    expect(await flags.query()).toHaveLength(1);
  });

  test('each change writes only the flags it touched', async () => {
    const records = createMemoryFlagRecords();
    const { flags } = harness(records);
    await flags.upsertFlags(
      [1, 2, 3].map((id) => input({ snapshot: createSnapshotMock({ postId: String(id) }) })),
    );
    const changes: unknown[] = [];
    const apply = records.apply.bind(records);
    records.apply = async (change) => {
      changes.push(change);
      return apply(change);
    };
    await flags.upsertFlags([
      input({ snapshot: createSnapshotMock({ postId: '2' }) }), // seen again, nothing new: no write
      input({ snapshot: createSnapshotMock({ postId: '4' }) }),
    ]);
    await flags.setStatus('x:1', 'dismissed');
    await flags.remove('x:3');
    expect(changes).toEqual([
      { put: [expect.objectContaining({ key: 'x:4' })] },
      { put: [expect.objectContaining({ key: 'x:1', status: 'dismissed' })] },
      { remove: ['x:3'] },
    ]);
  });
});

describe('IndexedDB records', () => {
  const open = () => {
    const factory = new IDBFactory();
    return { factory, records: openIdbFlagRecords(() => factory, 'flags-test') };
  };

  test('flags survive a restart (a new connection to the same database)', async () => {
    const { factory, records } = open();
    const { flags } = harness(records);
    await flags.upsertFlags([input(), input({ snapshot: createSnapshotMock({ postId: '2' }) })]);
    await flags.setStatus('x:2', 'reported', { reportId: 'r-2' });
    const again = harness(openIdbFlagRecords(() => factory, 'flags-test')).flags;
    expect((await again.query()).map((f) => f.status).sort()).toEqual(['new', 'reported']);
    expect((await again.get('x:2'))?.reportId).toBe('r-2');
  });

  test('a change IndexedDB cannot store writes nothing of that change', async () => {
    const { records } = open();
    await records.apply({ put: [{ key: 'x:1' } as Flag] });
    await expect(
      records.apply({ put: [{ key: 'x:2' } as Flag, { key: 'x:3', snapshot: () => 1 } as unknown as Flag] }),
    ).rejects.toThrow();
    expect((await records.load()).flags).toEqual([{ key: 'x:1' }]);
  });

  test('clear removes flags and quarantined records together', async () => {
    const { records } = open();
    await records.apply({ put: [{ key: 'x:1' } as Flag], quarantine: [{ raw: 1, reason: 'r', at: 'now' }] });
    await records.apply({ clear: true, put: [{ key: 'x:2' } as Flag] });
    expect(await records.load()).toEqual({ flags: [{ key: 'x:2' }], quarantined: [] });
  });

  test('flags kept by earlier versions under one storage.local key are moved, junk set aside', async () => {
    const good = { ...(await harness().flags.upsertFlag(input())).flag };
    await fakeBrowser.storage.local.set({
      [FLAGS_KEY]: { version: 1, flags: [good, 'junk'], quarantined: [] },
    });
    const factory = new IDBFactory();
    const flags = new FlagStore({ records: createBrowserFlagRecords(() => factory), now: () => T0 });
    expect(await flags.query()).toEqual([good]);
    expect(await flags.quarantined()).toEqual([
      { raw: 'junk', reason: expect.any(String), at: expect.any(String) },
    ]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    // Next start: read from IndexedDB alone.
    const again = new FlagStore({ records: createBrowserFlagRecords(() => factory), now: () => T0 });
    expect(await again.query()).toEqual([good]);
  });
});
