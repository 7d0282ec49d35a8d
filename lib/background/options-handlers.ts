import type { MessageRouter } from '../messaging/router';

/** Registers the handlers of the options page's messages (lib/messaging/options-protocol.ts). */
export function registerOptionsHandlers(_router: MessageRouter): void {}
