import { z } from 'zod';
import { LOCALES } from '../i18n';

/** An endpoint URL must be HTTPS, except http on localhost/127.0.0.1 for testing. */
export function endpointUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'bukan URL yang valid / not a valid URL';
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && local) return undefined;
  return 'harus HTTPS (http hanya untuk localhost) / must be HTTPS (http only for localhost)';
}

export const EndpointSchema = z.object({
  url: z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const problem = endpointUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  token: z.string().max(4096).optional(),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

export const ReporterSchema = z.object({
  name: z.string().max(200),
  organisation: z.string().max(200),
  contact: z.string().max(200),
});

export const SettingsSchema = z.object({
  /** `asn`: only accounts known as ASN are checked; `survey`: every author. */
  mode: z.enum(['asn', 'survey']),
  language: z.enum(LOCALES),
  endpoint: EndpointSchema.nullable(),
  reporter: ReporterSchema,
  /** Attach a screenshot of the post to reports (needs a user gesture grant; see README). */
  screenshots: z.boolean(),
  /** Days to keep flags that were not reported. */
  retentionDays: z.number().int().min(1).max(3650),
  /** Whether accepted profile suggestions alone make an account count as ASN. */
  suggestionsCountAsAsn: z.boolean(),
  /**
   * Packs the user switched on or off, by pack id. A pack not listed keeps its default: base
   * packs on, the shipped campaign examples off (a coordinator turns on the election at hand),
   * imported packs on.
   */
  packToggles: z.record(z.string().max(200), z.boolean()),
  /** Watchlist URL the background syncs on a schedule; null when none. */
  watchlistSyncUrl: z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const problem = endpointUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .nullable(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  mode: 'asn',
  language: 'id',
  endpoint: null,
  reporter: { name: '', organisation: '', contact: '' },
  screenshots: false,
  retentionDays: 90,
  suggestionsCountAsAsn: false,
  packToggles: {},
  watchlistSyncUrl: null,
};
