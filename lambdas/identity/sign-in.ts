// From the signedUrls token Zendesk POSTs to an agent session: verify (RS256, the app's key), map to the Zendesk user,
// issue. Every refusal says which AppBootProblem it is, so the page can still load and explain.
import type { AppBootProblem } from '../../shared/app-boot';
import type { IssuedSession } from '../sessions/port';
import { sessionsOf, userRefusal } from '../sessions/require';
import type { DirectoryStore, StoredAccount } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import type { ZendeskUser } from '../zendesk/types';
import type { AccountsBySubdomain } from './accounts';
import type { AppKeys } from './app-keys';
import type { RefusedUsers } from './refused-users';
import { checkSignedUrlClaims, readSignedUrlToken, signatureVerifies, SignedUrlError, type SignedUrlIdentity } from './signed-url';

/** A refusal, with the problem the page shows and a reason for the log (never the token). */
export class SignInRefused extends Error {
  override name = 'SignInRefused';
  constructor(
    readonly problem: AppBootProblem,
    message: string,
    readonly subdomain?: string,
  ) {
    super(message);
  }
}

export interface SignedIn {
  account: StoredAccount;
  identity: SignedUrlIdentity;
  session: IssuedSession;
}

/**
 * Verifies a signedUrls token and issues an agent session for the user it names.
 * Order: shape and issuer (no I/O) → account by subdomain → the app's key (cached; one refetch a minute on a failed
 * signature, for key rotation) → claims → the user: the directory's link when it has one (Zendesk just vouched for the
 * user, and the directory holds only active agents and admins: no Zendesk call, so a morning's sign-ins stay within the
 * account's browser cap), else read from Zendesk with the account's credential and refused unless an active agent.
 *
 * @throws SignInRefused
 */
export async function signInWithSignedUrl(
  deps: SyncDeps<DirectoryStore>,
  services: { accounts: AccountsBySubdomain; keys: AppKeys; refused?: RefusedUsers },
  token: string | undefined,
  now: number,
): Promise<SignedIn> {
  if (token === undefined || token === '') throw new SignInRefused('no_token', 'no signedUrls token in the request');
  const unverified = (() => {
    try {
      return readSignedUrlToken(token);
    } catch (error) {
      throw refusedToken(error);
    }
  })();
  const { subdomain } = unverified;
  const account = await services.accounts.one(subdomain, now);
  if (!account) throw new SignInRefused('unknown_account', 'no account (or no single account) for this Zendesk subdomain', subdomain);
  const appId = account.app?.appId ?? deps.config.zendeskAppId;
  if (appId === undefined) throw new SignInRefused('app_not_configured', 'no Zendesk app id for this account (app.appId or ZENDESK_APP_ID)', subdomain);

  let verified: boolean;
  try {
    verified = signatureVerifies(unverified, await services.keys.current(deps, account, String(appId), now));
    if (!verified) {
      const fresh = await services.keys.refreshed(deps, account, String(appId), now);
      verified = fresh !== undefined && signatureVerifies(unverified, fresh);
    }
  } catch (error) {
    deps.log.warn('could not fetch the app public key from Zendesk', { account: account.id, error: (error as Error).message });
    throw new SignInRefused('unavailable', 'the app public key could not be fetched', subdomain);
  }
  if (!verified) throw new SignInRefused('invalid_token', 'the token signature does not verify with the app public key', subdomain);

  let identity: SignedUrlIdentity;
  try {
    identity = checkSignedUrlClaims(unverified, now);
  } catch (error) {
    throw refusedToken(error, subdomain);
  }

  const link = await deps.store.getLinkByZendeskUser(account.id, identity.userId);
  let person: { email?: string; name?: string };
  if (link) {
    person = { email: link.email, ...(link.zendeskName !== undefined && { name: link.zendeskName }) };
  } else {
    const known = services.refused?.reason(account.id, identity.userId, now);
    if (known) throw new SignInRefused('user_refused', known, subdomain);
    let user: ZendeskUser | undefined;
    try {
      user = await deps.clients.zendesk(account).getUser(identity.userId);
    } catch (error) {
      deps.log.warn('could not read the signed-in user from Zendesk', { account: account.id, error: (error as Error).message });
      throw new SignInRefused('unavailable', 'the Zendesk user could not be read', subdomain);
    }
    const refusal = userRefusal(user, { kind: 'agent', userId: identity.userId });
    if (refusal || !user) {
      services.refused?.add(account.id, identity.userId, refusal ?? 'no such user', now);
      throw new SignInRefused('user_refused', refusal ?? 'no such user', subdomain);
    }
    person = { email: user.email, name: user.name };
  }
  const session = await sessionsOf(deps).issue({ kind: 'agent', accountId: account.id, userId: identity.userId, ...person }, now);
  return { account, identity, session };
}

function refusedToken(error: unknown, subdomain?: string): SignInRefused {
  if (error instanceof SignedUrlError) return new SignInRefused('invalid_token', error.message, subdomain);
  throw error;
}
