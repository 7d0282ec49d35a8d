import { existsSync } from 'node:fs';

/** Where to look for a browser binary, and what to tell someone who has none. */
export interface BinarySearch {
  /** The browser's name in messages ("Chromium"). */
  name: string;
  /** An environment variable that names the binary instead (checked to exist). */
  override: string;
  /** Paths tried in order. */
  candidates: readonly string[];
  /** The Debian package that provides it. */
  debianPackage: string;
}

/** The first binary found (or the override), else a clear error saying how to install one. */
export function browserBinary(search: BinarySearch): string {
  const override = process.env[search.override];
  if (override) {
    if (!existsSync(override)) throw new Error(`${search.override}=${override} does not exist`);
    return override;
  }
  const found = search.candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `${search.name} not found. Install it with ` +
        `\`apt-get install -y --no-install-recommends ${search.debianPackage}\` ` +
        `(or set ${search.override} to a ${search.name} binary).`,
    );
  }
  return found;
}
