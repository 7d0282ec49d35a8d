import { browser } from 'wxt/browser';
import { normalizeKey, parseKey } from '../asn/canonical';
import type { AsnRegistry } from '../asn/registry';
import type { ImportProgress } from '../asn/types';
import {
  type DataSummary,
  type FieldIssue,
  MAX_WATCHLIST_BYTES,
  type PackListing,
  type PackSaveResult,
  type SettingsUpdateResult,
  TRANSFER_CHUNK_CHARS,
  type TransferHandle,
} from '../messaging/options-protocol';
import type { MessageRouter } from '../messaging/router';
import { endpointProblem, testConnection } from '../reports/endpoint';
import { REPORT_QUEUE_KEY } from '../reports/store';
import { compileMatcher, type PackError, parsePack } from '../rules';
import { quarantineItem } from '../storage/item';
import { takeHandedOver } from '../storage/handover';
import { type Backup, BACKUP_FORMAT, BackupSchema } from '../storage/backup';
import {
  type ImportProgressState,
  importedPacksItem,
  settingsItem,
  watchlistProgressItem,
} from '../storage/items';
import { type Settings, SettingsSchema } from '../storage/settings';
import { loadPackSet } from './packs';
import { asnRegistry, flagStore, netraVersion, reportQueue } from './services';
import { syncWatchlistNow } from './watchlist-sync';

// Handlers of the options page. The ui channel is privileged (only Netra's own pages reach it),
// but every payload is still validated and every change is all-or-nothing: a bad setting, pack
// or backup leaves the previous state in force.

const TEST_TIMEOUT_MS = 20_000;
const TRANSFER_TTL_MS = 10 * 60_000;
const PROGRESS_EVERY_MS = 200;
const MANUAL_TAG_LIMIT = 50_000;

/** Runs settings writes one at a time, so two patches never overwrite each other. */
let settingsTail: Promise<unknown> = Promise.resolve();
function serially<T>(fn: () => Promise<T>): Promise<T> {
  const run = settingsTail.then(fn, fn);
  settingsTail = run.catch(() => undefined);
  return run;
}

function issuesOf(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(settings)',
    message: issue.message,
  }));
}

/** Problems the endpoint client would refuse to send with, by field. */
function endpointIssues(endpoint: Settings['endpoint']): FieldIssue[] {
  if (!endpoint) return [];
  const urlProblem = endpointProblem({ url: endpoint.url });
  if (urlProblem) return [{ path: 'endpoint.url', message: urlProblem }];
  const tokenProblem = endpointProblem(endpoint);
  return tokenProblem ? [{ path: 'endpoint.token', message: tokenProblem }] : [];
}

/** Validates a whole settings value the way every options change must pass. */
function checkSettings(
  value: unknown,
): { ok: true; settings: Settings } | { ok: false; issues: FieldIssue[] } {
  const parsed = SettingsSchema.safeParse(value);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const issues = endpointIssues(parsed.data.endpoint);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, settings: parsed.data };
}

function updateSettings(patch: Record<string, unknown>): Promise<SettingsUpdateResult> {
  return serially(async () => {
    const known = new Set(Object.keys(SettingsSchema.shape));
    const unknown = Object.keys(patch).filter((key) => !known.has(key));
    if (unknown.length > 0) {
      return {
        ok: false,
        issues: unknown.map((path) => ({ path, message: 'pengaturan tidak dikenal / unknown setting' })),
      };
    }
    const checked = checkSettings({ ...(await settingsItem.get()), ...patch });
    if (!checked.ok) return checked;
    await settingsItem.set(checked.settings);
    return { ok: true, settings: checked.settings };
  });
}

// ---- rule packs ----

async function packListing(): Promise<PackListing> {
  const { packs, errors } = await loadPackSet();
  return { packs: packs.map((p) => p.info), errors };
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
  const found = (await loadPackSet()).packs.find((p) => p.info.id === id);
  if (!found) throw new Error(`Paket tidak ditemukan: ${id}`);
  return { json: found.pack as unknown, origin: found.info.origin };
}

// ---- chunked transfers (exports out; files come in through lib/storage/handover.ts) ----

interface Transfer {
  chunks: (string | undefined)[];
  chars: number;
  expires: number;
}
const transfers = new Map<string, Transfer>();

function pruneTransfers(): void {
  const now = Date.now();
  for (const [id, transfer] of transfers) if (transfer.expires < now) transfers.delete(id);
}

function offerText(text: string): TransferHandle {
  pruneTransfers();
  const transferId = crypto.randomUUID();
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += TRANSFER_CHUNK_CHARS)
    chunks.push(text.slice(at, at + TRANSFER_CHUNK_CHARS));
  if (chunks.length === 0) chunks.push('');
  transfers.set(transferId, { chunks, chars: text.length, expires: Date.now() + TRANSFER_TTL_MS });
  return { transferId, chunks: chunks.length, chars: text.length };
}

