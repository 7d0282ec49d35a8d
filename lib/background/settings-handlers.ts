import { z } from 'zod';
import type { MessageRouter } from '../messaging/router';
import { Mutex } from '../reports/mutex';
import { type SiteHealth, settingsItem, tabHealthItem } from '../storage/items';
import { SettingsSchema } from '../storage/settings';

// The health of a tab is written by the page's reports and by the background's own counts (posts
// refused, flags capped) at the same time: one writer at a time, or one would undo the other.
const healthWrites = new Mutex();

/** The counts the background keeps in a tab's health (the page's reports never carry them). */
export interface TabCounts {
  rejected?: number;
  capped?: number;
  lastRejection?: string;
}

const COUNTS = ['rejected', 'capped'] as const;

/** Keeps a tab's scanner health for the popup (sent alone, or with a batch of posts to check). */
export function saveTabHealth(
  tabId: number | null,
  health: Omit<SiteHealth, keyof TabCounts>,
): Promise<void> {
  if (tabId === null) return Promise.resolve();
  return healthWrites.run(async () => {
    await tabHealthItem.update((all) => {
      const before = all[String(tabId)];
      const kept: TabCounts = {};
      for (const name of COUNTS) if (before?.[name]) kept[name] = before[name];
      if (before?.lastRejection) kept.lastRejection = before.lastRejection;
      return { ...all, [String(tabId)]: { ...health, ...kept } };
    });
  });
}

/** Adds the background's counts for a tab (a tab without health yet gets them when it reports). */
export function countInTabHealth(tabId: number | null, counts: TabCounts): Promise<void> {
  if (tabId === null) return Promise.resolve();
  return healthWrites.run(async () => {
    await tabHealthItem.update((all) => {
      const before = all[String(tabId)];
      if (!before) return all;
      const next: SiteHealth = { ...before };
      for (const name of COUNTS) if (counts[name]) next[name] = (before[name] ?? 0) + counts[name];
      if (counts.lastRejection) next.lastRejection = counts.lastRejection.slice(0, 300);
      return { ...all, [String(tabId)]: next };
    });
  });
}

/** Settings and tab health: the handlers every page needs. */
export function registerSettingsHandlers(router: MessageRouter): void {
  router
    .on('content', 'content/hello', async (_data, ctx) => {
      const settings = await settingsItem.get();
      return { mode: settings.mode, language: settings.language, tabId: ctx.tabId };
    })
    .on('content', 'content/health', (health, ctx) => saveTabHealth(ctx.tabId, health))
    .on('ui', 'ui/getSettings', () => settingsItem.get())
    .on('ui', 'ui/saveSettings', async ({ settings }) => {
      const parsed = SettingsSchema.safeParse(settings);
      if (!parsed.success) {
        // The options page shows each message next to its field; nothing is saved half-valid.
        throw new Error(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') ||
            z.prettifyError(parsed.error),
        );
      }
      await settingsItem.set(parsed.data);
      return parsed.data;
    })
    .on('ui', 'ui/tabStatus', async ({ tabId }) => {
      const all = await tabHealthItem.get();
      return { health: all[String(tabId)] ?? null };
    });
}
