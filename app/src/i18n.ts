// The app's strings: a tiny `t(key)` over translations/en.json that falls back to the key and never throws.
import en from '../../translations/en.json';

/** Values for `{{name}}` placeholders. */
export type Vars = Readonly<Record<string, string | number>>;

/** Looks up a dotted key in a translations object: a string, or a ZAF `{ title, value }` entry (zaf.md §3). */
function lookup(dict: unknown, key: string): string | undefined {
  let node: unknown = dict;
  for (const part of key.split('.')) {
    // Own properties only, so "constructor" or "__proto__" never reach Object.prototype.
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
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
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

/** Whether `key` names a string in `dict`. */
export function hasTranslation(dict: unknown, key: string): boolean {
  return lookup(dict, key) !== undefined;
}

/** The English strings. The app ships only en.json for now; choosing a locale from `currentUser.locale` comes later. */
export const EN: unknown = en;

/** Translates `key` in English. @example t('mapping.not_synced') // 'Not synced' */
export function t(key: string, vars?: Vars): string {
  return translate(EN, key, vars);
}
