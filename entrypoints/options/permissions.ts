import { browser } from 'wxt/browser';

// Host access Netra asks for at runtime: the report endpoint's host, the watchlist URL's host, and
// every site for evidence screenshots. Ask inside the click handler, before any await: browsers
// only show the prompt during a user gesture (Firefox only in the handler's synchronous part).

/** What screenshots need: tabs.captureVisibleTab works only with access to the page's site. */
export const SCREENSHOT_ORIGINS = ['<all_urls>'];

/** Asks for host access; false when refused or when the browser cannot ask. */
export async function requestOrigins(origins: string[]): Promise<boolean> {
  if (origins.length === 0) return true;
  try {
    return await browser.permissions.request({ origins });
  } catch (error) {
    console.warn('[netra] permission request failed:', error);
    return false;
  }
}

/** Whether Netra holds host access to all of `origins`. */
export async function hasOrigins(origins: string[]): Promise<boolean> {
  if (origins.length === 0) return true;
  try {
    return await browser.permissions.contains({ origins });
  } catch {
    return false;
  }
}

/** Gives host access back (no prompt needed). */
export async function removeOrigins(origins: string[]): Promise<void> {
  if (origins.length === 0) return;
  try {
    await browser.permissions.remove({ origins });
  } catch (error) {
    console.warn('[netra] could not drop a permission:', error);
  }
}
