// Use case: a user joined or left Aircall; ask for one refresh of the account's directory (the webhook's side).
import type { DirectoryStore } from '../store/port';
import type { SyncDeps } from './deps';

/** A refresh asked for this long ago and never started was lost (its message or its process): it is asked again. */
const REFRESH_REQUEST_STALE_MS = 3 * 60_000;

/**
 * Asks for a refresh of the account's directory after a user joined or left: queues one unless one is already
 * pending, so a storm of events queues one. The request is stored, so this holds across processes; if queueing
 * fails the request is withdrawn and the error goes up, so the provider's retry asks again.
 */
export async function requestDirectoryRefresh(deps: SyncDeps<DirectoryStore>, account: string, dedupeId: string): Promise<'queued' | 'pending'> {
  const now = deps.now();
  if (!(await deps.store.requestDirectoryRefresh(account, now, REFRESH_REQUEST_STALE_MS))) return 'pending';
  try {
    await deps.queue.enqueueDirectoryRefresh(account, dedupeId);
  } catch (error) {
    await deps.store.withdrawDirectoryRefresh(account, now).catch(() => undefined);
    throw error;
  }
  return 'queued';
}
