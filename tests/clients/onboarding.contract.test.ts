// Contract: the clients' onboarding calls (issue 12) against both sandboxes: webhooks read, patched and re-enabled,
// invocations, the current OAuth token and its revocation by id, users/me, ping.
import { createAircallClient } from '../../lambdas/aircall/client';
import { clearRateBudgets } from '../../lambdas/aircall/rate-budget';
import { AuthError, InvalidInputError } from '../../lambdas/http/errors';
import { createZendeskClient } from '../../lambdas/zendesk/client';
import { demoAircallUsers, startAircallSandbox, type AircallSandbox } from '../../local/sandbox/aircall';
import { demoZendeskAgents, startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';
import { reply, startScriptServer, type ScriptServer } from './script-server';

const ADMIN_TOKEN = 'onboarding-admin-token-SECRET';
const SECOND_TOKEN = 'onboarding-second-token-SECRET';
const AGENT_TOKEN = 'onboarding-agent-token-SECRET';
const UNIFIED = 'zen:event-type:agent.unified_state_changed';

describe('Zendesk onboarding calls ⇄ sandbox', () => {
  let sandbox: ZendeskSandbox;
  let receiver: ScriptServer;
  beforeEach(async () => {
    sandbox = await startZendeskSandbox({
      agents: demoZendeskAgents(3),
      oauthTokens: [ADMIN_TOKEN, SECOND_TOKEN, { token: AGENT_TOKEN, email: 'agent01@example.com' }],
      webhookRetries: 0,
    });
    receiver = await startScriptServer();
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });
  const client = (token = ADMIN_TOKEN) =>
    createZendeskClient({ subdomain: 'sandbox', baseUrl: sandbox.url, auth: { kind: 'oauth', accessToken: token }, sleep: async () => {} });

  it('reads one webhook, patches its status and subscriptions, and says when it is gone', async () => {
    const zendesk = client();
    const hook = await zendesk.createWebhook({ name: 'sync', endpoint: 'https://sync.example.org/webhooks/zendesk/acme' });

    expect(await zendesk.getWebhook(hook.id)).toEqual({ ...hook, status: 'active' });
    expect(await zendesk.updateWebhook(hook.id, { status: 'inactive' })).toBe(true);
    expect(await zendesk.getWebhook(hook.id)).toMatchObject({ status: 'inactive', subscriptions: [UNIFIED], endpoint: hook.endpoint });
    expect(await zendesk.updateWebhook(hook.id, { status: 'active', subscriptions: [UNIFIED, 'zen:event-type:agent.state_changed'] })).toBe(true);
    expect(sandbox.webhooks()[0]).toMatchObject({ status: 'active', subscriptions: [UNIFIED, 'zen:event-type:agent.state_changed'], name: 'sync' });
    expect(sandbox.requests({ pathPrefix: '/api/v2/webhooks/' }).filter((r) => r.method === 'PATCH')).toHaveLength(2);

    await zendesk.deleteWebhook(hook.id);
    expect(await zendesk.getWebhook(hook.id)).toBeUndefined();
    expect(await zendesk.updateWebhook(hook.id, { status: 'active' })).toBe(false);
  });

  it('refuses an update that sends nothing or no subscriptions, before any request', async () => {
    const zendesk = client();
    await expect(zendesk.updateWebhook('01HX', {})).rejects.toBeInstanceOf(InvalidInputError);
    await expect(zendesk.updateWebhook('01HX', { subscriptions: [] })).rejects.toBeInstanceOf(InvalidInputError);
    expect(sandbox.requests({ pathPrefix: '/api/v2/webhooks' })).toEqual([]);
  });

  it('lists a webhook’s invocations newest first, failures included', async () => {
    receiver.script(reply(200, {}), reply(500, {}));
    const zendesk = client();
    const hook = await zendesk.createWebhook({ name: 'sync', endpoint: `${receiver.url}/webhooks/zendesk/acme` });

    sandbox.setStatus('agent01@example.com', 'online');
    await sandbox.idle();
    sandbox.setStatus('agent02@example.com', 'online');
    await sandbox.idle();
    const invocations = await zendesk.recentInvocations(hook.id, { limit: 10 });

    expect(invocations.map((i) => i.status)).toEqual(['server error', 'success']);
    expect(invocations[0]).toMatchObject({ eventType: UNIFIED, attempts: 1 });
    expect(invocations.every((i) => typeof i.latestCompletedAt === 'number' && typeof i.createdAt === 'number')).toBe(true);
    const [request] = sandbox.requests({ pathPrefix: `/api/v2/webhooks/${hook.id}/invocations` });
    expect(request?.query).toMatchObject({ sort: '-latest_completed_at', 'page[size]': '10' });
  });

  it('reads the current token’s id and revokes it by id; the revoked token is refused', async () => {
    const zendesk = client(SECOND_TOKEN);
    const current = await zendesk.currentToken();
    expect(current).toMatchObject({ id: '2', scopes: expect.any(Array) });
    expect(current.expiresAt).toBeUndefined(); // a seeded static token never expires

    expect(await zendesk.revokeToken(current.id)).toBe(true);
    await expect(zendesk.me()).rejects.toBeInstanceOf(AuthError);
    // The admin's own token still works, and the revoked one is gone for it too.
    expect(await client().revokeToken(current.id)).toBe(false);
    expect(sandbox.requests({ pathPrefix: '/api/v2/oauth/tokens' }).some((r) => r.path.endsWith('/current') && r.method === 'DELETE')).toBe(false);
  });

  it('never sends DELETE …/tokens/current, which revokes nothing', async () => {
    await expect(client().revokeToken('current')).rejects.toBeInstanceOf(InvalidInputError);
    expect(sandbox.requests({ pathPrefix: '/api/v2/oauth/tokens' })).toEqual([]);
  });

  it('says who the token acts as, with the role', async () => {
    expect(await client().me()).toMatchObject({ email: 'admin@example.com', role: 'admin' });
    expect(await client(AGENT_TOKEN).me()).toMatchObject({ email: 'agent01@example.com', role: 'agent' });
  });
});

describe('Aircall onboarding calls ⇄ sandbox', () => {
  let sandbox: AircallSandbox;
  beforeEach(async () => {
    sandbox = await startAircallSandbox({ apiId: 'onboarding-id', apiToken: 'onboarding-token-SECRET', users: demoAircallUsers(2), rateLimitPerMinute: 1000 });
  });
  afterEach(async () => {
    await sandbox.close();
    clearRateBudgets();
  });
  const client = (apiToken = 'onboarding-token-SECRET') =>
    createAircallClient({
      apiId: 'onboarding-id',
      apiToken,
      baseUrl: sandbox.url,
      budgetKey: `onboarding-${Math.random()}`,
      rateLimitPerMinute: 1000,
      sleep: async () => {},
    });
  const events = ['user.opened', 'user.closed'];

  it('pings: resolves with the right key, AuthError with a wrong one', async () => {
    await expect(client().ping()).resolves.toBeUndefined();
    await expect(client('wrong').ping()).rejects.toBeInstanceOf(AuthError);
  });

  it('reads one webhook with its token, re-activates it with its events kept, and says when it is gone', async () => {
    const aircall = client();
    const hook = await aircall.createWebhook({ url: 'https://sync.example.org/webhooks/aircall/acme', events, customName: 'sync' });
    await fetch(`${sandbox.url}/_sandbox/webhooks/${hook.webhookId}/active`, { method: 'PUT', body: JSON.stringify({ active: false }) });

    expect(await aircall.getWebhook(hook.webhookId)).toMatchObject({ webhookId: hook.webhookId, active: false, events, token: hook.token });
    const updated = await aircall.updateWebhook(hook.webhookId, { active: true, events });
    expect(updated).toMatchObject({ active: true, events });
    const [put] = sandbox.requests({ pathPrefix: '/v1/webhooks/' }).filter((r) => r.method === 'PUT');
    expect(put?.body).toEqual({ events, active: true });

    await aircall.deleteWebhook(hook.webhookId);
    expect(await aircall.getWebhook(hook.webhookId)).toBeUndefined();
    expect(await aircall.updateWebhook(hook.webhookId, { active: true, events })).toBeUndefined();
  });

  it('refuses an update without events (Aircall would subscribe it to all), before any request', async () => {
    await expect(client().updateWebhook('abc', { active: true, events: [] })).rejects.toBeInstanceOf(InvalidInputError);
    expect(sandbox.requests({ pathPrefix: '/v1/webhooks' })).toEqual([]);
  });
});
