import { t } from '@/lib/i18n';
import type { FlagFilter } from '@/lib/messaging/popup-protocol';
import { FLAG_STATUSES } from '@/lib/reports/flags';
import { CATEGORIES } from '@/lib/rules/categories';
import { SITE_IDS } from '@/lib/sites/types';
import { STATUS_KEYS } from './FlagItem';
import { categoryLabel, siteLabel } from './labels';

export interface FlagFiltersProps {
  value: FlagFilter;
  onChange: (next: FlagFilter) => void;
}

/** Category, status and site filters of the popup's flag list. */
export function FlagFilters({ value, onChange }: FlagFiltersProps) {
  const select = <K extends 'category' | 'status' | 'site'>(
    key: K,
    options: readonly string[],
    label: (v: string) => string,
    title: string,
  ) => (
    <label class="filter">
      {title}
      <select
        data-testid={`filter-${key}`}
        value={value[key] ?? ''}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          onChange({ ...value, [key]: v === '' ? null : v });
        }}
      >
        <option value="">{t('popupFilterAll')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div class="filters">
      {select('category', CATEGORIES, (c) => categoryLabel(c as never), t('popupFilterCategory'))}
      {select('status', FLAG_STATUSES, (s) => t(STATUS_KEYS[s as never]), t('popupFilterStatus'))}
      {select('site', SITE_IDS, (s) => siteLabel(s as never), t('popupFilterSite'))}
    </div>
  );
}
