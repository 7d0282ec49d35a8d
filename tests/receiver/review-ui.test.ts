import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { escapeHtml, html } from '../../tools/receiver/html';
import { revokeToken } from '../../tools/receiver/tokens';
import { createAsnMock, createReportMock, createSnapshotMock } from '../reports/factories';
import { BACKENDS } from './databases';
import { type Harness, startHarness } from './harness';

// The review UI: login, the case list and page, decisions by form with a second reviewer, and
// hostile report text that stays text.

describe('html', () => {
  test.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`" onmouseover='x'`, '&quot; onmouseover=&#39;x&#39;'],
    ['a & b', 'a &amp; b'],
  ])('escapes %s', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
    expect(html`<p title="${input}">${input}</p>`.value).toBe(`<p title="${expected}">${expected}</p>`);
  });

  test('nested templates are not escaped twice', () => {
    expect(html`<div>${html`<b>${'<i>'}</b>`}</div>`.value).toBe('<div><b>&lt;i&gt;</b></div>');
  });
});

const HOSTILE = '<script>alert("xss")</script><img src=x onerror=alert(1)>';

describe.each(BACKENDS)('review UI on $name', (backend) => {
  let h: Harness;
  let reviewerA: string;
  let reviewerB: string;
  beforeAll(async () => {
    if (!backend.available) return;
    h = await startHarness(backend);
    reviewerA = await h.addToken('Ketua tim', 'reviewer');
    reviewerB = await h.addToken('Peninjau kedua', 'reviewer');
  }, 30_000);
  afterAll(() => h?.close());

  async function login(token: string): Promise<{ cookie: string; get: (path: string) => Promise<Response> }> {
    const response = await fetch(`${h.base}/review/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(response.status).toBe(303);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    return {
      cookie,
      get: (path) => fetch(`${h.base}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' }),
    };
  }

  const csrfOf = (page: string) => /name="csrf" value="([0-9a-f]+)"/.exec(page)![1]!;
  const postForm = (
    cookie: string,
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${h.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });

  describe.skipIf(!backend.available)('', () => {
    test('without a session the pages send you to the login', async () => {
      const response = await fetch(`${h.base}/review`, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/review/login');
    });

    test.each([
      ['a monitor token', () => h.token],
      ['an unknown token', () => 'netra_salah'],
    ])('refuses to log in with %s', async (_name, token) => {
      const response = await fetch(`${h.base}/review/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: token() }).toString(),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('set-cookie')).toBeNull();
    });

    test('hostile post text and author names are inert: escaped, under a CSP without scripts', async () => {
      const report = createReportMock({
        post: createSnapshotMock({
          postId: '1790000000000003000',
          text: HOSTILE,
          author: { handle: 'budi_asn', displayName: '"><script>alert(2)</script>' },
        }),
        asn: createAsnMock({ agency: '<b onclick=alert(3)>Dinas</b>' }),
      });
      expect((await h.post(report)).status).toBe(201);
      const { get } = await login(reviewerA);
      const list = await get('/review');
      expect(list.status).toBe(200);
      const listPage = await list.text();
      const id = /href="\/review\/cases\/(\d+)"/.exec(listPage)![1];
      const response = await get(`/review/cases/${id}`);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/script-src/);
      const page = await response.text();
      expect(page).not.toMatch(/<script|<img src=x|<b onclick/);
      expect(page).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
      expect(page).toContain('&lt;b onclick=alert(3)&gt;Dinas&lt;/b&gt;');
    });

    test('verify, refuse the same reviewer forwarding, a second reviewer forwards; the monitor sees it', async () => {
      const report = createReportMock({ post: createSnapshotMock({ postId: '1790000000000003001' }) });
      await h.post(report);
      const caseId = (
        await h.db.query<{ case_id: number }>('SELECT case_id FROM reports WHERE id = $1', [report.id])
      )[0]!.case_id;
      const a = await login(reviewerA);
      const csrfA = csrfOf(await (await a.get(`/review/cases/${caseId}`)).text());
      expect(
        (await postForm(a.cookie, `/review/cases/${caseId}/decide`, { csrf: 'salah', decision: 'verified' }))
          .status,
      ).toBe(403);
      const verified = await postForm(a.cookie, `/review/cases/${caseId}/decide`, {
        csrf: csrfA,
        decision: 'verified',
      });
      expect(verified.status).toBe(303);
      const same = await postForm(a.cookie, `/review/cases/${caseId}/decide`, {
        csrf: csrfA,
        decision: 'forwarded',
        to: 'Bawaslu',
      });
      expect(same.status).toBe(409);
      expect(await same.text()).toMatch(/peninjau kedua/i);

      const b = await login(reviewerB);
      const csrfB = csrfOf(await (await b.get(`/review/cases/${caseId}`)).text());
      const crossSite = await postForm(
        b.cookie,
        `/review/cases/${caseId}/decide`,
        { csrf: csrfB, decision: 'forwarded', to: 'Bawaslu' },
        { Origin: 'https://jahat.example' },
      );
      expect(crossSite.status).toBe(403);
      const forwarded = await postForm(b.cookie, `/review/cases/${caseId}/decide`, {
        csrf: csrfB,
        decision: 'forwarded',
        to: 'Bawaslu Kota Contoh',
      });
      expect(forwarded.status).toBe(303);
      const page = await (await b.get(`/review/cases/${caseId}`)).text();
      expect(page).toMatch(/diteruskan/);
      expect(page).toMatch(/Ketua tim[\s\S]*Peninjau kedua/);

      const status = await fetch(`${h.base}/reports/status?id=${report.id}`, {
        headers: { Authorization: `Bearer ${h.token}` },
      });
      expect((await status.json()).reports[0]).toMatchObject({
        status: 'forwarded',
        forwardedTo: 'Bawaslu Kota Contoh',
      });
    });

    test('logout ends the session; revoking the token ends its sessions', async () => {
      const a = await login(reviewerA);
      const csrf = csrfOf(await (await a.get('/review')).text());
      expect((await postForm(a.cookie, '/review/logout', { csrf })).status).toBe(303);
      expect((await a.get('/review')).status).toBe(303);

      const temp = await h.addToken('Sementara', 'reviewer');
      const t = await login(temp);
      expect((await t.get('/review')).status).toBe(200);
      await revokeToken(h.db, 'Sementara');
      expect((await t.get('/review')).status).toBe(303);
    });

    test('filters the list by status', async () => {
      const { get } = await login(reviewerA);
      const page = await (await get('/review?status=forwarded')).text();
      expect(page).toMatch(/diteruskan/);
      expect(page).not.toMatch(/class="status received"/);
    });
  });
});
