// The Zendesk sandbox's own control routes under /_sandbox (the shared ones come from ../common).
import { bodyObject, control, json, SandboxInputError, type Router, type SandboxHandler } from '../common';
import type { InstallationResponseShape, StatusBodyShape, ZendeskAccount } from './account';
import { installationControlView } from './installations';
import { isStatusReason, ZendeskModelError, type StatusReason, type ZendeskCustomStatusSeed, type ZendeskUserSeed } from './model';
import { statusView, userView } from './views';
import { webhookView } from './webhooks';
import { configureApiVariants } from './variants';
import { signedUrlRequest, signedUrlsOf } from './signed-urls';
import { routingOf, setRouting, setTalkStateAsAgent } from './routing';

/**
 * Adds `/_sandbox/agents`, `/_sandbox/statuses`, `/_sandbox/webhooks`, `/_sandbox/installations`, `/_sandbox/rate-limit`,
 * `/_sandbox/config`, `/_sandbox/oauth/codes`, `/_sandbox/routing`, `/_sandbox/agents/{id}/talk_state`.
 */
export function addZendeskControlRoutes(router: Router, account: ZendeskAccount, serverUrl: () => string): Router {
  const p = '/_sandbox';
  return (
    router
      .on('GET', `${p}/info`, () =>
        json(200, {
          url: serverUrl(),
          subdomain: account.settings.subdomain,
          account_id: account.settings.accountId,
          status_body_shape: account.statusBodyShape,
          statuses: Object.fromEntries([...account.model.catalog().default, ...account.model.catalog().custom].map((s) => [s.name, s.id])),
        }),
      )
      .on('GET', `${p}/agents`, () => json(200, { agents: account.agentStates() }))
      .on('GET', `${p}/users`, () => json(200, { users: account.model.listUsers().map((u) => userView(u, serverUrl())) }))
      .on(
        'POST',
        `${p}/agents`,
        zcontrol((req) => {
          const body = requireBody(bodyObject(req));
          const user = account.model.addUser(body as unknown as ZendeskUserSeed);
          return json(201, user.role === 'end-user' ? { user: userView(user, serverUrl()) } : { agent: account.agentState(user.id) });
        }),
      )
      .on(
        'GET',
        `${p}/agents/:id`,
        zcontrol((req) => {
          const user = account.findUser(req.params.id ?? '');
          const state = user ? account.agentState(user.id) : undefined;
          if (!state) throw new ZendeskModelError('not_found', `no agent ${req.params.id ?? ''}`);
          return json(200, { agent: state });
        }),
      )
      .on(
        'PUT',
        `${p}/agents/:id/status`,
        zcontrol((req) => {
          const body = requireBody(bodyObject(req));
          const status = body.status_id ?? body.status;
          if (typeof status !== 'number' && typeof status !== 'string') throw new SandboxInputError('status_id (number) or status (name) is required');
          const reason = body.reason ?? 'AGENT_STATUS_SWITCHER';
          if (!isStatusReason(reason)) throw new SandboxInputError('reason must be one of the documented agent status reasons (zendesk-api.md §4.3)');
          return json(200, { agent: account.setStatus(req.params.id ?? '', status, reason as StatusReason) });
        }),
      )
      // Issue 14 §3: omnichannel routing on or off (routing.ts); a flip sends omnichannel_routing_feature_changed.
      .on('GET', `${p}/routing`, () => json(200, { omnichannel_routing: routingOf(account).enabled }))
      .on(
        'PUT',
        `${p}/routing`,
        zcontrol((req) => {
          const enabled = requireBody(bodyObject(req)).omnichannel_routing;
          if (typeof enabled !== 'boolean') throw new SandboxInputError('omnichannel_routing (boolean) is required');
          return json(200, { omnichannel_routing: enabled, changed: setRouting(account, enabled) });
        }),
      )
      .on(
        'PUT',
        `${p}/agents/:id/talk_state`,
        zcontrol((req) => {
          setTalkStateAsAgent(account, req.params.id ?? '', requireBody(bodyObject(req)).agent_state);
          return json(200, { agent: account.agentState(account.findUser(req.params.id ?? '')?.id ?? 0) });
        }),
      )
      .on('GET', `${p}/statuses`, () => {
        const catalog = account.model.catalog();
        return json(200, { default: catalog.default.map(statusView), custom: catalog.custom.map(statusView) });
      })
      .on(
        'POST',
        `${p}/statuses`,
        zcontrol((req) => json(201, { status: statusView(account.model.addCustomStatus(requireBody(bodyObject(req)) as unknown as ZendeskCustomStatusSeed)) })),
      )
      .on(
        'DELETE',
        `${p}/statuses/:id`,
        zcontrol((req) => {
          account.removeCustomStatus(Number(req.params.id));
          return json(204);
        }),
      )
      .on('GET', `${p}/webhooks`, () => json(200, { webhooks: account.webhooks.list().map((h) => ({ ...webhookView(h), signing_secret: h.secret })) }))
      // App installations, as an admin manages them in Admin Center › Apps (the control view includes secure settings).
      .on('GET', `${p}/installations`, () => json(200, { installations: account.installations.list().map(installationControlView) }))
      .on(
        'POST',
        `${p}/installations`,
        zcontrol((req) => json(201, { installation: installationControlView(account.installations.create(bodyObject(req))) })),
      )
      .on(
        'PATCH',
        `${p}/installations/:id`,
        zcontrol((req) => json(200, { installation: installationControlView(account.installations.update(installationId(req.params.id), bodyObject(req))) })),
      )
      .on(
        'DELETE',
        `${p}/installations/:id`,
        zcontrol((req) => {
          if (!account.installations.delete(installationId(req.params.id))) throw new ZendeskModelError('not_found', `no installation ${req.params.id ?? ''}`);
          return json(204);
        }),
      )
      // signedUrls (signed-urls.ts): the token Zendesk POSTs to a remote location, for a user loading a location.
      .on(
        'POST',
        `${p}/apps/signed_url_token`,
        zcontrol((req) => {
          const minted = signedUrlsOf(account).mint(signedUrlRequest(requireBody(bodyObject(req))), serverUrl());
          return json(200, { token: minted.token, claims: minted.claims, app_id: minted.appId });
        }),
      )
      .on(
        'POST',
        `${p}/apps/:app_id/rotate_key`,
        zcontrol((req) => {
          if (!/^\d+$/.test(req.params.app_id ?? '')) throw new ZendeskModelError('not_found', `no app ${req.params.app_id ?? ''}`);
          return json(200, { public_key: signedUrlsOf(account).rotate(Number(req.params.app_id)) });
        }),
      )
      .on('GET', `${p}/rate-limit`, () => json(200, { rate_limit: account.rate.current }))
      .on(
        'PUT',
        `${p}/rate-limit`,
        control((req) => {
          const body = requireBody(bodyObject(req));
          const { burst, ...settings } = body;
          // `burst: n` answers the next n API requests 429 through the common fault injector (with our Retry-After).
          const rateLimit = account.rate.configure(settings);
          if (burst !== undefined) account.core.faults.configure({ burst429: burst });
          return json(200, { rate_limit: rateLimit, burst429: account.core.faults.settings.burst429 });
        }),
      )
      .on('DELETE', `${p}/rate-limit`, () => {
        account.rate.reset();
        return json(204);
      })
      .on(
        'PUT',
        `${p}/config`,
        control((req) => {
          const body = requireBody(bodyObject(req));
          if (body.statusBodyShape !== undefined) account.statusBodyShape = statusBodyShape(body.statusBodyShape);
          if (body.installationResponseShape !== undefined) account.installationResponseShape = installationResponseShape(body.installationResponseShape);
          const variants = configureApiVariants(account.variants, body);
          const forms = signedUrlsOf(account).configure(body);
          return json(200, { statusBodyShape: account.statusBodyShape, installationResponseShape: account.installationResponseShape, ...variants, ...forms });
        }),
      )
      .on(
        'POST',
        `${p}/oauth/codes`,
        control((req) => {
          const body = requireBody(bodyObject(req));
          const text = (name: string) => {
            const value = body[name];
            if (value !== undefined && typeof value !== 'string') throw new SandboxInputError(`${name} must be a string`);
            return value;
          };
          const clientId = text('client_id');
          if (clientId === undefined) throw new SandboxInputError('client_id is required');
          const method = text('code_challenge_method');
          if (method !== undefined && method !== 'S256' && method !== 'plain') throw new SandboxInputError('code_challenge_method must be S256 or plain');
          const code = account.auth.issueCode({
            clientId,
            email: text('email'),
            scope: text('scope'),
            redirectUri: text('redirect_uri'),
            codeChallenge: text('code_challenge'),
            codeChallengeMethod: method,
          });
          if (!code) throw new SandboxInputError('unknown client_id or email');
          return json(201, { code });
        }),
      )
  );
}

