// Persistence of the registry behind a small interface, so the registry runs on IndexedDB in the
// service worker and on memory in tests and the CLI.
//
// Two kinds of data: small JSON records (the "meta" pointer naming every list and its chunk ids)
// and chunks of rows (compressed bytes). A list is replaced by writing new chunks under new ids,
// then writing the meta record that points at them, then deleting the old chunks: a failure at
// any step leaves a meta that points at complete chunks.

/** One stored chunk of rows. */
export interface StoredChunk {
  id: string;
  data: Uint8Array;
}

/** Where the registry keeps its lists. Each call is atomic on its own. */
export interface RegistryStore {
  getRecord(name: string): Promise<unknown>;
  putRecord(name: string, value: unknown): Promise<void>;
  putChunks(chunks: readonly StoredChunk[]): Promise<void>;
  /** The chunks in the order asked; undefined for a missing id. */
  getChunks(ids: readonly string[]): Promise<(Uint8Array | undefined)[]>;
  deleteChunks(ids: readonly string[]): Promise<void>;
  chunkIds(): Promise<string[]>;
}

/** A store in memory: for tests, the CLI and as a reference for other stores. */
export class MemoryStore implements RegistryStore {
  readonly records = new Map<string, unknown>();
  readonly chunks = new Map<string, Uint8Array>();

  async getRecord(name: string): Promise<unknown> {
    const value = this.records.get(name);
    return value === undefined ? undefined : structuredClone(value);
  }
  async putRecord(name: string, value: unknown): Promise<void> {
    this.records.set(name, structuredClone(value));
  }
  async putChunks(chunks: readonly StoredChunk[]): Promise<void> {
    for (const c of chunks) this.chunks.set(c.id, c.data.slice());
  }
  async getChunks(ids: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    return ids.map((id) => this.chunks.get(id)?.slice());
  }
  async deleteChunks(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.chunks.delete(id);
  }
  async chunkIds(): Promise<string[]> {
    return [...this.chunks.keys()];
  }
}

/** Counts of what went through a store, for benchmarks and tests. */
export interface StoreCounter {
  bytesWritten: number;
  chunkWrites: number;
  recordWrites: number;
}

/** Wraps a store so every byte written is counted (chunk bytes plus JSON length of records). */
export function countingStore(inner: RegistryStore): { store: RegistryStore; counter: StoreCounter } {
  const counter: StoreCounter = { bytesWritten: 0, chunkWrites: 0, recordWrites: 0 };
  const store: RegistryStore = {
    getRecord: (name) => inner.getRecord(name),
    putRecord: (name, value) => {
      counter.recordWrites++;
      counter.bytesWritten += JSON.stringify(value).length;
      return inner.putRecord(name, value);
    },
    putChunks: (chunks) => {
      for (const c of chunks) {
        counter.chunkWrites++;
        counter.bytesWritten += c.data.byteLength;
      }
      return inner.putChunks(chunks);
    },
    getChunks: (ids) => inner.getChunks(ids),
    deleteChunks: (ids) => inner.deleteChunks(ids),
    chunkIds: () => inner.chunkIds(),
  };
  return { store, counter };
}
