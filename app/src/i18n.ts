// The app's strings: `t(key)` over translations/<locale>.json (en, es), which falls back to the key and never throws.
import { createContext, useContext } from 'react';
import en from '../../translations/en.json';
import es from '../../translations/es.json';
import type { Label } from './mapping-view';

/** Values for `{{name}}` placeholders. */
export type Vars = Readonly<Record<string, string | number>>;

/** The dictionaries the app ships, by locale. en is the default and the fallback. */
export const DICTIONARIES = { en, es } as const satisfies Record<string, unknown>;
export type Locale = keyof typeof DICTIONARIES;
export const DEFAULT_LOCALE: Locale = 'en';

/** Looks up a dotted key in a translations object: a string, or a ZAF `{ title, value }` entry (zaf.md §3). */
function lookup(dict: unknown, key: string): string | undefined {
  let node: unknown = dict;
  for (const part of key.split('.')) {
    // Own properties only, so "constructor" or "__proto__" never reach Object.prototype.
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && node !== null && typeof (node as { value?: unknown }).value === 'string') {
    return (node as { value: string }).value;
  }
  return undefined;
}

/**
 * Translates `key` from `dict`, replacing `{{name}}` with `vars.name`. A missing key returns the key itself and a
 * missing variable leaves its placeholder, so a gap in a translation file shows up on screen instead of breaking
 * the render (the React scaffold's `t` throws there).
 *
 * @example translate({ a: { b: 'Hi {{who}}' } }, 'a.b', { who: 'Ann' }) // 'Hi Ann'
 */
export function translate(dict: unknown, key: string, vars?: Vars): string {
  const text = typeof key === 'string' ? lookup(dict, key) : undefined;
  if (text === undefined) return String(key);
  if (!vars) return text;
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}

/** Whether `key` names a string in `dict`. */
export function hasTranslation(dict: unknown, key: string): boolean {
  return lookup(dict, key) !== undefined;
}

/**
 * The shipped locale for a Zendesk user locale: the exact one, else its language without the region, else en
 * (zaf.md §9). Case and `_` vs `-` do not matter.
 *
 * @example resolveLocale('es-419') // 'es'
 */
export function resolveLocale(requested: unknown): Locale {
  if (typeof requested !== 'string') return DEFAULT_LOCALE;
  const wanted = requested.trim().toLowerCase().replace(/_/g, '-');
  const has = (l: string): l is Locale => Object.hasOwn(DICTIONARIES, l);
  if (has(wanted)) return wanted;
  const language = wanted.split('-')[0] ?? '';
  return has(language) ? language : DEFAULT_LOCALE;
}

/** A `t` bound to one locale. Keys missing there fall back to English, then to the key. */
export type Translate = (key: string, vars?: Vars) => string;

/** The translator for `locale`. @example translator('es')('mapping.not_synced') // 'No se sincroniza' */
export function translator(locale: Locale): Translate {
  const dict = DICTIONARIES[locale];
  return (key, vars) => (hasTranslation(dict, key) ? translate(dict, key, vars) : translate(DICTIONARIES.en, key, vars));
}

/** Translates a label, its label-valued placeholders first. */
export function translateLabel(t: Translate, label: Label): string {
  if (!label.vars) return t(label.key);
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(label.vars)) vars[name] = typeof value === 'object' ? translateLabel(t, value) : value;
  return t(label.key, vars);
}

/** The English strings. */
export const EN: unknown = en;

/** Translates `key` in English (for what shows before the user's locale is known). @example t('mapping.not_synced') */
export const t: Translate = translator(DEFAULT_LOCALE);

/** The locale and its translator for the React tree; English outside a provider. */
export interface I18nValue {
  locale: Locale;
  t: Translate;
}
export const I18n = createContext<I18nValue>({ locale: DEFAULT_LOCALE, t });

/** The translator of the current user's locale. */
export function useT(): Translate {
  return useContext(I18n).t;
}

/** The current user's locale (for dates and numbers). */
export function useLocale(): Locale {
  return useContext(I18n).locale;
}
