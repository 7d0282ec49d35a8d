import { LOCALES, type Locale, t } from '@/lib/i18n';

export interface LanguageSwitchProps {
  value: Locale;
  onChange: (locale: Locale) => void;
  id?: string;
}

/** Indonesian / English selector. */
export function LanguageSwitch({ value, onChange, id = 'language' }: LanguageSwitchProps) {
  return (
    <select
      id={id}
      value={value}
      onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value as Locale)}
    >
      {LOCALES.map((locale) => (
        <option key={locale} value={locale}>
          {locale === 'id' ? t('langId') : t('langEn')}
        </option>
      ))}
    </select>
  );
}
