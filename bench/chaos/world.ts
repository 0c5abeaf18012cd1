// The chaos suite's world: one sandbox pair per direction (one account each), what people do there, and what the
// sandboxes saw (status writes from the request journals, webhook outcomes from the delivery logs).
import type { Account } from '../../lambdas/accounts/account';
import { connectSandboxes, startSandboxes, type SandboxPair } from '../../local/demo';
import { demoZendeskAgents } from '../../local/sandbox/zendesk';
import type { AircallAvailabilityStatus } from '../../shared/aircall/vocabulary';
import type { DrivenChange, StackWrite } from './oracle';
import { INITIAL, type ChangeSide, type ChaosDirection } from './plan';

const AIRCALL_STATUS_PUT = /^\/v[12]\/users\/(\d+)$/;
const ZENDESK_STATUS_PUT = /\/agent_statuses\/agents\/(\d+)$/;

/** One direction: its account, its two sandboxes, and which of them is the source. */
export interface Lane {
  direction: ChaosDirection;
  accountId: string;
  pair: SandboxPair;
  emails: string[];
  account?: Account;
  /** Every change driven, per agent email. */
  changes: Map<string, Array<DrivenChange & { system: 'aircall' | 'zendesk'; deliverySeqs: number[] }>>;
}

export interface WorldOptions {
  agents: number;
  seed: number;
  aircallRateLimitPerMinute: number;
  /** Webhook redelivery, as the real services retry (Aircall up to 50 times): retries and backoff base. */
  webhookRetries: number;
  webhookBackoffMs: number;
}

const sideOf = (lane: Lane, system: 'aircall' | 'zendesk'): ChangeSide =>
  (lane.direction === 'aircall_to_zendesk') === (system === 'aircall') ? 'source' : 'target';

/** Starts the sandboxes of one direction, every agent in step on both sides (Aircall available, Zendesk online). */
export async function startLane(direction: ChaosDirection, index: number, options: WorldOptions): Promise<Lane> {
  const webhooks = { webhookRetries: options.webhookRetries, webhookBackoffMs: options.webhookBackoffMs };
  const pair = await startSandboxes({
    agents: options.agents,
    aircallRateLimitPerMinute: options.aircallRateLimitPerMinute,
    aircall: { ...webhooks, seed: options.seed + index * 2 },
    zendesk: {
      ...webhooks,
      faultSeed: options.seed + index * 2 + 1,
      agents: demoZendeskAgents(options.agents).map((agent) => ({ ...agent, status: 'online' })),
    },
  });
  const emails = pair.aircall.users().map((user) => user.email.toLowerCase());
  const accountId = { aircall_to_zendesk: 'chaos-a2z', zendesk_to_aircall: 'chaos-z2a', both: 'chaos-both' }[direction];
  return { direction, accountId, pair, emails, changes: new Map() };
}

/** Registers the webhooks (pointing at `stackUrl`) and installs the app: the lane's account. */
export async function connectLane(lane: Lane, stackUrl: string, budgetPerMinute: number): Promise<Account> {
  lane.account = await connectSandboxes(lane.pair, {
    stackUrl,
    accountId: lane.accountId,
    direction: lane.direction,
    aircallRateLimitPerMinute: budgetPerMinute,
  });
  return lane.account;
}

/** The agent's current status on one side. */
export function statusOn(lane: Lane, side: ChangeSide, email: string): string {
  const system = (lane.direction === 'aircall_to_zendesk') === (side === 'source') ? 'aircall' : 'zendesk';
  if (system === 'aircall') return lane.pair.aircall.user(email).availability_status;
  return lane.pair.zendesk.agent(email)?.status.name ?? 'unknown';
}

function lastSeq(lane: Lane, system: 'aircall' | 'zendesk'): number {
  const log = lane.pair[system].deliveries();
  return log.length > 0 ? (log[log.length - 1]?.seq ?? 0) : 0;
}

