import { browser } from 'wxt/browser';
import type { FlagsChanged } from '../messaging/define';

// Open popups follow the flag store through this notice (flags live in IndexedDB, which has no
// change event across pages). At most one notice per NOTICE_MS, the last change always told.

const NOTICE_MS = 500;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Tells the extension's open pages, soon, that flags changed. */
export function flagsChanged(): void {
  if (timer !== undefined) return;
  timer = setTimeout(() => {
    timer = undefined;
    const notice: FlagsChanged = { netra: 1, notice: 'flags-changed' };
    // Rejects when no page is open to listen: nothing to tell then.
    void Promise.resolve()
      .then(() => browser.runtime.sendMessage(notice))
      .catch(() => undefined);
  }, NOTICE_MS);
}
