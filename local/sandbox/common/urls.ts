// URL checks shared by the sandboxes' webhook registries.

/** Whether `value` is an absolute http(s) URL. The real services require https; the sandboxes take http for local receivers. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
