import { browser } from 'wxt/browser';
import { MessageRouter } from '../messaging/router';
import { tabHealthItem } from '../storage/items';
import { registerSettingsHandlers } from './settings-handlers';

/** Registers every handler, listener and alarm of the background; returns the router. */
export function startBackground(): MessageRouter {
  const router = new MessageRouter();
  registerSettingsHandlers(router);
  router.listen();

  browser.tabs.onRemoved.addListener((tabId) => {
    void tabHealthItem.update((all) => {
      const { [String(tabId)]: _gone, ...rest } = all;
      return rest;
    });
  });
  return router;
}
