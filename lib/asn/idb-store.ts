import { idbDone as done, idbRequest as request } from '../storage/idb';
import type { RegistryStore, StoredChunk } from './store';

// The registry's store on IndexedDB: the service worker has it, storage.local does not suit
// tens of megabytes. The factory is injected (globalThis.indexedDB in the extension,
// fake-indexeddb in tests and benchmarks).

const DB_VERSION = 1;
const RECORDS = 'records';
const CHUNKS = 'chunks';

/** Opens (creating if needed) the registry database and returns a store over it. */
export async function openIdbStore(factory: IDBFactory, name = 'netra-asn'): Promise<IdbStore> {
  const open = factory.open(name, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(RECORDS)) db.createObjectStore(RECORDS);
    if (!db.objectStoreNames.contains(CHUNKS)) db.createObjectStore(CHUNKS);
  };
  return new IdbStore(await request(open));
}

/** A RegistryStore over one IndexedDB database. */
export class IdbStore implements RegistryStore {
  constructor(private readonly db: IDBDatabase) {}

  async getRecord(name: string): Promise<unknown> {
    const tx = this.db.transaction(RECORDS, 'readonly');
    return request(tx.objectStore(RECORDS).get(name));
  }

  async putRecord(name: string, value: unknown): Promise<void> {
    const tx = this.db.transaction(RECORDS, 'readwrite');
    tx.objectStore(RECORDS).put(value, name);
    await done(tx);
  }

  async putChunks(chunks: readonly StoredChunk[]): Promise<void> {
    const tx = this.db.transaction(CHUNKS, 'readwrite');
    const os = tx.objectStore(CHUNKS);
    for (const c of chunks) os.put(c.data, c.id);
    await done(tx);
  }

  async getChunks(ids: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    const tx = this.db.transaction(CHUNKS, 'readonly');
    const os = tx.objectStore(CHUNKS);
    return Promise.all(
      ids.map(async (id) => {
        const value: unknown = await request(os.get(id));
        return value instanceof Uint8Array ? value : undefined;
      }),
    );
  }

  async deleteChunks(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const tx = this.db.transaction(CHUNKS, 'readwrite');
    const os = tx.objectStore(CHUNKS);
    for (const id of ids) os.delete(id);
    await done(tx);
  }

  async chunkIds(): Promise<string[]> {
    const tx = this.db.transaction(CHUNKS, 'readonly');
    const keys = await request(tx.objectStore(CHUNKS).getAllKeys());
    return keys.map(String);
  }

  /** Closes the connection (tests, and before deleting the database). */
  close(): void {
    this.db.close();
  }
}
