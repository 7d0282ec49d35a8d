import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './db';

// Numbered SQL migrations (`NNN_name.sql` beside this file), applied in order, each once, each in
// its own transaction with its row in schema_migrations. An advisory lock keeps two receiver
// processes starting against the same server from applying one twice.

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');
const LOCK_ID = 7_262_021; // any constant; "netra" receiver, issue 21

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations shipped with the receiver, in version order; throws on a gap or a bad name. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort();
  return files.map((file, index) => {
    const match = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`migration file name must be NNN_name.sql: ${file}`);
    const version = Number(match[1]);
    if (version !== index + 1) throw new Error(`migration ${file}: expected version ${index + 1}`);
    return { version, name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') };
  });
}

/** Applies the pending migrations; returns the versions it applied. */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (rows.length > 0) return false;
      // Statements one by one: the extended protocol (parameters, pg's transactions) takes one at a time.
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/**
 * Splits a migration script into statements at top-level semicolons, keeping `$$ … $$` bodies
 * (functions) and `-- comments` whole. Migrations are our own files, not user input.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    const code = line.replace(/--.*$/, '');
    if ((code.match(/\$\$/g) ?? []).length % 2 === 1) inDollar = !inDollar;
    current += `${line}\n`;
    if (!inDollar && code.trimEnd().endsWith(';')) {
      if (current.replace(/--.*$/gm, '').trim()) statements.push(current.trim());
      current = '';
    }
  }
  if (current.replace(/--.*$/gm, '').trim()) statements.push(current.trim());
  return statements;
}

/** The versions recorded as applied. */
export async function appliedVersions(db: Database): Promise<number[]> {
  const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => row.version);
}
