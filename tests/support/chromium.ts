import { existsSync } from 'node:fs';

// Debian's chromium package: /usr/bin/chromium is a wrapper script that adds its own flags, so
// Playwright gets the real binary. NETRA_CHROMIUM overrides (another distribution's path).
const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium binary to drive, or a clear error saying how to install one. */
export function chromiumPath(): string {
  const override = process.env.NETRA_CHROMIUM;
  if (override) {
    if (!existsSync(override)) throw new Error(`NETRA_CHROMIUM=${override} does not exist`);
    return override;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'Chromium not found. Install it with `apt-get install -y --no-install-recommends chromium` ' +
        '(or set NETRA_CHROMIUM to a Chromium binary).',
    );
  }
  return found;
}

/** Flags for a quiet headless Chromium on a machine with no network beyond localhost. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
