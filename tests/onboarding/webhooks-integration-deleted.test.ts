// Aircall's `integration.deleted` (the admin uninstalled us in Aircall) disconnects the Aircall side, through the real
// receiver: the webhook's token is checked first, the wipe is local (no Aircall call, no credential decrypted).
import { ensureAircallWebhook, ensureZendeskWebhook } from '../../lambdas/onboarding/webhooks';
import { ACCOUNT_WIDE } from '../../lambdas/store/port';
import { AccountCache } from '../../lambdas/sync/accounts';
import { receiveAircallWebhook } from '../../lambdas/sync/receive-aircall';
import { ACCOUNT, startWorld, T0, type World } from './webhook-world';

let world: World;
beforeEach(async () => {
  world = await startWorld('onboarding-integration-deleted');
  expect((await ensureZendeskWebhook(world.deps, world.account, T0)).ok).toBe(true);
  expect((await ensureAircallWebhook(world.deps, world.account, T0)).ok).toBe(true);
});
afterEach(() => world.close());

const uninstall = (token: string, now: number) => ({
  accountId: ACCOUNT,
  isBase64Encoded: false,
  headers: { 'content-type': 'application/json' },
  // aircall-api.md §8.2 envelope; `integration` is one of the documented resources.
  body: JSON.stringify({ resource: 'integration', event: 'integration.deleted', timestamp: Math.floor(now / 1000), token, data: { id: 1 } }),
});

it('disconnects the Aircall side: credential and token wiped, Zendesk untouched, audited, no Aircall call', async () => {
  const token = world.aircall.webhooks()[0]!.token;
  const callsBefore = world.aircall.requests().length;
  world.clock.now = T0 + 60_000;

  const outcome = await receiveAircallWebhook(world.deps, new AccountCache(world.store), uninstall(token, world.clock.now));

  expect(outcome).toEqual({ outcome: 'accepted', detail: 'Aircall side disconnected' });
  expect(await world.credentials.getAircallCredential(ACCOUNT)).toBeUndefined();
  expect(await world.credentials.getWebhookSecret(ACCOUNT, 'aircall')).toBeUndefined();
  expect(await world.credentials.getZendeskCredential(ACCOUNT)).toBeDefined();
  expect(await world.credentials.getWebhookSecret(ACCOUNT, 'zendesk')).toBeDefined();
  expect(world.aircall.requests()).toHaveLength(callsBefore);
  const audit = await world.store.listAudit(ACCOUNT, ACCOUNT_WIDE, { now: world.clock.now + 1, limit: 100 });
  expect(audit.filter((e) => e.kind === 'connection').map((e) => [e.decision, e.reason, e.detail?.side])).toEqual([
    ['disconnected', 'integration.deleted', 'aircall'],
  ]);

  // Its token is gone with it: the next delivery is refused at once (the receiver's cached secret was dropped too).
  world.clock.now += 1000;
  expect((await receiveAircallWebhook(world.deps, new AccountCache(world.store), uninstall(token, world.clock.now))).outcome).toBe('unauthenticated');
});

it('refuses a forged uninstall: nothing is wiped', async () => {
  const outcome = await receiveAircallWebhook(world.deps, new AccountCache(world.store), uninstall('not-the-token', T0 + 1000));

  expect(outcome.outcome).toBe('unauthenticated');
  expect(await world.credentials.getAircallCredential(ACCOUNT)).toBeDefined();
  expect(await world.credentials.getWebhookSecret(ACCOUNT, 'aircall')).toBeDefined();
});
