import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Database, openPglite, openPostgres } from './db';
import { assignCases } from './cases';
import { migrate } from './migrate';

// Opens the receiver's database, migrated. PGlite is one process's database: two processes on
// one data folder would corrupt it, so a pid file in the folder refuses a second opener with a
// message (a running receiver must be stopped for `token add` on PGlite; a PostgreSQL server
// has no such limit).

/** The data folder when --data is not given: tools/receiver/data (gitignored). */
export const DEFAULT_DATA_DIR = resolve(import.meta.dirname, 'data');

export interface StoreOptions {
  /** postgres://… ; when set, PGlite and the data folder are not used. */
  databaseUrl?: string;
  dataDir?: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'receiver.pid');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (pid !== process.pid && Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new Error(
        `Folder data ${dir} sedang dipakai proses ${pid} (receiver yang berjalan?). ` +
          'PGlite hanya untuk satu proses: hentikan dulu proses itu, atau pakai DATABASE_URL (PostgreSQL).',
      );
    }
    writeFileSync(file, String(process.pid)); // stale: its process is gone
  }
  return () => rmSync(file, { force: true });
}

/** Opens and migrates the database; close() also releases the data folder. */
export async function openStore(options: StoreOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    const db = await openPostgres(options.databaseUrl);
    await migrate(db);
    await assignCases(db);
    return db;
  }
  const dir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const unlock = lockDataDir(dir);
  try {
    const db = await openPglite(join(dir, 'pglite'));
    await migrate(db);
    await assignCases(db);
    return {
      ...db,
      async close() {
        await db.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
