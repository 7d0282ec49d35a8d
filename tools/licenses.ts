import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { build } from 'wxt';

// THIRD_PARTY_LICENSES.md: the licence of every package whose code ships in the extension,
// found from what the production builds really contain (each module with rendered code, in the
// Chrome and the Firefox build), not from package.json. `npm run licenses` writes it;
// `--check` (run by tests/build/licenses.test.ts) fails when the committed file is stale or a
// shipped package's licence is not one of ALLOWED_LICENSES.

const ROOT = resolve(import.meta.dirname, '..');
export const LIST_PATH = join(ROOT, 'THIRD_PARTY_LICENSES.md');

/** Licences that allow shipping in an Apache-2.0 extension, with their notices kept. */
export const ALLOWED_LICENSES = new Set([
  'MIT',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  '0BSD',
  'CC0-1.0',
  // File-level copyleft: the polyfill's files ship unmodified, and their source is public.
  'MPL-2.0',
]);

/** Code that build tools write into the bundle from virtual modules, by id prefix. */
const VIRTUAL_MODULE_OWNERS: readonly [prefix: string, pkg: string][] = [
  ['\0virtual:wxt-', 'wxt'],
  ['virtual:wxt-', 'wxt'],
  ['\0vite/', 'vite'],
  ['\0rolldown/', 'rolldown'],
];

/**
 * Licence texts for packages whose npm tarball carries none: the text of the repository they are
 * published from (github.com/wxt-dev/wxt, LICENSE).
 */
const WXT_MONOREPO_LICENSE = `MIT License

Copyright (c) 2023 Aaron

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
const LICENSE_FALLBACKS: Record<string, string> = {
  wxt: WXT_MONOREPO_LICENSE,
  '@wxt-dev/browser': WXT_MONOREPO_LICENSE,
  '@wxt-dev/storage': WXT_MONOREPO_LICENSE,
};

/** Where a package's licence file says more than its own licence: the part that applies. */
const LICENSE_TRIMS: Record<string, RegExp> = {
  // Vite's LICENSE.md goes on with the licences of dependencies bundled into Vite's own CLI,
  // none of which reaches an extension; only its modulepreload polyfill does.
  vite: /\n# Licenses of bundled dependencies[\s\S]*$/,
};

export interface ShippedPackage {
  name: string;
  version: string;
  license: string;
  repository: string;
  builds: string[];
  licenseText: string;
}

/** The package root of a module id, or undefined for the project's own code. */
function packageOf(id: string): { name: string; dir?: string } | undefined {
  for (const [prefix, pkg] of VIRTUAL_MODULE_OWNERS) if (id.startsWith(prefix)) return { name: pkg };
  if (id.startsWith('\0'))
    throw new Error(`licenses: unknown virtual module ${JSON.stringify(id)}: name its owner`);
  const path = id.split('?')[0]!;
  const marker = `${sep}node_modules${sep}`;
  const at = path.lastIndexOf(marker);
  if (at < 0) return undefined;
  const parts = path.slice(at + marker.length).split(sep);
  const name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  return { name, dir: path.slice(0, at + marker.length) + name };
}

/** Builds the extension for `browser` into a temporary folder; the packages whose code it ships. */
async function packagesIn(browser: 'chrome' | 'firefox'): Promise<Map<string, string>> {
  const outDir = mkdtempSync(join(tmpdir(), 'netra-licenses-'));
  const quiet = () => undefined;
  try {
    const output = await build({
      root: ROOT,
      browser,
      outDir,
      logger: {
        debug: quiet,
        log: quiet,
        info: quiet,
        warn: console.warn,
        error: console.error,
        fatal: console.error,
        success: quiet,
        level: 0,
      },
    });
    const found = new Map<string, string>();
    for (const step of output.steps) {
      for (const chunk of step.chunks) {
        if (chunk.type !== 'chunk') continue;
        // WXT's chunk type leaves out Rollup's per-module facts; the object has them.
        const { modules } = chunk as unknown as { modules: Record<string, { renderedLength: number }> };
        for (const [id, info] of Object.entries(modules)) {
          if (info.renderedLength === 0) continue;
          const pkg = packageOf(id);
          if (pkg)
            found.set(pkg.name, pkg.dir ?? found.get(pkg.name) ?? join(ROOT, 'node_modules', pkg.name));
        }
      }
    }
    return found;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function licenseTextOf(name: string, dir: string): string {
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.md|\.txt)?$/i.test(f));
  let text = file ? readFileSync(join(dir, file), 'utf8') : LICENSE_FALLBACKS[name];
  if (!text) throw new Error(`licenses: ${name} ships no licence file; add its text to LICENSE_FALLBACKS`);
  const trim = LICENSE_TRIMS[name];
  if (trim) text = text.replace(trim, '\n');
  return text.replace(/\r\n/g, '\n').trim();
}

/** Every package whose code is in the Chrome or the Firefox build, sorted by name. */
export async function shippedPackages(): Promise<ShippedPackage[]> {
  const byName = new Map<string, { dir: string; builds: string[] }>();
  for (const browser of ['chrome', 'firefox'] as const) {
    for (const [name, dir] of await packagesIn(browser)) {
      const entry = byName.get(name) ?? { dir, builds: [] };
      entry.builds.push(browser);
      byName.set(name, entry);
    }
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { dir, builds }]) => {
      const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        version: string;
        license?: string;
        repository?: string | { url?: string };
        homepage?: string;
      };
      const repo = typeof meta.repository === 'string' ? meta.repository : meta.repository?.url;
      return {
        name,
        version: meta.version,
        license: meta.license ?? 'UNKNOWN',
        repository: (repo ?? meta.homepage ?? '').replace(/^git\+/, '').replace(/\.git$/, ''),
        builds,
        licenseText: licenseTextOf(name, dir),
      };
    });
}

/** The text of THIRD_PARTY_LICENSES.md for these packages. */
export function renderList(packages: readonly ShippedPackage[]): string {
  const rows = packages.map(
    (p) => `| ${p.name} | ${p.version} | ${p.license} | ${p.builds.join(', ')} | ${p.repository} |`,
  );
  const texts = packages.map(
    (p) => `## ${p.name} ${p.version} (${p.license})\n\n\`\`\`text\n${p.licenseText}\n\`\`\``,
  );
  return [
    '# Third-party licences',
    '',
    'Code from these packages ships in the Netra extension (the Chrome and Firefox builds), with',
    'their licences below. Generated by `npm run licenses` from what the builds contain; a test',
    'fails when this file is out of date. Netra itself is Apache-2.0 (`LICENSE`, `NOTICE`).',
    '',
    '| package | version | licence | in build | source |',
    '| ------- | ------- | ------- | -------- | ------ |',
    ...rows,
    '',
    ...texts.flatMap((t) => [t, '']),
  ].join('\n');
}

