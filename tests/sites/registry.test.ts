// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import {
  ADAPTERS,
  adapterFor,
  applySitePack,
  createAdapter,
  DEFAULT_SELECTORS,
  SelectorOverrideError,
  SitePackSchema,
} from '../../lib/sites/index';
import { SITE_IDS } from '../../lib/sites/types';
import { loadHtml, NOW } from './helpers';

// Meta-tests: every site is registered, every selector is usable, site packs are validated.

describe('registry', () => {
  test.each(SITE_IDS)('%s has a registered adapter for itself', (site) => {
    expect(ADAPTERS[site].site).toBe(site);
    expect(adapterFor(site)).toBe(ADAPTERS[site]);
    expect(typeof ADAPTERS[site].readProfile).toBe('function');
  });

  test('no adapter is registered for an unknown site', () => {
    expect(Object.keys(ADAPTERS).sort()).toEqual([...SITE_IDS].sort());
  });
});

describe('default selector tables', () => {
  const entries = SITE_IDS.flatMap((site) =>
    Object.entries(DEFAULT_SELECTORS[site]).map(([name, alts]) => [site, name, alts] as const),
  );

  test.each(SITE_IDS)('%s has logical names', (site) => {
    expect(Object.keys(DEFAULT_SELECTORS[site]).length).toBeGreaterThan(3);
  });

  test.each(entries)('%s.%s: non-empty, unique, and every alternative parses', (_site, _name, alts) => {
    expect(alts.length).toBeGreaterThan(0);
    expect(new Set(alts).size).toBe(alts.length);
    for (const alt of alts) {
      expect(alt.trim()).toBe(alt);
      expect(() => document.querySelector(alt)).not.toThrow();
      expect(() => document.createDocumentFragment().querySelectorAll(alt)).not.toThrow();
    }
  });

  test.each(entries)('%s.%s: no obfuscated class names', (_site, _name, alts) => {
    for (const alt of alts) {
      // X atomic (css-…, r-…), Facebook/Instagram atomic (x1…, _aa…): never stable.
      expect(alt).not.toMatch(/\.(css-|r-|x1|_a)[\w-]*/);
      expect(alt).not.toMatch(/class\*?="(css-|r-|x1|_a)/);
    }
  });
});

describe('site packs', () => {
  const pack = {
    id: 'x-2026-redesign',
    version: '1.0.0',
    site: 'x',
    selectors: { author: ['[data-testid="AuthorRow"]', '[data-testid="User-Name"]'] },
  };

  test('a valid pack parses', () => {
    expect(SitePackSchema.parse(pack)).toEqual(pack);
  });

  test.each([
    [
      'unknown logical name',
      { ...pack, selectors: { authr: ['a'] } },
      /unknown selector name "authr" for site x/,
    ],
    ['empty alternatives', { ...pack, selectors: { author: [] } }, /Too small|>=1/],
    ['blank selector', { ...pack, selectors: { author: ['  '] } }, /Too small|>=1/],
    ['unknown site', { ...pack, site: 'myspace' }, /site/],
    ['extra field', { ...pack, code: 'alert(1)' }, /Unrecognized key/],
    ['missing version', { id: 'p', site: 'x', selectors: {} }, /version/],
  ])('rejected: %s', (_label, bad, message) => {
    const result = SitePackSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')).toMatch(message);
  });

  test('createAdapter rejects CSS the DOM cannot parse, naming it', () => {
    expect(() => createAdapter('x', { author: ['[data-testid="User-Name"'] })).toThrow(SelectorOverrideError);
    expect(() => createAdapter('x', { author: ['div:::nope'] })).toThrow(
      /does not parse: author: div:::nope/,
    );
  });

  test('createAdapter rejects unknown names even without a schema', () => {
    expect(() => createAdapter('tiktok', { nope: ['a'] })).toThrow(/unknown selector name "nope"/);
  });

  test('applying a pack fixes selector drift without a release', () => {
    const doc = loadHtml(
      '<article data-testid="tweet"><div data-testid="AuthorRow"><a href="/budi_asn"><div dir="ltr"><span>Budi</span></div></a><a href="/budi_asn/status/5"><time datetime="2024-01-01T00:00:00Z">1 Jan</time></a></div><div data-testid="tweetText">Ayo coblos</div></article>',
      'https://x.com/home',
    );
    const article = doc.querySelector('article')!;
    expect(adapterFor('x').readPost(article, NOW)).toEqual({ ok: false, drift: ['author'] });
    const patched = applySitePack(pack);
    expect(patched.readPost(article, NOW)).toMatchObject({
      ok: true,
      snapshot: { author: { handle: 'budi_asn' }, text: 'Ayo coblos', postId: '5' },
    });
  });

  test('every site builds from its own defaults through createAdapter', () => {
    for (const site of SITE_IDS) expect(createAdapter(site).site).toBe(site);
  });
});
