import { z } from 'zod';
import { FLAG_STATUSES, type Flag } from '../flags/flag';
import type { AnyQueueEntry } from '../reports/queue';
import { CATEGORIES } from '../rules/categories';
import { SITE_IDS } from '../sites/types';
import { message } from './define';

// Messages of the popup (privileged `ui` channel), merged into uiProtocol.
// Every entry here needs its one handler in lib/background/popup-handlers.ts.

export const FlagFilterSchema = z.object({
  tabId: z.number().int().nullable(),
  status: z.enum(FLAG_STATUSES).nullable(),
  category: z.enum(CATEGORIES).nullable(),
  site: z.enum(SITE_IDS).nullable(),
});
export type FlagFilter = z.infer<typeof FlagFilterSchema>;

export interface QueueView {
  entries: AnyQueueEntry[];
  endpointConfigured: boolean;
}

export interface ExportFile {
  filename: string;
  mime: string;
  text: string;
}

export const popupProtocol = {
  /** Flags of the current tab first, then recent ones, filtered. */
  'ui/flags': message<{ tab: Flag[]; recent: Flag[] }>()(FlagFilterSchema),
  'ui/setFlagStatus': message<Flag>()(
    z.object({ flagKey: z.string().max(3000), status: z.enum(['new', 'reviewed', 'dismissed']) }),
  ),
  /** A person confirmed a report in the popup: queue it and send now. */
  'ui/report': message<{ reportId: string }>()(
    z.object({ flagKey: z.string().max(3000), category: z.enum(CATEGORIES), note: z.string().max(2000) }),
  ),
  'ui/queue': message<QueueView>()(z.object({})),
  'ui/queueRetry': message<void>()(z.object({ id: z.string().max(200).nullable() })),
  'ui/queueEdit': message<void>()(
    z.object({ id: z.string().max(200), category: z.enum(CATEGORIES), note: z.string().max(2000) }),
  ),
  'ui/export': message<ExportFile>()(
    z.object({ what: z.enum(['flags', 'reports']), format: z.enum(['csv', 'json']) }),
  ),
  /** The pre-filled Bawaslu Form B.1 draft of a queued or sent report, as printable HTML. */
  'ui/formB1': message<{ html: string }>()(z.object({ id: z.string().max(200) })),
};
