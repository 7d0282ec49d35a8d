import { browser } from 'wxt/browser';
import { flagStore } from './services';

/** Shows the number of new flags of a tab on the toolbar icon. */
export async function updateBadge(tabId: number | null): Promise<void> {
  if (tabId === null || tabId < 0) return;
  const count = await flagStore().count({ tabId, status: 'new' });
  // MV3 has `action`; Firefox's MV2 build has `browserAction`.
  const action =
    browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  try {
    await action.setBadgeBackgroundColor({ tabId, color: '#8a1c1c' });
    await action.setBadgeText({ tabId, text: count > 0 ? String(Math.min(count, 999)) : '' });
  } catch {
    // The tab closed in the meantime.
  }
}
