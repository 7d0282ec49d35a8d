import { HashedTable } from '../hashed';
import type { AsnMatch } from '../types';
import { type RegistryState, sourceOf } from './state';

// Which accounts are ASN: a canonical key's match. Hand tags first, then the lists in match
// order (imported, synced, hashed). Runs for every batch of posts a page sends.

/** The match of a canonical key (normalised), or undefined. */
export function matchKey(state: RegistryState, key: string): AsnMatch | undefined {
  const tagged = state.manual.get(key);
  if (tagged) {
    const { taggedAt: _t, ...fields } = tagged;
    return { ...fields, source: 'manual' };
  }
  for (const list of state.lists) {
    const ref = list.table.find(key);
    if (ref < 0) continue;
    const source = sourceOf(list.meta);
    if (list.table instanceof HashedTable) {
      const { agency, region } = list.table.info(ref);
      return {
        key,
        source,
        listName: list.meta.name,
        ...(agency && { agency }),
        ...(region && { region }),
      };
    }
    const row = list.table.row(ref);
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
