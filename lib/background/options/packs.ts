import type { PackListing, PackSaveResult } from '../../messaging/options-protocol';
import type { MessageRouter } from '../../messaging/router';
import { compileMatcher, type PackError, parsePack } from '../../rules';
import { importedPacksItem, settingsItem } from '../../storage/items';
import { loadPackSet } from '../packs';
import { serially } from './settings';

// The options page's rule-pack section: list, switch on and off, import, save from the editor,
// remove. A pack that does not validate (or compile) changes nothing.

async function packListing(): Promise<PackListing> {
  const { packs, models, errors } = await loadPackSet();
  return { packs: [...packs.map((p) => p.info), ...models.map((m) => m.info)], errors };
}

/** Validates a pack (schema, then compiling it) and stores it as imported, replacing one of the same id. */
async function storePack(json: unknown, source: string): Promise<PackSaveResult> {
  const parsed = parsePack(json, source);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const pack = parsed.pack;
  try {
    compileMatcher([pack]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ pack: `${pack.id} (${source})`, path: '(pack)', message }] };
  }
  const before = await loadPackSet();
  const previous = before.packs.find((p) => p.info.id === pack.id)?.info.origin ?? null;
  const imported = await importedPacksItem.get();
  const replaced = imported[pack.id] ? 'imported' : previous;
  await importedPacksItem.set({
    ...imported,
    [pack.id]: { json, source: source.slice(0, 300), importedAt: new Date().toISOString() },
  });
  return { ok: true, id: pack.id, replaced, listing: await packListing() };
}

function importPackText(text: string, source: string): Promise<PackSaveResult> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const errors: PackError[] = [{ pack: source, path: '(pack)', message: `JSON tidak sah: ${detail}` }];
    return Promise.resolve({ ok: false, errors });
  }
  return storePack(json, source);
}

async function togglePack(id: string, enabled: boolean): Promise<PackListing> {
  const listing = await packListing();
  if (!listing.packs.some((p) => p.id === id)) throw new Error(`Paket tidak ditemukan: ${id}`);
  await serially(() =>
    settingsItem.update((settings) => ({
      ...settings,
      packToggles: { ...settings.packToggles, [id]: enabled },
    })),
  );
  return packListing();
}

async function removePack(id: string): Promise<PackListing> {
  const imported = await importedPacksItem.get();
  if (!imported[id]) throw new Error(`Hanya paket impor yang dapat dihapus: ${id}`);
  const { [id]: _gone, ...rest } = imported;
  await importedPacksItem.set(rest);
  // A pack imported again later starts from its default state.
  await serially(() =>
    settingsItem.update((settings) => {
      const { [id]: _toggle, ...toggles } = settings.packToggles;
      return { ...settings, packToggles: toggles };
    }),
  );
  return packListing();
}

async function getPack(id: string) {
  const imported = (await importedPacksItem.get())[id];
  // An imported pack is returned as it was written (even if it no longer validates, so it can be fixed).
  if (imported) return { json: imported.json, origin: 'imported' as const };
  const set = await loadPackSet();
  const model = set.models.find((m) => m.info.id === id);
  if (model) return { json: model.pack.json as unknown, origin: model.info.origin };
  const found = set.packs.find((p) => p.info.id === id);
  if (!found) throw new Error(`Paket tidak ditemukan: ${id}`);
  return { json: found.pack as unknown, origin: found.info.origin };
}

/** Registers the pack section's handlers. */
export function registerPackHandlers(router: MessageRouter): void {
  router
    .on('ui', 'options/packs', () => packListing())
    .on('ui', 'options/packToggle', ({ id, enabled }) => togglePack(id, enabled))
    .on('ui', 'options/packImport', ({ text, source }) => importPackText(text, source))
    .on('ui', 'options/packSave', ({ pack }) => storePack(pack, 'editor'))
    .on('ui', 'options/packGet', ({ id }) => getPack(id))
    .on('ui', 'options/packRemove', ({ id }) => removePack(id));
}
