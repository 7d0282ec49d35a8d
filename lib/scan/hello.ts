// A content script's first message to the background can fail: the service worker is still
// starting, was just updated, or refused the message. Netra must not then stay off on that page
// without a word (issue #17, attack 8): the hello is retried with backoff, the failure is shown in
// the popup, and another round starts when the person comes back to the page.

/** Waits between attempts of one round, in milliseconds. */
export const HELLO_RETRY_MS: readonly number[] = [500, 1_500, 4_000];

export interface RetryOptions {
  /** Called when a whole round failed, with the last error (the popup shows it). */
  onFailed(error: unknown): void;
  /** Resolves when another round should start (the page is shown or focused again). */
  nextRound(): Promise<void>;
  /** The content script was invalidated: stop trying. */
  isInvalid(): boolean;
  delays?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `attempt`'s result once it succeeds, or undefined when the content script went away first. */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T | undefined> {
  const delays = options.delays ?? HELLO_RETRY_MS;
  const sleep = options.sleep ?? wait;
  for (;;) {
    let last: unknown;
    for (let i = 0; i <= delays.length; i++) {
      if (options.isInvalid()) return undefined;
      try {
        return await attempt();
      } catch (error) {
        last = error;
      }
      if (i < delays.length) await sleep(delays[i]!);
    }
    if (options.isInvalid()) return undefined;
    options.onFailed(last);
    await options.nextRound();
  }
}

/** Resolves on the next focus of the window or when the document becomes visible again. */
export function nextVisit(win: Window, doc: Document, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      controller.abort();
      resolve();
    };
    const controller = new AbortController();
    const options = { signal: AbortSignal.any([signal, controller.signal]) };
    signal.addEventListener('abort', done, { once: true });
    win.addEventListener('focus', done, options);
    doc.addEventListener('visibilitychange', () => doc.visibilityState === 'visible' && done(), options);
  });
}
