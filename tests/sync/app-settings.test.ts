// directionFor against real peers: the Zendesk sandbox's Apps API and a dynalite table. What is read when, what is
// stored and audited, and that a Zendesk failure never stops the caller.
import type { Account } from '../../lambdas/accounts/account';
import { loadConfig } from '../../lambdas/config';
import type { SyncQueue } from '../../lambdas/queue/port';
import { ACCOUNT_WIDE, type StoredAccount } from '../../lambdas/store/port';
import type { DynamoSyncStore } from '../../lambdas/store/dynamo';
import { directionFor } from '../../lambdas/sync/direction';
import { directionForView } from '../../lambdas/sync/direction-read';
import { silentLog, type SyncDeps } from '../../lambdas/sync/deps';
import { createZendeskClient } from '../../lambdas/zendesk/client';
import { startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';
import { DEFAULT_SETTLE_POLICY } from '../../shared/sync/settle';
import { SYNC_DIRECTIONS } from '../../shared/sync/types';
import { createTestTable, type TestTable } from '../setup/aws';

const ADMIN_TOKEN = 'admin-token-SECRET';
const AGENT_TOKEN = 'agent-token-SECRET';
const T0 = Date.UTC(2026, 10, 23, 12);
const REFRESH_MS = 60_000;

let table: TestTable;
let store: DynamoSyncStore;
let zd: ZendeskSandbox;
let seq = 0;
let sweeps: { account: string; dedupeId: string }[] = [];

beforeAll(async () => {
  table = await createTestTable('settings');
  store = table.store();
  zd = await startZendeskSandbox({ oauthTokens: [ADMIN_TOKEN, { token: AGENT_TOKEN, email: 'agent01@example.com' }] });
});
afterAll(() => zd.close());
beforeEach(() => {
  zd.reset();
  sweeps = [];
});

/** Deps over the real store and a real Zendesk client (no backoff sleeps), the account's own token. */
function deps(token = ADMIN_TOKEN): SyncDeps {
  const zendesk = createZendeskClient({ subdomain: 'sandbox', baseUrl: zd.url, auth: { kind: 'oauth', accessToken: token }, sleep: async () => {} });
  return {
    store,
    // directionFor queues only a sweep of the account when a direction takes effect: recorded here.
    queue: { enqueueAccountSweep: async (account: string, dedupeId: string) => void sweeps.push({ account, dedupeId }) } as unknown as SyncQueue,
    clients: {
      zendesk: () => zendesk,
      aircall: () => {
        throw new Error('not used');
      },
    },
    config: loadConfig({}),
    settle: DEFAULT_SETTLE_POLICY,
    maxHoldMs: 0,
    now: () => T0,
    sleep: async () => {},
    log: silentLog,
  };
}

/** A new account in the table (the accounts file's direction is the fallback). */
async function newAccount(direction: Account['direction'] = 'aircall_to_zendesk', app?: Account['app']): Promise<StoredAccount> {
  const id = `acct-${++seq}`;
  await store.putAccount(
    {
      id,
      direction,
      aircall: { apiId: 'a', apiToken: 't', webhookToken: 'w', rateLimitPerMinute: 60 },
      zendesk: { subdomain: 'sandbox', oauthAccessToken: ADMIN_TOKEN, webhookSigningSecret: 's' },
      ...(app && { app }),
    },
    T0,
  );
  return (await store.getAccount(id)) as StoredAccount;
}

const reads = () => zd.requests({ pathPrefix: '/api/v2/apps/installations' }).length;
const settingsAudit = async (account: string) => (await store.listAudit(account, ACCOUNT_WIDE, { now: T0 + 3_600_000 })).filter((e) => e.kind === 'settings');

describe('reading the installation settings', () => {
  it('applies the installation’s direction, stores it on the account and audits the change from the accounts file', async () => {
    const installed = zd.install({
      settings: { syncDirection: 'zendesk_to_aircall', keepInStep: false },
      secure_settings: { sharedSecret: 'x' },
    });
    const account = await newAccount('aircall_to_zendesk');

    const inForce = await directionFor(deps(), account, T0);

    expect(inForce).toEqual({ direction: 'zendesk_to_aircall', source: 'installation', checkedAt: T0, keepInStep: false, since: T0 });
    expect((await store.getAccount(account.id))?.directionSnapshot).toEqual({ ...inForce, attemptedAt: T0, installationId: String(installed.id) });
    const [entry] = await settingsAudit(account.id);
    expect(entry).toMatchObject({
      agent: '*',
      kind: 'settings',
      detail: {
        message: 'direction changed from aircall_to_zendesk to zendesk_to_aircall',
        from: 'aircall_to_zendesk',
        to: 'zendesk_to_aircall',
        source: 'installation',
      },
    });
  });

  it('finds the installation by app id when the accounts file gives one', async () => {
    zd.install({ app_id: 11, settings: { syncDirection: 'off' } });
    zd.install({ app_id: 22, settings: { syncDirection: 'zendesk_to_aircall' } });
    const account = await newAccount('aircall_to_zendesk', { appId: 22 });

    expect(await directionFor(deps(), account, T0)).toMatchObject({ direction: 'zendesk_to_aircall', source: 'installation' });
  });

  it('reads Zendesk once per refresh period, and once for a burst of concurrent callers', async () => {
    zd.install({ settings: { syncDirection: 'zendesk_to_aircall' } });
    const account = await newAccount();
    const d = deps();

    await Promise.all(Array.from({ length: 20 }, () => directionFor(d, account, T0)));
    expect(reads()).toBe(1);
    for (let i = 0; i < 10; i++) await directionFor(d, account, T0 + REFRESH_MS - 1);
    expect(reads()).toBe(1);
    await directionFor(d, account, T0 + REFRESH_MS);
    expect(reads()).toBe(2);
    // The app's nudge: at most every 5 s.
    await directionFor(d, account, T0 + REFRESH_MS + 4_999, { maxAgeMs: 5_000 });
    expect(reads()).toBe(2);
    await directionFor(d, account, T0 + REFRESH_MS + 5_000, { maxAgeMs: 5_000 });
    expect(reads()).toBe(3);
    await directionFor(d, account, T0 + REFRESH_MS + 5_001, { force: true });
    expect(reads()).toBe(4);
  });

  it('uses a snapshot another process stored rather than reading Zendesk again', async () => {
    zd.install({ settings: { syncDirection: 'zendesk_to_aircall' } });
    const account = await newAccount();
    const staleCopy = (await store.getAccount(account.id)) as StoredAccount; // e.g. another worker's cache
    await directionFor(deps(), account, T0);

    expect(await directionFor(deps(), staleCopy, T0 + 1_000)).toMatchObject({ direction: 'zendesk_to_aircall' });
    expect(reads()).toBe(1);
    expect(staleCopy.directionSnapshot?.attemptedAt).toBe(T0);
  });

  it('keeps the snapshot when the accounts file is imported again, and a fallback follows the file', async () => {
    const account = await newAccount('aircall_to_zendesk');
    expect(await directionFor(deps(), account, T0)).toEqual({
      direction: 'aircall_to_zendesk',
      source: 'accounts_file',
      checkedAt: T0,
      keepInStep: false,
      since: T0,
    });

    const { directionSnapshot: _, mapping: __, statusCatalog: ___, updatedAt: ____, ...settings } = account;
    await store.putAccount({ ...settings, direction: 'zendesk_to_aircall' }, T0 + 1);
    const reimported = (await store.getAccount(account.id)) as StoredAccount;

    expect(reimported.directionSnapshot).toMatchObject({ source: 'accounts_file', attemptedAt: T0 });
    expect(await directionFor(deps(), reimported, T0 + 2)).toMatchObject({ direction: 'zendesk_to_aircall', source: 'accounts_file' });
    expect(reads()).toBe(1);
  });

  it('never replaces a newer stored snapshot with an older one', async () => {
    const account = await newAccount();
    await store.putDirectionSnapshot(account.id, { direction: 'zendesk_to_aircall', source: 'installation', attemptedAt: T0 + 10 });
    await store.putDirectionSnapshot(account.id, { direction: 'off', source: 'installation', attemptedAt: T0 + 5 });

    expect((await store.getAccount(account.id))?.directionSnapshot).toMatchObject({ direction: 'zendesk_to_aircall', attemptedAt: T0 + 10 });
  });

  it('audits a change once when two processes read it', async () => {
    const installed = zd.install({ settings: { syncDirection: 'aircall_to_zendesk' } });
    const account = await newAccount('aircall_to_zendesk');
    await directionFor(deps(), account, T0);
    const otherProcess = (await store.getAccount(account.id)) as StoredAccount; // e.g. another worker's cache
    zd.updateInstallation(installed.id, { settings: { syncDirection: 'zendesk_to_aircall' } });

    await directionFor(deps(), account, T0 + 1_000, { force: true });
    await directionFor(deps(), otherProcess, T0 + 2_000, { force: true });

    const changes = (await settingsAudit(account.id)).filter((e) => String(e.detail?.message).startsWith('direction changed'));
    expect(changes.map((e) => e.detail?.message)).toEqual(['direction changed from aircall_to_zendesk to zendesk_to_aircall']);
  });

  it('returns what a stored snapshot replaced, and nothing when a newer one stays', async () => {
    const account = await newAccount();
    expect(await store.putDirectionSnapshot(account.id, { direction: 'off', source: 'installation', attemptedAt: T0 })).toEqual({ stored: true });
    expect(await store.putDirectionSnapshot(account.id, { direction: 'zendesk_to_aircall', source: 'installation', attemptedAt: T0 + 10 })).toEqual({
      stored: true,
      previous: { direction: 'off', source: 'installation', attemptedAt: T0, since: T0 },
    });
    expect(await store.putDirectionSnapshot(account.id, { direction: 'off', source: 'installation', attemptedAt: T0 + 5 })).toEqual({ stored: false });
  });

  it('never creates an account from a snapshot alone', async () => {
    await expect(store.putDirectionSnapshot('no-such-account', { direction: 'off', source: 'accounts_file', attemptedAt: T0 })).rejects.toThrow(
      /account does not exist/,
    );
    expect(await store.getAccount('no-such-account')).toBeUndefined();
  });
});

describe('an admin’s changes', () => {
  it('an invalid value pauses sync with the problem, audited with a message naming the setting and the allowed values', async () => {
    const installed = zd.install({ settings: { syncDirection: 'zendesk_to_aircall' } });
    const account = await newAccount();
    await directionFor(deps(), account, T0);

    zd.updateInstallation(installed.id, { settings: { syncDirection: 'sideways' } });
    const paused = await directionFor(deps(), account, T0 + REFRESH_MS);

    expect(paused).toEqual({
      direction: 'off',
      source: 'installation',
      checkedAt: T0 + REFRESH_MS,
      keepInStep: false,
      since: T0 + REFRESH_MS,
      problem: { setting: 'syncDirection', value: 'sideways', allowed: SYNC_DIRECTIONS },
    });
    const [latest] = await settingsAudit(account.id);
    expect(latest?.reason).toBe('invalid_setting');
    expect(latest?.detail).toMatchObject({
      from: 'zendesk_to_aircall',
      to: 'off',
      setting: 'syncDirection',
      value: 'sideways',
      allowed: 'aircall_to_zendesk, zendesk_to_aircall, both, off',
    });
    expect(String(latest?.detail?.message)).toMatch(
      /^direction changed from zendesk_to_aircall to off\. The app setting "syncDirection" is "sideways", which is not allowed: use aircall_to_zendesk, zendesk_to_aircall, both or off/,
    );
  });

  it('disabling or uninstalling falls back to the accounts file; an unchanged read audits nothing', async () => {
    const installed = zd.install({ settings: { syncDirection: 'zendesk_to_aircall' } });
    const account = await newAccount('aircall_to_zendesk');
    await directionFor(deps(), account, T0);
    await directionFor(deps(), account, T0 + REFRESH_MS);
    expect(await settingsAudit(account.id)).toHaveLength(1);

    zd.updateInstallation(installed.id, { enabled: false });
    expect(await directionFor(deps(), account, T0 + 2 * REFRESH_MS)).toMatchObject({ direction: 'aircall_to_zendesk', source: 'accounts_file' });
    zd.updateInstallation(installed.id, { enabled: true });
    expect(await directionFor(deps(), account, T0 + 3 * REFRESH_MS)).toMatchObject({ direction: 'zendesk_to_aircall', source: 'installation' });
    zd.uninstall(installed.id);
    expect(await directionFor(deps(), account, T0 + 4 * REFRESH_MS)).toMatchObject({ direction: 'aircall_to_zendesk', source: 'accounts_file' });

    expect((await settingsAudit(account.id)).map((e) => e.detail?.message)).toEqual([
      'direction changed from zendesk_to_aircall to aircall_to_zendesk',
      'direction changed from aircall_to_zendesk to zendesk_to_aircall',
      'direction changed from zendesk_to_aircall to aircall_to_zendesk',
      'direction changed from aircall_to_zendesk to zendesk_to_aircall',
    ]);
  });
});

describe('when Zendesk cannot be read', () => {
  it.each([
    ['an outage (503)', () => zd.setFaults({ outage: true }), ADMIN_TOKEN, /503|unavailable/i],
    ['a token that is not an admin’s (403)', () => undefined, AGENT_TOKEN, /403|forbidden|permission|admin/i],
    ['a revoked token (401)', () => undefined, 'revoked-token-SECRET', /401|authenticat|rejected/i],
  ])('%s: the last known direction stays in force and the error is recorded', async (_what, breakIt, token, error) => {
    zd.install({ settings: { syncDirection: 'zendesk_to_aircall' } });
    const account = await newAccount('aircall_to_zendesk');
    await directionFor(deps(), account, T0);

    breakIt();
    const kept = await directionFor(deps(token), account, T0 + REFRESH_MS);
    zd.clearFaults();

    expect(kept).toMatchObject({ direction: 'zendesk_to_aircall', source: 'installation', checkedAt: T0 });
    expect(kept.error).toMatch(error);
    const stored = (await store.getAccount(account.id))?.directionSnapshot;
    expect(stored).toMatchObject({ direction: 'zendesk_to_aircall', attemptedAt: T0 + REFRESH_MS, error: kept.error });
    expect(JSON.stringify(stored)).not.toContain('SECRET');
    // A read that works again clears the error.
    expect(await directionFor(deps(), account, T0 + 2 * REFRESH_MS)).toEqual({
      direction: 'zendesk_to_aircall',
      source: 'installation',
      checkedAt: T0 + 2 * REFRESH_MS,
      keepInStep: false,
      since: T0,
    });
  });

  it('with nothing known yet, the accounts file’s direction applies, with the error', async () => {
    zd.install({ settings: { syncDirection: 'zendesk_to_aircall' } });
    const account = await newAccount('aircall_to_zendesk');
    zd.setFaults({ outage: true });

    const inForce = await directionFor(deps(), account, T0);
    zd.clearFaults();

    expect(inForce).toMatchObject({ direction: 'aircall_to_zendesk', source: 'accounts_file' });
    expect(inForce.error).toBeDefined();
    expect(inForce.checkedAt).toBeUndefined();
    expect(await settingsAudit(account.id)).toEqual([]);
  });
});

describe('the direction period and keepInStep', () => {
  it('keeps one period while the direction stays, in every process, and starts a new one when it is switched or re-enabled', async () => {
    const installed = zd.install({ settings: { syncDirection: 'aircall_to_zendesk' } });
    const account = await newAccount();
    const first = await directionFor(deps(), account, T0);
    expect(first.since).toBe(T0);

    // Another process (its own copy of the account) reads the same direction later: same period.
    const other = (await store.getAccount(account.id)) as StoredAccount;
    expect((await directionFor(deps(), other, T0 + REFRESH_MS, { force: true })).since).toBe(T0);

    // The process whose write made the direction take effect queued one sweep; the second read queued none.
    expect(sweeps).toEqual([{ account: account.id, dedupeId: `sweep:${account.id}:aircall_to_zendesk:${T0}` }]);

    // Switched, then back: each change starts a new period.
    zd.updateInstallation(installed.id, { settings: { syncDirection: 'off' } });
    expect((await directionFor(deps(), account, T0 + 2 * REFRESH_MS, { force: true })).since).toBe(T0 + 2 * REFRESH_MS);
    zd.updateInstallation(installed.id, { settings: { syncDirection: 'aircall_to_zendesk' } });
    expect((await directionFor(deps(), account, T0 + 3 * REFRESH_MS, { force: true })).since).toBe(T0 + 3 * REFRESH_MS);
    // The stale copy of the other process adopts the stored period when its own write loses.
    expect((await directionFor(deps(), other, T0 + 3 * REFRESH_MS - 1, { force: true })).since).toBe(T0 + 3 * REFRESH_MS);
  });

  it('reads keepInStep from the installation and audits turning it on', async () => {
    const installed = zd.install({ settings: { syncDirection: 'zendesk_to_aircall' } });
    const account = await newAccount();
    expect((await directionFor(deps(), account, T0)).keepInStep).toBe(false);

    zd.updateInstallation(installed.id, { settings: { syncDirection: 'zendesk_to_aircall', keepInStep: true } });
    const on = await directionFor(deps(), account, T0 + REFRESH_MS);
    expect(on).toMatchObject({ direction: 'zendesk_to_aircall', keepInStep: true, since: T0 });
    const [latest] = await settingsAudit(account.id);
    expect(latest?.detail).toMatchObject({ keepInStep: true, message: '"Undo changes made on the other side" (keepInStep) turned on' });
  });

  it('the app’s view reads Zendesk but writes nothing to the store', async () => {
    zd.install({ settings: { syncDirection: 'zendesk_to_aircall' } });
    const account = await newAccount();
    const before = await store.getAccount(account.id);
    const seen = await directionForView(deps(), account, T0);
    expect(seen.direction).toBe('zendesk_to_aircall');
    expect(await store.getAccount(account.id)).toEqual(before);
    expect(await settingsAudit(account.id)).toEqual([]);
  });
});
