import { z } from 'zod';
import { invalidSelectors, type SelectorTable } from './dom';
import { SITE_FACTORIES } from './factories';
import { DEFAULT_SELECTORS } from './selectors/index';
import { SITE_IDS, type SiteAdapter, type SiteId } from './types';

// Site packs: selector overrides as data, so a site redesign is fixed by a pack instead of a
// release (shared/DESIGN.md). A pack replaces whole logical names; names it does not mention keep
// their defaults. To keep a default as a fallback, list it after the new alternative.

const MAX_ALTERNATIVES = 20;

export const SitePackSchema = z
  .object({
    id: z.string().min(1).max(100),
    version: z.string().min(1).max(40),
    site: z.enum(SITE_IDS),
    selectors: z.record(
      z.string().min(1).max(60),
      z.array(z.string().trim().min(1).max(500)).min(1).max(MAX_ALTERNATIVES),
    ),
  })
  .strict()
  .superRefine((pack, ctx) => {
    const known = Object.keys(DEFAULT_SELECTORS[pack.site]);
    for (const name of Object.keys(pack.selectors)) {
      if (!known.includes(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['selectors', name],
          message: `unknown selector name "${name}" for site ${pack.site} (known: ${known.join(', ')})`,
        });
      }
    }
  });
export type SitePack = z.infer<typeof SitePackSchema>;

/** Thrown when overrides name unknown selectors or contain CSS the DOM cannot parse. */
export class SelectorOverrideError extends Error {
  constructor(
    readonly site: SiteId,
    readonly problems: string[],
  ) {
    super(`invalid selector overrides for ${site}: ${problems.join('; ')}`);
    this.name = 'SelectorOverrideError';
  }
}

/** The selector table for `site` with `overrides` replacing whole logical names. */
export function mergeSelectors(
  site: SiteId,
  overrides: Readonly<Record<string, readonly string[]>> = {},
): SelectorTable {
  const defaults = DEFAULT_SELECTORS[site];
  const unknown = Object.keys(overrides).filter((name) => !(name in defaults));
  const empty = Object.entries(overrides)
    .filter(([, alts]) => alts.length === 0)
    .map(([name]) => `${name}: no alternatives`);
  const problems = [...unknown.map((name) => `unknown selector name "${name}"`), ...empty];
  if (problems.length > 0) throw new SelectorOverrideError(site, problems);
  return { ...defaults, ...overrides };
}

/**
 * An adapter for `site`, optionally with selector overrides. When a DOM is at hand (content
 * scripts, tests) every selector is parsed first, so a bad pack fails here with a clear message
 * instead of throwing later inside a scan.
 */
export function createAdapter(
  site: SiteId,
  overrides?: Readonly<Record<string, readonly string[]>>,
): SiteAdapter {
  const table = mergeSelectors(site, overrides);
  const doc = (globalThis as { document?: Document }).document;
  if (overrides && doc) {
    const bad = invalidSelectors(table, doc);
    if (bad.length > 0)
      throw new SelectorOverrideError(
        site,
        bad.map((b) => `does not parse: ${b}`),
      );
  }
  return SITE_FACTORIES[site](table);
}

/** Validate a site pack (unknown input) and build the adapter it describes. */
export function applySitePack(pack: unknown): SiteAdapter {
  const parsed = SitePackSchema.parse(pack);
  return createAdapter(parsed.site, parsed.selectors);
}
