import { describe, expect, test, vi } from 'vitest';
import type { Verdict } from '@/lib/messaging/protocol';
import { accountsOf, ContentPipeline } from '@/lib/scan/pipeline';
import type { ScannedPost } from '@/lib/scan/scanner';
import type { PostSnapshot } from '@/lib/sites/snapshot';

const snap = (handle: string, overrides: Partial<PostSnapshot> = {}): PostSnapshot => ({
  site: 'x',
  kind: 'post',
  author: { handle },
  text: `teks ${handle}`,
  capturedAt: '2026-11-24T00:00:00.000Z',
  ...overrides,
});
const scanned = (snapshot: PostSnapshot): ScannedPost => ({ container: {} as Element, snapshot });
const flagged = (s: PostSnapshot): Verdict => ({
  flagKey: `x:${s.author.handle}`,
  findings: [],
  categories: ['candidate_support'],
  asn: null,
  status: 'new',
});

function setup(mode: 'asn' | 'survey', asn: string[]) {
  const lookup = vi.fn(async (accounts: { site: 'x'; handle: string }[]) =>
    Object.fromEntries(
      accounts.map((a) => [
        `x:${a.handle.toLowerCase()}`,
        asn.includes(a.handle.toLowerCase()) ? { key: `x:${a.handle}`, source: 'manual' as const } : null,
      ]),
    ),
  );
  const classify = vi.fn(async (snapshots: PostSnapshot[]) => snapshots.map(flagged));
  const verdicts: string[] = [];
  const pipeline = new ContentPipeline({
    backend: { lookup, classify },
    mode: () => mode,
    onVerdict: (post) => verdicts.push(post.snapshot.author.handle),
  });
  return { pipeline, lookup, classify, verdicts };
}

describe('ContentPipeline', () => {
  test('ASN mode: only posts by ASN authors are classified; lookups are batched and cached', async () => {
    const { pipeline, lookup, classify, verdicts } = setup('asn', ['budi_asn']);
    pipeline.push([scanned(snap('budi_asn')), scanned(snap('warga')), scanned(snap('Budi_ASN'))]);
    await pipeline.idle();
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup.mock.calls[0]![0]).toHaveLength(2);
    expect(classify).toHaveBeenCalledTimes(1);
    expect(verdicts).toEqual(['budi_asn', 'Budi_ASN']);
    pipeline.push([scanned(snap('budi_asn'))]);
    await pipeline.idle();
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  test('ASN mode: posts not classified are reported as skipped (their marks can go)', async () => {
    const skipped: string[] = [];
    const { pipeline } = setup('asn', ['budi_asn']);
    (pipeline as unknown as { options: { onSkipped: (p: ScannedPost) => void } }).options.onSkipped = (p) =>
      skipped.push(p.snapshot.author.handle);
    pipeline.push([scanned(snap('budi_asn')), scanned(snap('warga'))]);
    await pipeline.idle();
    expect(skipped).toEqual(['warga']);
  });

  test('survey mode: every post is classified', async () => {
    const { pipeline, verdicts } = setup('survey', []);
    pipeline.push([scanned(snap('a')), scanned(snap('b'))]);
    await pipeline.idle();
    expect(verdicts).toEqual(['a', 'b']);
  });

  test('a repost counts when the reposter is ASN', async () => {
    const { pipeline, verdicts } = setup('asn', ['budi_asn']);
    pipeline.push([
      scanned(snap('capres_official', { kind: 'repost', context: { repostedBy: { handle: 'budi_asn' } } })),
    ]);
    await pipeline.idle();
    expect(verdicts).toEqual(['capres_official']);
    expect(accountsOf(snap('a', { context: { repostedBy: { handle: 'b' } } })).map((a) => a.handle)).toEqual([
      'a',
      'b',
    ]);
  });

  test('forget makes the next post by that author look up again', async () => {
    const { pipeline, lookup } = setup('asn', []);
    pipeline.push([scanned(snap('warga'))]);
    await pipeline.idle();
    pipeline.forget({ site: 'x', handle: 'Warga' });
    pipeline.push([scanned(snap('warga'))]);
    await pipeline.idle();
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  test('a failing background call is reported and the next batch still runs', async () => {
    const errors: unknown[] = [];
    const classify = vi.fn().mockRejectedValueOnce(new Error('worker restarted')).mockResolvedValue([]);
    const pipeline = new ContentPipeline({
      backend: { lookup: async () => ({}), classify },
      mode: () => 'survey',
      onVerdict: () => undefined,
      onError: (e) => errors.push(e),
    });
    pipeline.push([scanned(snap('a'))]);
    await pipeline.idle();
    pipeline.push([scanned(snap('b'))]);
    await pipeline.idle();
    expect(errors).toHaveLength(1);
    expect(classify).toHaveBeenCalledTimes(2);
  });
});
