// The webhook receivers' secrets: read only from the WEBHOOK_SECRETS# items (the webhook functions may read nothing
// else), kept 15 s per process so a burst of deliveries costs one read, read again once when a delivery fails with a
// cached one (a webhook re-created by the sweep has a new secret).
import type { CredentialStore, WebhookSecret } from './port';

const TTL_MS = 15_000;
/**
 * A failed check reads the secret again at most this often per account and side (issue 13: failed webhook checks are
 * cached), so a flood of bad signatures costs no reads and no decryption; a webhook re-created with a new secret is
 * still believed within seconds.
 */
export const REREAD_AFTER_FAILURE_MS = 5_000;
const MAX_ENTRIES = 1_000;

/** `failedAt`: when a freshly read secret last failed a check (no secret stored counts as failing). */
const caches = new WeakMap<CredentialStore, Map<string, { secret: string | undefined; until: number; failedAt?: number }>>();

/**
 * Verifies a delivery with the account's stored webhook secret: `check(secret)` is tried with the cached secret, and
 * once more with a freshly read one if that fails (at most once per REREAD_AFTER_FAILURE_MS). `false` when no secret is stored (or no credential store is wired).
 *
 * @example await verifyWithWebhookSecret(deps, 'acme', 'aircall', now, (secret) => verifyAircallToken(token, secret))
 */
export async function verifyWithWebhookSecret(
  deps: { credentials?: CredentialStore },
  account: string,
  side: WebhookSecret['side'],
  now: number,
  check: (secret: string) => boolean,
): Promise<boolean> {
  const credentials = deps.credentials;
  if (!credentials) return false;
  let cache = caches.get(credentials);
  if (!cache) {
    cache = new Map();
    caches.set(credentials, cache);
  }
  const key = `${account}\n${side}`;
  const hit = cache.get(key);
  if (hit && hit.until > now) {
    if (hit.secret !== undefined && check(hit.secret)) return true;
    // A secret read moments ago already failed (or none is stored): this failure stands without another read.
    if (hit.failedAt !== undefined && now >= hit.failedAt && now - hit.failedAt < REREAD_AFTER_FAILURE_MS) return false;
  }
  const secret = (await credentials.getWebhookSecret(account, side))?.secret;
  const ok = secret !== undefined && check(secret);
  cache.delete(key);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, { secret, until: now + TTL_MS, ...(!ok && { failedAt: now }) });
  return ok;
}

/** Drops a cached secret once a disconnect wiped it: this process refuses its deliveries at once, not 15 s later. */
export function forgetWebhookSecret(credentials: object, account: string, side: WebhookSecret['side']): void {
  caches.get(credentials as CredentialStore)?.delete(`${account}\n${side}`);
}
