// The one gate of every /api route: a live session of the right kind, its user re-confirmed with Zendesk.
import { AppApiHttpError, unauthorized } from '../app-api/errors';
import { BrowserCallCapError } from '../security/browser-cap';
import { bearerToken } from './bearer';
import type { AccountStore, StoredAccount } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import type { ZendeskUser } from '../zendesk/types';
import { looksLikeSessionToken } from './dynamo';
import { SESSION_RECHECK_MS, type Session, type SessionKind, type SessionStore } from './port';

/** What a route may ask for: `admin` routes accept admin sessions only; `any` accepts both kinds. */
export type RequiredKind = SessionKind | 'any';

/**
 * How long an agent session is still served while Zendesk cannot be asked (an outage, or the account's browser cap
 * spent): the agent reads only their own status, so staleness is bounded, not refused outright. Admin sessions get none.
 */
export const AGENT_RECHECK_GRACE_MS = 3 * SESSION_RECHECK_MS;

/** A session that passed the gate, with its account (routes read nothing the session does not name). */
export type SessionCaller = Session & { account: StoredAccount };

/**
 * Authenticates a request by its `Authorization: Bearer <session token>` header. At most every 5 minutes
 * (`SESSION_RECHECK_MS`) the user is read again from Zendesk (`GET /api/v2/users/{id}`, zendesk-api.md §8, with the
 * account's own credential): a user removed, deactivated or suspended, no longer staff, or (for an admin session)
 * no longer `role: admin` is refused and the session revoked. `recheck` asks Zendesk whatever the last check's age
 * (session renewal). When Zendesk cannot be asked, an agent session is still served within `AGENT_RECHECK_GRACE_MS`
 * of its last check (it reads only the agent's own status); an admin session is refused (503, or 429 for the cap).
 *
 * @throws AppApiHttpError 401 `unauthorized` (no, unknown, expired or revoked session; user no longer valid), 403
 *   `forbidden` (an agent session on an admin route), 503 `unavailable` (Zendesk could not be asked: nothing is revoked).
 * @example const caller = await requireSession(deps, event.headers.authorization, 'admin', deps.now());
 */
export async function requireSession(
  deps: SyncDeps<AccountStore>,
  authorization: string | undefined,
  kind: RequiredKind,
  now: number,
  options: { recheck?: boolean } = {},
): Promise<SessionCaller> {
  const token = bearerToken(authorization);
  if (token === undefined) throw unauthorized('Sign in through the app: the request carries no session');
  // Cheap refusal of junk before any read.
  if (!looksLikeSessionToken(token)) throw unauthorized('The session is not valid');
  const sessions = sessionsOf(deps);
  const session = await sessions.find(token, now);
  if (!session) throw unauthorized('The session is unknown, expired or revoked: open the app again');
  if (kind !== 'any' && session.kind !== kind) {
    throw new AppApiHttpError('forbidden', kind === 'admin' ? 'Only an admin signed in with Zendesk can do this' : 'This needs the app opened in Zendesk');
  }
  const account = await deps.store.getAccount(session.accountId);
  if (!account) {
    await sessions.revoke(token);
    throw unauthorized('The account of this session no longer exists');
  }
  if (options.recheck || now - session.checkedAt >= SESSION_RECHECK_MS) {
    let user: ZendeskUser | undefined;
    try {
      user = await deps.clients.zendesk(account).getUser(session.userId);
    } catch (error) {
      if (session.kind === 'agent' && !options.recheck && now - session.checkedAt < AGENT_RECHECK_GRACE_MS) return { ...session, account };
      if (error instanceof BrowserCallCapError) throw error; // 429: the account's browser cap, nothing was sent
      deps.log.warn('could not re-check a session user with Zendesk', { account: account.id, error: (error as Error).message });
      throw new AppApiHttpError('unavailable', 'Could not confirm your Zendesk user right now; try again in a moment');
    }
    const refusal = userRefusal(user, session);
    if (refusal) {
      await sessions.revoke(token);
      deps.log.info('session refused after a Zendesk re-check', { account: account.id, kind: session.kind, reason: refusal });
      throw unauthorized(`Your session ended: ${refusal}`);
    }
    await sessions.touch(token, now);
  }
  return { ...session, account };
}

/** Why Zendesk's current answer no longer backs the session, or `undefined` when it still does. */
export function userRefusal(user: ZendeskUser | undefined, session: Pick<Session, 'kind' | 'userId'>): string | undefined {
  if (!user || user.id !== session.userId) return 'the Zendesk user no longer exists';
  if (user.active === false) return 'the Zendesk user was deactivated';
  if (user.suspended === true) return 'the Zendesk user is suspended';
  if (session.kind === 'admin' && user.role !== 'admin') return 'the Zendesk user is no longer an admin';
  if (user.role !== 'admin' && user.role !== 'agent') return 'the Zendesk user is no longer an agent';
  return undefined;
}

/** The runtime's session store; a runtime without one is a wiring mistake, answered 503 with no detail. */
export function sessionsOf(deps: SyncDeps<object>): SessionStore {
  if (!deps.sessions) throw new Error('This runtime has no session store (lambdas/runtime.ts)');
  return deps.sessions;
}
