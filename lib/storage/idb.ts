// Small promise wrappers over IndexedDB requests and transactions, shared by the stores that
// keep their records there (the flag store, the ASN registry, the file hand-over).

/** Resolves with a request's result, rejects with its error. */
export function idbRequest<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Resolves when a transaction commits; rejects when it fails or is aborted. */
export function idbDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Opens (creating or upgrading with `upgrade`) a database. */
export function idbOpen(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade: (db: IDBDatabase) => void,
): Promise<IDBDatabase> {
  const open = factory.open(name, version);
  open.onupgradeneeded = () => upgrade(open.result);
  return idbRequest(open);
}
