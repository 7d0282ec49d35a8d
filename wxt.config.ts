import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { SITE_HOST_PATTERNS } from './lib/sites/hosts';
import { zodJitless } from './tools/build/zod-jitless';

/** Origins a report endpoint may have; one is requested at runtime when the user configures it. */
const ENDPOINT_ORIGIN_PATTERNS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];
/**
 * Asked for only when the user turns on evidence screenshots: tabs.captureVisibleTab needs
 * `<all_urls>` (or an activeTab grant, which an in-page click does not give).
 */
const SCREENSHOT_PATTERNS = ['<all_urls>'];

/**
 * What leaves the browser, in Mozilla's data-collection taxonomy: only when the user confirms a
 * report, and only to the endpoint their coordinator configured (lib/reports/schema.ts, docs/PRIVACY.md).
 * - websiteContent: the post's text, the accounts it names, the optional screenshot of it;
 * - personalCommunications: that text is a social-media post, which Mozilla lists here;
 * - browsingActivity: the post's URL (or the page's it was seen on);
 * - personallyIdentifyingInfo: the reported account's name, agency and position from the
 *   watchlist, and the reviewer's own name, organisation and contact when they fill them in.
 * Required, not optional: reporting is what Netra is for, and a report cannot leave out the post.
 */
const DATA_SENT_WITH_A_REPORT = [
  'websiteContent',
  'personalCommunications',
  'browsingActivity',
  'personallyIdentifyingInfo',
] as const;

// Manifest and build settings. Host access is limited to the five supported sites; the report
// endpoint's origin is requested at runtime (optional host permission) from the options page.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // The Firefox sources zip is for AMO's reviewers to rebuild the add-on (`npm ci && npm run
  // build:firefox`): what the build reads, not generated output or the test suite.
  zip: { excludeSources: ['demo-output/**', 'bench-output/**', 'tests/**', 'docs/store/**'] },
  hooks: {
    // The licences travel with the code: Netra's own, its NOTICE, and every bundled package's.
    'build:publicAssets': (wxt, files) => {
      for (const name of ['LICENSE', 'NOTICE', 'THIRD_PARTY_LICENSES.md']) {
        files.push({ absoluteSrc: resolve(wxt.config.root, name), relativeDest: name });
      }
    },
  },
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  vite: () => ({
    plugins: [preact(), zodJitless()],
    build: { target: 'es2022', ...(process.env.NETRA_NO_MINIFY ? { minify: false } : {}) },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    short_name: 'Netra',
    description: '__MSG_extDescription__',
    default_locale: 'id',
    permissions: ['storage', 'alarms', 'unlimitedStorage'],
    host_permissions: [...SITE_HOST_PATTERNS],
    // MV3 keeps runtime-requested origins apart; Firefox MV2 lists them as optional permissions.
    ...(browser === 'firefox'
      ? { optional_permissions: [...ENDPOINT_ORIGIN_PATTERNS, ...SCREENSHOT_PATTERNS] }
      : { optional_host_permissions: [...ENDPOINT_ORIGIN_PATTERNS, ...SCREENSHOT_PATTERNS] }),
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'netra@netra.id',
              // data_collection_permissions is understood from Firefox 140 on desktop (ESR 140, what
              // Debian 12 and many government desktops run) and from 142 on Android.
              strict_min_version: '140.0',
              data_collection_permissions: { required: [...DATA_SENT_WITH_A_REPORT] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
