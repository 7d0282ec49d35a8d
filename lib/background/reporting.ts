import { flagKey } from '../flags/flag';
import { buildReport, type Evidence } from '../reports/schema';
import type { Category } from '../rules/categories';
import { settingsItem } from '../storage/items';
import { activeMatcher } from './packs';
import { flagStore, netraVersion, reportQueue } from './services';

export interface ReportRequest extends Pick<Evidence, 'screenshot' | 'screenshotMissingReason'> {
  flagKey: string;
  category: Category;
  note: string;
}

/**
 * Builds the report of a flag as the reviewer confirmed it and writes it to the queue (storage)
 * before anything is sent; marks the flag reported. Sending is the queue runner's job.
 */
export async function queueReport(request: ReportRequest): Promise<{ reportId: string }> {
  const flags = flagStore();
  const flag = await flags.get(request.flagKey);
  if (!flag) throw new Error('Temuan tidak ditemukan (mungkin sudah dihapus).');
  if (flag.status === 'reported' && flag.reportId) return { reportId: flag.reportId };
  const [settings, { versions }] = await Promise.all([settingsItem.get(), activeMatcher()]);
  const reporter = settings.reporter;
  const report = buildReport(
    {
      post: flag.snapshot,
      asn: flag.asn,
      findings: flag.findings,
      reviewer: {
        category: request.category,
        ...(request.note ? { note: request.note } : {}),
        ...(reporter.name ? { name: reporter.name } : {}),
        ...(reporter.organisation ? { organisation: reporter.organisation } : {}),
        ...(reporter.contact ? { contact: reporter.contact } : {}),
      },
      evidence: {
        url: flag.snapshot.url ?? '',
        capturedAt: flag.snapshot.capturedAt,
        detectedAt: flag.firstSeenAt,
        screenshot: request.screenshot ?? null,
        ...(request.screenshot
          ? {}
          : {
              screenshotMissingReason: request.screenshotMissingReason ?? 'tangkapan layar tidak diaktifkan',
            }),
      },
      versions: { netra: netraVersion(), packs: versions },
    },
    { randomUUID: () => crypto.randomUUID(), now: () => new Date() },
  );
  // The worker can be stopped between storing the report and marking the flag; confirming again
  // then finds the stored report of this post instead of filing the post twice.
  const entry = await reportQueue().enqueue(report, {
    sameAs: (queued) => flagKey(queued.post) === flag.key,
  });
  await flags.setStatus(flag.key, 'reported', { reportId: entry.report.id });
  return { reportId: entry.report.id };
}
