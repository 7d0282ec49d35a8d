import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  debianVersions,
  extractDebianPackage,
  hasApt,
  installedVersion,
  refreshPackageLists,
  versionDir,
} from './debian-packages';
import { FIREFOX_CACHE, firefoxPaths, firefoxVersion } from './firefox';

// Before the Firefox end-to-end tests (tests/run-all.sh): unpack into .cache/firefox/ every
// firefox-esr version Debian offers besides the installed one, so the tests run on each: on
// Debian 12 the ESR of the point release (140, the oldest Netra supports) and the newest from
// security updates. Unpacked, not installed: the installed firefox-esr brings the libraries.
// Never fails the run: without apt or network the tests run on what is there, and say which.

function prepare(): void {
  if (process.env.NETRA_FIREFOXES || process.env.NETRA_FIREFOX) {
    console.log('Firefox: NETRA_FIREFOX(ES) set; nothing to fetch.');
    return;
  }
  if (process.env.NETRA_FIREFOX_FETCH === '0') {
    console.log('Firefox: NETRA_FIREFOX_FETCH=0; nothing fetched.');
    return;
  }
  if (!hasApt()) {
    console.log('Firefox: no apt-get here; testing the Firefox that is installed only.');
    return;
  }
  const installed = installedVersion('firefox-esr');
  if (!installed) {
    console.log('Firefox: firefox-esr is not installed (its libraries are needed); nothing fetched.');
    return;
  }
  try {
    refreshPackageLists();
  } catch (error) {
    console.warn(
      `Firefox: could not refresh the package lists (${String(error).split('\n')[0]}); using the cache.`,
    );
  }
  const offered = debianVersions('firefox-esr');
  mkdirSync(FIREFOX_CACHE, { recursive: true });
  const wanted = new Set(offered.filter((v) => v !== installed).map(versionDir));
  for (const version of offered) {
    if (version === installed) continue;
    const dir = join(FIREFOX_CACHE, versionDir(version));
    if (existsSync(dir)) continue;
    console.log(`Firefox: unpacking firefox-esr ${version} from Debian into ${dir}`);
    try {
      extractDebianPackage('firefox-esr', version, dir);
    } catch (error) {
      console.warn(`Firefox: could not fetch firefox-esr ${version}: ${String(error).split('\n')[0]}`);
    }
  }
  // What Debian no longer offers goes (each is about 300 MB), unless nothing could be listed.
  if (offered.length > 0) {
    for (const dir of readdirSync(FIREFOX_CACHE)) {
      if (!wanted.has(dir)) rmSync(join(FIREFOX_CACHE, dir), { recursive: true, force: true });
    }
  }
  console.log(`Firefox: installed ${installed}; Debian offers ${offered.join(', ') || '(no list)'}`);
}

prepare();
console.log(`Firefox end-to-end tests will run on: ${firefoxPaths().map(firefoxVersion).join(', ')}`);
