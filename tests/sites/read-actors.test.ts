// @vitest-environment happy-dom
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ADAPTERS } from '../../lib/sites';
import { accountsOf } from '../../lib/scan/pipeline';
import { fixturePath, hasRealPage, loadFixture, loadRealPage, realPagePath } from './helpers';

// `readActors` lets the scanner pass over posts by accounts known not to be ASN without a full
// read, so it must name exactly the accounts a full read would: on every fixture and every real
// saved page, for every container the full read parses.

const ORIGIN: Record<string, string> = {
  x: 'https://x.com/home',
  facebook: 'https://www.facebook.com/',
  instagram: 'https://www.instagram.com/',
  tiktok: 'https://www.tiktok.com/',
  youtube: 'https://www.youtube.com/',
};

const pages = (site: string) => {
  const own = readdirSync(fixturePath(site))
    .filter((f) => f.endsWith('.html'))
    .map((f) => ({ name: `fixture ${f}`, load: () => loadFixture(`${site}/${f}`, ORIGIN[site]!) }));
  const real = hasRealPage(site)
    ? readdirSync(realPagePath(site))
        .filter((f) => f.endsWith('.html'))
        .map((f) => ({ name: `real ${f}`, load: () => loadRealPage(`${site}/${f}`, ORIGIN[site]!) }))
    : [];
  return [...own, ...real];
};

for (const adapter of Object.values(ADAPTERS)) {
  if (!adapter.readActors) continue;
  describe(`${adapter.site}: readActors agrees with readPost`, () => {
    let compared = 0;
    test.each(pages(adapter.site))('$name', ({ load }) => {
      const doc = load();
      for (const container of adapter.findPosts(doc)) {
        const full = adapter.readPost(container);
        const actors = adapter.readActors!(container);
        if (full.ok !== true) continue;
        // Undefined is allowed (the scanner then reads the post in full); a wrong answer is not.
        if (actors === undefined) continue;
        expect(actors).toEqual(accountsOf(full.snapshot).map((a) => a.handle));
        compared++;
      }
    });
    test('compared posts on these pages', () => expect(compared).toBeGreaterThan(5));
  });
}
