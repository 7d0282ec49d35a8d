import { describe, expect, test, vi } from 'vitest';
import type { CheckAnswer, Verdict } from '@/lib/messaging/protocol';
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
const notFlagged: Verdict = { flagKey: null, findings: [], categories: [], asn: null, status: null };

/** A fake background: `asn` handles are ASN; in ASN mode only their posts (or reposts) are flagged. */
function fakeBackground(mode: 'asn' | 'survey', asn: string[]) {
  const isAsn = (handle: string) => asn.includes(handle.toLowerCase());
  return vi.fn(async (snapshots: PostSnapshot[]): Promise<CheckAnswer> => {
    const accounts: CheckAnswer['accounts'] = {};
    for (const s of snapshots) {
      for (const a of accountsOf(s)) {
        const key = `x:${a.handle.toLowerCase()}`;
        accounts[key] = isAsn(a.handle) ? { key, source: 'manual' } : null;
      }
    }
    const counts = (s: PostSnapshot) => accountsOf(s).some((a) => isAsn(a.handle));
    return {
      accounts,
      verdicts: snapshots.map((s) => (mode === 'survey' || counts(s) ? flagged(s) : notFlagged)),
    };
  });
}

function setup(mode: 'asn' | 'survey', asn: string[]) {
  const check = fakeBackground(mode, asn);
  const verdicts: string[] = [];
  const skipped: string[] = [];
  const pipeline = new ContentPipeline({
    backend: { check },
    mode: () => mode,
    onVerdict: (post, verdict) => {
      if (verdict.flagKey) verdicts.push(post.snapshot.author.handle);
    },
    onSkipped: (post) => skipped.push(post.snapshot.author.handle),
  });
  return { pipeline, check, verdicts, skipped };
}

describe('ContentPipeline', () => {
  test('ASN mode: one message per batch; authors known not to be ASN are not sent again', async () => {
    const { pipeline, check, verdicts, skipped } = setup('asn', ['budi_asn']);
    pipeline.push([scanned(snap('budi_asn')), scanned(snap('warga')), scanned(snap('Budi_ASN'))]);
    await pipeline.idle();
    expect(check).toHaveBeenCalledTimes(1);
    expect(verdicts).toEqual(['budi_asn', 'Budi_ASN']);
    // Now the page knows: warga's next post is skipped without a message, budi's is sent.
    pipeline.push([scanned(snap('warga')), scanned(snap('budi_asn'))]);
    await pipeline.idle();
    expect(check).toHaveBeenCalledTimes(2);
    expect(check.mock.calls[1]![0].map((s) => s.author.handle)).toEqual(['budi_asn']);
    expect(skipped).toEqual(['warga']);
  });

  test('ASN mode: a batch whose authors are all known not to be ASN sends nothing', async () => {
    const { pipeline, check } = setup('asn', []);
    pipeline.push([scanned(snap('a')), scanned(snap('b'))]);
    await pipeline.idle();
    pipeline.push([scanned(snap('a')), scanned(snap('B'))]);
    await pipeline.idle();
    expect(check).toHaveBeenCalledTimes(1);
  });

  test('survey mode: every post is sent, even by authors known not to be ASN', async () => {
    const { pipeline, verdicts, check } = setup('survey', []);
    pipeline.push([scanned(snap('a')), scanned(snap('b'))]);
    await pipeline.idle();
    pipeline.push([scanned(snap('a'))]);
    await pipeline.idle();
    expect(verdicts).toEqual(['a', 'b', 'a']);
    expect(check).toHaveBeenCalledTimes(2);
  });

  test('a repost counts when the reposter is ASN, and is sent while the reposter is ASN', async () => {
    const { pipeline, verdicts, check } = setup('asn', ['budi_asn']);
    const repost = snap('capres_official', {
      kind: 'repost',
      context: { repostedBy: { handle: 'budi_asn' } },
    });
    pipeline.push([scanned(repost)]);
    await pipeline.idle();
    pipeline.push([scanned(repost)]);
    await pipeline.idle();
    expect(verdicts).toEqual(['capres_official', 'capres_official']);
    expect(check).toHaveBeenCalledTimes(2);
    expect(accountsOf(snap('a', { context: { repostedBy: { handle: 'b' } } })).map((a) => a.handle)).toEqual([
      'a',
      'b',
    ]);
  });

  test('batches are at most 50 posts, sent one after another', async () => {
    const { pipeline, check } = setup('survey', []);
    pipeline.push(Array.from({ length: 120 }, (_, i) => scanned(snap(`u${i}`))));
    await pipeline.idle();
    expect(check.mock.calls.map((c) => c[0].length)).toEqual([50, 50, 20]);
  });

  test('forget makes the next post by that author go to the background again', async () => {
    const { pipeline, check } = setup('asn', []);
    pipeline.push([scanned(snap('warga'))]);
    await pipeline.idle();
    pipeline.forget({ site: 'x', handle: 'Warga' });
    pipeline.push([scanned(snap('warga'))]);
    await pipeline.idle();
    expect(check).toHaveBeenCalledTimes(2);
  });

  test('a batch that fails (worker stopped mid-check) is sent again, once it answers', async () => {
    const errors: unknown[] = [];
    const inner = fakeBackground('survey', []);
    const check = vi.fn(inner).mockRejectedValueOnce(new Error('worker restarted'));
    const verdicts: string[] = [];
    const pipeline = new ContentPipeline({
      backend: { check },
      mode: () => 'survey',
      onVerdict: (post) => verdicts.push(post.snapshot.author.handle),
      onError: (e) => errors.push(e),
      retryDelayMs: 5,
    });
    pipeline.push([scanned(snap('a')), scanned(snap('b'))]);
    await pipeline.idle();
    expect(errors).toHaveLength(1);
    expect(check).toHaveBeenCalledTimes(2);
    expect(verdicts).toEqual(['a', 'b']);
  });

  test('a batch is given up after its retries, and posts no longer on the page are not retried', async () => {
    const errors: unknown[] = [];
    const check = vi.fn(async (_snapshots: PostSnapshot[]): Promise<CheckAnswer> => {
      throw new Error('no background');
    });
    const gone = scanned(snap('gone'));
    const pipeline = new ContentPipeline({
      backend: { check },
      mode: () => 'survey',
      onVerdict: () => undefined,
      onError: (e) => errors.push(e),
      isLive: (post) => post !== gone,
      retryDelayMs: 1,
    });
    pipeline.push([scanned(snap('a')), gone]);
    await pipeline.idle();
    expect(check.mock.calls.map((c) => c[0].map((s) => s.author.handle))).toEqual([
      ['a', 'gone'],
      ['a'],
      ['a'],
    ]);
    expect(errors).toHaveLength(3);
  });

  test('stop drops queued work and pending retries', async () => {
    const check = vi.fn(async (): Promise<CheckAnswer> => {
      throw new Error('no background');
    });
    const pipeline = new ContentPipeline({
      backend: { check },
      mode: () => 'survey',
      onVerdict: () => undefined,
      retryDelayMs: 50,
    });
    pipeline.push([scanned(snap('a'))]);
    await new Promise((r) => setTimeout(r, 5));
    pipeline.stop();
    await pipeline.idle();
    await new Promise((r) => setTimeout(r, 80));
    expect(check).toHaveBeenCalledTimes(1);
  });
});