/** A person changes their status on one side, as they would in Aircall Workspace or Zendesk's status menu. */
export function personChanges(lane: Lane, side: ChangeSide, email: string, status: string): DrivenChange {
  const system: 'aircall' | 'zendesk' = (lane.direction === 'aircall_to_zendesk') === (side === 'source') ? 'aircall' : 'zendesk';
  const before = lastSeq(lane, system);
  const at = Date.now();
  if (system === 'aircall') lane.pair.aircall.setStatus(email, status as AircallAvailabilityStatus);
  else lane.pair.zendesk.setStatus(email, status);
  const after = lastSeq(lane, system);
  const deliverySeqs = Array.from({ length: after - before }, (_, i) => before + i + 1);
  const change = { at, side, status, system, deliverySeqs };
  const list = lane.changes.get(email) ?? [];
  list.push(change);
  lane.changes.set(email, list);
  return change;
}

/** Per sandbox, the webhook deliveries that got through (2xx): sequence number → when the stack's answer was read. */
export type Arrivals = Record<'aircall' | 'zendesk', Map<number, number>>;

export function deliveredSeqs(lane: Lane): Arrivals {
  const arrivals = (system: 'aircall' | 'zendesk') =>
    new Map(
      lane.pair[system]
        .deliveries()
        .filter((d) => d.outcome === 'delivered')
        .map((d) => [d.seq, d.finishedAt ?? 0] as const),
    );
  return { aircall: arrivals('aircall'), zendesk: arrivals('zendesk') };
}

/** The driven changes of one agent, source changes marked with whether any copy of their webhook got through. */
export function changesOf(lane: Lane, email: string, arrivals: Arrivals): DrivenChange[] {
  return (lane.changes.get(email) ?? []).map(({ deliverySeqs, system, ...change }) => {
    const times = deliverySeqs.map((seq) => arrivals[system].get(seq)).filter((t): t is number => t !== undefined);
    const arrivedAt = times.length > 0 ? Math.min(...times) : undefined;
    return change.side === 'source' ? { ...change, delivered: times.length > 0, arrivedAt } : { ...change, arrivedAt };
  });
}

/** Every successful status write the stack made since `since`, per agent email, from both request journals. */
export function writesOf(lane: Lane, since: number): Map<string, StackWrite[]> {
  const out = new Map<string, StackWrite[]>();
  const add = (email: string, write: StackWrite) => out.set(email, [...(out.get(email) ?? []), write]);
  for (const r of lane.pair.aircall.requests({ methods: ['PUT'] })) {
    const id = AIRCALL_STATUS_PUT.exec(r.path)?.[1];
    const status = (r.body as { availability_status?: unknown } | undefined)?.availability_status;
    if (!id || r.at < since || r.status >= 300 || typeof status !== 'string') continue;
    add(lane.pair.aircall.user(Number(id)).email.toLowerCase(), { at: r.at, side: sideOf(lane, 'aircall'), status });
  }
  const names = new Map<string, string>();
  const catalog = lane.pair.zendesk.statuses();
  for (const entry of [...catalog.default, ...catalog.custom]) names.set(String(entry.id), entry.name);
  for (const r of lane.pair.zendesk.requests({ methods: ['PUT'] })) {
    const id = ZENDESK_STATUS_PUT.exec(r.path)?.[1];
    if (!id || r.at < since || r.status >= 300) continue;
    const body = r.body as { id?: unknown; data?: { attributes?: { agent_status_id?: unknown } } } | undefined;
    const statusId = String(body?.id ?? body?.data?.attributes?.agent_status_id);
    const email = lane.pair.zendesk.agent(Number(id))?.email.toLowerCase() ?? r.path;
    add(email, { at: r.at, side: sideOf(lane, 'zendesk'), status: names.get(statusId) ?? statusId });
  }
  return out;
}

/** 429 answers both sandboxes of the lane gave since `since`. */
export function tooManyRequests(lane: Lane, since: number): number {
  return [...lane.pair.aircall.requests(), ...lane.pair.zendesk.requests()].filter((r) => r.at >= since && r.status === 429).length;
}

/** True while a webhook delivery of the lane is still pending (being tried, retried or waiting its jitter). */
export function deliveriesPending(lane: Lane): boolean {
  return [...lane.pair.aircall.deliveries(), ...lane.pair.zendesk.deliveries()].some((d) => d.outcome === 'pending');
}

export { INITIAL };
