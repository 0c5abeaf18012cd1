// Times as people read them: "2 minutes ago" in the user's locale, with the exact time for a tooltip.

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/**
 * How long ago `at` was, from `now`, in `locale` (Intl, so the app ships no words for it).
 *
 * @example formatAgo(now - 120_000, now, 'es') // 'hace 2 minutos'
 */
export function formatAgo(at: number, now: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const elapsed = Math.max(0, now - at);
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms || unit === 'second') return format.format(-Math.floor(elapsed / ms), unit);
  }
  return format.format(0, 'second');
}

/** The exact date and time of `at` in `locale`. */
export function formatExact(at: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(at);
}

/** The sentence with its first letter in upper case (a relative time can open a sentence). */
export function capitalise(sentence: string): string {
  return sentence.charAt(0).toLocaleUpperCase() + sentence.slice(1);
}
