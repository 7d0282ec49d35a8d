import { existsSync } from 'node:fs';

// Debian's firefox-esr package (/usr/bin/firefox-esr); NETRA_FIREFOX overrides (another build).
const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr'];

/** The Firefox binary to drive, or a clear error saying how to install one. */
export function firefoxPath(): string {
  const override = process.env.NETRA_FIREFOX;
  if (override) {
    if (!existsSync(override)) throw new Error(`NETRA_FIREFOX=${override} does not exist`);
    return override;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'Firefox not found. Install it with `apt-get install -y --no-install-recommends firefox-esr` ' +
        '(or set NETRA_FIREFOX to a Firefox binary).',
    );
  }
  return found;
}
