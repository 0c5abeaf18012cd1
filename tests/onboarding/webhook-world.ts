// One account wired to both sandboxes, a dynalite table, sealed credentials and sessions: what the webhook and
// disconnect tests run against. The clients are the product's own, built with the credentials the test stored.
import { randomBytes } from 'node:crypto';
import { createAircallClient } from '../../lambdas/aircall/client';
import { reconcileHandler } from '../../lambdas/handlers/reconcile';
import { clearRateBudgets } from '../../lambdas/aircall/rate-budget';
import { loadConfig } from '../../lambdas/config';
import { DynamoCredentialStore } from '../../lambdas/credentials/dynamo';
import type { CredentialStore } from '../../lambdas/credentials/port';
import { SqsSyncQueue } from '../../lambdas/queue/sqs';
import { SecretBox } from '../../lambdas/secrets/envelope';
import { LocalKeyProvider } from '../../lambdas/secrets/local-keys';
import { DynamoSessionStore } from '../../lambdas/sessions/dynamo';
import type { DynamoSyncStore } from '../../lambdas/store/dynamo';
import type { StoredAccount } from '../../lambdas/store/port';
import { AccountCache } from '../../lambdas/sync/accounts';
import { silentLog, type SyncDeps } from '../../lambdas/sync/deps';
import type { ReconcileResult } from '../../lambdas/sync/reconcile';
import { createZendeskClient } from '../../lambdas/zendesk/client';
import { demoAircallUsers, startAircallSandbox, type AircallSandbox } from '../../local/sandbox/aircall';
import { demoZendeskAgents, startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';
import { DEFAULT_SETTLE_POLICY } from '../../shared/sync/settle';
import { reply, startScriptServer, type ScriptServer } from '../clients/script-server';
import { createTestQueue, createTestTable, type TestTable } from '../setup/aws';

export const ACCOUNT = 'acme';
export const ZENDESK_TOKEN = 'world-zendesk-oauth-token-SECRET';
export const AIRCALL_API_ID = 'world-aircall-api-id-SECRET';
export const AIRCALL_API_TOKEN = 'world-aircall-api-token-SECRET';
export const T0 = Date.UTC(2026, 11, 3, 9);

export interface World {
  table: TestTable;
  store: DynamoSyncStore;
  credentials: CredentialStore;
  sessions: DynamoSessionStore;
  zendesk: ZendeskSandbox;
  aircall: AircallSandbox;
  /** PUBLIC_URL: where both sandboxes deliver (answers 200). */
  receiver: ScriptServer;
  account: StoredAccount;
  deps: SyncDeps & { credentials: CredentialStore };
  clock: { now: number };
  close(): Promise<void>;
}

/** Starts everything, stores the account and both sides' credentials (connected, no webhook yet). */
export async function startWorld(prefix: string): Promise<World> {
  const table = await createTestTable(prefix);
  const store = table.store();
  const credentials = new DynamoCredentialStore(table.doc, table.tableName, new SecretBox({ provider: new LocalKeyProvider(randomBytes(32)) }));
  const sessions = new DynamoSessionStore(table.doc, table.tableName);
  const zendesk = await startZendeskSandbox({ subdomain: ACCOUNT, agents: demoZendeskAgents(2), oauthTokens: [ZENDESK_TOKEN] });
  const aircall = await startAircallSandbox({ apiId: AIRCALL_API_ID, apiToken: AIRCALL_API_TOKEN, users: demoAircallUsers(2), rateLimitPerMinute: 1000 });
  const receiver = await startScriptServer();
  receiver.fallback(reply(200, {}));
  const clock = { now: T0 };
  const queue = await createTestQueue({ prefix });

  const settings = {
    id: ACCOUNT,
    direction: 'aircall_to_zendesk' as const,
    aircall: { rateLimitPerMinute: 1000, baseUrl: aircall.url },
    zendesk: { subdomain: ACCOUNT, baseUrl: zendesk.url },
  };
  await store.putAccount(settings, T0);
  const account: StoredAccount = { ...settings, mapping: DEFAULT_MAPPING, updatedAt: T0 };
  await credentials.putZendeskCredential(ACCOUNT, { kind: 'oauth', accessToken: ZENDESK_TOKEN, scopes: ['read', 'write'], grantedAt: T0, version: 0 });
  await credentials.putAircallCredential(ACCOUNT, { kind: 'basic', apiId: AIRCALL_API_ID, apiToken: AIRCALL_API_TOKEN, grantedAt: T0, version: 0 });

  const budgetKey = `world-${randomBytes(4).toString('hex')}`;
  const deps: World['deps'] = {
    store,
    credentials,
    sessions,
    queue: new SqsSyncQueue(queue.sqs, queue.queueUrl),
    clients: {
      zendesk: () =>
        createZendeskClient({ subdomain: ACCOUNT, baseUrl: zendesk.url, auth: { kind: 'oauth', accessToken: ZENDESK_TOKEN }, sleep: async () => {} }),
      aircall: () =>
        createAircallClient({
          apiId: AIRCALL_API_ID,
          apiToken: AIRCALL_API_TOKEN,
          baseUrl: aircall.url,
          budgetKey,
          rateLimitPerMinute: 1000,
          sleep: async () => {},
        }),
    },
    config: loadConfig({ TABLE_NAME: table.tableName, PUBLIC_URL: receiver.url }),
    settle: DEFAULT_SETTLE_POLICY,
    maxHoldMs: 0,
    now: () => clock.now,
    sleep: async () => {},
    log: silentLog,
  };
  return {
    table,
    store,
    credentials,
    sessions,
    zendesk,
    aircall,
    receiver,
    account,
    deps,
    clock,
    close: async () => {
      await Promise.all([zendesk.close(), aircall.close(), receiver.close()]);
      clearRateBudgets();
    },
  };
}

/** Switches a Zendesk webhook off as an admin would in Admin Center (the sandbox's control route). */
export async function deactivateZendeskWebhook(world: World, id: string): Promise<void> {
  const res = await fetch(`${world.zendesk.url}/_sandbox/webhooks/${id}/status`, { method: 'PUT', body: JSON.stringify({ status: 'inactive' }) });
  if (!res.ok) throw new Error(`could not deactivate Zendesk webhook ${id}: ${res.status}`);
}

/** Switches an Aircall webhook off as in the Dashboard (the sandbox's control route). */
export async function deactivateAircallWebhook(world: World, id: string): Promise<void> {
  const res = await fetch(`${world.aircall.url}/_sandbox/webhooks/${id}/active`, { method: 'PUT', body: JSON.stringify({ active: false }) });
  if (!res.ok) throw new Error(`could not deactivate Aircall webhook ${id}: ${res.status}`);
}

/**
 * One scheduled reconcile sweep of the account, as the reconcile function runs it (lambdas/handlers/reconcile.ts):
 * the sweep that also keeps the account connected (webhooks healed, an app gone for a day disconnected).
 */
export async function scheduledSweep(world: World): Promise<ReconcileResult> {
  const sweep = reconcileHandler(() => ({ deps: world.deps, accounts: new AccountCache(world.store) }));
  const result = (await sweep({ accountId: ACCOUNT }))[ACCOUNT];
  if (!result || 'error' in result) throw new Error(`the sweep of ${ACCOUNT} failed: ${result ? result.error : 'account not swept'}`);
  return result;
}
