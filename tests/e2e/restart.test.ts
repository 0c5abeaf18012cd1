// Issue 3, scenario 10: killing the stack mid-stream and starting it again loses nothing. The REAL `npm start` entry
// (tsx local/start.ts) runs as a child process with a fixed port, its own data directory and an accounts file that
// points at sandboxes started here. Changes stream into Aircall; the child is killed with SIGKILL in the middle,
// changes keep coming while it is down (their webhooks fail, are retried twice, and are lost), and it is started
// again on the same port and data. Its start-up (directory refresh, then a reconcile sweep) must repair what was
// lost: every agent ends in step.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../../lambdas/accounts/account';
import { connectSandboxes, startSandboxes, type SandboxPair } from '../../local/demo';
import { demoZendeskAgents } from '../../local/sandbox/zendesk';
import { waitFor } from './harness';
import { freePort } from '../../local/free-port';
import { startChild, startChildEnv, type StartChild } from '../../local/start-child';

const AGENTS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pair: SandboxPair;
let dir: string;
let port: number;
let child: StartChild | undefined;

/** Starts `npm start`'s entry and resolves once it says it is running and answers GET /health. */
async function start(): Promise<StartChild> {
  const vars = { PORT: String(port), DATA_DIR: join(dir, 'data'), ACCOUNTS_FILE: join(dir, 'accounts.json'), LOG_LEVEL: 'WARN' };
  // Each start waits for its own "running" line: the previous run's must not pass for this one's.
  const started = await startChild(startChildEnv(vars), { timeoutMs: 30_000 });
  const health = await fetch(`http://127.0.0.1:${port}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', accounts: 1 });
  return started;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ass-restart-'));
  // Agents start in step: Aircall available, Zendesk online. The Aircall webhook stays active through the failures.
  pair = await startSandboxes({
    agents: AGENTS,
    aircallRateLimitPerMinute: 600,
    aircall: { webhookDisableAfterFailures: 1_000 },
    zendesk: { agents: demoZendeskAgents(AGENTS).map((a) => ({ ...a, status: 'online' })) },
  });
  port = await freePort();
  const account: Account = await connectSandboxes(pair, {
    stackUrl: `http://127.0.0.1:${port}`,
    accountId: 'acme',
    direction: 'aircall_to_zendesk',
    aircallRateLimitPerMinute: 600,
  });
  writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ accounts: [account] }, null, 2));
});

afterAll(async () => {
  await child?.stop('SIGKILL');
  await pair?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('SIGKILL mid-stream, start again on the same data: every agent converges', async () => {
  const emails = pair.aircall.users().map((u) => u.email);
  const mapped = (email: string) => (pair.aircall.user(email).availability_status === 'available' ? 'online' : 'offline');
  const inStep = () => emails.filter((email) => pair.zendesk.agent(email)?.status.name === mapped(email)).length;
  const t0 = Date.now();
  child = await start();
  const firstStartMs = Date.now() - t0;
  const since = Date.now();

  // One change every 150 ms, agents in turn: each agent changes once every 1.5 s (a fresh Aircall second each time).
  let changes = 0;
  const step = () => {
    const email = emails[changes % AGENTS] as string;
    pair.aircall.setStatus(email, pair.aircall.user(email).availability_status === 'available' ? 'unavailable' : 'available');
    changes++;
  };
  const stream = async (ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end; ) {
      step();
      await sleep(150);
    }
  };

  await stream(2_000);
  await child.stop('SIGKILL'); // mid-stream, without warning
  const killedAt = Date.now();
  await stream(1_500);
  const restarting = start();
  const streaming = stream(1_500);
  child = await restarting;
  const restartMs = Date.now() - killedAt;
  await streaming;
  await stream(1_000);
  const lastChange = Date.now();

  await waitFor('every agent in step', () => inStep() === AGENTS, 20_000).catch(() => undefined);
  const convergedMs = Date.now() - lastChange;
  await Promise.all([pair.aircall.idle(), pair.zendesk.idle()]);
  await sleep(500);

  const lost = pair.aircall.deliveries().filter((d) => d.enqueuedAt >= since && d.outcome === 'failed').length;
  const writes = pair.zendesk.requests({ methods: ['PUT'] }).filter((r) => r.at >= since && /\/agent_statuses\/agents\//.test(r.path));
  console.log(`restart: ${JSON.stringify({ firstStartMs, restartMs, changes, lost, writes: writes.length, inStep: inStep(), convergedMs })}`);

  expect(inStep()).toBe(AGENTS);
  expect(lost).toBeGreaterThan(0); // some webhooks really were lost while the stack was down
  expect(writes.every((w) => w.status === 200)).toBe(true);
  // At most one write per change; and never the same status twice in a row for one agent (nothing done twice).
  expect(writes.length).toBeLessThanOrEqual(changes);
  const byAgent = new Map<string, unknown[]>();
  for (const w of writes) byAgent.set(w.path, [...(byAgent.get(w.path) ?? []), (w.body as { id?: unknown }).id]);
  for (const [, ids] of byAgent) for (let i = 1; i < ids.length; i++) expect(ids[i]).not.toEqual(ids[i - 1]);
  expect(pair.aircall.requests().filter((r) => r.status === 429)).toHaveLength(0);
}, 60_000);
