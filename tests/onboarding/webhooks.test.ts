// Our webhooks on both sides (issue 12): registered once and adopted after, healed by one reconcile sweep (audited),
// re-created when deleted, left alone once disconnected, summarised for the console. Real sandboxes and dynalite.
import { AIRCALL_SUBSCRIBED_EVENTS } from '../../lambdas/aircall/webhook';
import { ACCOUNT_WIDE, type AuditEntry } from '../../lambdas/store/port';
import { disconnectSide } from '../../lambdas/onboarding/disconnect';
import { ensureAircallWebhook, ensureZendeskWebhook, repairWebhooks, webhookHealth, ZENDESK_SUBSCRIPTIONS } from '../../lambdas/onboarding/webhooks';
import { UNIFIED_STATE_CHANGED } from '../../lambdas/zendesk/client';
import { ROUTING_FEATURE_CHANGED } from '../../lambdas/zendesk/routing-event';
import { reply } from '../clients/script-server';
import { ACCOUNT, deactivateAircallWebhook, deactivateZendeskWebhook, scheduledSweep, startWorld, T0, type World } from './webhook-world';

let world: World;
beforeEach(async () => {
  world = await startWorld('onboarding-webhooks');
});
afterEach(() => world.close());

const zendeskUrl = () => `${world.receiver.url}/webhooks/zendesk/${ACCOUNT}`;
const aircallUrl = () => `${world.receiver.url}/webhooks/aircall/${ACCOUNT}`;
const webhookAudit = async (): Promise<AuditEntry[]> =>
  (await world.store.listAudit(ACCOUNT, ACCOUNT_WIDE, { now: world.clock.now + 1, limit: 100 })).filter((e) => e.kind === 'webhook').reverse();
const sweep = () => scheduledSweep(world);

async function connectBoth(): Promise<{ zendeskId: string; aircallId: string }> {
  expect(await ensureZendeskWebhook(world.deps, world.account, T0)).toMatchObject({ step: 'zendesk_webhook', ok: true });
  expect(await ensureAircallWebhook(world.deps, world.account, T0 + 1)).toMatchObject({ step: 'aircall_webhook', ok: true });
  return { zendeskId: world.zendesk.webhooks()[0]!.id, aircallId: world.aircall.webhooks()[0]!.webhook_id };
}

