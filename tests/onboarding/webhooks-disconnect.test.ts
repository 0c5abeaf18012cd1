// Disconnect and uninstall (issue 12): a disconnect leaves no secret behind (the whole table scanned), deletes our
// webhooks and revokes the Zendesk token by id in the sandboxes, ends the sessions, keeps the audit trail; an app
// uninstalled in Zendesk for 24 hours disconnects the account in the sweep, a disabled one does not.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { disconnectSide } from '../../lambdas/onboarding/disconnect';
import { APP_GONE_DISCONNECT_MS } from '../../lambdas/onboarding/upkeep';
import { ensureAircallWebhook, ensureZendeskWebhook } from '../../lambdas/onboarding/webhooks';
import { ACCOUNT_WIDE, type AuditEntry } from '../../lambdas/store/port';
import { ACCOUNT, AIRCALL_API_ID, AIRCALL_API_TOKEN, scheduledSweep, startWorld, T0, ZENDESK_TOKEN, type World } from './webhook-world';

let world: World;
beforeEach(async () => {
  world = await startWorld('onboarding-disconnect');
});
afterEach(() => world.close());

const HOUR = 3600_000;

async function connectBoth(): Promise<{ secrets: string[] }> {
  expect((await ensureZendeskWebhook(world.deps, world.account, T0)).ok).toBe(true);
  expect((await ensureAircallWebhook(world.deps, world.account, T0)).ok).toBe(true);
  const secrets = [ZENDESK_TOKEN, AIRCALL_API_ID, AIRCALL_API_TOKEN, world.zendesk.webhooks()[0]!.secret, world.aircall.webhooks()[0]!.token];
  expect(secrets.every((s) => s.length >= 8)).toBe(true);
  return { secrets };
}

