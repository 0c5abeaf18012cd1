// The direction in force as callers see it, from a stored snapshot (pure): a leaf module, so the webhook edge can read
// the snapshot without bundling the settings reader and the Zendesk client it calls (direction-read.ts).
import type { DirectionInForce } from '../../shared/app-api';
import type { DirectionSnapshot, StoredAccount } from '../store/port';

/** What callers see. A fallback follows the accounts file as it is now (it may have been imported again since). */
export function view(snapshot: DirectionSnapshot, account: StoredAccount): DirectionInForce {
  const { attemptedAt: _attemptedAt, installationId: _installationId, appMissingSince: _appMissingSince, ...inForce } = snapshot;
  return inForce.source === 'accounts_file' ? { ...inForce, direction: account.direction } : inForce;
}
