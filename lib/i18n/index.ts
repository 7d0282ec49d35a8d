import en from '../../public/_locales/en/messages.json';
import id from '../../public/_locales/id/messages.json';

// The UI speaks Indonesian first. Both catalogues are bundled (a few KB) so the user's language
// setting wins over the browser's UI language, which browser.i18n alone cannot do.

export type MessageKey = keyof typeof id;
export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Catalogue = Record<string, { message: string } | undefined>;
const CATALOGUES: Record<Locale, Catalogue> = { id, en };

let current: Locale = 'id';

/** Switches the language `t()` answers in. */
export function setLocale(locale: Locale): void {
  current = locale;
}

/** The language `t()` answers in now. */
export function getLocale(): Locale {
  return current;
}

/** A UI string in the current language, with `$1`…`$9` replaced by `subs`. */
export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const entry = CATALOGUES[current][key] ?? CATALOGUES.id[key];
  const message = entry?.message ?? key;
  return message.replace(/\$([1-9])/g, (whole, n: string) => {
    const sub = subs[Number(n) - 1];
    return sub === undefined ? whole : String(sub);
  });
}

/** Every key and its raw message per locale; for the locale-parity test. */
export function catalogue(locale: Locale): Readonly<Catalogue> {
  return CATALOGUES[locale];
}
