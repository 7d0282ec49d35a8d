import { META, META_SCHEMA, type RegistryState, type StoredMeta, writePartitions } from './state';

// Migrations of the registry's meta record, one per schema number: `META_MIGRATIONS[n]` turns a
// meta of schema n - 1 into schema n, writing what it needs first, so the meta write that ends it
// puts everything in force at once (a failure before it leaves the earlier schema, migrated again
// at the next load; what it wrote is collected as orphans).

type Migration = (state: RegistryState, meta: StoredMeta) => Promise<StoredMeta>;

export const META_MIGRATIONS: Readonly<Record<number, Migration>> = {
  // 2 (issue #24): every list also stored partitioned by key, for lookups that read a few
  // records instead of the whole list. Each list is read whole once, from its chunks; a list that
  // cannot be read stays without partitions and is reported damaged.
  2: async (state, meta) => {
    const lists = [];
    for (const stored of meta.lists) {
      if (stored.parts || stored.rows === 0) {
        lists.push(stored);
        continue;
      }
      try {
        const table = await state.loadList(stored);
        const parts = await writePartitions(state.store, table, []);
        lists.push({ ...stored, parts });
      } catch {
        lists.push(stored);
      }
    }
    return { ...meta, schema: 2, lists };
  },
};

/** Migrates a meta record to the current schema and stores it. */
export async function migrateMeta(state: RegistryState, meta: StoredMeta): Promise<StoredMeta> {
  let current = meta;
  for (let n = current.schema + 1; n <= META_SCHEMA; n++) {
    const step = META_MIGRATIONS[n];
    if (!step) throw new Error(`no migration of the registry to schema ${n}`);
    current = await step(state, current);
  }
  await state.store.putRecord(META, current);
  return current;
}
