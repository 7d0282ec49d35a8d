import { describe, expect, test } from 'vitest';
import { catalogue, LOCALES, setLocale, t } from '@/lib/i18n';

const placeholders = (message: string) => [...message.matchAll(/\$[1-9]/g)].map((m) => m[0]).sort();

describe('locales', () => {
  const idKeys = Object.keys(catalogue('id')).sort();

  test.each(LOCALES)('%s has exactly the keys of id', (locale) => {
    expect(Object.keys(catalogue(locale)).sort()).toEqual(idKeys);
  });

  test.each(LOCALES)('%s messages are non-empty and keep the placeholders of id', (locale) => {
    for (const key of idKeys) {
      const message = catalogue(locale)[key]?.message ?? '';
      expect(message.trim(), `${locale}.${key}`).not.toBe('');
      expect(placeholders(message), `${locale}.${key}`).toEqual(placeholders(catalogue('id')[key]!.message));
    }
  });

  test('Chrome message names are valid (letters, digits, underscore)', () => {
    for (const key of idKeys) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });
});

describe('t()', () => {
  test.each([
    ['id', 'popupTabActive', ['X'], 'Netra aktif di tab ini (X)'],
    ['en', 'popupTabActive', ['X'], 'Netra is active in this tab (X)'],
    ['en', 'optionsSaveError', [], 'Could not save: $1'],
  ] as const)('%s %s', (locale, key, subs, expected) => {
    setLocale(locale);
    expect(t(key, ...subs)).toBe(expected);
    setLocale('id');
  });
});
