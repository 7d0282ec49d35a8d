import { HashedTable } from '../hashed';
import type { TableRow } from '../rows';
import type { AsnMatch } from '../types';
import { type LoadedList, type RegistryState, sourceOf } from './state';

// Which accounts are ASN: a canonical key's match. Hand tags first, then the lists in match
// order (imported, synced, hashed). Runs for every batch of posts a page sends, and first of all
// after the service worker wakes: a list not in memory is read by the partitions that can hold
// the batch's keys, all of them in one store call (issue #24).

/** The matches of canonical keys (normalised), in the order asked; undefined for no match. */
export async function matchKeys(
  state: RegistryState,
  keys: readonly string[],
): Promise<(AsnMatch | undefined)[]> {
  const cold = state.lists.filter((l) => !l.table && l.reader && !state.damaged.has(l.meta.id));
  if (cold.length > 0) {
    const wanted = cold.flatMap((list) => list.reader!.missing(keys).map((m) => ({ list, ...m })));
    if (wanted.length > 0) {
      const datas = await state.store.getChunks(wanted.map((w) => w.id));
      wanted.forEach(({ list, p }, i) => {
        try {
          list.reader!.add(p, datas[i]);
        } catch (e) {
          state.setDamaged(list, e);
        }
      });
    }
    await Promise.all(
      cold
        .filter((list) => keys.some((k) => list.reader!.mayHold(k)))
        .map((list) => list.reader!.ensureDictionary().catch((e: unknown) => state.setDamaged(list, e))),
    );
  }
  const matches = keys.map((key) => matchKey(state, key));
  for (const list of cold) list.reader!.trim();
  return matches;
}

/** Whether a list in force holds a key (read from its partitions when it is not in memory). */
export async function listHolds(state: RegistryState, list: LoadedList, key: string): Promise<boolean> {
  if (list.table) return list.table.find(key) >= 0;
  await matchKeys(state, [key]);
  return findIn(state, list, key) !== undefined;
}

function findIn(
  state: RegistryState,
  list: LoadedList,
  key: string,
): { row: TableRow } | { agency: string; region: string } | undefined {
  if (state.damaged.has(list.meta.id)) return undefined;
  if (list.table) {
    const ref = list.table.find(key);
    if (ref < 0) return undefined;
    return list.table instanceof HashedTable ? list.table.info(ref) : { row: list.table.row(ref) };
  }
  if (!list.reader) return undefined;
  try {
    const hit = list.reader.find(key);
    if (!hit) return undefined;
    return hit.kind === 'table' ? { row: hit.row } : { agency: hit.agency, region: hit.region };
  } catch (e) {
    state.setDamaged(list, e);
    return undefined;
  }
}

/** The match of a canonical key (normalised) from what is in memory, or undefined. */
export function matchKey(state: RegistryState, key: string): AsnMatch | undefined {
  const tagged = state.manual.get(key);
  if (tagged) {
    const { taggedAt: _t, ...fields } = tagged;
    return { ...fields, source: 'manual' };
  }
  for (const list of state.lists) {
    const hit = findIn(state, list, key);
    if (!hit) continue;
    const source = sourceOf(list.meta);
    if (!('row' in hit)) {
      const { agency, region } = hit;
      return {
        key,
        source,
        listName: list.meta.name,
        ...(agency && { agency }),
        ...(region && { region }),
      };
    }
    const { row } = hit;
    return {
      key,
      source,
      listName: list.meta.name,
      ...(row.name && { name: row.name }),
      ...(row.agency && { agency: row.agency }),
      ...(row.position && { position: row.position }),
      ...(row.region && { region: row.region }),
      ...(row.note && { note: row.note }),
    };
  }
  return undefined;
}
