import { browserBinary } from './browser-binary';

/**
 * The Chromium binary to drive, or a clear error saying how to install one. Debian's chromium
 * package: /usr/bin/chromium is a wrapper script that adds its own flags, so Playwright gets the
 * real binary. NETRA_CHROMIUM overrides (another distribution's path).
 */
export function chromiumPath(): string {
  return browserBinary({
    name: 'Chromium',
    override: 'NETRA_CHROMIUM',
    candidates: ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'],
    debianPackage: 'chromium',
  });
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
