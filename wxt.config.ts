import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { SITE_HOST_PATTERNS } from './lib/sites/hosts';

/** Origins a report endpoint may have; one is requested at runtime when the user configures it. */
const ENDPOINT_ORIGIN_PATTERNS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];
/**
 * Asked for only when the user turns on evidence screenshots: tabs.captureVisibleTab needs
 * `<all_urls>` (or an activeTab grant, which an in-page click does not give).
 */
const SCREENSHOT_PATTERNS = ['<all_urls>'];

// Manifest and build settings. Host access is limited to the five supported sites; the report
// endpoint's origin is requested at runtime (optional host permission) from the options page.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  vite: () => ({
    plugins: [preact()],
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
              // data_collection_permissions needs 142 (desktop and Android).
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
