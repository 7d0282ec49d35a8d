import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import type { ReadResult, SiteAdapter } from '../../lib/sites/types';

// Loading saved pages into a happy-dom window with the page's own URL (adapters resolve links and
// recognise status pages from it). Scripts never run: fixtures and real pages are inert data.

const ROOT = join(import.meta.dirname, '..', '..');

/** Absolute path of a fixture under tests/fixtures. */
export function fixturePath(rel: string): string {
  return join(ROOT, 'tests', 'fixtures', rel);
}

/** Absolute path of a real saved page under ../shared/pages (may be missing outside CI). */
export function realPagePath(rel: string): string {
  return join(ROOT, '..', 'shared', 'pages', rel);
}

/** Whether a real saved page is present; logs why its tests are skipped when not. */
export function hasRealPage(rel: string): boolean {
  const ok = existsSync(realPagePath(rel));
  if (!ok)
    console.warn(
      `skipping tests on ../shared/pages/${rel}: file not found (CI has ../shared beside the checkout)`,
    );
  return ok;
}

/** A document parsed from `html`, with `url` as its address. */
export function loadHtml(html: string, url = 'about:blank'): Document {
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
    },
  });
  window.document.write(html);
  return window.document as unknown as Document;
}

/** A fixture page (tests/fixtures/<rel>) loaded at `url`. */
export function loadFixture(rel: string, url: string): Document {
  return loadHtml(readFileSync(fixturePath(rel), 'utf8'), url);
}

/** A real saved page (../shared/pages/<rel>) loaded at `url`. */
export function loadRealPage(rel: string, url: string): Document {
  return loadHtml(readFileSync(realPagePath(rel), 'utf8'), url);
}

/** Fixed capture time so snapshots compare exactly. */
export const NOW = new Date('2024-02-10T04:00:00.000Z');

export interface ReadAll {
  containers: Element[];
  results: ReadResult[];
  snapshots: Extract<ReadResult, { ok: true }>['snapshot'][];
  skipped: string[];
  drift: string[][];
}

/** Find and read every container in `doc` with `adapter`. */
export function readAll(adapter: SiteAdapter, doc: Document | Element): ReadAll {
  const containers = adapter.findPosts(doc);
  const results = containers.map((c) => adapter.readPost(c, NOW));
  return {
    containers,
    results,
    snapshots: results.flatMap((r) => (r.ok === true ? [r.snapshot] : [])),
    skipped: results.flatMap((r) => (r.ok === 'skip' ? [r.reason] : [])),
    drift: results.flatMap((r) => (r.ok === false ? [r.drift] : [])),
  };
}
