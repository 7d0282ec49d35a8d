import { browserBinary } from './browser-binary';

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
