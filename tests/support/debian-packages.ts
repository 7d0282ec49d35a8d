import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Debian packages the tests and the demo use without installing them: a second Firefox ESR to test
// against, an emoji font for screenshots. apt keeps its own package lists here (under .cache/,
// gitignored), so fetching them never changes the machine's apt state or needs its lock.

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CACHE_DIR = resolve(REPO_ROOT, '.cache');
const APT_DIR = join(CACHE_DIR, 'apt');

function aptOptions(): string[] {
  mkdirSync(join(APT_DIR, 'lists/partial'), { recursive: true });
  mkdirSync(join(APT_DIR, 'cache/archives/partial'), { recursive: true });
  return ['-o', `Dir::State::Lists=${APT_DIR}/lists`, '-o', `Dir::Cache=${APT_DIR}/cache`];
}

/** True when apt-get and dpkg are there (a Debian or Ubuntu machine). */
export function hasApt(): boolean {
  return existsSync('/usr/bin/apt-get') && existsSync('/usr/bin/dpkg');
}

/** Fetches the current package lists into Netra's own apt state (about 2 s, 20 MB). */
export function refreshPackageLists(): void {
  execFileSync('apt-get', [...aptOptions(), '-qq', 'update'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The versions of `pkg` that the package lists offer, newest first (empty before a refresh). */
export function debianVersions(pkg: string): string[] {
  const out = execFileSync('apt-cache', [...aptOptions(), 'madison', pkg], { encoding: 'utf8' });
  return [...new Set(out.split('\n').flatMap((line) => line.split('|')[1]?.trim() || []))];
}

/** The installed version of `pkg`, if any. */
export function installedVersion(pkg: string): string | undefined {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${db:Status-Status} ${Version}', pkg], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [status, version] = out.trim().split(' ');
    return status === 'installed' ? version : undefined;
  } catch {
    return undefined;
  }
}

/** A folder name for a Debian version (`1:2.0~rc1` → `1_2.0_rc1`). */
export function versionDir(version: string): string {
  return version.replace(/[^A-Za-z0-9.+-]/g, '_');
}

/** Downloads `pkg` at `version` and unpacks it into `into` (dpkg -x: files only, nothing run). */
export function extractDebianPackage(pkg: string, version: string, into: string): void {
  const work = mkdtempSync(join(tmpdir(), 'netra-deb-'));
  try {
    execFileSync('apt-get', [...aptOptions(), '-qq', 'download', `${pkg}=${version}`], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${pkg}=${version} wrote no .deb`);
    const partial = `${into}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    execFileSync('dpkg', ['-x', join(work, deb), partial]);
    rmSync(into, { recursive: true, force: true });
    execFileSync('mv', [partial, into]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