/** Problems with the committed list: stale, or a licence outside ALLOWED_LICENSES. */
export function checkList(packages: readonly ShippedPackage[], committed: string | undefined): string[] {
  const problems = packages
    .filter((p) => !ALLOWED_LICENSES.has(p.license))
    .map(
      (p) =>
        `${p.name} ${p.version} is ${p.license}, not an allowed licence (${[...ALLOWED_LICENSES].join(', ')})`,
    );
  const expected = renderList(packages);
  if (committed !== expected) {
    const listed = new Set(
      [...(committed ?? '').matchAll(/^\| (\S+) \| (\S+) \|/gm)].map((m) => `${m[1]} ${m[2]}`),
    );
    const shipped = new Set(packages.map((p) => `${p.name} ${p.version}`));
    const missing = [...shipped].filter((p) => !listed.has(p));
    const extra = [...listed].filter((p) => !shipped.has(p) && p !== 'package version' && !p.startsWith('-'));
    problems.push(
      `THIRD_PARTY_LICENSES.md is out of date (run \`npm run licenses\`)` +
        (missing.length ? `; ships but not listed: ${missing.join(', ')}` : '') +
        (extra.length ? `; listed but not shipped: ${extra.join(', ')}` : ''),
    );
  }
  return problems;
}

async function main(): Promise<void> {
  const packages = await shippedPackages();
  if (process.argv.includes('--check')) {
    const problems = checkList(packages, existsSync(LIST_PATH) ? readFileSync(LIST_PATH, 'utf8') : undefined);
    for (const p of problems) console.error(p);
    console.log(`licenses: ${packages.length} shipped packages; ${problems.length} problems`);
    process.exit(problems.length > 0 ? 1 : 0);
  }
  writeFileSync(LIST_PATH, renderList(packages));
  console.log(`licenses: wrote ${LIST_PATH} (${packages.map((p) => `${p.name} ${p.license}`).join(', ')})`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
