// The direction in force as read from the app's installation in Zendesk, without writing anything: what the app's
// GET routes show, and the read the worker and the sweep store (lambdas/sync/direction.ts). Pure rules:
// shared/sync/direction.ts.
import type { DirectionInForce } from '../../shared/app-api';
import { directionInForce, pickInstallation } from '../../shared/sync/direction';
import { ApiError } from '../http/errors';
import type { DirectionSnapshot, StoredAccount } from '../store/port';
import type { SyncDeps } from './deps';
import { view } from './direction-view';

/** How stale a direction the app may be shown: opening the app nudges the backend to read the settings again. */
export const APP_DIRECTION_MAX_AGE_MS = 5_000;

// The app's own reads, per store and account: memory only, never the account's snapshot (that one is stored first).
const viewed = new WeakMap<object, Map<string, DirectionSnapshot>>();

/**
 * The direction in force as the app shows it (GET routes): the account's snapshot while it is younger than 5 s, else
 * the installation read again from Zendesk (at most every 5 s per account, however many agents poll) and kept in
 * memory only. It never writes to the store and never audits: storing a new direction, its period and its audit
 * entry belong to the worker and the sweep (`directionFor`). Nothing in the request is used.
 */
export async function directionForView(deps: SyncDeps<object>, account: StoredAccount, now: number): Promise<DirectionInForce> {
  if (isFresh(account.directionSnapshot, now, APP_DIRECTION_MAX_AGE_MS)) return view(account.directionSnapshot, account);
  const perStore = viewed.get(deps.store) ?? new Map<string, DirectionSnapshot>();
  viewed.set(deps.store, perStore);
  const seen = perStore.get(account.id);
  if (isFresh(seen, now, APP_DIRECTION_MAX_AGE_MS)) return view(seen, account);
  const next = await readSettings(deps, account, account.directionSnapshot, now);
  // The period is the stored one while the direction is unchanged; a new one starts once the worker stores it.
  const stored: DirectionSnapshot | undefined = account.directionSnapshot as DirectionSnapshot | undefined;
  if (stored?.since !== undefined && stored.direction === next.direction) next.since = stored.since;
  perStore.set(account.id, next);
  return view(next, account);
}

/** Reads the installation settings from Zendesk; on failure, the last known direction with the (credential-free) error. */
export async function readSettings(
  deps: SyncDeps<object>,
  account: StoredAccount,
  previous: DirectionSnapshot | undefined,
  now: number,
): Promise<DirectionSnapshot> {
  try {
    const installations = await deps.clients.zendesk(account).listInstallations();
    const decided = directionInForce({ fallback: account.direction, installations, appId: account.app?.appId, checkedAt: now });
    // Uninstalled (not merely disabled) after having been seen installed: counted from the first such read (issue 12).
    const choice = pickInstallation(installations, account.app?.appId);
    const uninstalled = !choice.found && choice.reason === 'not_installed';
    const seenBefore = previous?.source === 'installation' || previous?.appMissingSince !== undefined;
    return { ...decided, attemptedAt: now, ...(uninstalled && seenBefore && { appMissingSince: previous?.appMissingSince ?? now }) };
  } catch (error) {
    const message = readFailure(error);
    deps.log.warn('could not read the app settings in Zendesk: the last known direction stays in force', { account: account.id, error: message });
    // Keep what was known (an installation's direction, with its last successful read), minus the old error.
    const known =
      previous?.source === 'installation'
        ? withoutError(previous)
        : {
            direction: account.direction,
            source: 'accounts_file' as const,
            keepInStep: false,
            ...(previous?.checkedAt !== undefined && { checkedAt: previous.checkedAt }),
            ...(previous?.appMissingSince !== undefined && { appMissingSince: previous.appMissingSince }),
          };
    return { ...known, error: message, attemptedAt: now };
  }
}

export { view };

export function isFresh(snapshot: DirectionSnapshot | undefined, now: number, maxAgeMs: number): snapshot is DirectionSnapshot {
  // A snapshot from the future (clock skew between processes) counts as fresh for a minute at most.
  return snapshot !== undefined && now - snapshot.attemptedAt < maxAgeMs && snapshot.attemptedAt - now < 60_000;
}

function withoutError(snapshot: DirectionSnapshot): Omit<DirectionSnapshot, 'error' | 'attemptedAt'> {
  const { error: _error, attemptedAt: _attemptedAt, ...rest } = snapshot;
  return { ...rest, keepInStep: rest.keepInStep ?? false };
}

/** A credential-free reason: client errors carry no secret (lambdas/http); anything else is named only. */
function readFailure(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return `${(error as Error)?.name ?? 'Error'} while reading the app settings`;
}
