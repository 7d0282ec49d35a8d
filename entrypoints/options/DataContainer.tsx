import { useEffect, useState } from 'preact/hooks';
import { type ActionOutcome, DataSection } from '@/components/options/DataSection';
import { formatCount } from '@/components/options/format';
import { t } from '@/lib/i18n';
import { sendFromUi } from '@/lib/messaging/client';
import type { DataSummary } from '@/lib/messaging/options-protocol';
import type { QuarantineEntry } from '@/lib/storage/item';
import type { Settings } from '@/lib/storage/settings';
import { dateStamp, errorText, saveFile } from './files';

export interface DataContainerProps {
  /** Changes when another section changed stored data. */
  changes: number;
  /** Settings, packs and tags were replaced (restore, delete all): the page reloads its sections. */
  onDataReplaced: (settings: Settings) => void;
}

const fail = (error: unknown): ActionOutcome => ({ ok: false, message: errorText(error) });

/** The data section's container: backup, restore, delete all, quarantine. */
export function DataContainer({ changes, onDataReplaced }: DataContainerProps) {
  const [summary, setSummary] = useState<DataSummary | null>(null);
  const [quarantine, setQuarantine] = useState<QuarantineEntry[] | null>(null);

  async function refresh(): Promise<void> {
    try {
      const [nextSummary, nextQuarantine] = await Promise.all([
        sendFromUi('options/dataSummary', {}),
        sendFromUi('options/quarantine', {}),
      ]);
      setSummary(nextSummary);
      setQuarantine(nextQuarantine);
    } catch (error) {
      console.warn('[netra] data summary failed:', error);
    }
  }

  useEffect(() => {
    void refresh();
  }, [changes]);

  async function backup(includeToken: boolean): Promise<ActionOutcome> {
    try {
      const file = await sendFromUi('options/backup', { includeToken });
      saveFile(
        `netra-cadangan-${dateStamp()}.json`,
        [`${JSON.stringify(file, null, 2)}\n`],
        'application/json',
      );
      return { ok: true, message: t('optionsBackupDone') };
    } catch (error) {
      return fail(error);
    }
  }

  async function restore(file: File): Promise<ActionOutcome> {
    let backupJson: unknown;
    try {
      backupJson = JSON.parse((await file.text()).replace(/^\uFEFF/, ''));
    } catch (error) {
      return { ok: false, message: t('optionsRestoreNotJson', file.name, errorText(error)) };
    }
    try {
      const result = await sendFromUi('options/restore', { backup: backupJson });
      onDataReplaced(result.settings);
      await refresh();
      return { ok: true, message: t('optionsRestored', file.name, result.packs, result.manualTags) };
    } catch (error) {
      return { ok: false, message: t('optionsRestoreFailed', errorText(error)) };
    }
  }

  async function deleteAll(): Promise<ActionOutcome> {
    try {
      const result = await sendFromUi('options/deleteAll', { confirm: 'hapus-semua' });
      onDataReplaced(await sendFromUi('ui/getSettings', {}));
      await refresh();
      const kept = result.reportsKept > 0 ? ` ${t('optionsDeletedKept', result.reportsKept)}` : '';
      return {
        ok: true,
        message: `${t('optionsDeleted', formatCount(result.flags), formatCount(result.reports), result.lists)}${kept}`,
      };
    } catch (error) {
      return fail(error);
    }
  }

  async function clearQuarantine(): Promise<ActionOutcome> {
    try {
      await sendFromUi('options/quarantineClear', {});
      await refresh();
      return { ok: true, message: t('optionsQuarantineCleared') };
    } catch (error) {
      return fail(error);
    }
  }

  return (
    <DataSection
      summary={summary}
      quarantine={quarantine}
      onBackup={backup}
      onRestore={restore}
      onDeleteAll={deleteAll}
      onClearQuarantine={clearQuarantine}
    />
  );
}
