import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// WXT's fake browser has no runtime ports (runtime.connect / onConnect throw "not implemented").
// This gives it in-memory port pairs, so the content port and the router's port listener run in
// unit tests as they do in the extension: messages are copied, each side sees the other's
// disconnect, and a message to a closed port throws.

type Listener<A extends unknown[]> = (...args: A) => void;

function event<A extends unknown[]>() {
  const listeners = new Set<Listener<A>>();
  return {
    addListener: (fn: Listener<A>) => void listeners.add(fn),
    removeListener: (fn: Listener<A>) => void listeners.delete(fn),
    hasListener: (fn: Listener<A>) => listeners.has(fn),
    hasListeners: () => listeners.size > 0,
    fire: (...args: A) => {
      for (const fn of [...listeners]) fn(...args);
    },
  };
}

export interface FakePort {
  name: string;
  sender?: { id?: string; url?: string; tab?: { id?: number; url?: string } };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: ReturnType<typeof event<[unknown, FakePort]>>;
  onDisconnect: ReturnType<typeof event<[FakePort]>>;
}

function pair(name: string, sender: FakePort['sender']): [FakePort, FakePort] {
  let open = true;
  const make = (): FakePort => ({
    name,
    postMessage(message) {
      if (!open) throw new Error('Attempting to use a disconnected port object');
      const copy = structuredClone(message);
      queueMicrotask(() => {
        if (open) other(this).onMessage.fire(copy, other(this));
      });
    },
    disconnect() {
      if (!open) return;
      open = false;
      const peer = other(this);
      queueMicrotask(() => peer.onDisconnect.fire(peer));
    },
    onMessage: event<[unknown, FakePort]>(),
    onDisconnect: event<[FakePort]>(),
  });
  const a = make();
  const b = { ...make(), sender };
  const other = (p: FakePort) => (p === a ? b : a);
  // `this` in postMessage/disconnect is the port object itself.
  return [a, b];
}

/** What a content script's port looks like to the background in these tests. */
export const fakePortSender = {
  id: 'test-extension-id',
  url: 'https://x.com/home',
  tab: { id: 7, url: 'https://x.com/home' },
};

beforeEach(() => {
  // A new event per test: listeners of routers from earlier tests must not answer.
  const onConnect = event<[FakePort]>();
  const runtime = fakeBrowser.runtime as unknown as Record<string, unknown>;
  runtime.onConnect = onConnect;
  runtime.connect = (info?: { name?: string }) => {
    const [client, server] = pair(info?.name ?? '', { ...fakePortSender, id: fakeBrowser.runtime.id });
    onConnect.fire(server);
    return client;
  };
});
