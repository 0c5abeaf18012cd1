// Control routes for onboarding tests under /_sandbox: list, expire and revoke OAuth tokens; (de)activate a webhook.
import { bodyObject, control, json, SandboxInputError, type Router } from '../common';
import type { ZendeskAccount } from './account';
import { invocationLog, invocationView } from './invocations';
import { webhookView } from './webhooks';

/**
 * Adds `GET /_sandbox/oauth/tokens`, `POST /_sandbox/oauth/expire {refresh_tokens?}`, `DELETE /_sandbox/oauth/tokens/:id`,
 * `PUT /_sandbox/webhooks/:id/status {status}` and `GET /_sandbox/webhooks/:id/invocations`.
 */
export function addZendeskOnboardingControls(router: Router, account: ZendeskAccount): Router {
  const p = '/_sandbox';
  return router
    .on('GET', `${p}/oauth/tokens`, () =>
      json(200, {
        tokens: account.auth.listTokens().map((t) => ({
          id: t.id,
          user: account.model.findUser(t.userId)?.email ?? null,
          client: t.clientId,
          scopes: t.scopes,
          // Prefixes only: enough to tell tokens apart in a test, never a usable credential in a log.
          token_prefix: t.token.slice(0, 10),
          expired: t.expiresAt <= account.now(),
          expires_at: Number.isFinite(t.expiresAt) ? new Date(t.expiresAt).toISOString() : null,
          refresh_token_expires_at: t.refreshExpiresAt === undefined ? null : new Date(t.refreshExpiresAt).toISOString(),
        })),
      }),
    )
    .on(
      'POST',
      `${p}/oauth/expire`,
      control((req) => {
        const body = bodyObject(req) ?? {};
        if (body.refresh_tokens !== undefined && typeof body.refresh_tokens !== 'boolean') throw new SandboxInputError('refresh_tokens must be a boolean');
        return json(200, { expired: account.auth.expireAll({ refresh: body.refresh_tokens === true }), refresh_tokens: body.refresh_tokens === true });
      }),
    )
    .on(
      'DELETE',
      `${p}/oauth/tokens/:id`,
      control((req) => {
        if (!/^\d+$/.test(req.params.id ?? '') || !account.auth.revokeToken(Number(req.params.id)))
          throw new SandboxInputError(`no token ${req.params.id ?? ''}`, 404);
        return json(204);
      }),
    )
    .on(
      'PUT',
      `${p}/webhooks/:id/status`,
      control((req) => {
        const status = bodyObject(req)?.status;
        if (status !== 'active' && status !== 'inactive') throw new SandboxInputError('status must be active or inactive');
        const hook = account.webhooks.get(req.params.id ?? '');
        if (!hook) throw new SandboxInputError(`no webhook ${req.params.id ?? ''}`, 404);
        // As if an admin (or Zendesk itself) switched it in Admin Center; the admin is the actor.
        const actor = account.model.listUsers().find((u) => u.role === 'admin')?.id ?? 0;
        const updated = account.webhooks.update(hook.id, { webhook: { status } }, actor, true);
        return json(200, { webhook: webhookView(updated ?? hook) });
      }),
    )
    .on('GET', `${p}/webhooks/:id/invocations`, (req) =>
      json(200, {
        invocations: invocationLog(account)
          .list(req.params.id ?? '')
          .map(invocationView),
      }),
    );
}
