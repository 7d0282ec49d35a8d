import { browser } from 'wxt/browser';
import { normalizeKey, parseKey } from '../../asn/canonical';
import type { DataSummary } from '../../messaging/options-protocol';
import type { MessageRouter } from '../../messaging/router';
import { REPORT_QUEUE_KEY } from '../../reports/store';
import { parsePack } from '../../rules';
import { type Backup, BACKUP_FORMAT, BackupSchema } from '../../storage/backup';
import { quarantineItem } from '../../storage/item';
import { importedPacksItem, settingsItem } from '../../storage/items';
import type { Settings } from '../../storage/settings';
import { asnRegistry, flagStore, netraVersion, reportQueue } from '../services';
import { checkSettings, serially } from './settings';
import { manualTags } from './watchlist';

// The options page's data section: what is stored, backup and restore (all or nothing), delete
// everything, and the values set aside as invalid.

async function dataSummary(): Promise<DataSummary> {
  const registry = await asnRegistry();
  const [flags, entries, stats, imported, quarantined] = await Promise.all([
    flagStore().query({}),
    reportQueue().list(),
    registry.stats(),
    importedPacksItem.get(),
    quarantineItem.getValue(),
  ]);
  return {
    flags: flags.length,
    reportsUnsent: entries.filter((e) => e.status !== 'sent').length,
    reportsSent: entries.filter((e) => e.status === 'sent').length,
    watchlistEntries: stats.total - stats.bySource.manual,
    manualTags: stats.bySource.manual,
    importedPacks: Object.keys(imported).length,
    quarantined: quarantined.length,
  };
}

async function backup(includeToken: boolean): Promise<Backup> {
  const [settings, importedPacks, registry] = await Promise.all([
    settingsItem.get(),
    importedPacksItem.get(),
    asnRegistry(),
  ]);
  const endpoint = settings.endpoint && !includeToken ? { url: settings.endpoint.url } : settings.endpoint;
  return {
    format: BACKUP_FORMAT,
    version: 1,
    exportedAt: new Date().toISOString(),
    netraVersion: netraVersion(),
    settings: { ...settings, endpoint },
    importedPacks,
    manualTags: await manualTags(registry),
  };
}

function describe(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix: string,
): string {
  return issues
    .slice(0, 10)
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(berkas)'}: ${i.message}`)
    .join('; ');
}

async function restore(raw: unknown) {
  // Everything is checked before anything is written: an invalid file changes nothing.
  const parsed = BackupSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Berkas cadangan tidak sah: ${describe(parsed.error.issues, '')}`);
  const data = parsed.data;
  const current = await settingsItem.get();
  // A backup made without the token keeps the token of the same endpoint here.
  const restoredSettings = data.settings as Partial<Settings> | undefined;
  const endpoint = restoredSettings?.endpoint;
  const keepToken =
    endpoint &&
    endpoint.token === undefined &&
    current.endpoint?.url === endpoint.url &&
    current.endpoint.token;
  const settingsValue = keepToken
    ? { ...restoredSettings, endpoint: { ...endpoint, token: keepToken } }
    : data.settings;
  const checked = checkSettings(settingsValue);
  if (!checked.ok) {
    throw new Error(
      `Pengaturan di cadangan tidak sah: ${checked.issues.map((i) => `settings.${i.path}: ${i.message}`).join('; ')}`,
    );
  }
  const packErrors = Object.entries(data.importedPacks).flatMap(([id, entry]) => {
    const result = parsePack(entry.json, entry.source || id);
    if (!result.ok) return result.errors;
    return result.pack.id === id
      ? []
      : [{ pack: id, path: 'id', message: `id paket "${result.pack.id}" tidak sama dengan kuncinya` }];
  });
  if (packErrors.length > 0) {
    throw new Error(
      `Paket di cadangan tidak sah: ${packErrors
        .slice(0, 10)
        .map((e) => `${e.pack} ${e.path}: ${e.message}`)
        .join('; ')}`,
    );
  }
  const badKey = data.manualTags.find((tag) => !parseKey(normalizeKey(tag.key)));
  if (badKey) throw new Error(`Tanda ASN di cadangan tidak sah: ID akun "${badKey.key.slice(0, 80)}"`);

  await serially(() => settingsItem.set(checked.settings));
  await importedPacksItem.set(data.importedPacks);
  const registry = await asnRegistry();
  const wanted = new Set(data.manualTags.map((tag) => normalizeKey(tag.key)));
  for (const tag of await manualTags(registry)) if (!wanted.has(tag.key)) await registry.untag(tag.key);
  for (const { key, taggedAt: _at, ...info } of data.manualTags) await registry.tag(normalizeKey(key), info);
  return {
    settings: checked.settings,
    packs: Object.keys(data.importedPacks).length,
    manualTags: wanted.size,
  };
}

/** Origins Netra was granted at runtime (endpoint, watchlist URL, screenshots). */
async function optionalOrigins(): Promise<string[]> {
  const required = new Set(browser.runtime.getManifest().host_permissions ?? []);
  const granted = await browser.permissions.getAll();
  return (granted.origins ?? []).filter((origin) => !required.has(origin));
}

async function deleteAll() {
  const registry = await asnRegistry();
  const flags = await flagStore().deleteAll();
  let reports = 0;
  let reportsKept = 0;
  for (const entry of await reportQueue().list()) {
    try {
      if (await reportQueue().remove(entry.id)) reports++;
    } catch {
      reportsKept++;
    }
  }
  const stats = await registry.stats();
  for (const list of stats.lists) await registry.removeList(list.id);
  const tags = await manualTags(registry);
  for (const tag of tags) await registry.untag(tag.key);

  // Everything else in storage: settings, packs, quarantine, and what other parts keep. The
  // queue key stays only while a report in it is being sent.
  const local = Object.keys(await browser.storage.local.get(null));
  await browser.storage.local.remove(reportsKept > 0 ? local.filter((k) => k !== REPORT_QUEUE_KEY) : local);
  await browser.storage.session.clear();
  flagStore().invalidate();
  try {
    const origins = await optionalOrigins();
    if (origins.length > 0) await browser.permissions.remove({ origins });
  } catch (error) {
    console.warn('[netra] could not drop runtime host permissions:', error);
  }
  return { flags, reports, reportsKept, lists: stats.lists.length, manualTags: tags.length };
}

/** Registers the data section's handlers. */
export function registerDataHandlers(router: MessageRouter): void {
  router
    .on('ui', 'options/dataSummary', () => dataSummary())
    .on('ui', 'options/backup', ({ includeToken }) => backup(includeToken))
    .on('ui', 'options/restore', ({ backup: raw }) => restore(raw))
    .on('ui', 'options/deleteAll', () => deleteAll())
    .on('ui', 'options/quarantine', () => quarantineItem.getValue())
    .on('ui', 'options/quarantineClear', async () => {
      await quarantineItem.setValue([]);
    });
}