describe('registering our webhooks', () => {
  it('creates one webhook per side on our URL with our events, and stores its secret with its id', async () => {
    const zendesk = await ensureZendeskWebhook(world.deps, world.account, T0);
    const aircall = await ensureAircallWebhook(world.deps, world.account, T0);

    const [zendeskHook] = world.zendesk.webhooks();
    const [aircallHook] = world.aircall.webhooks();
    expect(zendesk).toEqual({ step: 'zendesk_webhook', ok: true, detail: `created webhook ${zendeskHook!.id}` });
    expect(aircall).toEqual({ step: 'aircall_webhook', ok: true, detail: `created webhook ${aircallHook!.webhook_id}` });
    expect(zendeskHook).toMatchObject({
      endpoint: zendeskUrl(),
      status: 'active',
      // The unified status, and the routing switch (issue 14 §3).
      subscriptions: [UNIFIED_STATE_CHANGED, ROUTING_FEATURE_CHANGED],
      http_method: 'POST',
      request_format: 'json',
    });
    expect(aircallHook).toMatchObject({ url: aircallUrl(), active: true, events: [...AIRCALL_SUBSCRIBED_EVENTS] });
    expect(await world.credentials.getWebhookSecret(ACCOUNT, 'zendesk')).toEqual({
      side: 'zendesk',
      webhookId: zendeskHook!.id,
      secret: zendeskHook!.secret,
      updatedAt: T0,
    });
    expect(await world.credentials.getWebhookSecret(ACCOUNT, 'aircall')).toEqual({
      side: 'aircall',
      webhookId: aircallHook!.webhook_id,
      secret: aircallHook!.token,
      updatedAt: T0,
    });
  });

  it('registering twice leaves one webhook per side: the second run adopts it', async () => {
    const first = await connectBoth();
    world.clock.now = T0 + 60_000;
    const zendesk = await ensureZendeskWebhook(world.deps, world.account, world.clock.now);
    const aircall = await ensureAircallWebhook(world.deps, world.account, world.clock.now + 1);

    expect(zendesk.detail).toBe(`adopted webhook ${first.zendeskId}`);
    expect(aircall.detail).toBe(`adopted webhook ${first.aircallId}`);
    expect(world.zendesk.webhooks()).toHaveLength(1);
    expect(world.aircall.webhooks()).toHaveLength(1);
    expect(world.zendesk.requests({ methods: ['POST'], pathPrefix: '/api/v2/webhooks' })).toHaveLength(1);
    expect((await world.credentials.getWebhookSecret(ACCOUNT, 'zendesk'))?.secret).toBe(world.zendesk.webhooks()[0]!.secret);
    expect((await webhookAudit()).map((e) => [e.detail?.side, e.decision])).toEqual([
      ['zendesk', 'created'],
      ['aircall', 'created'],
      ['zendesk', 'adopted'],
      ['aircall', 'adopted'],
    ]);
  });

  it('repairs our inactive webhook rather than adding one, deletes a duplicate on our URL, and leaves another host’s and others’ webhooks alone', async () => {
    const client = world.deps.clients.zendesk(world.account);
    const ours = await client.createWebhook({ name: 'ours', endpoint: zendeskUrl(), subscriptions: ['zen:event-type:agent.state_changed'] });
    await deactivateZendeskWebhook(world, ours.id);
    const duplicate = await client.createWebhook({ name: 'dup', endpoint: `${zendeskUrl()}/` });
    await deactivateZendeskWebhook(world, duplicate.id); // neither is healthy: the oldest is kept
    const staging = await client.createWebhook({ name: 'staging', endpoint: `https://staging.example.org/webhooks/zendesk/${ACCOUNT}` });
    const foreign = await client.createWebhook({ name: 'crm', endpoint: 'https://crm.example.org/hook' });

    const result = await ensureZendeskWebhook(world.deps, world.account, T0);

    expect(result).toEqual({ step: 'zendesk_webhook', ok: true, detail: `repaired webhook ${ours.id}` });
    // In any order: which of them lists first is the sandbox's business, not what this test is about.
    const byId = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(
      world.zendesk
        .webhooks()
        .map((h) => [h.id, h.endpoint, h.status, h.subscriptions])
        .sort(byId),
    ).toEqual(
      [
        [ours.id, zendeskUrl(), 'active', [...ZENDESK_SUBSCRIPTIONS]],
        [staging.id, staging.endpoint, 'active', [UNIFIED_STATE_CHANGED]],
        [foreign.id, 'https://crm.example.org/hook', 'active', [UNIFIED_STATE_CHANGED]],
      ].sort(byId),
    );
    expect((await world.credentials.getWebhookSecret(ACCOUNT, 'zendesk'))?.webhookId).toBe(ours.id);
    expect((await webhookAudit())[0]?.detail).toMatchObject({ side: 'zendesk', webhookId: ours.id, duplicatesDeleted: duplicate.id });
  });

  it('answers a failed step with a clear error and stores nothing', async () => {
    const deps = { ...world.deps, config: { ...world.deps.config, publicUrl: undefined } };
    const result = await ensureAircallWebhook(deps, world.account, T0);

    expect(result).toMatchObject({ step: 'aircall_webhook', ok: false, error: expect.stringContaining('PUBLIC_URL') });
    expect(world.aircall.webhooks()).toEqual([]);
    expect(await world.credentials.getWebhookSecret(ACCOUNT, 'aircall')).toBeUndefined();
  });
});

