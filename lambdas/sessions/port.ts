// Sessions: what the backend issues once Zendesk has vouched for a user (issue 13, signedUrls → agent session) or an
// admin has signed in with Zendesk OAuth (issue 12 → admin session). The only identity any /api route accepts.

/** `agent`: from a verified signedUrls token. `admin`: from the admin's own OAuth sign-in (users/me role admin). */
export type SessionKind = 'agent' | 'admin';

export interface Session {
  kind: SessionKind;
  accountId: string;
  /** The Zendesk user id (a string: Zendesk ids exceed 2^53). */
  userId: string;
  email?: string;
  name?: string;
  issuedAt: number;
  /** At most 1 hour after `issuedAt`. */
  expiresAt: number;
  /** When the user's role and presence were last confirmed with Zendesk (re-checked at most every 5 minutes). */
  checkedAt: number;
}

/** A session as handed to the browser: an opaque bearer token (never logged) and its expiry. */
export interface IssuedSession {
  token: string;
  expiresAt: number;
}

export const SESSION_MAX_AGE_MS = 60 * 60_000;
export const SESSION_RECHECK_MS = 5 * 60_000;

export interface SessionStore {
  /** Stores a new session and returns its bearer token (random; only its hash is stored). */
  issue(session: Omit<Session, 'issuedAt' | 'expiresAt' | 'checkedAt'>, now: number): Promise<IssuedSession>;
  /** The live session of a bearer token, or `undefined` (unknown, expired, or its account disconnected since). */
  find(token: string, now: number): Promise<Session | undefined>;
  /** Records a successful re-check of the user. */
  touch(token: string, checkedAt: number): Promise<void>;
  revoke(token: string): Promise<void>;
  /** Every session of the account issued before `now` is refused from now on (disconnect, uninstall). */
  revokeAccount(account: string, now: number): Promise<void>;
}
