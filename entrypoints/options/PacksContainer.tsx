import { useEffect, useState } from 'preact/hooks';
import { PackEditor, type PackEditorSaveOutcome } from '@/components/options/PackEditor';
import { PackSection, type PackImportOutcome } from '@/components/options/PackSection';
import { blankDraft, draftFromPack, type PackDraft } from '@/components/options/pack-editor-model';
import { t } from '@/lib/i18n';
import { sendFromUi } from '@/lib/messaging/client';
import { MAX_PACK_CHARS, type PackListing, type PackSaveResult } from '@/lib/messaging/options-protocol';
import { errorText, saveFile } from './files';

function savedMessage(result: Extract<PackSaveResult, { ok: true }>): string {
  if (result.replaced === 'shipped') return t('optionsPackSavedOverShipped', result.id);
  if (result.replaced === 'imported') return t('optionsPackSavedReplaced', result.id);
  return t('optionsPackSavedNew', result.id);
}

/** The rule packs section's container; `onChanged` after the stored packs changed. */
export function PacksContainer({ onChanged }: { onChanged: () => void }) {
  const [listing, setListing] = useState<PackListing | null>(null);
  const [editor, setEditor] = useState<{ draft: PackDraft; from: string | null; key: number } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    sendFromUi('options/packs', {})
      .then(setListing)
      .catch((e: unknown) => setLoadError(errorText(e)));
  }, []);

  async function run(action: () => Promise<PackListing>): Promise<string | null> {
    try {
      setListing(await action());
      onChanged();
      return null;
    } catch (error) {
      return errorText(error);
    }
  }

  async function importFile(file: File): Promise<PackImportOutcome> {
    if (file.size > MAX_PACK_CHARS) {
      return { ok: false, errors: [{ pack: file.name, path: '(pack)', message: t('optionsPackTooLarge') }] };
    }
    try {
      const result = await sendFromUi('options/packImport', { text: await file.text(), source: file.name });
      if (!result.ok) return result;
      setListing(result.listing);
      onChanged();
      return { ok: true, message: savedMessage(result) };
    } catch (error) {
      return { ok: false, errors: [{ pack: file.name, path: '(pack)', message: errorText(error) }] };
    }
  }

  async function exportPack(id: string): Promise<string | null> {
    try {
      const { json } = await sendFromUi('options/packGet', { id });
      saveFile(`${id}.json`, [`${JSON.stringify(json, null, 2)}\n`], 'application/json');
      return null;
    } catch (error) {
      return errorText(error);
    }
  }

  async function openEditor(id: string | null): Promise<void> {
    try {
      const draft = id ? draftFromPack((await sendFromUi('options/packGet', { id })).json) : blankDraft();
      setEditor({ draft, from: id, key: Date.now() });
      requestAnimationFrame(() => document.getElementById('pack-editor-title')?.scrollIntoView());
    } catch (error) {
      setLoadError(errorText(error));
    }
  }

  async function saveDraft(json: Record<string, unknown>): Promise<PackEditorSaveOutcome> {
    try {
      const result = await sendFromUi('options/packSave', { pack: json });
      if (!result.ok) return result;
      setListing(result.listing);
      onChanged();
      return { ok: true, message: savedMessage(result) };
    } catch (error) {
      return {
        ok: false,
        errors: [{ pack: String(json.id ?? ''), path: '(pack)', message: errorText(error) }],
      };
    }
  }

  return (
    <>
      {loadError && (
        <p class="field-error" role="alert">
          {t('errorGeneric', loadError)}
        </p>
      )}
      <PackSection
        listing={listing}
        onToggle={(id, enabled) => run(() => sendFromUi('options/packToggle', { id, enabled }))}
        onImport={importFile}
        onExport={exportPack}
        onRemove={(id) => run(() => sendFromUi('options/packRemove', { id }))}
        onEdit={(id) => void openEditor(id)}
        editor={
          editor && (
            <PackEditor
              key={editor.key}
              initial={editor.draft}
              startedFrom={editor.from}
              onSave={saveDraft}
              onClose={() => setEditor(null)}
            />
          )
        }
      />
    </>
  );
}
