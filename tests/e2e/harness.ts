// End-to-end harness: both sandboxes, the local stack wired to them, and helpers to watch agents converge.
import { randomBytes } from 'node:crypto';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Account } from '../../lambdas/accounts/account';
import type { AuditEntry } from '../../lambdas/store/port';
import { directionFor } from '../../lambdas/sync/direction';
import type { SyncDeps } from '../../lambdas/sync/deps';
import type { SyncDirection } from '../../shared/sync/types';
import { connectSandboxes, startSandboxes, type SandboxPair } from '../../local/demo';
import type { AircallSandboxOptions } from '../../local/sandbox/aircall';
import { demoZendeskAgents, type ZendeskSandboxOptions } from '../../local/sandbox/zendesk';
import { startStack, type Stack, type StackOptions } from '../../local/stack';

export interface HarnessOptions {
  agents?: number;
  direction?: SyncDirection;
  aircallRateLimitPerMinute?: number;
  /** The account's Aircall budget; default the sandbox's limit. */
  accountBudgetPerMinute?: number;
  visibilityTimeoutSeconds?: number;
  deps?: Partial<SyncDeps>;
  /** Passed through to the Aircall sandbox, e.g. `{ substatusesEnabled: true }`. */
  aircall?: Partial<Omit<AircallSandboxOptions, 'apiId' | 'apiToken'>>;
  /** Passed through to the Zendesk sandbox. */
  zendesk?: Partial<Omit<ZendeskSandboxOptions, 'subdomain'>>;
  /** Extra stack configuration, e.g. `{ SETTINGS_REFRESH_SECONDS: '1' }`. */
  env?: Record<string, string> | ((sandboxes: SandboxPair) => Record<string, string>);
  /** The stack's port (default any free one), e.g. when PUBLIC_URL must name it before the stack starts. */
  port?: number;
  /** The stack's LOG_LEVEL; default ERROR (retries are logged as WARN and would flood the test output). */
  logLevel?: string;
  /** Every Zendesk agent's status at start (default `offline`, the demo's; Aircall agents start `available`). */
  zendeskInitialStatus?: string;
  /** The built app's assets the stack serves its location pages from (the browser tests build their own). */
  appAssetsDir?: string;
}

/** One status write the stack sent to a sandbox, from the sandbox's request journal. */
export interface WriteEntry {
  side: 'aircall' | 'zendesk';
  /** The agent's email as the Aircall sandbox has it (lower case). */
  agent: string;
  /** The status written: an Aircall `availability_status` or a Zendesk status name. */
  status: string;
  /** The HTTP status the sandbox answered. */
  code: number;
  at: number;
}

export interface Harness {
  stack: Stack;
  sandboxes: SandboxPair;
  account: Account;
  /** Agents' emails, as the Aircall sandbox has them. */
  emails: string[];
  /**
   * Sets the direction as an admin would, in the app's installation settings (and the accounts file's fallback to
   * the same), then has the stack read the settings at once, as a reconcile sweep does.
   */
  setDirection(direction: SyncDirection, settings?: { keepInStep?: boolean; twoWayMaster?: 'aircall' | 'zendesk'; talkAgentState?: boolean }): Promise<void>;
  /** Has the stack read the app's installation settings now (`directionFor` with `force`), as a reconcile sweep does. */
  refreshSettings(): Promise<void>;
  aircallStatus(email: string): { availability_status: string; substatus?: string };
  zendeskStatus(email: string): string;
  /** Status writes each sandbox received from the stack, after `since` (epoch ms). */
  writes(since?: number): { aircall: number; zendesk: number; aircall429: number; zendesk429: number };
  /** Every status write attempt (answered or refused) after `since`, in order, with agent and status. */
  writeLog(since?: number): WriteEntry[];
  /** The account's audit trail for one agent (or `'*'`), newest first. */
  audit(agent: string, limit?: number): Promise<AuditEntry[]>;
  /** Waits until an audit entry of `agent` newer than `since` matches. */
  waitForAudit(what: string, agent: string, since: number, match: (entry: AuditEntry) => boolean, timeoutMs?: number): Promise<AuditEntry>;
  /**
   * Waits until the pipeline is empty: no webhook delivery pending on either sandbox and no message on the queue
   * (visible or in flight), twice in a row 200 ms apart.
   */
  drained(timeoutMs?: number): Promise<void>;
  /** Messages on the sync queue: visible, in flight or delayed. */
  queued(): Promise<number>;
  /** Messages on the dead-letter queue. */
  deadLetters(): Promise<number>;
  close(): Promise<void>;
}

