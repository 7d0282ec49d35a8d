import { z } from 'zod';
import type { MessageRouter } from '../messaging/router';
import { type SiteHealth, settingsItem, tabHealthItem } from '../storage/items';
import { SettingsSchema } from '../storage/settings';

/** Keeps a tab's scanner health for the popup (sent alone, or with a batch of posts to check). */
export async function saveTabHealth(tabId: number | null, health: SiteHealth): Promise<void> {
  if (tabId === null) return;
  await tabHealthItem.update((all) => ({ ...all, [String(tabId)]: health }));
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