async function scanTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await world.table.doc.send(new ScanCommand({ TableName: world.table.tableName, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const secretItems = (items: Record<string, unknown>[]) => items.filter((i) => /^(CREDENTIALS|WEBHOOK_SECRETS)#/.test(String(i.pk)));
const connectionAudit = async (now: number): Promise<AuditEntry[]> =>
  (await world.store.listAudit(ACCOUNT, ACCOUNT_WIDE, { now, limit: 100 })).filter((e) => e.kind === 'connection');
const zendeskAnswers = async (token: string) => (await fetch(`${world.zendesk.url}/api/v2/users/me`, { headers: { Authorization: `Bearer ${token}` } })).status;

describe('disconnect', () => {
  it('leaves no secret behind: webhooks deleted, token revoked by id, sessions ended, audit kept', async () => {
    const { secrets } = await connectBoth();
    const session = await world.sessions.issue({ kind: 'admin', accountId: ACCOUNT, userId: '1' }, T0 - 1000);
    expect(secretItems(await scanTable())).toHaveLength(4); // both credentials and both webhook secrets, sealed

    const zendesk = await disconnectSide(world.deps, world.account, 'zendesk', T0 + 1000);
    const aircall = await disconnectSide(world.deps, world.account, 'aircall', T0 + 2000);

    const items = await scanTable();
    expect(secretItems(items)).toEqual([]);
    const text = JSON.stringify(items);
    for (const secret of secrets) expect(text).not.toContain(secret);

    expect(world.zendesk.webhooks()).toEqual([]);
    expect(world.aircall.webhooks()).toEqual([]);
    const revocations = world.zendesk.requests({ methods: ['DELETE'], pathPrefix: '/api/v2/oauth/tokens' });
    expect(revocations.map((r) => [r.path, r.status])).toEqual([['/api/v2/oauth/tokens/1', 204]]);
    expect(await zendeskAnswers(ZENDESK_TOKEN)).toBe(401);
    expect(await world.sessions.find(session.token, T0 + 3000)).toBeUndefined();

    expect(zendesk).toEqual({
      side: 'zendesk',
      done: [expect.stringMatching(/^webhook \S+ deleted$/), 'token 1 revoked', 'secrets wiped', 'sessions ended'],
      failed: [],
    });
    expect(aircall).toEqual({ side: 'aircall', done: [expect.stringMatching(/^webhook \S+ deleted$/), 'secrets wiped'], failed: [] });
    const audit = await world.store.listAudit(ACCOUNT, ACCOUNT_WIDE, { now: T0 + 3000, limit: 100 });
    expect(audit.filter((e) => e.kind === 'webhook')).toHaveLength(2); // the trail from before is kept
    expect((await connectionAudit(T0 + 3000)).map((e) => [e.detail?.side, e.decision, e.reason])).toEqual([
      ['aircall', 'disconnected', 'console'],
      ['zendesk', 'disconnected', 'console'],
    ]);
  });

  it('still wipes everything when the provider refuses (token revoked elsewhere), and says what failed', async () => {
    await connectBoth();
    await fetch(`${world.zendesk.url}/_sandbox/oauth/tokens/1`, { method: 'DELETE' });

    const result = await disconnectSide(world.deps, world.account, 'zendesk', T0 + 1000);

    expect(result.failed).toEqual([
      expect.stringMatching(/^delete our webhooks: Zendesk rejected/),
      expect.stringMatching(/^revoke the Zendesk token: Zendesk rejected/),
    ]);
    expect(result.done).toEqual(['secrets wiped', 'sessions ended']);
    expect(await world.credentials.getZendeskCredential(ACCOUNT)).toBeUndefined();
    expect(await world.credentials.getWebhookSecret(ACCOUNT, 'zendesk')).toBeUndefined();
    expect(await world.credentials.getAircallCredential(ACCOUNT)).toBeDefined(); // the other side is untouched
    const [entry] = await connectionAudit(T0 + 2000);
    expect(entry?.detail?.failed).toContain('revoke the Zendesk token');
  });
});

describe('the app uninstalled in Zendesk', () => {
  const sweepAt = (now: number) => {
    world.clock.now = now;
    return scheduledSweep(world);
  };

  it('disconnects the account once it has been gone for 24 hours, once', async () => {
    const installation = world.zendesk.install({ settings: { syncDirection: 'aircall_to_zendesk' } });
    await connectBoth();
    await sweepAt(T0);
    expect((await world.store.getAccount(ACCOUNT))?.directionSnapshot?.source).toBe('installation');

    world.zendesk.uninstall(installation.id);
    await sweepAt(T0 + HOUR);
    expect((await world.store.getAccount(ACCOUNT))?.directionSnapshot?.appMissingSince).toBe(T0 + HOUR);
    await sweepAt(T0 + HOUR + APP_GONE_DISCONNECT_MS - 1);
    expect(await world.credentials.getZendeskCredential(ACCOUNT)).toBeDefined();
    expect(world.zendesk.webhooks()).toHaveLength(1);

    await sweepAt(T0 + HOUR + APP_GONE_DISCONNECT_MS);
    expect(await world.credentials.getZendeskCredential(ACCOUNT)).toBeUndefined();
    expect(await world.credentials.getAircallCredential(ACCOUNT)).toBeUndefined();
    expect(secretItems(await scanTable())).toEqual([]);
    expect(world.zendesk.webhooks()).toEqual([]);
    expect(world.aircall.webhooks()).toEqual([]);
    expect(await zendeskAnswers(ZENDESK_TOKEN)).toBe(401);
    const reason = `app uninstalled since ${new Date(T0 + HOUR).toISOString()}`;
    expect((await connectionAudit(T0 + 30 * HOUR)).map((e) => [e.detail?.side, e.reason]).sort()).toEqual([
      ['aircall', reason],
      ['zendesk', reason],
    ]);

    await sweepAt(T0 + 27 * HOUR);
    expect(await connectionAudit(T0 + 30 * HOUR)).toHaveLength(2);
  });

  it('never disconnects an account whose app is only disabled', async () => {
    const installation = world.zendesk.install({ settings: { syncDirection: 'aircall_to_zendesk' } });
    await connectBoth();
    await sweepAt(T0);
    world.zendesk.updateInstallation(installation.id, { enabled: false });
    await sweepAt(T0 + HOUR);
    await sweepAt(T0 + 30 * HOUR);

    expect(await world.credentials.getZendeskCredential(ACCOUNT)).toBeDefined();
    expect(world.zendesk.webhooks()).toHaveLength(1);
    expect(await connectionAudit(T0 + 30 * HOUR)).toEqual([]);
  });
});
