import { beforeEach, expect, test, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createContentPortSender, MessageError } from '@/lib/messaging/client';
import { CONTENT_PORT } from '@/lib/messaging/define';
import { MessageRouter } from '@/lib/messaging/router';

beforeEach(() => fakeBrowser.reset());

function listeningRouter() {
  const seen: (number | null)[] = [];
  const router = new MessageRouter().on('content', 'content/hello', (_data, ctx) => {
    seen.push(ctx.tabId);
    return { mode: 'asn' as const, language: 'id' as const, tabId: ctx.tabId };
  });
  router.listen();
  return { router, seen };
}

test('requests over the content port are answered by the router, with the sending tab', async () => {
  const { seen } = listeningRouter();
  const sender = createContentPortSender();
  const [a, b] = await Promise.all([
    sender.send('content/hello', { site: 'x', url: 'https://x.com/home' }),
    sender.send('content/hello', { site: 'x', url: 'https://x.com/explore' }),
  ]);
  expect(a).toEqual({ mode: 'asn', language: 'id', tabId: 7 });
  expect(b.tabId).toBe(7);
  expect(seen).toEqual([7, 7]);
});

test('a bad payload comes back as an error naming the field', async () => {
  listeningRouter();
  const sender = createContentPortSender();
  await expect(sender.send('content/hello', { site: 'myspace', url: 'x' } as never)).rejects.toThrow(
    /invalid payload: site/,
  );
});

test('a port reaches the content channel only, whatever the envelope says', async () => {
  const router = new MessageRouter().on('ui', 'ui/getSettings', () => {
    throw new Error('must not run');
  });
  router.listen();
  const port = browser.runtime.connect({ name: CONTENT_PORT });
  const reply = new Promise((resolve) => port.onMessage.addListener(resolve));
  port.postMessage({ id: 1, envelope: { netra: 1, channel: 'ui', type: 'ui/getSettings', data: {} } });
  expect(await reply).toEqual({
    id: 1,
    reply: { ok: false, error: 'unknown message content:ui/getSettings' },
  });
});

test('when the background goes away, requests in flight fail and the next one opens a new port', async () => {
  const connect = vi.fn(() => browser.runtime.connect({ name: CONTENT_PORT }));
  // A background that never answers, then disconnects (the worker stopped).
  const ports: { disconnect(): void }[] = [];
  browser.runtime.onConnect.addListener((port) => void ports.push(port));
  const sender = createContentPortSender(connect);
  const inFlight = sender.send('content/hello', { site: 'x', url: 'https://x.com/home' });
  await new Promise((r) => setTimeout(r, 0));
  ports[0]!.disconnect();
  await expect(inFlight).rejects.toBeInstanceOf(MessageError);
  await expect(inFlight).rejects.toThrow(/stopped before answering/);

  listeningRouter();
  await expect(sender.send('content/hello', { site: 'x', url: 'https://x.com/home' })).resolves.toMatchObject(
    {
      tabId: 7,
    },
  );
  expect(connect).toHaveBeenCalledTimes(2);
});
