// Control routes for onboarding tests under /_sandbox: list and revoke partner OAuth tokens, (de)activate a webhook.
import { bodyObject, control, CONTROL_PREFIX, json, SandboxInputError, type Router } from '../common';
import type { AircallOAuth } from './oauth';
import type { WebhookRegistry } from './webhooks';

/**
 * Adds `GET /_sandbox/oauth/tokens`, `DELETE /_sandbox/oauth/tokens/:id` (revoke one), `POST /_sandbox/oauth/expire`
 * (every token stops working now: Aircall's tokens never expire by themselves, so this is a revocation of all) and
 * `PUT /_sandbox/webhooks/:id/active {active}`.
 */
export function addAircallOAuthControls(router: Router, oauth: AircallOAuth, registry: WebhookRegistry): Router {
  const p = CONTROL_PREFIX;
  return router
    .on('GET', `${p}/oauth/tokens`, () =>
      json(200, {
        tokens: oauth
          .list()
          .map((t) => ({ id: t.id, client: t.clientId, token_prefix: t.token.slice(0, 10), created_at: new Date(t.createdAt).toISOString() })),
      }),
    )
    .on(
      'DELETE',
      `${p}/oauth/tokens/:id`,
      control((req) => {
        if (!/^\d+$/.test(req.params.id ?? '') || !oauth.revoke(Number(req.params.id))) throw new SandboxInputError(`no token ${req.params.id ?? ''}`, 404);
        return json(204);
      }),
    )
    .on('POST', `${p}/oauth/expire`, () => json(200, { expired: oauth.revokeAll() }))
    .on(
      'PUT',
      `${p}/webhooks/:id/active`,
      control((req) => {
        const active = bodyObject(req)?.active;
        if (typeof active !== 'boolean') throw new SandboxInputError('active must be a boolean');
        const record = registry.get(req.params.id ?? '');
        if (!record) throw new SandboxInputError(`no webhook ${req.params.id ?? ''}`, 404);
        // As if switched off in the Dashboard: not an auto-disable, so a later successful delivery does not undo it.
        record.active = active;
        record.autoDisabled = false;
        record.consecutiveFailures = 0;
        return json(200, { webhook: { webhook_id: record.webhook_id, active: record.active } });
      }),
    );
}