/** Validates a `statusBodyShape` value. */
export function statusBodyShape(value: unknown): StatusBodyShape {
  if (value === 'both' || value === 'id' || value === 'jsonapi') return value;
  throw new SandboxInputError('statusBodyShape must be both, id or jsonapi');
}

/** Validates an `installationResponseShape` value. */
export function installationResponseShape(value: unknown): InstallationResponseShape {
  if (value === 'bare' || value === 'wrapped') return value;
  throw new SandboxInputError('installationResponseShape must be bare or wrapped');
}

function installationId(raw: string | undefined): number {
  if (!/^\d+$/.test(raw ?? '')) throw new ZendeskModelError('not_found', `no installation ${raw ?? ''}`);
  return Number(raw);
}

// Model refusals become 404 (unknown agent or status), 409 (duplicate) or 400 (bad value).
function zcontrol(handler: SandboxHandler): SandboxHandler {
  return control(async (req) => {
    try {
      return await handler(req);
    } catch (error) {
      if (!(error instanceof ZendeskModelError)) throw error;
      const status = error.code === 'not_found' ? 404 : error.code === 'conflict' ? 409 : 400;
      return json(status, { error: error.message });
    }
  });
}

function requireBody(body: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!body) throw new SandboxInputError('the body must be a JSON object');
  return body;
}
