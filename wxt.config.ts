import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { SITE_HOST_PATTERNS } from './lib/sites/hosts';

// Manifest and build settings. Host access is limited to the five supported sites; the report
// endpoint's origin is requested at runtime (optional host permission) from the options page.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  vite: () => ({
    plugins: [preact()],
    build: { target: 'es2022' },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    short_name: 'Netra',
    description: '__MSG_extDescription__',
    default_locale: 'id',
    permissions: ['storage', 'alarms', 'unlimitedStorage'],
    host_permissions: [...SITE_HOST_PATTERNS],
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'netra@netra.id',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
