import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, fromPglite, openPostgres } from '../../tools/receiver/db';
import { migrate } from '../../tools/receiver/migrate';

// The receiver's suites run on both databases: PGlite in process (always) and a PostgreSQL
// server when NETRA_TEST_DATABASE_URL names one (.ci/run starts Debian's postgresql and sets it).
// Each PostgreSQL database here is a fresh schema of its own, dropped on close, so test files
// running in parallel do not see each other.

export const POSTGRES_URL = process.env.NETRA_TEST_DATABASE_URL || undefined;

if (!POSTGRES_URL) {
  if (process.env.NETRA_REQUIRE_POSTGRES === '1') {
    throw new Error(
      'NETRA_REQUIRE_POSTGRES=1 but NETRA_TEST_DATABASE_URL is not set: CI must run the PostgreSQL tests.',
    );
  }
  console.warn(
    'receiver tests: PostgreSQL skipped (set NETRA_TEST_DATABASE_URL=postgres://… to run them; .ci/run does).',
  );
}

// A fresh PGlite runs initdb (~5 s here); a migrated copy loads from a dump in ~0.5 s.
let template: Promise<Blob> | undefined;

async function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const db = new PGlite();
    await db.waitReady;
    await migrate(fromPglite(db));
    const dump = (await db.dumpDataDir('none')) as Blob;
    await db.close();
    return dump;
  })();
  return template;
}

/** A migrated, empty PGlite database in memory. */
export async function freshPglite(): Promise<Database> {
  const db = new PGlite({ loadDataDir: await pgliteTemplate() });
  await db.waitReady;
  return fromPglite(db);
}

/** An unmigrated PGlite database in memory (for the migration tests). */
export async function emptyPglite(): Promise<Database> {
  const db = new PGlite();
  await db.waitReady;
  return fromPglite(db);
}

/** An empty schema of its own on the PostgreSQL server; dropped when closed. */
export async function emptyPostgres(): Promise<Database> {
  const schema = `netra_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPostgres(POSTGRES_URL!, { options: `-c search_path=${schema}`, max: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

/** A migrated, empty database on the PostgreSQL server. */
export async function freshPostgres(): Promise<Database> {
  const db = await emptyPostgres();
  await migrate(db);
  return db;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Whether this backend runs here (PostgreSQL only with a server). */
  available: boolean;
  fresh: () => Promise<Database>;
  empty: () => Promise<Database>;
}

/** Both backends, for `describe.each(BACKENDS)` with `describe.skipIf(!available)`. */
export const BACKENDS: Backend[] = [
  { name: 'pglite', available: true, fresh: freshPglite, empty: emptyPglite },
  { name: 'postgres', available: POSTGRES_URL !== undefined, fresh: freshPostgres, empty: emptyPostgres },
];
