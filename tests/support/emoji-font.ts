import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CACHE_DIR,
  debianVersions,
  extractDebianPackage,
  hasApt,
  refreshPackageLists,
  versionDir,
} from './debian-packages';

// Screenshots should show emoji as a user sees them, not as empty boxes: headless Chromium draws
// with the machine's fonts, and a fresh Debian has no colour emoji font. The font is found
// installed (fonts-noto-color-emoji, which the README's first command installs), or else
// unpacked from Debian into .cache/fonts/ and handed to Chromium through a fontconfig file that
// adds that folder to the machine's own configuration.

const PACKAGE = 'fonts-noto-color-emoji';
const FONT_FILE = 'usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';

function installedEmojiFont(): boolean {
  try {
    return /Noto Color Emoji/i.test(execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' }));
  } catch {
    return existsSync(join('/', FONT_FILE));
  }
}

/**
 * Environment variables for a browser process so it has a colour emoji font: `{}` when one is
 * installed, `{ FONTCONFIG_FILE }` pointing at the unpacked one, or `{}` with a warning when
 * neither can be had (the screenshots then show boxes for emoji).
 */
export function emojiFontEnv(log: (line: string) => void = console.log): Record<string, string> {
  if (installedEmojiFont()) return {};
  const root = join(CACHE_DIR, 'fonts');
  const conf = join(root, 'fonts.conf');
  try {
    if (!existsSync(conf)) {
      if (!hasApt()) throw new Error('no apt-get here');
      refreshPackageLists();
      const version = debianVersions(PACKAGE)[0];
      if (!version) throw new Error(`Debian's lists offer no ${PACKAGE}`);
      const dir = join(root, `${PACKAGE}-${versionDir(version)}`);
      log(`unpacking ${PACKAGE} ${version} from Debian for the screenshots' emoji`);
      extractDebianPackage(PACKAGE, version, dir);
      if (!existsSync(join(dir, FONT_FILE))) throw new Error(`${PACKAGE} ${version} has no ${FONT_FILE}`);
      mkdirSync(root, { recursive: true });
      writeFileSync(
        conf,
        [
          '<?xml version="1.0"?>',
          '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
          '<fontconfig>',
          '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
          `  <dir>${join(dir, 'usr/share/fonts')}</dir>`,
          `  <cachedir>${join(root, 'cache')}</cachedir>`,
          '</fontconfig>',
          '',
        ].join('\n'),
      );
    }
    return { FONTCONFIG_FILE: conf };
  } catch (error) {
    log(
      `no colour emoji font (${String(error).split('\n')[0]}): emoji will show as boxes; ` +
        `\`apt-get install -y fonts-noto-color-emoji\` fixes it`,
    );
    return {};
  }
}
