import { browser } from 'wxt/browser';
import type { Channel, Envelope, Protocol, Reply, RequestOf, ResponseOf } from './define';
import type { ContentProtocol, UiProtocol } from './protocol';

/** Raised in the caller when the background refused or failed a message. */
export class MessageError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(`${type}: ${message}`);
    this.name = 'MessageError';
  }
}

function makeSender<P extends Protocol>(channel: Channel) {
  return async function send<K extends keyof P & string>(
    type: K,
    data: RequestOf<P, K>,
  ): Promise<ResponseOf<P, K>> {
    const envelope: Envelope = { netra: 1, channel, type, data };
    const reply = (await browser.runtime.sendMessage(envelope)) as Reply<ResponseOf<P, K>> | undefined;
    if (!reply || typeof reply !== 'object') throw new MessageError(type, 'no answer from the background');
    if (!reply.ok) throw new MessageError(type, reply.error);
    return reply.data;
  };
}

/** Sends a message from a content script to the background. */
export const sendFromContent = makeSender<ContentProtocol>('content');
/** Sends a message from the popup or options page to the background. */
export const sendFromUi = makeSender<UiProtocol>('ui');
