import { t } from '@/lib/i18n';
import { CATEGORIES, type Category } from '@/lib/rules/categories';
import { categoryLabel } from './labels';

export interface ReportFieldsProps {
  category: Category;
  note: string;
  onCategory: (category: Category) => void;
  onNote: (note: string) => void;
  noteRows?: number;
}

/** The reviewer's part of a report: the violation category and an optional note. */
export function ReportFields({ category, note, onCategory, onNote, noteRows = 3 }: ReportFieldsProps) {
  return (
    <>
      <label>
        {t('reportCategory')}
        <select
          name="category"
          value={category}
          onChange={(e) => onCategory((e.currentTarget as HTMLSelectElement).value as Category)}
        >
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('reportNote')}
        <textarea
          name="note"
          rows={noteRows}
          maxLength={2000}
          value={note}
          onInput={(e) => onNote((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
    </>
  );
}
