import { browser } from 'wxt/browser';
import { MessageRouter } from '../messaging/router';
import { tabHealthItem } from '../storage/items';
import { registerContentHandlers } from './content-handlers';
import { registerOptionsHandlers } from './options-handlers';
import { registerPopupHandlers } from './popup-handlers';
import { startQueueRunner } from './queue-runner';
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

  browser.tabs.onRemoved.addListener((tabId) => {
    void tabHealthItem.update((all) => {
      const { [String(tabId)]: _gone, ...rest } = all;
      return rest;
    });
  });
  return router;
}