describe('the sweep heals our webhooks', () => {
  it('re-activates webhooks deactivated in the sandboxes in one sweep (Aircall keeps our events), audited, then leaves them be', async () => {
    const { zendeskId, aircallId } = await connectBoth();
    await deactivateZendeskWebhook(world, zendeskId);
    await deactivateAircallWebhook(world, aircallId);
    expect(world.zendesk.webhooks()[0]?.status).toBe('inactive');
    expect(world.aircall.webhooks()[0]?.active).toBe(false);

    world.clock.now = T0 + 300_000;
    await sweep();

    expect(world.zendesk.webhooks()).toMatchObject([{ id: zendeskId, status: 'active', subscriptions: [...ZENDESK_SUBSCRIPTIONS], endpoint: zendeskUrl() }]);
    expect(world.aircall.webhooks()).toMatchObject([{ webhook_id: aircallId, active: true, events: [...AIRCALL_SUBSCRIBED_EVENTS] }]);
    const repairs = (await webhookAudit()).filter((e) => e.decision === 'reactivated');
    expect(repairs.map((e) => [e.detail?.side, e.detail?.webhookId, e.reason, e.at]).sort()).toEqual([
      ['aircall', aircallId, 'inactive', T0 + 300_000],
      ['zendesk', zendeskId, 'inactive', T0 + 300_000],
    ]);

    world.clock.now = T0 + 600_000;
    await sweep();
    expect(await webhookAudit()).toHaveLength(4); // two created, two reactivated: a healthy webhook is not touched
    expect(world.zendesk.requests({ methods: ['PATCH', 'POST', 'DELETE'], pathPrefix: '/api/v2/webhooks' })).toHaveLength(2);
  });

  it('re-creates a deleted webhook and stores its new secret', async () => {
    const { zendeskId, aircallId } = await connectBoth();
    await world.deps.clients.zendesk(world.account).deleteWebhook(zendeskId);
    await world.deps.clients.aircall(world.account).deleteWebhook(aircallId);

    const repairs = await repairWebhooks(world.deps, world.account, T0 + 1000);

    const [zendeskHook] = world.zendesk.webhooks();
    const [aircallHook] = world.aircall.webhooks();
    expect(repairs).toEqual([
      { side: 'zendesk', action: 'recreated', webhookId: zendeskHook!.id },
      { side: 'aircall', action: 'recreated', webhookId: aircallHook!.webhook_id },
    ]);
    expect(zendeskHook!.id).not.toBe(zendeskId);
    expect(await world.credentials.getWebhookSecret(ACCOUNT, 'zendesk')).toMatchObject({ webhookId: zendeskHook!.id, secret: zendeskHook!.secret });
    expect(await world.credentials.getWebhookSecret(ACCOUNT, 'aircall')).toMatchObject({ webhookId: aircallHook!.webhook_id, secret: aircallHook!.token });
    expect(
      (await webhookAudit())
        .slice(2)
        .map((e) => [e.detail?.side, e.decision, e.reason])
        .sort(),
    ).toEqual([
      ['aircall', 'created', 'webhook missing'],
      ['zendesk', 'created', 'webhook missing'],
    ]);
  });

  it('does not bring back the webhook of a disconnected side', async () => {
    await connectBoth();
    await disconnectSide(world.deps, world.account, 'aircall', T0 + 1000);

    const repairs = await repairWebhooks(world.deps, world.account, T0 + 2000);

    expect(repairs).toEqual([
      { side: 'zendesk', action: 'healthy', webhookId: world.zendesk.webhooks()[0]!.id },
      { side: 'aircall', action: 'skipped', detail: 'aircall is not connected' },
    ]);
    expect(world.aircall.webhooks()).toEqual([]);
  });
});

describe('the console’s webhook health', () => {
  it('reports active, last delivery and failures from Zendesk’s invocations', async () => {
    const { zendeskId, aircallId } = await connectBoth();
    // The first status change fails every attempt (the first and Zendesk's 2 retries); the second is delivered.
    const fail = reply(500, {});
    world.receiver.script(fail, fail, fail);
    world.zendesk.setStatus('agent01@example.com', 'online');
    await world.zendesk.idle();
    world.zendesk.setStatus('agent02@example.com', 'online');
    await world.zendesk.idle();
    await deactivateAircallWebhook(world, aircallId);

    const health = await webhookHealth(world.deps, world.account, T0 + 5000);

    expect(health.zendesk).toMatchObject({
      side: 'zendesk',
      registered: true,
      active: true,
      webhookId: zendeskId,
      url: zendeskUrl(),
      lastDeliveryStatus: 'success',
      checkedAt: T0 + 5000,
    });
    expect(health.zendesk.failures).toBe(1);
    expect(health.zendesk.lastDeliveryAt).toEqual(expect.any(Number));
    expect(health.aircall).toMatchObject({ side: 'aircall', registered: true, active: false, webhookId: aircallId, url: aircallUrl() });
    expect(health.aircall.error).toBeUndefined();
  });

  it('reports an unregistered side without calling it', async () => {
    const health = await webhookHealth(world.deps, world.account, T0);
    expect(health.aircall).toEqual({ side: 'aircall', registered: false, url: aircallUrl() });
    expect(world.aircall.requests()).toEqual([]);
  });
});