/** Fast settling for tests: the behaviour is the same as production's, on a shorter clock. */
export const FAST_SETTLE = { flapWindowMs: 1_500, quietMs: 700 };

/** Jest's dynalite and fauxqs (tests/setup), under a table and queue of the test's own (`<prefix>-<random>`). */
export function jestEmulators(prefix: string): NonNullable<StackOptions['emulators']> {
  return {
    dynamoEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB as string,
    sqsEndpoint: process.env.AWS_ENDPOINT_URL_SQS as string,
    namePrefix: `${prefix}-${randomBytes(4).toString('hex')}`,
  };
}

/**
 * The local stack as the end-to-end tests run it: any free port, in memory, on jest's emulators, the fast settle
 * policy, no scheduled sweep (tests sweep when they mean to). `env` and `deps` add to those.
 */
export function startTestStack(prefix: string, options: Omit<StackOptions, 'emulators'> = {}): Promise<Stack> {
  return startStack({
    port: 0,
    dataDir: null,
    reconcileIntervalMs: 3_600_000,
    ...options,
    emulators: jestEmulators(prefix),
    deps: { settle: FAST_SETTLE, maxHoldMs: 5_000, ...options.deps },
  });
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const agents = options.agents ?? 6;
  const initial = options.zendeskInitialStatus;
  const sandboxes = await startSandboxes({
    agents,
    aircallRateLimitPerMinute: options.aircallRateLimitPerMinute ?? 600,
    ...(options.aircall && { aircall: options.aircall }),
    zendesk: {
      ...(initial !== undefined && { agents: demoZendeskAgents(agents).map((agent) => ({ ...agent, status: initial })) }),
      ...options.zendesk,
    },
  });
  const stack = await startTestStack('e2e', {
    port: options.port ?? 0,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 10,
    ...(options.deps && { deps: options.deps }),
    env: { LOG_LEVEL: options.logLevel ?? 'ERROR', ...(typeof options.env === 'function' ? options.env(sandboxes) : options.env) },
    ...(options.appAssetsDir && { appAssetsDir: options.appAssetsDir }),
  });
  const account = await connectSandboxes(sandboxes, {
    stackUrl: stack.url,
    accountId: 'acme',
    direction: options.direction ?? 'aircall_to_zendesk',
    aircallRateLimitPerMinute: options.accountBudgetPerMinute ?? options.aircallRateLimitPerMinute ?? 600,
  });
  await stack.loadAccounts([account]);
  await stack.refreshDirectory();
  const emails = sandboxes.aircall.users().map((u) => u.email);
  const statusWrite = (path: string, side: 'aircall' | 'zendesk') =>
    side === 'aircall' ? /^\/v[12]\/users\/[^/]+$/.test(path) : /\/agent_statuses\/agents\/[^/]+$/.test(path);
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: process.env.AWS_ENDPOINT_URL_SQS,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const queueDepth = async (url: string): Promise<number> => {
    const out = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const a = out.Attributes ?? {};
    return (
      Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  };
  const refreshSettings = async (): Promise<void> => {
    const stored = await stack.runtime.deps.store.getAccount(account.id);
    if (stored) await directionFor(stack.runtime.deps, stored, Date.now(), { force: true });
    stack.runtime.accounts.forget(account.id);
  };
  const audit = (agent: string, limit = 200): Promise<AuditEntry[]> => stack.runtime.deps.store.listAudit(account.id, agent, { now: Date.now(), limit });
  const zendeskStatusName = (id: unknown): string => {
    const all = sandboxes.zendesk.statuses();
    return [...all.default, ...all.custom].find((entry) => String(entry.id) === String(id))?.name ?? String(id);
  };
  const drained = async (timeoutMs = 30_000): Promise<void> => {
    let calm = 0;
    await waitFor(
      'the pipeline to drain',
      async () => {
        await Promise.all([sandboxes.aircall.idle(), sandboxes.zendesk.idle()]);
        calm = (await queueDepth(stack.queueUrl)) === 0 ? calm + 1 : 0;
        if (calm < 2) await new Promise((r) => setTimeout(r, 200));
        return calm >= 2;
      },
      timeoutMs,
    );
  };
  const zendeskBodyStatus = (body: unknown): unknown => {
    const b = body as { id?: unknown; data?: { attributes?: { agent_status_id?: unknown } } } | undefined;
    return b?.id ?? b?.data?.attributes?.agent_status_id;
  };
  return {
    stack,
    sandboxes,
    account,
    emails,
    async setDirection(direction, settings = {}) {
      account.direction = direction;
      for (const installation of sandboxes.zendesk.installations())
        sandboxes.zendesk.updateInstallation(installation.id, {
          settings: {
            syncDirection: direction,
            keepInStep: settings.keepInStep ?? false,
            ...(settings.twoWayMaster !== undefined && { twoWayMaster: settings.twoWayMaster }),
            ...(settings.talkAgentState !== undefined && { talkAgentState: settings.talkAgentState }),
          },
        });
      await stack.loadAccounts([account]);
      await refreshSettings();
      // The direction took effect: its sweep gives each agent the single initial sync. Tests start after it.
      await drained();
    },
    refreshSettings,
    aircallStatus(email) {
      const u = sandboxes.aircall.user(email);
      return { availability_status: u.availability_status, ...(u.substatus !== undefined && { substatus: u.substatus }) };
    },
    zendeskStatus(email) {
      const agent = sandboxes.zendesk.agent(email);
      if (!agent) throw new Error(`no Zendesk agent ${email}`);
      return agent.status.name;
    },
    writes(since = 0) {
      const a = sandboxes.aircall.requests({ methods: ['PUT'] }).filter((r) => r.at >= since && statusWrite(r.path, 'aircall'));
      const z = sandboxes.zendesk.requests({ methods: ['PUT'] }).filter((r) => r.at >= since && statusWrite(r.path, 'zendesk'));
      return {
        aircall: a.filter((r) => r.status === 200).length,
        zendesk: z.filter((r) => r.status < 300).length,
        aircall429: sandboxes.aircall.requests().filter((r) => r.at >= since && r.status === 429).length,
        zendesk429: sandboxes.zendesk.requests().filter((r) => r.at >= since && r.status === 429).length,
      };
    },
    writeLog(since = 0) {
      const aircall: WriteEntry[] = sandboxes.aircall
        .requests({ methods: ['PUT'] })
        .filter((r) => r.at >= since && statusWrite(r.path, 'aircall'))
        .map((r) => ({
          side: 'aircall',
          agent: sandboxes.aircall.user(Number(r.path.split('/').pop())).email.toLowerCase(),
          status: String((r.body as { availability_status?: unknown } | undefined)?.availability_status),
          code: r.status,
          at: r.at,
        }));
      const zendesk: WriteEntry[] = sandboxes.zendesk
        .requests({ methods: ['PUT'] })
        .filter((r) => r.at >= since && statusWrite(r.path, 'zendesk'))
        .map((r) => ({
          side: 'zendesk',
          agent: (sandboxes.zendesk.agent(Number(r.path.split('/').pop()))?.email ?? r.path).toLowerCase(),
          status: zendeskStatusName(zendeskBodyStatus(r.body)),
          code: r.status,
          at: r.at,
        }));
      return [...aircall, ...zendesk].sort((a, b) => a.at - b.at);
    },
    audit,
    async waitForAudit(what, agent, since, match, timeoutMs = 15_000) {
      let found: AuditEntry | undefined;
      await waitFor(
        what,
        async () => {
          found = (await audit(agent)).find((entry) => entry.at >= since && match(entry));
          return found !== undefined;
        },
        timeoutMs,
      );
      return found as AuditEntry;
    },
    drained,
    queued() {
      return queueDepth(stack.queueUrl);
    },
    deadLetters() {
      return queueDepth(stack.dlqUrl);
    },
    async close() {
      await stack.stop();
      await sandboxes.close();
      sqs.destroy();
    },
  };
}

/**
 * Waits for the next whole second. Aircall timestamps are whole seconds and it sends no event id, so the same status
 * twice in one second (A → B → A) has the same dedupe key as a retry: tests that change one agent in Aircall several
 * times call this between changes unless a tie is what they test.
 */
export async function nextSecond(): Promise<void> {
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until nothing changes for `quietMs`: no delivery pending and no new write on either side. */
export async function settled(h: Harness, quietMs = 1_500, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(h.writes());
  let since = Date.now();
  for (;;) {
    await Promise.all([h.sandboxes.aircall.idle(), h.sandboxes.zendesk.idle()]);
    await new Promise((r) => setTimeout(r, 100));
    const now = JSON.stringify(h.writes());
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
    if (Date.now() > deadline) throw new Error('the stack did not settle');
  }
}
