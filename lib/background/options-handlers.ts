import type { MessageRouter } from '../messaging/router';
import { registerDataHandlers } from './options/data';
import { registerPackHandlers } from './options/packs';
import { registerSettingsHandlers } from './options/settings';
import { registerTransferHandlers } from './options/transfer';
import { registerWatchlistHandlers } from './options/watchlist';

// Handlers of the options page, one module per section of the page (lib/background/options/).
// The ui channel is privileged (only Netra's own pages reach it), but every payload is still
// validated and every change is all-or-nothing: a bad setting, pack or backup leaves the
// previous state in force.

/** Registers the handlers of the options page's messages (lib/messaging/options-protocol.ts). */
export function registerOptionsHandlers(router: MessageRouter): void {
  registerSettingsHandlers(router);
  registerPackHandlers(router);
  registerTransferHandlers(router);
  registerWatchlistHandlers(router);
  registerDataHandlers(router);
}