function getChunk(transferId: string, index: number): string {
  const transfer = transfers.get(transferId);
  const chunk = transfer?.chunks[index];
  if (!transfer || chunk === undefined) throw new Error('Data ekspor sudah kedaluwarsa; ekspor lagi.');
  transfer.expires = Date.now() + TRANSFER_TTL_MS;
  if (index === transfer.chunks.length - 1) transfers.delete(transferId);
  return chunk;
}

// ---- watchlist ----

const imports = new Map<string, AbortController>();

async function importWatchlist(request: {
  fileId: string;
  importId: string;
  fileName: string;
  listName: string;
  format: 'auto' | 'csv' | 'json';
}) {
  const file = await takeHandedOver(indexedDB, request.fileId);
  if (!file) throw new Error('Berkas tidak ditemukan di Netra; pilih berkas lagi.');
  if (file.size > MAX_WATCHLIST_BYTES)
    throw new Error(`Berkas terlalu besar (maks. ${MAX_WATCHLIST_BYTES >> 20} MB).`);
  const text = await file.text();
  const controller = new AbortController();
  imports.set(request.importId, controller);
  let last = 0;
  const progress = (phase: ImportProgressState['phase'], p: ImportProgress) =>
    watchlistProgressItem.set({
      importId: request.importId,
      fileName: request.fileName.slice(0, 300),
      phase,
      done: p.done,
      total: p.total,
      at: new Date().toISOString(),
    });
  try {
    await progress('importing', { done: 0, total: 0 });
    const registry = await asnRegistry();
    const listName = request.listName.trim();
    const report = await registry.importWatchlist(text, request.format, {
      ...(listName ? { listName } : {}),
      signal: controller.signal,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        void progress('importing', p);
      },
    });
    await progress('done', { done: report.total, total: report.total });
    return report;
  } catch (error) {
    await progress('failed', { done: 0, total: 0 });
    throw error;
  } finally {
    imports.delete(request.importId);
  }
}

async function manualTags(registry: AsnRegistry) {
  const { items } = await registry.search('', { sources: ['manual'], limit: MANUAL_TAG_LIMIT });
  return items.map(({ key, name, agency, position, region, note, taggedAt }) => ({
    key,
    ...(name ? { name } : {}),
    ...(agency ? { agency } : {}),
    ...(position ? { position } : {}),
    ...(region ? { region } : {}),
    ...(note ? { note } : {}),
    ...(taggedAt ? { taggedAt } : {}),
  }));
}

function dateStamp(): string {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '');
}

// ---- data ----

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

/** Registers the handlers of the options page's messages (lib/messaging/options-protocol.ts). */
export function registerOptionsHandlers(router: MessageRouter): void {
  router
    .on('ui', 'options/updateSettings', ({ patch }) => updateSettings(patch))
    .on('ui', 'options/testConnection', ({ endpoint }) =>
      testConnection(endpoint, {
        fetch: (...args) => fetch(...args),
        timeoutMs: TEST_TIMEOUT_MS,
        netraVersion: netraVersion(),
      }),
    )
    .on('ui', 'options/packs', () => packListing())
    .on('ui', 'options/packToggle', ({ id, enabled }) => togglePack(id, enabled))
    .on('ui', 'options/packImport', ({ text, source }) => importPackText(text, source))
    .on('ui', 'options/packSave', ({ pack }) => storePack(pack, 'editor'))
    .on('ui', 'options/packGet', ({ id }) => getPack(id))
    .on('ui', 'options/packRemove', ({ id }) => removePack(id))
    .on('ui', 'options/transferGet', ({ transferId, index }) => getChunk(transferId, index))
    .on('ui', 'options/watchlistImport', (request) => importWatchlist(request))
    .on('ui', 'options/watchlistCancel', ({ importId }) => {
      const controller = imports.get(importId);
      controller?.abort();
      return Boolean(controller);
    })
    .on('ui', 'options/watchlistOverview', async () => {
      const [registry, settings] = await Promise.all([asnRegistry(), settingsItem.get()]);
      return { stats: await registry.stats(), syncUrl: settings.watchlistSyncUrl };
    })
    .on('ui', 'options/watchlistSync', () => syncWatchlistNow())
    .on('ui', 'options/watchlistSearch', async ({ query, offset, limit }) =>
      (await asnRegistry()).search(query, { offset, limit }),
    )
    .on('ui', 'options/watchlistRemove', async ({ key }) => (await asnRegistry()).remove(key))
    .on('ui', 'options/watchlistRemoveList', async ({ listId }) => (await asnRegistry()).removeList(listId))
    .on('ui', 'options/watchlistExport', async () => {
      const csv = await (await asnRegistry()).exportCsv();
      return { ...offerText(csv), fileName: `netra-watchlist-${dateStamp()}.csv` };
    })
    .on('ui', 'options/dataSummary', () => dataSummary())
    .on('ui', 'options/backup', ({ includeToken }) => backup(includeToken))
    .on('ui', 'options/restore', ({ backup: raw }) => restore(raw))
    .on('ui', 'options/deleteAll', () => deleteAll())
    .on('ui', 'options/quarantine', () => quarantineItem.getValue())
    .on('ui', 'options/quarantineClear', async () => {
      await quarantineItem.setValue([]);
    });
}
