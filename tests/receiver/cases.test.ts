import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assignCases } from '../../tools/receiver/cases';
import { createReportMock, createSnapshotMock } from '../reports/factories';
import { BACKENDS } from './databases';
import { type Harness, startHarness } from './harness';

// Cases from many monitors' reports, review with a second reviewer, and the status back to the
// monitor (GET /reports/status), on each database.

describe.each(BACKENDS)('cases on $name', (backend) => {
  let h: Harness;
  let second: string;
  let reviewerA: string;
  let reviewerB: string;
  beforeAll(async () => {
    if (!backend.available) return;
    h = await startHarness(backend);
    second = await h.addToken('Budi (relawan)');
    reviewerA = await h.addToken('Ketua tim', 'reviewer');
    reviewerB = await h.addToken('Peninjau kedua', 'reviewer');
  }, 30_000);
  afterAll(() => h?.close());

  const api = (token: string, path: string, body?: unknown) =>
    fetch(`${h.base}/review/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const status = (token: string, ids: string[]) =>
    fetch(`${h.base}/reports/status?${ids.map((id) => `id=${id}`).join('&')}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  const caseOf = async (reportId: string) =>
    (await h.db.query<{ case_id: number }>('SELECT case_id FROM reports WHERE id = $1', [reportId]))[0]!
      .case_id;

  describe.skipIf(!backend.available)('', () => {
    test('two monitors reporting one post make one case; another post is another case', async () => {
      const post = createSnapshotMock({ postId: '1790000000000000777' });
      const first = createReportMock({
        post,
        evidence: { ...createReportMock().evidence, detectedAt: '2024-02-03T04:00:00.000Z' },
      });
      const later = createReportMock({
        post: { ...post, url: 'https://x.com/budi_asn/status/1790000000000000777?s=20' },
        reviewer: { category: 'money_politics' },
        evidence: { ...createReportMock().evidence, detectedAt: '2024-02-04T09:00:00.000Z' },
      });
      const other = createReportMock({ post: createSnapshotMock({ postId: '1790000000000000888' }) });
      expect((await h.post(first)).status).toBe(201);
      expect((await h.post(later, {}, second)).status).toBe(201);
      expect((await h.post(other)).status).toBe(201);
      const id = await caseOf(first.id);
      expect(await caseOf(later.id)).toBe(id);
      expect(await caseOf(other.id)).not.toBe(id);

      const detail = await (await api(reviewerA, `/cases/${id}`)).json();
      expect(detail).toMatchObject({
        status: 'received',
        reports: 2,
        reporters: 2,
        categories: ['candidate_support', 'money_politics'],
        firstSeenAt: '2024-02-03T04:00:00.000Z',
        lastSeenAt: '2024-02-04T09:00:00.000Z',
      });
      expect(detail.reportList.map((r: { reporter: string }) => r.reporter)).toEqual([
        'Sari (Bawaslu Kota Contoh)',
        'Budi (relawan)',
      ]);
    });

    test('verify, then a second reviewer forwards; both monitors see the status', async () => {
      const post = createSnapshotMock({ postId: '1790000000000000999' });
      const mine = createReportMock({ post });
      const theirs = createReportMock({ post });
      await h.post(mine);
      await h.post(theirs, {}, second);
      const id = await caseOf(mine.id);

      expect(await (await status(h.token, [mine.id])).json()).toEqual({
        reports: [{ id: mine.id, status: 'received', updatedAt: expect.any(String) }],
      });
      expect(
        (await api(reviewerA, `/cases/${id}/decisions`, { decision: 'forwarded', to: 'Bawaslu' })).status,
      ).toBe(409);
      expect((await api(reviewerA, `/cases/${id}/decisions`, { decision: 'verified' })).status).toBe(200);
      const same = await api(reviewerA, `/cases/${id}/decisions`, { decision: 'forwarded', to: 'Bawaslu' });
      expect(same.status).toBe(409);
      expect((await same.json()).error).toMatch(/peninjau kedua/);
      expect((await status(second, [theirs.id])).status).toBe(200);
      expect((await (await status(second, [theirs.id])).json()).reports[0].status).toBe('verified');

      const forwarded = await api(reviewerB, `/cases/${id}/decisions`, {
        decision: 'forwarded',
        to: 'Bawaslu Kota Contoh',
      });
      expect(forwarded.status).toBe(200);
      expect((await forwarded.json()).status).toBe('forwarded');
      expect((await (await status(h.token, [mine.id])).json()).reports[0]).toMatchObject({
        status: 'forwarded',
        forwardedTo: 'Bawaslu Kota Contoh',
      });
      // Forwarded is final; the log has both decisions, in order, and refuses edits.
      expect(
        (await api(reviewerA, `/cases/${id}/decisions`, { decision: 'rejected', reason: 'salah' })).status,
      ).toBe(409);
      const detail = await (await api(reviewerA, `/cases/${id}`)).json();
      expect(
        detail.decisions.map((d: { decision: string; reviewer: string }) => [d.decision, d.reviewer]),
      ).toEqual([
        ['verified', 'Ketua tim'],
        ['forwarded', 'Peninjau kedua'],
      ]);
      await expect(h.db.query('UPDATE decisions SET reason = $1', ['diubah'])).rejects.toThrow(/append-only/);
      await expect(h.db.query('DELETE FROM decisions')).rejects.toThrow(/append-only/);
    });

    test('a rejection needs a reason, and the monitor sees it', async () => {
      const report = createReportMock({ post: createSnapshotMock({ postId: '1790000000000001000' }) });
      await h.post(report);
      const id = await caseOf(report.id);
      expect(
        (await api(reviewerA, `/cases/${id}/decisions`, { decision: 'rejected', reason: ' ' })).status,
      ).toBe(400);
      const reason = 'Berita, bukan kampanye: akun membagikan judul media.';
      expect((await api(reviewerA, `/cases/${id}/decisions`, { decision: 'rejected', reason })).status).toBe(
        200,
      );
      expect((await (await status(h.token, [report.id])).json()).reports[0]).toMatchObject({
        status: 'rejected',
        reason,
      });
    });

    test("a monitor sees only its own reports' status", async () => {
      const report = createReportMock();
      await h.post(report);
      const unknown = '00000000-0000-4000-8000-ffffffffffff';
      expect((await (await status(second, [report.id, unknown])).json()).reports).toEqual([
        { id: report.id, status: 'unknown' },
        { id: unknown, status: 'unknown' },
      ]);
    });

    test.each([
      ['no ids', '', 400],
      ['an id that is not a UUID', '?id=abc', 400],
      [
        'too many ids',
        `?id=${Array.from({ length: 101 }, () => '00000000-0000-4000-8000-000000000001').join(',')}`,
        400,
      ],
    ])('the status call refuses %s', async (_name, query, code) => {
      const response = await fetch(`${h.base}/reports/status${query}`, {
        headers: { Authorization: `Bearer ${h.token}` },
      });
      expect(response.status).toBe(code);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    });

    test('the status call needs a monitor token; the review API a reviewer token', async () => {
      expect((await fetch(`${h.base}/reports/status?id=${createReportMock().id}`)).status).toBe(401);
      expect((await status(reviewerA, [createReportMock().id])).status).toBe(403);
      expect((await api(h.token, '/cases')).status).toBe(403);
      expect((await api(reviewerA, '/cases?status=received')).status).toBe(200);
    });

    test('reports filed before cases existed get their case at start', async () => {
      const report = createReportMock({ post: createSnapshotMock({ postId: '1790000000000002000' }) });
      await h.post(report);
      await h.db.query('UPDATE reports SET case_id = NULL WHERE id = $1', [report.id]);
      expect(await assignCases(h.db)).toBe(1);
      expect(await caseOf(report.id)).toEqual(expect.any(Number));
    });
  });
});
