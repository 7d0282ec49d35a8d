import type { PackInfo } from '../messaging/options-protocol';
import { combine, scoreText } from '../models/model';
import { type ModelPack, parseModelPack } from '../models/pack';
import { SHIPPED_MODEL_PACKS } from '../models/packs';
import {
  BASE_PACKS,
  CAMPAIGN_PACKS,
  compileMatcher,
  deserialiseMatcher,
  type Matcher,
  type Pack,
  type PackError,
  parsePack,
  serialiseMatcher,
  setClassifyHook,
} from '../rules';
import { compiledMatcherItem, importedPacksItem, settingsItem } from '../storage/items';

export interface PackSet {
  packs: { pack: Pack; info: PackInfo }[];
  /** Model packs (lib/models), switched on and off like rule packs (settings.packToggles). */
  models: { pack: ModelPack; info: PackInfo }[];
  errors: PackError[];
}

function parseShipped(inputs: readonly unknown[], kind: string): Pack[] {
  return inputs.map((json, i) => {
    const parsed = parsePack(json, `shipped ${kind} pack #${i + 1}`);
    // Shipped packs are checked by the test suite; failing here is a build defect.
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.pack} ${e.path}: ${e.message}`).join('; '));
    return parsed.pack;
  });
}

let shippedModels: ModelPack[] | undefined;
/** The shipped model packs, validated once per service worker (~1 ms: zod and a base64 decode). */
function shippedModelPacks(): ModelPack[] {
  shippedModels ??= SHIPPED_MODEL_PACKS.map((json, i) => {
    const parsed = parseModelPack(json, `shipped model pack #${i + 1}`);
    // Shipped packs are checked by the test suite; failing here is a build defect.
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.pack} ${e.path}: ${e.message}`).join('; '));
    return parsed.pack;
  });
  return shippedModels;
}

let shipped: Pack[] | undefined;
function shippedPacks(): Pack[] {
  shipped ??= [...parseShipped(BASE_PACKS, 'base'), ...parseShipped(CAMPAIGN_PACKS, 'campaign')];
  return shipped;
}

/** Every pack (shipped and imported, an imported one replacing a shipped one of the same id), with its state. */
export async function loadPackSet(): Promise<PackSet> {
  const [settings, imported] = await Promise.all([settingsItem.get(), importedPacksItem.get()]);
  const byId = new Map<string, { pack: Pack; origin: PackInfo['origin'] }>();
  for (const pack of shippedPacks()) byId.set(pack.id, { pack, origin: 'shipped' });
  const errors: PackError[] = [];
  for (const [id, entry] of Object.entries(imported)) {
    const parsed = parsePack(entry.json, entry.source || id);
    if (parsed.ok) byId.set(parsed.pack.id, { pack: parsed.pack, origin: 'imported' });
    else errors.push(...parsed.errors);
  }
  const packs = [...byId.values()].map(({ pack, origin }) => {
    const byDefault = origin === 'imported' || pack.kind === 'base';
    const info: PackInfo = {
      id: pack.id,
      version: pack.version,
      kind: pack.kind,
      name: pack.name,
      origin,
      enabled: settings.packToggles[pack.id] ?? byDefault,
      rules: pack.rules.length,
      contexts: pack.contexts.length,
      candidates: pack.candidates?.length ?? 0,
    };
    return { pack, info };
  });
  const models = shippedModelPacks().map((pack) => {
    const info: PackInfo = {
      id: pack.id,
      version: pack.version,
      kind: 'model',
      name: pack.json.name,
      origin: 'shipped',
      // The pack says whether it starts on; the options page switches each (its licence differs: lib/models/packs).
      enabled: settings.packToggles[pack.id] ?? pack.json.enabledByDefault,
      rules: 0,
      contexts: 0,
      candidates: 0,
      model: {
        category: pack.category,
        licence: pack.json.licence.id,
        dataset: pack.json.provenance.dataset,
      },
    };
    return { pack, info };
  });
  return { packs, models, errors };
}

type Versions = { id: string; version: string }[];

let cached: { signature: string; matcher: Matcher; versions: Versions } | undefined;

/** The id, version and kind of each shipped pack, read from its JSON as the build made it. */
let shippedIds: string | undefined;
function shippedSignature(): string {
  shippedIds ??= JSON.stringify(
    [...BASE_PACKS, ...CAMPAIGN_PACKS].map((json) => {
      const { id, version, kind } = (json ?? {}) as { id?: unknown; version?: unknown; kind?: unknown };
      return [id, version, kind];
    }),
  );
  return shippedIds;
}

/**
 * The compiled matcher of the enabled packs, compiled once and reused until the set of enabled
 * packs changes. A waking service worker loads it from its stored form without parsing or
 * compiling a pack (issue #24): what decides it — the shipped packs' ids and versions, the
 * imported packs as stored, the toggles — is its signature, checked against the stored one.
 */
export async function activeMatcher(): Promise<{ matcher: Matcher; versions: Versions }> {
  const [settings, imported] = await Promise.all([settingsItem.get(), importedPacksItem.get()]);
  // Imported packs can change without a version bump (the editor), so their content counts too.
  const signature = JSON.stringify([
    shippedSignature(),
    // Model packs ride on the matcher: their toggles need no compile.
    Object.entries(settings.packToggles)
      .filter(([id]) => !SHIPPED_MODEL_PACKS.some((json) => (json as { id?: unknown }).id === id))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    Object.entries(imported)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, entry]) => [id, entry.json]),
  ]);
  if (cached?.signature !== signature) cached = { signature, ...(await loadOrCompile(signature)) };
  // Model packs ride on the matcher (classify() combines them): switching one needs no compile.
  // None is on by default, and the shipped ones are parsed only once one is.
  const on = (json: unknown) => {
    const { id, enabledByDefault } = (json ?? {}) as { id?: unknown; enabledByDefault?: unknown };
    return typeof id === 'string' && (settings.packToggles[id] ?? enabledByDefault === true);
  };
  const active = SHIPPED_MODEL_PACKS.some(on)
    ? shippedModelPacks().filter((m) =>
        on(SHIPPED_MODEL_PACKS.find((json) => (json as { id?: unknown }).id === m.id)),
      )
    : [];
  setClassifyHook(
    cached.matcher,
    active.length > 0 ? (text, rules) => combine(rules, scoreText(active, text)) : null,
  );
  return {
    matcher: cached.matcher,
    versions: [...cached.versions, ...active.map((m) => ({ id: m.id, version: m.version }))],
  };
}

/** The stored compiled matcher when it was compiled for this signature, else a fresh compile (stored). */
async function loadOrCompile(signature: string): Promise<{ matcher: Matcher; versions: Versions }> {
  const stored = await compiledMatcherItem.get();
  if (stored?.signature === signature) {
    try {
      return { matcher: deserialiseMatcher(stored.data), versions: stored.versions };
    } catch (error) {
      console.warn('[netra] stored matcher unusable, compiling again:', error);
    }
  }
  const { packs } = await loadPackSet();
  const enabled = packs.filter((p) => p.info.enabled);
  // Campaign packs first: the first campaign pack wins a shared ballot number.
  enabled.sort((a, b) => (a.pack.kind === b.pack.kind ? 0 : a.pack.kind === 'campaign' ? -1 : 1));
  const matcher = compileMatcher(enabled.map((p) => p.pack));
  const versions = enabled.map((p) => ({ id: p.info.id, version: p.info.version }));
  await compiledMatcherItem.set({ signature, data: serialiseMatcher(matcher), versions });
  return { matcher, versions };
}
