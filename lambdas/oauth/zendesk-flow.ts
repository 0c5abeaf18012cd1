// Connect Zendesk and admin sign-in (issue 12 "Connect Zendesk"): authorization code + PKCE (S256) against the
// admin's own subdomain; the grantor must be `role: admin`; Connect stores the grant and creates or matches the
// account; both issue the console's admin session, handed to the opener by the callback page.
import type { StoredAccount } from '../store/port';
import { auditConnect } from './audit-connect';
import { ADMIN_SESSION_MESSAGE, OAUTH_ROUTES, type AdminSessionMessage, type ZendeskOAuthPurpose } from '../../shared/console';
import { onReconnected } from '../credentials/connection';
import type { ZendeskCredential } from '../credentials/port';
import { createZendeskClient } from '../zendesk/client';
import type { ZendeskUser } from '../zendesk/types';
import { accountForSubdomain, idTakenByAnother, newConnectedAccount, parseSubdomain } from './accounts';
import { pendingAircallContext, type Onboarding } from './deps';
import { flowCookie, OAuthPageError, page, redirect, scriptJson, type OnboardingAnswer, type OnboardingRequest } from './http';
import { isRandomToken, lookupKey, pkcePair, randomToken } from './pkce';
import {
  exchangeZendeskCode,
  ProviderRefusedError,
  ProviderUnavailableError,
  ZENDESK_ACCESS_TTL_SECONDS,
  ZENDESK_REFRESH_TTL_SECONDS,
  ZENDESK_SIGNIN_TTL_SECONDS,
  zendeskBaseUrl,
  type ZendeskGrant,
} from './providers';
import { BrowserCallCapError, OAUTH_CALLBACKS_PER_MINUTE, takeBrowserCall } from '../security/browser-cap';
import { runSteps } from './steps';
import { FLOW_TTL_MS, type OAuthFlow } from './store';

/** The browser nonce of a flow: its hash is kept with the state, so the callback can tell another browser's state. */
export const FLOW_COOKIE = 'ass_oauth_flow';
/** An Aircall install waiting for this browser's Zendesk sign-in (its chain id). */
export const AIRCALL_CHAIN_COOKIE = 'ass_aircall_chain';

/** Connect: the sync reads and writes statuses, users and webhooks; no narrower scope covers availability (§3). */
export const CONNECT_SCOPE = 'read write';
/** Sign-in: only who the user is (`users/me`). */
export const SIGNIN_SCOPE = 'users:read';

export interface OAuthSettings {
  publicUrl: string;
  clientId: string;
  clientSecret: string;
}

/** The public URL and our Zendesk client, or a clear 503 page naming what to set. */
export function zendeskSettings(ob: Onboarding): OAuthSettings {
  const cfg = ob.deps.config;
  const missing = [
    cfg.publicUrl === undefined && 'PUBLIC_URL',
    cfg.zendeskOAuth === undefined && 'ZENDESK_OAUTH_CLIENT_ID and ZENDESK_OAUTH_CLIENT_SECRET',
  ].filter(Boolean);
  if (missing.length > 0 || !cfg.publicUrl || !cfg.zendeskOAuth)
    throw new OAuthPageError(503, `Zendesk sign-in is not set up on this backend: set ${missing.join(', ')}.`);
  return { publicUrl: cfg.publicUrl, ...cfg.zendeskOAuth };
}

export const zendeskRedirectUri = (publicUrl: string) => `${publicUrl}${OAUTH_ROUTES.zendeskCallback}`;

