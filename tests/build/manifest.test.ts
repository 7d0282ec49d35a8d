import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import config from '../../wxt.config';

// The manifest settings stores and old browsers check (issue #23): Firefox ESR 140 installs Netra,
// and the data-collection declaration names what a report carries (docs/PRIVACY.md).

type Manifest = Record<string, unknown> & {
  browser_specific_settings?: {
    gecko?: { strict_min_version?: string; data_collection_permissions?: { required?: string[] } };
    gecko_android?: { strict_min_version?: string };
  };
};

async function manifestFor(browser: string): Promise<Manifest> {
  const manifest = config.manifest as (env: { browser: string }) => Manifest | Promise<Manifest>;
  return manifest({ browser });
}

describe('manifest', () => {
  test('Firefox: desktop from ESR 140, Android from 142 (data_collection_permissions needs them)', async () => {
    const settings = (await manifestFor('firefox')).browser_specific_settings;
    expect(settings?.gecko?.strict_min_version).toBe('140.0');
    expect(settings?.gecko_android?.strict_min_version).toBe('142.0');
  });

  test('Firefox: the data a report carries is declared, and "none" is not', async () => {
    const required = (await manifestFor('firefox')).browser_specific_settings?.gecko
      ?.data_collection_permissions?.required;
    expect(required).toEqual(
      expect.arrayContaining(['websiteContent', 'browsingActivity', 'personallyIdentifyingInfo']),
    );
    expect(required).not.toContain('none');
  });

  test('Chrome has no Firefox settings', async () => {
    expect((await manifestFor('chrome')).browser_specific_settings).toBeUndefined();
  });
});

describe('store limits', () => {
  test.each(['id', 'en'])(
    '%s: the name fits 45 characters and the description 132 (Chrome Web Store)',
    (locale) => {
      const messages = JSON.parse(
        readFileSync(resolve(import.meta.dirname, `../../public/_locales/${locale}/messages.json`), 'utf8'),
      ) as Record<string, { message: string }>;
      expect(messages.extName!.message.length).toBeLessThanOrEqual(45);
      expect(messages.extDescription!.message.length).toBeLessThanOrEqual(132);
    },
  );
});
