import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** The build under test: `.output/chrome-mv3`, or NETRA_EXTENSION (another build, e.g. a deliberately broken one). */
export const CHROME_BUILD = process.env.NETRA_EXTENSION ?? resolve(REPO_ROOT, '.output/chrome-mv3');

/** A Chromium with the built extension loaded. */
export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  /** Opens an extension page (`popup.html`, `options.html`) in a tab. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Keep this profile folder (to reopen the same profile after a close); default: a fresh one. */
  userDataDir?: string;
  extensionPath?: string;
  /** Extra environment variables for the browser process (the demo's emoji font). */
  env?: Record<string, string>;
}

/** Launches headless Chromium with Netra's Chrome build, and waits for its service worker. */
export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionSession> {
  const extensionPath = options.extensionPath ?? CHROME_BUILD;
  if (!existsSync(join(extensionPath, 'manifest.json'))) {
    throw new Error(`No extension build at ${extensionPath}: run \`npm run build\` first.`);
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'netra-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
    ],
    viewport: { width: 1280, height: 900 },
    ...(options.env ? { env: { ...process.env, ...options.env } as Record<string, string> } : {}),
  });
  // Tests never reach the network: anything not routed by a test is refused here.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort('blockedbyclient'));
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    userDataDir,
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Serves pages AS a real site: requests to `origin` are fulfilled by `pageFor(url)`, so the URL
 * stays `https://x.com/...` and the content script's match patterns apply.
 */
export async function serveAs(
  context: BrowserContext,
  origin: string,
  pageFor: (url: URL) => string | undefined,
): Promise<void> {
  await context.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    const body = pageFor(url);
    if (body === undefined)
      return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
}

/** A fixture page written by the project, from tests/fixtures/. */
export function fixture(path: string): string {
  return readFileSync(resolve(REPO_ROOT, 'tests/fixtures', path), 'utf8');
}

/** Collects console errors and uncaught exceptions of a page. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Grants Netra host access to `pattern` the way a person would, on chrome://extensions: headless
 * Chromium cannot answer the permission prompt, and Netra's own request then resolves at once.
 */
export async function grantHostOnExtensionsPage(session: ExtensionSession, pattern: string): Promise<void> {
  const extensions = await session.context.newPage();
  await extensions.goto('chrome://extensions/');
  await extensions.evaluate(
    async ([id, host]) => {
      const api = (
        globalThis as unknown as {
          chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };
        }
      ).chrome;
      await api.developerPrivate.addHostPermission(id, host);
    },
    [session.extensionId, pattern] as const,
  );
  await extensions.close();
}

/** Every flag the background stored (its IndexedDB records), read in the worker. */
export async function readFlags<F = { key: string; reportId?: string }>(worker: Worker): Promise<F[]> {
  return worker.evaluate(
    () =>
      new Promise<F[]>((resolve, reject) => {
        const open = indexedDB.open('netra-flags');
        // Not created yet: do not create it here (the extension's own upgrade must run).
        let absent = false;
        open.onupgradeneeded = () => {
          absent = true;
          open.transaction?.abort();
        };
        open.onerror = () => (absent ? resolve([]) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('flags')) {
            db.close();
            resolve([]);
            return;
          }
          const req = db.transaction('flags', 'readonly').objectStore('flags').getAll();
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            db.close();
            resolve(req.result as F[]);
          };
        };
      }),
  );
}

/** Reads a storage area of the extension from its service worker. */
export async function readStorage(worker: Worker, area: 'local' | 'session', key: string): Promise<unknown> {
  return worker.evaluate(
    async ([a, k]) => {
      type Area = { get(key: string): Promise<Record<string, unknown>> };
      const api = (globalThis as unknown as { chrome: { storage: Record<string, Area> } }).chrome;
      return (await api.storage[a]!.get(k))[k];
    },
    [area, key] as const,
  );
}
