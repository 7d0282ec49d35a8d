import { idbDone, idbOpen, idbRequest } from './idb';

// Files the options page hands to the background (a watchlist to import). A Blob put in
// IndexedDB is kept by reference in the browser's blob storage, so handing over a 100 MB file
// copies nothing through messages; sending it as 4 MB message chunks took ~3 s for 115 MB
// (tests/bench/import-browser.bench.ts). The extension's pages and its worker share the origin,
// hence the database.

/** The hand-over database's name (listed in lib/storage/items.ts). */
export const HANDOVER_DB = 'netra-handover';
const STORE = 'files';
/** A file not taken within this time is deleted (an import that never started). */
const MAX_AGE_MS = 60 * 60_000;

interface Held {
  blob: Blob;
  at: number;
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return idbOpen(factory, HANDOVER_DB, 1, (db) => {
    if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
  });
}

/** Stores a file for the background; returns the id to name it by. */
export async function handOver(factory: IDBFactory, blob: Blob, now = Date.now()): Promise<string> {
  const id = crypto.randomUUID();
  const db = await open(factory);
  try {
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put({ blob, at: now } satisfies Held, id);
    await idbDone(tx);
  } finally {
    db.close();
  }
  return id;
}

/**
 * Takes a handed-over file (it is deleted as it is taken), and deletes any file older than an
 * hour. Undefined when there is no such file.
 */
export async function takeHandedOver(
  factory: IDBFactory,
  id: string,
  now = Date.now(),
): Promise<Blob | undefined> {
  const db = await open(factory);
  try {
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    const held = (await idbRequest(store.get(id))) as Held | undefined;
    store.delete(id);
    const cursor = store.openCursor();
    await new Promise<void>((resolve, reject) => {
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (!at) return resolve();
        if (
          typeof (at.value as Held | undefined)?.at !== 'number' ||
          now - (at.value as Held).at > MAX_AGE_MS
        )
          at.delete();
        at.continue();
      };
    });
    await idbDone(tx);
    return held?.blob instanceof Blob ? held.blob : undefined;
  } finally {
    db.close();
  }
}
