import type { MessageRouter } from '../messaging/router';
import { flagsToCsv, flagsToJson, reportsToCsv, reportsToJson } from '../reports/export';
import type { Flag } from '../flags/flag';
import { renderFormB1 } from '../reports/form-b1';
import { settingsItem } from '../storage/items';
import { updateBadge } from './badge';
import { flushNow } from './queue-runner';
import { queueReport } from './reporting';
import { flagStore, netraVersion, reportQueue } from './services';

const RECENT_LIMIT = 200;

const byLastSeen = (a: Flag, b: Flag) => b.lastSeenAt.localeCompare(a.lastSeenAt);

function stamp(): string {
  return new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
}

/** Registers the popup's handlers (lib/messaging/popup-protocol.ts). */
export function registerPopupHandlers(router: MessageRouter): void {
  router
    .on('ui', 'ui/flags', async ({ tabId, status, category, site }) => {
      const all = await flagStore().query({
        ...(status ? { status } : {}),
        ...(category ? { category } : {}),
        ...(site ? { site } : {}),
      });
      const tab = tabId === null ? [] : all.filter((f) => f.tabId === tabId).sort(byLastSeen);
      const recent = all
        .filter((f) => tabId === null || f.tabId !== tabId)
        .sort(byLastSeen)
        .slice(0, RECENT_LIMIT);
      return { tab, recent };
    })
    .on('ui', 'ui/setFlagStatus', async ({ flagKey, status }) => {
      const flag = await flagStore().get(flagKey);
      if (!flag) throw new Error('Temuan tidak ditemukan (mungkin sudah dihapus).');
      if (flag.status === 'reported') throw new Error('Temuan ini sudah dilaporkan.');
      const saved = await flagStore().setStatus(flagKey, status);
      await updateBadge(saved.tabId ?? null);
      return saved;
    })
    .on('ui', 'ui/report', async (request) => {
      const result = await queueReport({
        ...request,
        screenshotMissingReason: 'dilaporkan dari popup: unggahan tidak sedang terlihat',
      });
      const flag = await flagStore().get(request.flagKey);
      await updateBadge(flag?.tabId ?? null);
      // A person pressed send in Netra's own UI: send now (the queue keeps it if that fails).
      void flushNow();
      return result;
    })
    .on('ui', 'ui/queue', async () => {
      const [entries, settings] = await Promise.all([reportQueue().list(), settingsItem.get()]);
      return { entries: [...entries].reverse(), endpointConfigured: settings.endpoint !== null };
    })
    .on('ui', 'ui/queueRetry', async ({ id }) => {
      if (id === null) await reportQueue().retryAll();
      else await reportQueue().retryNow(id);
      void flushNow();
    })
    .on('ui', 'ui/queueEdit', async ({ id, category, note }) => {
      await reportQueue().editAndResend(id, { category, note });
      void flushNow();
    })
    .on('ui', 'ui/export', async ({ what, format }) => {
      const options = { now: () => new Date(), netraVersion: netraVersion() };
      if (what === 'flags') {
        const flags = await flagStore().query({});
        return format === 'csv'
          ? { filename: `netra-temuan-${stamp()}.csv`, mime: 'text/csv', text: flagsToCsv(flags) }
          : {
              filename: `netra-temuan-${stamp()}.json`,
              mime: 'application/json',
              text: flagsToJson(flags, options),
            };
      }
      const entries = await reportQueue().list();
      return format === 'csv'
        ? { filename: `netra-laporan-${stamp()}.csv`, mime: 'text/csv', text: reportsToCsv(entries) }
        : {
            filename: `netra-laporan-${stamp()}.json`,
            mime: 'application/json',
            text: reportsToJson(entries, options),
          };
    })
    .on('ui', 'ui/formB1', async ({ id }) => {
      const entry = (await reportQueue().list()).find((e) => e.id === id);
      if (!entry || entry.status === 'quarantined') throw new Error('Laporan tidak ditemukan.');
      const { reporter } = await settingsItem.get();
      return { html: renderFormB1({ report: entry.report, reporter }) };
    });
}
