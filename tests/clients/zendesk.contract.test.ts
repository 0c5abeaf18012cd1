// Contract: the Zendesk client against the Zendesk sandbox (agents, statuses, availabilities, webhooks, auth, limits, faults).
import { idForDefaultStatus } from '../../shared/zendesk/vocabulary';
import { AuthError, NotFoundError, RateLimitedError, ServerError, TimeoutError } from '../../lambdas/http/errors';
import type { RetryEvent } from '../../lambdas/http/request';
import { createZendeskClient, type ZendeskClientOptions } from '../../lambdas/zendesk/client';
import { SANDBOX_APP_ID, demoZendeskAgents, startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';
import { FakeClock } from './fake-clock';

const ADMIN_TOKEN = 'contract-admin-token-SECRET';
const AGENT_TOKEN = 'contract-agent-token-SECRET';
const T0 = 1_750_000_020_000; // aligned on a minute, as the sandbox's rate windows are

let sandbox: ZendeskSandbox;
let clock: FakeClock;

beforeEach(async () => {
  clock = new FakeClock(T0);
  sandbox = await startZendeskSandbox({
    agents: demoZendeskAgents(120),
    oauthTokens: [ADMIN_TOKEN, { token: AGENT_TOKEN, email: 'agent01@example.com' }],
    apiTokens: [{ email: 'admin@example.com', token: 'legacy-api-token' }],
    now: () => clock.now(),
  });
});
afterEach(() => sandbox.close());

function client(overrides: Partial<ZendeskClientOptions> = {}) {
  return createZendeskClient({
    subdomain: 'sandbox',
    baseUrl: sandbox.url,
    auth: { kind: 'oauth', accessToken: ADMIN_TOKEN },
    now: () => clock.now(),
    sleep: async () => {},
    ...overrides,
  });
}

const agentId = (email: string) => String(sandbox.agent(email)?.id);

describe('Zendesk client ⇄ sandbox', () => {
  it('lists agents and admins only, across cursor pages of 100', async () => {
    const agents = await client().listAgents();

    expect(agents).toHaveLength(121);
    expect(agents.map((a) => a.role).sort()).toEqual([...Array(120).fill('agent'), 'admin'].sort());
    expect(agents.every((a) => typeof a.id === 'string')).toBe(true);
    expect(agents.some((a) => a.email.startsWith('customer'))).toBe(false);
    expect(sandbox.requests({ pathPrefix: '/api/v2/users' })).toHaveLength(2);
  });

  it('finds a user by email whatever the letter case; unknown is undefined', async () => {
    const zendesk = client();
    expect(await zendesk.searchUserByEmail('AGENT03@example.com')).toMatchObject({ email: 'Agent03@Example.com', role: 'agent' });
    expect(await zendesk.searchUserByEmail('nobody@example.com')).toBeUndefined();
  });

  it('reads the account’s own status ids, defaults and custom', async () => {
    const catalog = await client().listStatuses();

    expect(idForDefaultStatus(catalog, 'online')).toBe(String(sandbox.statusId('online')));
    expect(idForDefaultStatus(catalog, 'transfers_only')).toBe(String(sandbox.statusId('transfers_only')));
    expect(catalog.entries).toContainEqual({ id: '36', name: 'In a meeting', status: { kind: 'custom', id: '36', name: 'In a meeting' } });
  });

  it('sets the unified status and reads it back', async () => {
    const zendesk = client();
    const id = agentId('agent02@example.com');
    const online = idForDefaultStatus(await zendesk.listStatuses(), 'online') ?? '';
    const before = await zendesk.getAvailability(id);

    await zendesk.setUnifiedStatus(id, online);
    const after = await zendesk.getAvailability(id);

    expect(after).toMatchObject({ agentId: id, statusId: online, statusName: 'online', reason: 'PUBLIC_API' });
    expect(after?.version).toBeGreaterThan(before?.version ?? Infinity);
    expect(sandbox.agent(id)?.status.id).toBe(Number(online));
  });

  it.each([
    ['id', 'id'],
    ['jsonapi', 'jsonapi'],
  ] as const)('sends the %s body to a sandbox that only accepts %s (§6.2)', async (clientShape, sandboxShape) => {
    sandbox.setStatusBodyShape(sandboxShape);
    const away = String(sandbox.statusId('away'));
    await client({ statusBodyShape: clientShape }).setUnifiedStatus(agentId('agent04@example.com'), away);
    expect(sandbox.agent('agent04@example.com')?.status.id).toBe(Number(away));
  });

  it('gets a 422 ClientError for a status that does not exist, with either body shape tried once (nothing learned)', async () => {
    const zendesk = client({ statusBodyShape: 'id' });
    const err = await zendesk.setUnifiedStatus(agentId('agent04@example.com'), '999999').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ShapesExhaustedError', retryable: false });
    expect(sandbox.requests({ methods: ['PUT'] })).toHaveLength(2);
    expect((await zendesk.learned()).shapes).toEqual({});
  });

  it('lists every availability across cursor pages; unknown agent is undefined', async () => {
    const zendesk = client();
    const all = await zendesk.listAvailabilities();

    expect(all.map((a) => a.agentId).sort()).toEqual(
      sandbox
        .agents()
        .map((a) => String(a.id))
        .sort(),
    );
    expect(all.every((a) => a.statusId !== undefined && Number.isInteger(a.version))).toBe(true);
    expect(sandbox.requests({ pathPrefix: '/api/v2/agent_availabilities' })).toHaveLength(2);
    expect(await zendesk.getAvailability('999999')).toBeUndefined();
  });

  it('creates a webhook, reads its signing secret and deletes it', async () => {
    const zendesk = client();

    const hook = await zendesk.createWebhook({ name: 'aircall-sync agent status', endpoint: 'https://sync.example.org/webhooks/zendesk' });
    const secret = await zendesk.getSigningSecret(hook.id);

    expect(hook).toMatchObject({ status: 'active', subscriptions: ['zen:event-type:agent.unified_state_changed'] });
    expect(sandbox.webhooks()).toHaveLength(1);
    expect(sandbox.webhooks()[0]).toMatchObject({ id: hook.id, http_method: 'POST', request_format: 'json', secret });
    expect(await zendesk.deleteWebhook(hook.id)).toBe(true);
    expect(await zendesk.deleteWebhook(hook.id)).toBe(false);
    expect(sandbox.webhooks()).toEqual([]);
  });

  it('reads one user by id with role, email and name; unknown is undefined', async () => {
    const zendesk = client();
    const id = agentId('agent04@example.com');

    expect(await zendesk.getUser(id)).toEqual({
      id,
      email: sandbox.agent(id)?.email,
      name: sandbox.agent(id)?.name,
      role: 'agent',
      active: true,
      suspended: false,
    });
    expect(await zendesk.getUser('999999')).toBeUndefined();
    expect(sandbox.requests({ pathPrefix: '/api/v2/users/' }).map((r) => r.path)).toEqual([`/api/v2/users/${id}`, '/api/v2/users/999999']);
  });

  it("reads the app's public key as PEM text (signedUrls); an unknown app is NotFoundError", async () => {
    const zendesk = client();
    expect(await zendesk.getAppPublicKey(String(SANDBOX_APP_ID))).toBe(sandbox.appPublicKey());
    await expect(zendesk.getAppPublicKey('424242')).rejects.toBeInstanceOf(NotFoundError);
    await expect(zendesk.getAppPublicKey('')).rejects.toThrow(/app id/);
  });

  it('lists every webhook with its endpoint, status and subscriptions', async () => {
    const zendesk = client();
    const first = await zendesk.createWebhook({ name: 'status', endpoint: 'https://sync.example.org/webhooks/zendesk/acme' });
    const second = await zendesk.createWebhook({ name: 'users', endpoint: 'https://sync.example.org/w2', subscriptions: ['zen:event-type:user.created'] });

    const hooks = await zendesk.listWebhooks();

    expect(hooks.map((h) => h.id).sort()).toEqual([first.id, second.id].sort());
    expect(hooks.find((h) => h.id === first.id)).toEqual({
      id: first.id,
      name: 'status',
      endpoint: 'https://sync.example.org/webhooks/zendesk/acme',
      status: 'active',
      subscriptions: ['zen:event-type:agent.unified_state_changed'],
    });
    expect(hooks.find((h) => h.id === second.id)?.subscriptions).toEqual(['zen:event-type:user.created']);
  });

  it('lists app installations with their settings and enabled flag, never a secure setting', async () => {
    const first = sandbox.install({
      settings: { syncDirection: 'zendesk_to_aircall', keepInStep: true },
      secure_settings: { sharedSecret: 'secure-SECRET' },
    });
    const second = sandbox.install({ app_id: 99, settings: { other: true }, enabled: false });

    const installations = await client().listInstallations();

    expect(installations).toEqual([
      {
        id: String(first.id),
        appId: String(first.app_id),
        enabled: true,
        settings: expect.objectContaining({ syncDirection: 'zendesk_to_aircall', keepInStep: true }),
      },
      { id: String(second.id), appId: '99', enabled: false, settings: expect.objectContaining({ other: true }) },
    ]);
    expect(JSON.stringify(installations)).not.toContain('secure-SECRET');
    expect(sandbox.requests({ pathPrefix: '/api/v2/apps' })).toHaveLength(1);
  });

  it.each(['bare', 'wrapped'] as const)('reads one installation answered %s; an uninstalled one is undefined', async (shape) => {
    await fetch(`${sandbox.url}/_sandbox/config`, { method: 'PUT', body: JSON.stringify({ installationResponseShape: shape }) });
    const installed = sandbox.install({ settings: { syncDirection: 'off' } });
    const zendesk = client();

    expect(await zendesk.getInstallation(String(installed.id))).toEqual({
      id: String(installed.id),
      appId: String(installed.app_id),
      enabled: true,
      settings: expect.objectContaining({ syncDirection: 'off' }),
    });
    sandbox.uninstall(installed.id);
    expect(await zendesk.getInstallation(String(installed.id))).toBeUndefined();
  });

  it('surfaces a non-admin reading installations as a 403 AuthError', async () => {
    sandbox.install({ settings: { syncDirection: 'off' } });
    const error = await client({ auth: { kind: 'oauth', accessToken: AGENT_TOKEN } })
      .listInstallations()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 403 });
  });

  it('accepts the legacy API token', async () => {
    const zendesk = client({ auth: { kind: 'api_token', email: 'admin@example.com', apiToken: 'legacy-api-token' } });
    expect((await zendesk.listStatuses()).entries.length).toBeGreaterThan(0);
  });

  it('surfaces an unknown token as 401 and a non-admin as 403 AuthError', async () => {
    const unknown = await client({ auth: { kind: 'oauth', accessToken: 'revoked-token-SECRET' } })
      .listAgents()
      .catch((e: unknown) => e);
    const agent = await client({ auth: { kind: 'oauth', accessToken: AGENT_TOKEN } })
      .listAvailabilities()
      .catch((e: unknown) => e);

    expect(unknown).toBeInstanceOf(AuthError);
    expect(unknown).toMatchObject({ status: 401, system: 'zendesk' });
    expect(agent).toBeInstanceOf(AuthError);
    expect(agent).toMatchObject({ status: 403 });
    expect((agent as Error).message).toMatch(/admin/);
    const text = JSON.stringify([unknown, agent]) + String(unknown) + String(agent);
    expect(text).not.toContain('revoked-token-SECRET');
    expect(text).not.toContain(AGENT_TOKEN);
  });

  describe('rate limit', () => {
    it('honours Retry-After on scheduled 429s', async () => {
      sandbox.setRateLimit({ everyN: 2, retryAfterSeconds: 3 });
      const sleeps: number[] = [];
      const zendesk = client({
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      });

      for (let i = 0; i < 3; i++) await zendesk.searchUserByEmail('agent01@example.com');

      expect(sleeps).toEqual([3000, 3000]);
      expect(sandbox.requests().map((r) => r.status)).toEqual([200, 429, 200, 429, 200]);
    });

    it('waits for the window after the per-minute limit, per Retry-After', async () => {
      sandbox.setRateLimit({ limit: 2 });
      await clock.advance(50_000); // 10 s left in this window
      const sleeps: number[] = [];
      const zendesk = client({
        sleep: async (ms) => {
          sleeps.push(ms);
          await clock.advance(ms);
        },
      });

      for (let i = 0; i < 3; i++) await zendesk.searchUserByEmail('agent01@example.com');

      expect(sleeps).toEqual([10_000]);
    });

    it('throws RateLimitedError past maxRateLimitWaitMs', async () => {
      sandbox.setRateLimit({ everyN: 1, retryAfterSeconds: 20 });
      const err = await client({ maxRateLimitWaitMs: 30_000 })
        .listStatuses()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect(err).toMatchObject({ retryAfterMs: 20_000, retryable: true });
      expect(sandbox.requests()).toHaveLength(2);
    });
  });

  describe('faults', () => {
    it('retries through injected 5xx errors', async () => {
      sandbox.setFaults({ errorRate: 0.3 });
      const retries: RetryEvent[] = [];
      const zendesk = client({ maxRetries: 8, onRetry: (e) => retries.push(e) });

      for (let i = 1; i <= 20; i++) await zendesk.getAvailability(agentId(`agent${String(i).padStart(2, '0')}@example.com`));

      expect(retries.length).toBeGreaterThan(0);
      expect(retries.every((r) => r.system === 'zendesk' && r.reason === 'server_error')).toBe(true);
    });

    it('gives up on an outage with a retryable ServerError', async () => {
      sandbox.setFaults({ outage: true });
      const err = await client({ maxRetries: 1 })
        .setUnifiedStatus(agentId('agent01@example.com'), '31')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ServerError);
      expect(err).toMatchObject({ status: 503, retryable: true });
      expect(sandbox.requests()).toHaveLength(2);
    });

    it('times out on injected latency', async () => {
      sandbox.setFaults({ latencyMs: 250 });
      const err = await client({ timeoutMs: 60, maxRetries: 1 })
        .listStatuses()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err).toMatchObject({ system: 'zendesk', timeoutMs: 60 });
    });
  });
});
