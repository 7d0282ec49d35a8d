import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { csvField, exportReports } from '../../tools/receiver/export';
import { createReportMock } from '../reports/factories';
import { BACKENDS } from './databases';
import { startHarness } from './harness';

// The command-line contract scripts depend on (docs/RECEIVER.md), through npm as a coordinator
// runs it, on a PGlite data folder.

const dir = mkdtempSync(join(tmpdir(), 'netra-receiver-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function receiver(...args: string[]) {
  return spawnSync('npm', ['run', '--silent', 'receiver', '--', ...args, '--data', dir], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
    timeout: 60_000,
  });
}

describe('npm run receiver', () => {
  test(
    'token add prints the token on its last line; list shows it without the secret; revoke',
    { timeout: 120_000 },
    () => {
      const added = receiver('token', 'add', 'Sari (Bawaslu)');
      expect(added.status, added.stderr).toBe(0);
      const token = added.stdout.trimEnd().split('\n').at(-1)!;
      expect(token).toMatch(/^netra_[A-Za-z0-9_-]{43}$/);
      const listed = receiver('token', 'list');
      expect(listed.stdout).toMatch(/^1\tSari \(Bawaslu\)\tmonitor\t.*\taktif$/m);
      expect(listed.stdout).not.toContain(token);
      expect(receiver('token', 'revoke', 'Sari (Bawaslu)').status).toBe(0);
      expect(receiver('token', 'list').stdout).toMatch(/dicabut/);
      expect(receiver('token', 'revoke', 'Sari (Bawaslu)').status).toBe(1);
    },
  );

  test('an unknown command prints the usage and fails', { timeout: 60_000 }, () => {
    const result = receiver('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Pemakaian/);
  });
});

describe('export', () => {
  test.each([
    ['plain', 'plain'],
    ['a, comma', '"a, comma"'],
    ['"quoted"', '"""quoted"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-1', "'-1"],
  ])('csvField(%s)', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test('one report per line, jsonl and csv', { timeout: 30_000 }, async () => {
    const h = await startHarness(BACKENDS[0]!);
    try {
      const reports = [
        createReportMock(),
        createReportMock({ post: { ...createReportMock().post, text: 'baris\nkedua' } }),
      ];
      for (const report of reports) await h.post(report);
      const jsonl: string[] = [];
      await exportReports(h.db, 'jsonl', (line) => jsonl.push(line));
      expect(jsonl.map((line) => JSON.parse(line).report.id)).toEqual(reports.map((r) => r.id));
      const csv: string[] = [];
      await exportReports(h.db, 'csv', (line) => csv.push(line));
      expect(csv).toHaveLength(3);
      expect(csv[0]).toMatch(/^id,received_at,/);
      expect(csv[2]).toContain('"baris\nkedua"');
    } finally {
      await h.close();
    }
  });
});