/** `GET /oauth/zendesk/start?subdomain=SUB[&purpose=signin]` → 302 to `{Zendesk}/oauth/authorizations/new`. */
export async function zendeskStart(ob: Onboarding, req: OnboardingRequest): Promise<OnboardingAnswer> {
  const settings = zendeskSettings(ob);
  const subdomain = parseSubdomain(req.query.get('subdomain'));
  if (!subdomain) throw new OAuthPageError(400, 'Give your Zendesk subdomain (the SUB of SUB.zendesk.com): letters, digits and hyphens.');
  const rawPurpose = req.query.get('purpose');
  if (rawPurpose !== null && rawPurpose !== 'signin' && rawPurpose !== 'connect') throw new OAuthPageError(400, 'purpose must be signin or connect.');
  const purpose: ZendeskOAuthPurpose = rawPurpose === 'signin' ? 'signin' : 'connect';
  const now = ob.deps.now();

  const { verifier, challenge } = pkcePair();
  const state = randomToken();
  const nonce = randomToken();
  const chain = req.cookies[AIRCALL_CHAIN_COOKIE];
  const linksAircall = purpose === 'connect' && isRandomToken(chain) && (await ob.store.hasPendingAircall(chain, now));
  const flow: OAuthFlow = {
    kind: 'zendesk',
    purpose,
    subdomain,
    verifier,
    browser: lookupKey(nonce),
    ...(linksAircall && { aircallChain: lookupKey(chain) }),
  };
  await ob.store.putFlow(state, flow, now);

  const url = new URL(`${zendeskBaseUrl(ob.deps.config, subdomain)}/oauth/authorizations/new`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: zendeskRedirectUri(settings.publicUrl),
    scope: purpose === 'connect' ? CONNECT_SCOPE : SIGNIN_SCOPE,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  ob.deps.log.info('zendesk oauth started', { subdomain, purpose, linksAircall });
  return redirect(url.toString(), [flowCookie(FLOW_COOKIE, nonce, settings.publicUrl, FLOW_TTL_MS / 1000)]);
}

/**
 * Takes the flow a callback's `state` names (once), checks it was started in this browser (the start's cookie must
 * come back), and claims the code (a replay is refused). Throws `OAuthPageError` 400 for anything wrong; nothing is
 * created before this passes.
 */
export async function takeCallbackFlow<K extends OAuthFlow['kind']>(
  ob: Onboarding,
  req: OnboardingRequest,
  kind: K,
  provider: 'zendesk' | 'aircall',
): Promise<{ flow: Extract<OAuthFlow, { kind: K }>; code: string }> {
  const now = ob.deps.now();
  const state = req.query.get('state');
  const providerError = req.query.get('error');
  if (!isRandomToken(state)) throw new OAuthPageError(400, 'This sign-in answer has no valid state: start again from the console.');
  const taken = await ob.store.takeFlow(state, now);
  if (!taken) throw new OAuthPageError(400, 'This sign-in link is unknown or was already used: start again from the console.');
  if ('expired' in taken) throw new OAuthPageError(400, 'This sign-in took longer than 10 minutes and expired: start again from the console.');
  if (taken.flow.kind !== kind) throw new OAuthPageError(400, 'This sign-in answer does not belong to this flow: start again from the console.');
  const flow = taken.flow as Extract<OAuthFlow, { kind: K }>;
  const browser = 'browser' in flow ? flow.browser : undefined;
  const nonce = req.cookies[FLOW_COOKIE];
  // The cookie binds the state to the browser that started it: a callback without it, or with another, is refused
  // (the fuzz suite found a state and code from another browser, sent with no cookie, signing that browser in as
  // someone else: login CSRF). The start and the callback are both top-level pages of our origin in the same popup,
  // so the cookie is first-party there. An install started in Aircall is held for this browser's Zendesk sign-in too.
  if (browser !== undefined && (nonce === undefined || lookupKey(nonce) !== browser)) {
    throw new OAuthPageError(400, 'This sign-in was started in another browser window: start again from the console.');
  }
  if (providerError !== null) {
    const code = /^[a-z_]{1,40}$/.test(providerError) ? providerError : 'error';
    throw new OAuthPageError(
      400,
      code === 'access_denied' ? 'Access was denied: nothing was connected.' : `The sign-in was refused (${code}): nothing was connected.`,
    );
  }
  const code = req.query.get('code');
  if (code === null || code.length === 0 || code.length > 1024 || !/^[\x21-\x7e]+$/.test(code))
    throw new OAuthPageError(400, 'This sign-in answer carries no valid code: start again.');
  if (!(await ob.store.claimCode(provider, code, now)))
    throw new OAuthPageError(400, 'This authorization code was already used: start again from the console.');
  return { flow, code };
}

/**
 * The browser cap (security/browser-cap.ts) on the provider calls one callback makes, per subdomain (Zendesk) or
 * account (Aircall): anyone can start flows, so callbacks, not sessions, are what must be bounded. Refused as a 429 page.
 */
export async function takeCallbackCalls(ob: Onboarding, side: 'zendesk' | 'aircall', key: string): Promise<void> {
  try {
    await takeBrowserCall(ob.deps.store, side, `oauth:${key}`, ob.deps.now(), OAUTH_CALLBACKS_PER_MINUTE);
  } catch (error) {
    if (error instanceof BrowserCallCapError)
      throw new OAuthPageError(429, 'Too many sign-ins for this Zendesk or Aircall account just now: wait a minute and start again.');
    throw error;
  }
}

/** `GET /oauth/zendesk/callback?code&state`: exchange, check the admin, connect or sign in, hand over the session. */
export async function zendeskCallback(ob: Onboarding, req: OnboardingRequest): Promise<OnboardingAnswer> {
  const settings = zendeskSettings(ob);
  const { deps } = ob;
  const { flow, code } = await takeCallbackFlow(ob, req, 'zendesk', 'zendesk');
  await takeCallbackCalls(ob, 'zendesk', flow.subdomain);
  const connect = flow.purpose === 'connect';

  const grant = await providerCall(() =>
    exchangeZendeskCode(deps.config, settings, {
      subdomain: flow.subdomain,
      code,
      verifier: flow.verifier,
      redirectUri: zendeskRedirectUri(settings.publicUrl),
      scope: connect ? CONNECT_SCOPE : SIGNIN_SCOPE,
      accessTtlSeconds: connect ? ZENDESK_ACCESS_TTL_SECONDS : ZENDESK_SIGNIN_TTL_SECONDS,
      ...(connect && { refreshTtlSeconds: ZENDESK_REFRESH_TTL_SECONDS }),
    }),
  );
  const zendesk = createZendeskClient({
    subdomain: flow.subdomain,
    baseUrl: zendeskBaseUrl(deps.config, flow.subdomain),
    auth: { kind: 'oauth', accessToken: grant.accessToken },
    maxRetries: 1,
  });
  const me = await providerCall(() => zendesk.me());
  if (me.role !== 'admin') {
    deps.log.info('zendesk oauth refused: not an admin', { subdomain: flow.subdomain, userId: me.id, role: me.role ?? null });
    // Connect's token could act for this user: revoked at once (sign-in's scope cannot read its own id; it lives 5 minutes).
    if (connect) await revokeQuietly(ob, zendesk);
    throw new OAuthPageError(
      403,
      `Only a Zendesk admin can ${connect ? 'connect Zendesk' : 'open the admin console'}. You are signed in as ${me.role ?? 'a user'}.`,
    );
  }
  const now = deps.now();
  const account = connect ? await connectAccount(ob, flow, grant, zendesk, me, now) : await signedInAccount(ob, flow.subdomain);
  let aircallLinked = false;
  if (connect && flow.aircallChain) aircallLinked = await linkPendingAircall(ob, account, flow.aircallChain, me, now);

  const session = await deps.sessions.issue(
    { kind: 'admin', accountId: account.id, userId: me.id, ...(me.email && { email: me.email }), ...(me.name && { name: me.name }) },
    now,
  );
  deps.log.info('admin signed in', { account: account.id, userId: me.id, purpose: flow.purpose, aircallLinked });
  if (connect)
    await runSteps(ob, account, undefined, now).catch((error: Error) =>
      deps.log.warn('onboarding steps failed after connect', { account: account.id, error: error.message }),
    );

  const message: AdminSessionMessage = { type: ADMIN_SESSION_MESSAGE, token: session.token, expiresAt: session.expiresAt, accountId: account.id };
  const done = connect ? `Zendesk${aircallLinked ? ' and Aircall are' : ' is'} connected for ${flow.subdomain}.` : `Signed in to ${flow.subdomain}.`;
  const cookies = [
    flowCookie(FLOW_COOKIE, '', settings.publicUrl, 0),
    ...(flow.aircallChain ? [flowCookie(AIRCALL_CHAIN_COOKIE, '', settings.publicUrl, 0)] : []),
  ];
  return handoverPage(settings.publicUrl, done, message, cookies);
}

/** The page that posts a message to the console that opened the popup, then closes; without an opener it just says so. */
export function handoverPage(publicUrl: string, text: string, message: object, cookies?: string[]): OnboardingAnswer {
  const origin = new URL(publicUrl).origin;
  const script = `(function(){var m=${scriptJson(message)};var o=${scriptJson(origin)};
if(window.opener&&!window.opener.closed){window.opener.postMessage(m,o);window.close();}
else{document.getElementById('next').textContent='You can close this window and open Agent Status Sync from your Zendesk apps.';}})();`;
  return page(200, text, '<p id="next">Returning to the console…</p>', script, cookies);
}

async function connectAccount(
  ob: Onboarding,
  flow: Extract<OAuthFlow, { kind: 'zendesk' }>,
  grant: ZendeskGrant,
  zendesk: ReturnType<typeof createZendeskClient>,
  me: ZendeskUser,
  now: number,
): Promise<StoredAccount> {
  const { deps } = ob;
  // The token's id is what disconnect revokes (onboarding.md §3: never `…/tokens/current`).
  const token = await providerCall(() => zendesk.currentToken());
  let account = await accountForSubdomain(deps.store, flow.subdomain);
  if (!account) {
    if (await idTakenByAnother(deps.store, flow.subdomain)) {
      await revokeQuietly(ob, zendesk, token.id);
      throw new OAuthPageError(409, `An account with the id ${flow.subdomain} already serves another Zendesk subdomain: ask the operator to rename it.`);
    }
    await deps.store.putAccount(newConnectedAccount(flow.subdomain), now);
    account = await deps.store.getAccount(flow.subdomain);
    if (!account) throw new Error('the new account could not be read back');
    deps.log.info('account created by connect', { account: account.id });
  }
  const credential: ZendeskCredential = {
    kind: 'oauth',
    accessToken: grant.accessToken,
    ...(grant.refreshToken !== undefined && { refreshToken: grant.refreshToken }),
    ...(grant.expiresIn !== undefined && { expiresAt: now + grant.expiresIn * 1000 }),
    ...(grant.refreshExpiresIn !== undefined && { refreshExpiresAt: now + grant.refreshExpiresIn * 1000 }),
    tokenId: token.id,
    scopes: grant.scopes,
    grantor: { id: me.id, role: 'admin', ...(me.name && { name: me.name }), ...(me.email && { email: me.email }) },
    grantedAt: now,
    version: 0,
  };
  const previous = await deps.credentials.getZendeskCredential(account.id);
  await deps.credentials.putZendeskCredential(account.id, credential);
  // Reconnected after the grant failed for good: one sweep replays what was recorded while sync was paused.
  await onReconnected(deps, account.id, previous?.needsReconnect, now);
  await auditConnect(deps, account.id, 'zendesk', 'zendesk_oauth', me.id, now);
  return account;
}

async function signedInAccount(ob: Onboarding, subdomain: string): Promise<StoredAccount> {
  const account = await accountForSubdomain(ob.deps.store, subdomain);
  if (!account) throw new OAuthPageError(404, `Zendesk ${subdomain} is not connected yet: use Connect Zendesk first.`);
  return account;
}

/** Moves an Aircall install that waited for this sign-in onto the account. `false` when it is gone or expired. */
async function linkPendingAircall(ob: Onboarding, account: StoredAccount, chainHash: string, me: ZendeskUser, now: number): Promise<boolean> {
  const { deps } = ob;
  const pending = await ob.store.takePendingAircall(chainHash, now);
  if (!pending) return false;
  const accessToken = await ob.sealer.open(pending.sealedToken, pendingAircallContext(chainHash));
  // The mark only: the replaced secret is never opened (one that no longer opens must not block its replacement).
  const replaced = (await deps.credentials.getReconnectMarks(account.id)).aircall;
  await deps.credentials.putAircallCredential(account.id, {
    kind: 'oauth',
    accessToken,
    grantedAt: now,
    grantor: { id: me.id, role: 'admin', ...(me.email && { email: me.email }) },
    version: 0,
  });
  await onReconnected(deps, account.id, replaced, now);
  await auditConnect(deps, account.id, 'aircall', 'aircall_install', me.id, now);
  return true;
}

async function revokeQuietly(ob: Onboarding, zendesk: ReturnType<typeof createZendeskClient>, tokenId?: string): Promise<void> {
  try {
    await zendesk.revokeToken(tokenId ?? (await zendesk.currentToken()).id);
  } catch (error) {
    ob.deps.log.warn('could not revoke a refused grant', { error: (error as Error).name });
  }
}

/** A provider call: a refusal becomes a 400 page, a failure a 502 page (both credential-free). */
export async function providerCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ProviderRefusedError) throw new OAuthPageError(400, `${error.message}: start again from the console.`);
    if (error instanceof ProviderUnavailableError) throw new OAuthPageError(502, `${error.message}. Nothing was connected; try again in a moment.`);
    if (error instanceof OAuthPageError) throw error;
    throw new OAuthPageError(502, `The provider could not be asked (${(error as Error).name}). Nothing was connected; try again in a moment.`);
  }
}
