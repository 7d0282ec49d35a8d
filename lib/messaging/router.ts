import type { Browser } from 'wxt/browser';
import { browser } from 'wxt/browser';
import type { Channel, ParsedRequestOf, Protocol, Reply, ResponseOf } from './define';
import { CONTENT_PORT, isEnvelope, isPortRequest, type PortReply } from './define';
import { PROTOCOLS } from './protocol';

type Protocols = typeof PROTOCOLS;

/** What a handler knows about who sent the message. */
export interface HandlerContext {
  sender: Browser.runtime.MessageSender;
  /** The sending tab, for content-script messages. */
  tabId: number | null;
}

type Handler<P extends Protocol, K extends keyof P> = (
  data: ParsedRequestOf<P, K>,
  ctx: HandlerContext,
) => Promise<ResponseOf<P, K>> | ResponseOf<P, K>;

/**
 * The background's single runtime.onMessage listener. Each message type has exactly one handler
 * in the whole extension (registering a second throws); payloads are validated against the
 * channel's protocol; a content script can only reach the `content` channel.
 */
export class MessageRouter {
  private readonly handlers = new Map<string, (data: unknown, ctx: HandlerContext) => unknown>();
  private listening = false;

  /** Registers the one handler of a message type. */
  on<C extends Channel, K extends keyof Protocols[C] & string>(
    channel: C,
    type: K,
    handler: Handler<Protocols[C], K>,
  ): this {
    const id = `${channel}:${type}`;
    if (!(type in PROTOCOLS[channel])) throw new Error(`${id} is not in the ${channel} protocol`);
    if (this.handlers.has(id)) throw new Error(`${id} already has a handler`);
    this.handlers.set(id, handler as (data: unknown, ctx: HandlerContext) => unknown);
    return this;
  }

  /** Message types of the protocols that have no handler yet (a wiring test asserts none). */
  missingHandlers(): string[] {
    return (Object.keys(PROTOCOLS) as Channel[]).flatMap((channel) =>
      Object.keys(PROTOCOLS[channel])
        .map((type) => `${channel}:${type}`)
        .filter((id) => !this.handlers.has(id)),
    );
  }

  /** Starts answering runtime messages, and content-channel requests over ports. */
  listen(): void {
    if (this.listening) throw new Error('the router is already listening');
    this.listening = true;
    browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => {
      if (!isEnvelope(message)) return undefined;
      return this.dispatch(message.channel, message.type, message.data, sender);
    });
    browser.runtime.onConnect.addListener((port) => {
      if (port.name !== CONTENT_PORT) return;
      const sender = port.sender ?? {};
      port.onMessage.addListener((message: unknown) => {
        if (!isPortRequest(message)) return;
        // A port from a content script reaches the content channel only, whatever it asks.
        void this.dispatch('content', message.envelope.type, message.envelope.data, sender).then((reply) => {
          try {
            port.postMessage({ id: message.id, reply } satisfies PortReply);
          } catch {
            // The page went away while the answer was being prepared.
          }
        });
      });
    });
  }

  /** Validates and runs one message; exposed for tests. */
  async dispatch(
    channel: Channel,
    type: string,
    data: unknown,
    sender: Browser.runtime.MessageSender,
  ): Promise<Reply<unknown>> {
    try {
      if (sender.id !== undefined && sender.id !== browser.runtime.id) {
        return { ok: false, error: 'messages from other extensions are refused' };
      }
      if (channel === 'ui' && !isExtensionPage(sender)) {
        return { ok: false, error: "only Netra's own pages may send this" };
      }
      const protocol: Protocol = PROTOCOLS[channel];
      const def = Object.hasOwn(protocol, type) ? protocol[type] : undefined;
      const handler = this.handlers.get(`${channel}:${type}`);
      if (!def || !handler) return { ok: false, error: `unknown message ${channel}:${type}` };
      const parsed = def.request.safeParse(data);
      if (!parsed.success) {
        const where = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ');
        return { ok: false, error: `invalid payload: ${where}` };
      }
      const ctx: HandlerContext = { sender, tabId: sender.tab?.id ?? null };
      return { ok: true, data: await handler(parsed.data, ctx) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** An extension page (popup, options) rather than a content script in a web page. */
function isExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  const origin = browser.runtime.getURL('/');
  const url = sender.url ?? '';
  return url.startsWith(origin) && (sender.tab === undefined || (sender.tab.url ?? url).startsWith(origin));
}
