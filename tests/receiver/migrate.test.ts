import { describe, expect, test } from 'vitest';
import { appliedVersions, loadMigrations, migrate, splitStatements } from '../../tools/receiver/migrate';
import { BACKENDS } from './databases';

describe('loadMigrations', () => {
  test('the shipped migrations are numbered 1…n without gaps', () => {
    const migrations = loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_m, i) => i + 1));
  });
});

describe('splitStatements', () => {
  test.each([
    ['two statements', 'CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n', 2],
    ['comments only are no statement', '-- nothing;\n', 0],
    [
      'a function body stays whole',
      "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE EXCEPTION 'no';\nEND;\n$$ LANGUAGE plpgsql;\nSELECT 1;\n",
      2,
    ],
  ])('%s', (_name, sql, count) => {
    expect(splitStatements(sql)).toHaveLength(count);
  });
});

describe.each(BACKENDS)('migrations on $name', (backend) => {
  test.skipIf(!backend.available)('apply in order, once', { timeout: 30_000 }, async () => {
    const db = await backend.empty();
    try {
      const all = loadMigrations().map((m) => m.version);
      expect(await migrate(db)).toEqual(all);
      expect(await migrate(db)).toEqual([]);
      expect(await appliedVersions(db)).toEqual(all);
      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['reports', 'tokens']));
    } finally {
      await db.close();
    }
  });
});
