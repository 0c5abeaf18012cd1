// Whether an account's connections work: "needs reconnect" pauses the sync (changes are still recorded, nothing is
// written) until an admin connects again, and the sweep then replays what was missed (issue 12 "Keeping it running").
import type { SyncQueue } from '../queue/port';
import type { CredentialStore, NeedsReconnect, WebhookSecret } from './port';

type Side = WebhookSecret['side'];

/** One side's connection, for the console, the top bar and the admin overview. Never a secret. */
export interface SideConnection {
  /** `missing`: nothing stored; `needs_reconnect`: a credential that failed for good; `connected` otherwise. */
  state: 'connected' | 'needs_reconnect' | 'missing';
  kind?: string;
  needsReconnect?: NeedsReconnect;
  /** Epoch ms: when the access token expires (Zendesk OAuth), when the grant was made. */
  expiresAt?: number;
  grantedAt?: number;
  scopes?: string[];
  grantor?: { id: string; name?: string; email?: string; role?: string };
}

export interface AccountConnection {
  zendesk: SideConnection;
  aircall: SideConnection;
  /** True when either side needs a reconnect: the sync is paused. */
  needsReconnect: boolean;
}

/** Why the sync of an account is paused, or `undefined` when it may write. */
export interface ConnectionPause {
  side: Side;
  since: number;
  reason: string;
}

/**
 * The connection of each side, read from the credential store (secrets are opened by the store but never returned).
 *
 * @example (await accountConnection(deps.credentials, 'acme')).zendesk.state // 'needs_reconnect'
 */
export async function accountConnection(credentials: CredentialStore, account: string): Promise<AccountConnection> {
  const [zendesk, aircall] = await Promise.all([credentials.getZendeskCredential(account), credentials.getAircallCredential(account)]);
  const view = (c: typeof zendesk | typeof aircall): SideConnection => {
    if (!c) return { state: 'missing' };
    const out: SideConnection = { state: c.needsReconnect ? 'needs_reconnect' : 'connected', kind: c.kind, grantedAt: c.grantedAt };
    if (c.needsReconnect) out.needsReconnect = c.needsReconnect;
    if ('expiresAt' in c && c.expiresAt !== undefined) out.expiresAt = c.expiresAt;
    if ('scopes' in c && Array.isArray(c.scopes)) out.scopes = c.scopes;
    if ('grantor' in c && c.grantor) out.grantor = c.grantor;
    return out;
  };
  const out = { zendesk: view(zendesk), aircall: view(aircall) };
  return { ...out, needsReconnect: out.zendesk.state === 'needs_reconnect' || out.aircall.state === 'needs_reconnect' };
}

/**
 * Why the account's sync must not write now: a side whose credential needs a reconnect. `undefined` when no
 * credential store is wired (tests of the sync alone) or both sides may be used.
 */
export async function connectionPause(deps: { credentials?: CredentialStore }, account: string): Promise<ConnectionPause | undefined> {
  if (!deps.credentials) return undefined;
  // The marks only: the worker, the sweep and me/status need no secret to know the account is paused.
  const marks = await deps.credentials.getReconnectMarks(account);
  for (const side of ['zendesk', 'aircall'] as const) {
    const mark = marks[side];
    if (mark) return { side, since: mark.since, reason: mark.reason };
  }
  return undefined;
}

/** How long the worker trusts a pause check per container (issue 15: the check cost 2 reads per change). */
export const PAUSE_CHECK_TTL_MS = 5_000;
const MAX_PAUSE_ENTRIES = 1_000;
/** Per credential store, when each account was last found not paused (until that time + `PAUSE_CHECK_TTL_MS`). */
const pauseChecks = new WeakMap<object, Map<string, number>>();

/** Forgets that `account` was found not paused: a credential just failed for good, so the next message reads the mark. */
export function forgetPauseCheck(deps: { credentials?: CredentialStore }, account: string): void {
  if (deps.credentials) pauseChecks.get(deps.credentials)?.delete(account);
}

/**
 * `connectionPause` for the worker's hot path: "not paused" is kept per process and credential store for
 * `PAUSE_CHECK_TTL_MS`; a mark set meanwhile is met by the write itself (a refused refresh or credential is a
 * NeedsReconnectError, handled as a pause). A pause is never kept: it is read again for every message, so the syncs
 * that a reconnect's sweep queues at once are not skipped on a stale "paused" (a rare state, so the reads are few).
 * The sweep, the app and the console read the marks fresh.
 */
export async function cachedConnectionPause(deps: { credentials?: CredentialStore }, account: string, now: number): Promise<ConnectionPause | undefined> {
  if (!deps.credentials) return undefined;
  let cache = pauseChecks.get(deps.credentials);
  if (!cache) {
    cache = new Map();
    pauseChecks.set(deps.credentials, cache);
  }
  const until = cache.get(account);
  if (until !== undefined && until > now && now >= until - PAUSE_CHECK_TTL_MS) return undefined;
  const pause = await connectionPause(deps, account);
  cache.delete(account);
  if (pause) return pause;
  if (cache.size >= MAX_PAUSE_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(account, now + PAUSE_CHECK_TTL_MS);
  return undefined;
}

/**
 * After an admin connected a side again (a new credential is put, which clears "needs reconnect"): when the credential
 * it replaced was marked (`replacedMark`, read before the put), one sweep of the account, which records what the
 * webhooks brought meanwhile and what it reads, and syncs every agent out of step. Every flow that puts a credential
 * calls it.
 */
export async function onReconnected(deps: { queue: SyncQueue }, account: string, replacedMark: NeedsReconnect | undefined, now: number): Promise<void> {
  if (replacedMark) await deps.queue.enqueueAccountSweep(account, `reconnected-${account}-${now}`);
}
