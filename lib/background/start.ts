import { browser } from 'wxt/browser';
import { MessageRouter } from '../messaging/router';
import { settingsItem, tabHealthItem } from '../storage/items';
import type { SettingsChanged } from '../messaging/define';
import { SITE_HOST_PATTERNS } from '../sites/hosts';
import { registerContentHandlers } from './content-handlers';
import { registerOptionsHandlers } from './options-handlers';
import { activeMatcher } from './packs';
import { asnRegistry } from './services';
import { registerPopupHandlers } from './popup-handlers';
import { startQueueRunner } from './queue-runner';
import { startRetention } from './retention';
import { registerSettingsHandlers } from './settings-handlers';
import { startWatchlistSync } from './watchlist-sync';

/** Registers every handler, listener and alarm of the background; returns the router. */
export function startBackground(): MessageRouter {
  const router = new MessageRouter();
  registerSettingsHandlers(router);
  registerContentHandlers(router);
  registerOptionsHandlers(router);
  registerPopupHandlers(router);
  router.listen();
  startQueueRunner();
  startWatchlistSync();
  startRetention();
  // Warm up: the first page should not wait for the registry load and the matcher.
  void activeMatcher().catch((error: unknown) => console.warn('[netra] rule packs:', error));
  void asnRegistry().catch((error: unknown) => console.warn('[netra] ASN registry:', error));

  // Open pages apply a mode or language change at once.
  settingsItem.watch(() => void notifyTabs());

  browser.tabs.onRemoved.addListener((tabId) => {
    void tabHealthItem.update((all) => {
      const { [String(tabId)]: _gone, ...rest } = all;
      return rest;
    });
  });
  return router;
}

/** Tells the content scripts in the supported sites' tabs that the settings changed. */
async function notifyTabs(): Promise<void> {
  const notice: SettingsChanged = { netra: 1, notice: 'settings-changed' };
  const tabs = await browser.tabs.query({ url: [...SITE_HOST_PATTERNS] });
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, notice).catch(() => undefined),
    ),
  );
}
