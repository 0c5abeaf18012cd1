// The direction the backend applies for an account, as the app shows it (issue 6 decides it: lambdas/sync/app-settings).
import type { DirectionInForce } from '../../shared/app-api';
import type { StoredAccount } from '../store/port';
import { directionFor } from '../sync/app-settings';
import type { SyncDeps } from '../sync/deps';

/** How stale a direction the app may be shown: opening the app nudges the backend to read the settings again. */
export const APP_DIRECTION_MAX_AGE_MS = 5_000;

/**
 * The direction in force, read again from the app's installation settings when the last read is over 5 s old (at
 * most one Zendesk read per account every 5 s, however many agents poll). Nothing in the request is used: the
 * direction comes only from Zendesk's settings or the accounts file.
 */
export function directionInForce(deps: SyncDeps, account: StoredAccount, now: number): Promise<DirectionInForce> {
  return directionFor(deps, account, now, { maxAgeMs: APP_DIRECTION_MAX_AGE_MS });
}
