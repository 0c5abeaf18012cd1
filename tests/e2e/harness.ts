// End-to-end harness: both sandboxes, the local stack wired to them, and helpers to watch agents converge.
import { randomBytes } from 'node:crypto';
import type { Account } from '../../lambdas/accounts/account';
import type { SyncDeps } from '../../lambdas/sync/deps';
import type { SyncDirection } from '../../shared/sync/types';
import { connectSandboxes, startSandboxes, type SandboxPair } from '../../local/demo';
import { startStack, type Stack } from '../../local/stack';

export interface HarnessOptions {
  agents?: number;
  direction?: SyncDirection;
  aircallRateLimitPerMinute?: number;
  /** The account's Aircall budget; default the sandbox's limit. */
  accountBudgetPerMinute?: number;
  visibilityTimeoutSeconds?: number;
  deps?: Partial<SyncDeps>;
}

export interface Harness {
  stack: Stack;
  sandboxes: SandboxPair;
  account: Account;
  /** Agents' emails, as the Aircall sandbox has them. */
  emails: string[];
  setDirection(direction: SyncDirection): Promise<void>;
  aircallStatus(email: string): { availability_status: string; substatus?: string };
  zendeskStatus(email: string): string;
  /** Status writes each sandbox received from the stack, after `since` (epoch ms). */
  writes(since?: number): { aircall: number; zendesk: number; aircall429: number; zendesk429: number };
  close(): Promise<void>;
}

/** Fast settling for tests: the behaviour is the same as production's, on a shorter clock. */
export const FAST_SETTLE = { flapWindowMs: 1_500, quietMs: 700 };

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const agents = options.agents ?? 6;
  const sandboxes = await startSandboxes({ agents, aircallRateLimitPerMinute: options.aircallRateLimitPerMinute ?? 600 });
  const stack = await startStack({
    port: 0,
    dataDir: null,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 2,
    emulators: {
      dynamoEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB as string,
      sqsEndpoint: process.env.AWS_ENDPOINT_URL_SQS as string,
      namePrefix: `e2e-${randomBytes(4).toString('hex')}`,
    },
    deps: { settle: FAST_SETTLE, maxHoldMs: 5_000, ...options.deps },
    reconcileIntervalMs: 3_600_000,
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
  return {
    stack,
    sandboxes,
    account,
    emails,
    async setDirection(direction) {
      account.direction = direction;
      await stack.loadAccounts([account]);
    },
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
    async close() {
      await stack.stop();
      await sandboxes.close();
    },
  };
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
