import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { browserBinary } from './browser-binary';
import { CACHE_DIR } from './debian-packages';

/** Where tests/support/fetch-firefoxes.ts unpacks the other Firefox ESR versions Debian offers. */
export const FIREFOX_CACHE = join(CACHE_DIR, 'firefox');
/** The binary inside an unpacked firefox-esr package. */
const PACKAGED_BINARY = 'usr/lib/firefox-esr/firefox-esr';

/**
 * The Firefox binary to drive, or a clear error saying how to install one: Debian's firefox-esr
 * package; NETRA_FIREFOX overrides (another build).
 */
export function firefoxPath(): string {
  return browserBinary({
    name: 'Firefox',
    override: 'NETRA_FIREFOX',
    candidates: ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr'],
    debianPackage: 'firefox-esr',
  });
}

/**
 * Every Firefox the end-to-end tests run against: NETRA_FIREFOXES (binaries separated by `:`), or
 * NETRA_FIREFOX alone, or else the installed one and each version unpacked in .cache/firefox/.
 */
export function firefoxPaths(): string[] {
  const list = process.env.NETRA_FIREFOXES;
  if (list) {
    const paths = list.split(delimiter).filter(Boolean);
    for (const path of paths)
      if (!existsSync(path)) throw new Error(`NETRA_FIREFOXES: ${path} does not exist`);
    return paths;
  }
  if (process.env.NETRA_FIREFOX) return [firefoxPath()];
  const paths: string[] = [];
  try {
    paths.push(firefoxPath());
  } catch {
    // None installed: the unpacked ones can still run when their libraries are there.
  }
  if (existsSync(FIREFOX_CACHE)) {
    for (const dir of readdirSync(FIREFOX_CACHE).sort()) {
      const binary = join(FIREFOX_CACHE, dir, PACKAGED_BINARY);
      if (existsSync(binary)) paths.push(binary);
    }
  }
  if (paths.length === 0) return [firefoxPath()]; // throws, saying how to install one
  const seen = new Set<string>();
  return paths.filter((path) => {
    const real = realpathSync(path);
    return seen.has(real) ? false : (seen.add(real), true);
  });
}

/** The version a Firefox binary reports (`140.12.0esr`). */
export function firefoxVersion(path: string): string {
  const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return /Firefox\s+(\S+)/.exec(out)?.[1] ?? out.trim();
}
