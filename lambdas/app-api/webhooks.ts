// Whether each side has an active webhook pointing at this backend for the account (the admin view's health).
import type { WebhookHealth } from '../../shared/app-api';
import type { Side } from '../../shared/sync/types';
import { ApiError } from '../http/errors';
import type { StoredAccount } from '../store/port';
import { remember } from '../sync/accounts';
import type { SyncDeps } from '../sync/deps';
import { UNIFIED_STATE_CHANGED } from '../zendesk/client';

const CHECK_TTL_MS = 60_000;
/** A failed check is kept too, for less time: reloading the page cannot turn one failing account into a flood of calls. */
export const FAILED_CHECK_TTL_MS = 20_000;
const CHECK_TIMEOUT_MS = 8_000;
const MAX_ENTRIES = 1_000;

/** The path our webhook URLs end with for this account and side (`/webhooks/aircall/acme`). */
export const webhookPath = (side: Side, accountId: string) => `/webhooks/${side}/${accountId}`;

/** Whether `url` is this account's receiver for `side` (any host: the API's domain is not known to the Lambda). */
export function pointsAtUs(url: string, side: Side, accountId: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
  return path.endsWith(webhookPath(side, accountId));
}

/**
 * Lists both sides' webhooks and keeps each side's answer for a minute per account. A failing side gives
 * `{ error }` for that side only. The Aircall list costs requests from the company's 60/min budget, shared with the
 * sync: it is not read while that budget is below half.
 */
export class WebhookChecks {
  private readonly answers = new Map<string, { health: WebhookHealth; until: number }>();

  constructor(private readonly ttlMs = CHECK_TTL_MS) {}

  async check(deps: SyncDeps<object>, account: StoredAccount, aircallBudgetLow: boolean, now: number): Promise<Record<Side, WebhookHealth>> {
    const [aircall, zendesk] = await Promise.all([
      this.cached(deps, account, 'aircall', now, async () => {
        if (aircallBudgetLow) return { error: 'Not checked: the Aircall request budget is low and kept for the sync; try again in a minute' };
        const hooks = await deps.clients.aircall(account).listWebhooks();
        return count(hooks.filter((h) => h.active !== false && pointsAtUs(h.url, 'aircall', account.id)).length);
      }),
      this.cached(deps, account, 'zendesk', now, async () => {
        const hooks = await deps.clients.zendesk(account).listWebhooks();
        // A webhook not subscribed to the unified status event delivers nothing the sync uses.
        return count(
          hooks.filter((h) => h.status === 'active' && h.subscriptions.includes(UNIFIED_STATE_CHANGED) && pointsAtUs(h.endpoint, 'zendesk', account.id)).length,
        );
      }),
    ]);
    return { aircall, zendesk };
  }

  private async cached(deps: SyncDeps<object>, account: StoredAccount, side: Side, now: number, read: () => Promise<WebhookHealth>): Promise<WebhookHealth> {
    // Keyed by the account's version too: new credentials are checked at once.
    const key = `${account.id}#${side}#${account.updatedAt}`;
    const hit = this.answers.get(key);
    if (hit && hit.until > now) return hit.health;
    let health: WebhookHealth;
    try {
      health = await within(CHECK_TIMEOUT_MS, read());
    } catch (error) {
      deps.log.warn('webhook check failed', { account: account.id, side, error: (error as Error).message });
      // Client errors are written free of credentials (lambdas/http/errors.ts); anything else is not shown.
      const failed = {
        error: error instanceof ApiError || error instanceof CheckTimeout ? (error as Error).message : `The ${side} webhooks could not be listed`,
      };
      this.keep(key, failed, now + Math.min(FAILED_CHECK_TTL_MS, this.ttlMs));
      return failed;
    }
    if (health.error !== undefined) return health; // not checked (budget low): nothing was asked, the next load tries
    this.keep(key, health, now + this.ttlMs);
    return health;
  }

  private keep(key: string, health: WebhookHealth, until: number): void {
    // The AccountCache's bounded LRU: a full map drops its oldest answer, not every account's.
    remember(this.answers, key, { health, until }, MAX_ENTRIES);
  }
}

const count = (n: number): WebhookHealth => ({ registered: n > 0, count: n });

class CheckTimeout extends Error {
  override name = 'CheckTimeout';
}

/** `promise`, or a CheckTimeout after `ms` (the page must answer well within API Gateway's 29 s). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(`No answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
