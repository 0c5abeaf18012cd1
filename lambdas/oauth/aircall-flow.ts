// Connect Aircall, hosted (issue 12 "Connect Aircall"; onboarding.md §5): Aircall's Technology Partner OAuth. Two
// starts: the console (`POST /api/admin/aircall/connect` gives a one-time link bound to the account), or the Aircall
// Dashboard's install button (no account known: the token is sealed and held, and the admin is asked to sign in with
// Zendesk, which links the two).
import { auditConnect } from './audit-connect';
import { AIRCALL_CONNECTED_MESSAGE, OAUTH_ROUTES, type AircallConnectedMessage } from '../../shared/console';
import { pendingAircallContext, type Onboarding } from './deps';
import { flowCookie, OAuthPageError, page, redirect, type OnboardingAnswer, type OnboardingRequest } from './http';
import { escapeHtml } from './html';
import { isRandomToken, lookupKey, randomToken } from './pkce';
import { exchangeAircallCode } from './providers';
import { runSteps } from './steps';
import { FLOW_TTL_MS, PENDING_AIRCALL_TTL_MS, type OAuthFlow } from './store';
import { AIRCALL_CHAIN_COOKIE, FLOW_COOKIE, handoverPage, providerCall, takeCallbackCalls, takeCallbackFlow } from './zendesk-flow';
import { aircallSettings } from './aircall-link';
import { onReconnected } from '../credentials/connection';

/** The only scope of Aircall's partner OAuth (aircall-api.md §2.2). */
export const AIRCALL_SCOPE = 'public_api';

export const aircallRedirectUri = (publicUrl: string) => `${publicUrl}${OAUTH_ROUTES.aircallCallback}`;

/** `GET /oauth/aircall/install[?link=…]` → 302 to `{AIRCALL_DASHBOARD_URL}/oauth/authorize`. */
export async function aircallInstall(ob: Onboarding, req: OnboardingRequest): Promise<OnboardingAnswer> {
  const settings = aircallSettings(ob);
  const now = ob.deps.now();
  const link = req.query.get('link');
  let flow: OAuthFlow = { kind: 'aircall' };
  if (link !== null) {
    if (!isRandomToken(link)) throw new OAuthPageError(400, 'This install link is not valid: start again from the console.');
    const taken = await ob.store.takeFlow(link, now);
    if (!taken || 'expired' in taken || taken.flow.kind !== 'aircall_link') {
      throw new OAuthPageError(400, 'This install link is unknown, used or expired: start again from the console.');
    }
    flow = { kind: 'aircall', accountId: taken.flow.accountId, userId: taken.flow.userId };
  }
  const state = randomToken();
  const nonce = randomToken();
  await ob.store.putFlow(state, { ...flow, browser: lookupKey(nonce) }, now);
  const url = new URL(`${ob.deps.config.aircallDashboardUrl}/oauth/authorize`);
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    redirect_uri: aircallRedirectUri(settings.publicUrl),
    response_type: 'code',
    scope: AIRCALL_SCOPE,
    state,
  }).toString();
  ob.deps.log.info('aircall oauth started', { from: flow.accountId ? 'console' : 'aircall', ...(flow.accountId && { account: flow.accountId }) });
  return redirect(url.toString(), [flowCookie(FLOW_COOKIE, nonce, settings.publicUrl, FLOW_TTL_MS / 1000)]);
}

/** `GET /oauth/aircall/callback?code&state`: exchange at `{AIRCALL_API_URL}/v1/oauth/token`, then store or hold. */
export async function aircallCallback(ob: Onboarding, req: OnboardingRequest): Promise<OnboardingAnswer> {
  const settings = aircallSettings(ob);
  const { deps } = ob;
  const { flow, code } = await takeCallbackFlow(ob, req, 'aircall', 'aircall');
  // An install from Aircall's Dashboard names no account yet: those share one budget.
  await takeCallbackCalls(ob, 'aircall', flow.accountId ?? 'dashboard-install');
  const accessToken = await providerCall(() => exchangeAircallCode(deps.config, settings, { code, redirectUri: aircallRedirectUri(settings.publicUrl) }));
  const now = deps.now();
  const clearFlow = flowCookie(FLOW_COOKIE, '', settings.publicUrl, 0);

  if (flow.accountId) {
    const account = await deps.store.getAccount(flow.accountId);
    if (!account) throw new OAuthPageError(404, 'The account this install was started for no longer exists.');
    // The mark only: the replaced secret is never opened (one that no longer opens must not block its replacement).
    const replaced = (await deps.credentials.getReconnectMarks(account.id)).aircall;
    await deps.credentials.putAircallCredential(account.id, {
      kind: 'oauth',
      accessToken,
      grantedAt: now,
      ...(flow.userId && { grantor: { id: flow.userId, role: 'admin' } }),
      version: 0,
    });
    await onReconnected(deps, account.id, replaced, now);
    await auditConnect(deps, account.id, 'aircall', 'aircall_oauth', flow.userId, now);
    deps.log.info('aircall connected by oauth', { account: account.id });
    await runSteps(ob, account, undefined, now).catch((error: Error) =>
      deps.log.warn('onboarding steps failed after connect', { account: account.id, error: error.message }),
    );
    const message: AircallConnectedMessage = { type: AIRCALL_CONNECTED_MESSAGE, accountId: account.id };
    return handoverPage(settings.publicUrl, 'Aircall is connected.', message, [clearFlow]);
  }

  // Started in Aircall: no account yet. The token waits, sealed, for this browser's Zendesk sign-in.
  const chain = randomToken();
  const sealedToken = await ob.sealer.seal(accessToken, pendingAircallContext(lookupKey(chain)));
  await ob.store.putPendingAircall(chain, { sealedToken, createdAt: now }, now);
  deps.log.info('aircall install held until a zendesk sign-in', {});
  const action = `${settings.publicUrl}${OAUTH_ROUTES.zendeskStart}`;
  return page(
    200,
    'Aircall is installed: one more step',
    `<p>Sign in with Zendesk as an admin to link this Aircall company to your Zendesk account. Agent statuses start syncing once both are connected.</p>
<form method="get" action="${escapeHtml(action)}">
  <label>Your Zendesk subdomain <input name="subdomain" required pattern="[A-Za-z0-9-]{1,63}" placeholder="acme" autocomplete="off">.zendesk.com</label>
  <p><button type="submit">Sign in with Zendesk</button></p>
</form>
<p><small>This link waits ${PENDING_AIRCALL_TTL_MS / 60_000} minutes.</small></p>`,
    undefined,
    [clearFlow, flowCookie(AIRCALL_CHAIN_COOKIE, chain, settings.publicUrl, PENDING_AIRCALL_TTL_MS / 1000)],
  );
}
