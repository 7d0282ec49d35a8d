// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PostSnapshotSchema } from '../../lib/sites/snapshot';
import { runExtract, savedPageUrl } from '../../tools/extract';
import { fixturePath, hasRealPage, realPagePath } from './helpers';

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runExtract(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('tools/extract.ts', () => {
  test('prints one JSON line per snapshot and a summary on stderr', () => {
    const r = run('--site', 'x', '--now', '2024-02-10T04:00:00Z', fixturePath('x/status-dark.html'));
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(7);
    for (const line of r.out) {
      const snapshot = PostSnapshotSchema.parse(JSON.parse(line));
      expect(snapshot.capturedAt).toBe('2024-02-10T04:00:00.000Z');
    }
    // The fixture's own address comment makes the replies comments.
    expect(JSON.parse(r.out[1]!).kind).toBe('comment');
    expect(r.err).toContain('skip #4 <article>: promoted');
    expect(r.err.at(-1)).toMatch(/posts found 8, parsed 7, skipped 1, drift 0$/);
  });

  test('--url overrides the saved address', () => {
    const r = run('--site', 'x', '--url', 'https://x.com/home', fixturePath('x/status-dark.html'));
    expect(r.out.map((l) => JSON.parse(l).kind)).not.toContain('comment');
  });

  test('drift is reported per container and summed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netra-extract-'));
    const file = join(dir, 'drift.html');
    const tweet = (author: string) =>
      `<article data-testid="tweet"><div data-testid="${author}"><a href="/a"><div dir="ltr"><span>A</span></div></a></div><a href="/a/status/1"><time datetime="2024-01-01T00:00:00Z">1</time></a><div data-testid="tweetText">halo</div></article>`;
    writeFileSync(
      file,
      `<html><body>${tweet('User-Name')}${tweet('Renamed')}${tweet('Renamed')}</body></html>`,
    );
    const r = run('--site', 'x', file);
    expect(r.out).toHaveLength(1);
    expect(r.err.filter((l) => l.startsWith('drift #'))).toEqual([
      'drift #1 <article>: missing author',
      'drift #2 <article>: missing author',
    ]);
    expect(r.err.at(-1)).toMatch(/posts found 3, parsed 1, skipped 0, drift 2 \(author×2\)$/);
  });

  test('another site on the page finds nothing', () => {
    expect(run('--site', 'tiktok', fixturePath('x/home-feed.html')).err.at(-1)).toMatch(/posts found 0/);
  });

  test.each([
    [
      ['--site', 'myspace', 'a.html'],
      2,
      /unknown site "myspace" \(known: x, facebook, instagram, tiktok, youtube\)/,
    ],
    [['a.html'], 2, /missing --site/],
    [['--site', 'x'], 2, /missing FILE\.html/],
    [['--site', 'x', 'no-such-file.html'], 1, /file not found: no-such-file\.html/],
    [['--site', 'x', '--url', 'nope', fixturePath('x/home-feed.html')], 2, /not a URL: nope/],
    [['--site', 'x', '--bogus', fixturePath('x/home-feed.html')], 2, /Unknown option '--bogus'/],
  ])('rejects %j with exit %i', (argv, code, message) => {
    const r = run(...argv);
    expect(r.code).toBe(code);
    expect(r.out).toEqual([]);
    expect(r.err.join('\n')).toMatch(message);
  });

  test.each([
    [
      '<!DOCTYPE html><!-- Netra test fixture: https://x.com/budi_asn (written for Netra) -->',
      'https://x.com/budi_asn',
    ],
    [
      '<head><link data-rh="true" rel="canonical" href="https://www.tiktok.com/@a/video/1"></head>',
      'https://www.tiktok.com/@a/video/1',
    ],
    [
      '<!--\n Page saved with SingleFile \n url: https://mbasic.facebook.com/1/posts/2?a=1&amp;b=2 \n-->',
      'https://mbasic.facebook.com/1/posts/2?a=1&b=2',
    ],
    ['<html><body>nothing</body></html>', undefined],
  ])('saved address of %s', (html, want) => {
    expect(savedPageUrl(html)).toBe(want);
  });

  test('the canonical link is found anywhere (a real thread page has it at 35 kB); deep comments are not addresses', () => {
    const filler = '<script>x</script>'.repeat(2_500);
    expect(
      savedPageUrl(`<head>${filler}<link rel="canonical" href="https://x.com/budi_asn/status/1"></head>`),
    ).toBe('https://x.com/budi_asn/status/1');
    expect(savedPageUrl(`<body>${filler}<!-- https://example.com/ --></body>`)).toBeUndefined();
  });

  test.skipIf(!hasRealPage('youtube/trex_2022-03_youtube-watch-5AhZh4A7NLM-20threads.html'))(
    'reads a real saved page (YouTube 2022: 21 snapshots)',
    () => {
      const r = run(
        '--site',
        'youtube',
        realPagePath('youtube/trex_2022-03_youtube-watch-5AhZh4A7NLM-20threads.html'),
      );
      expect(r.out).toHaveLength(21);
      expect(r.err.at(-1)).toMatch(
        /at https:\/\/www\.youtube\.com\/watch\?v=5AhZh4A7NLM: posts found 21, parsed 21/,
      );
    },
  );

  test('runs as a command (npx tsx tools/extract.ts), exit codes included', () => {
    const root = join(import.meta.dirname, '..', '..');
    const ok = spawnSync(
      'npx',
      ['tsx', 'tools/extract.ts', '--site', 'x', 'tests/fixtures/x/profile-budi.html'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(5);
    expect(ok.stderr).toMatch(/profile: \{"site":"x","handle":"budi_asn"/);
    const bad = spawnSync('npx', ['tsx', 'tools/extract.ts', '--site', 'nope', 'x.html'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
  }, 30_000);
});
