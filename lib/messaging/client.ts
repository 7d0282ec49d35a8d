import { browser } from 'wxt/browser';
import type { Browser } from 'wxt/browser';
import {
  CONTENT_PORT,
  type Channel,
  type Envelope,
  isPortReply,
  type PortRequest,
  type Protocol,
  type Reply,
  type RequestOf,
  type ResponseOf,
} from './define';
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

/**
 * Sends content-channel messages over one port kept open to the background: for the requests a
 * page makes on every scan tick, where opening a channel per message (sendMessage) cost the page
 * more than the request itself. When the worker stops, the port closes: requests in flight fail
 * (the caller retries) and the next request opens a new port, which starts the worker again.
 */
export function createContentPortSender(
  connect: () => Browser.runtime.Port = () => browser.runtime.connect({ name: CONTENT_PORT }),
) {
  let port: Browser.runtime.Port | undefined;
  let nextId = 1;
  const pending = new Map<
    number,
    { type: string; resolve: (reply: Reply<unknown>) => void; reject: (error: Error) => void }
  >();

  const open = (): Browser.runtime.Port => {
    if (port) return port;
    const opened = connect();
    opened.onMessage.addListener((message: unknown) => {
      if (!isPortReply(message)) return;
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      waiting.resolve(message.reply);
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = undefined;
      for (const [id, waiting] of pending) {
        pending.delete(id);
        waiting.reject(new MessageError(waiting.type, 'the background stopped before answering'));
      }
    });
    port = opened;
    return opened;
  };

  async function send<K extends keyof ContentProtocol & string>(
    type: K,
    data: RequestOf<ContentProtocol, K>,
  ): Promise<ResponseOf<ContentProtocol, K>> {
    const id = nextId++;
    const reply = await new Promise<Reply<unknown>>((resolve, reject) => {
      pending.set(id, { type, resolve, reject });
      try {
        const envelope: Envelope = { netra: 1, channel: 'content', type, data };
        open().postMessage({ id, envelope } satisfies PortRequest);
      } catch (error) {
        pending.delete(id);
        port = undefined;
        reject(new MessageError(type, error instanceof Error ? error.message : String(error)));
      }
    });
    if (!reply.ok) throw new MessageError(type, reply.error);
    return reply.data as ResponseOf<ContentProtocol, K>;
  }

  return {
    send,
    /** Closes the port (the content script is going away). */
    close() {
      port?.disconnect();
      port = undefined;
    },
  };
}
