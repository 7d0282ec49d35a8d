import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

// One small interface over the two databases the receiver runs on: PGlite (PostgreSQL compiled to
// WebAssembly, in a data folder, nothing to install) and a PostgreSQL server (`DATABASE_URL`).
// Every query is plain PostgreSQL with $n parameters, so the same SQL runs on both; the tests run
// each suite on both.

export interface Queryable {
  /** Runs one statement with $1… parameters and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Wraps a PGlite instance (already created; the caller owns its data folder). */
export function fromPglite(db: PGlite): Database {
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await db.query<Row>(sql, params)).rows;
    },
    transaction(fn) {
      return db.transaction((tx) =>
        fn({
          query: async <Row>(sql: string, params: unknown[] = []) => (await tx.query<Row>(sql, params)).rows,
        }),
      );
    },
    async exec(sql) {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

/** Opens PGlite in `dataDir` (created when missing), or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = new PGlite(dataDir);
  await db.waitReady;
  return fromPglite(db);
}

/** Connects to a PostgreSQL server; `options` are passed to pg.Pool (e.g. a search_path for tests). */
export async function openPostgres(connectionString: string, options: pg.PoolConfig = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 10, ...options });
  // A server that is down or refuses the role should fail here, at start, not on the first report.
  const client = await pool.connect();
  client.release();
  return {
    kind: 'postgres',
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as Row[];
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <Row>(sql: string, params: unknown[] = []) =>
            (await client.query(sql, params)).rows as Row[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** The database the receiver should use: `DATABASE_URL` when set, else PGlite in `dataDir`. */
export function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(opts.dataDir);
}
