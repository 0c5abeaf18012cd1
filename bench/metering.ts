// Bench-only meters of what AWS bills per change: DynamoDB read/write units, KMS requests, and the per-change
// functions' invocations and durations. Like probes.ts they wrap the running stack's objects in place (private
// fields read here, bench only); the product's code is unchanged.
import type { Stack, StackOptions } from '../local/stack';

export type PerChangeFunction = Parameters<NonNullable<StackOptions['onInvocation']>>[0];

export interface MeterSnapshot {
  /** DynamoDB read request units (strongly consistent 4 KB = 1, eventually consistent = 0.5), as dynalite reports them. */
  rru: number;
  /** DynamoDB write request units (1 KB = 1), plus one per GSI an item written carries (see `meterCapacity`). */
  wru: number;
  /** GenerateDataKey + Decrypt calls on the master key: KMS requests in AWS. */
  kms: number;
  /** Secrets opened (AES-GCM, CPU only: a data key from the cache costs no KMS request). */
  secretOpens: number;
  /** Per function: invocations and their summed duration (ms). */
  invocations: Record<string, { count: number; ms: number }>;
}

/** Collects `onInvocation` reports of the stack (pass `record` to `startStack`). */
export function invocationLog(): { record: NonNullable<StackOptions['onInvocation']>; totals: MeterSnapshot['invocations'] } {
  const totals: MeterSnapshot['invocations'] = {};
  return {
    totals,
    record: (fn, ms) => {
      const t = totals[fn] ?? { count: 0, ms: 0 };
      totals[fn] = t;
      t.count++;
      t.ms += ms;
    },
  };
}

type Middleware = (next: (args: Args) => Promise<{ output?: Record<string, unknown> }>, context: { commandName?: string }) => (args: Args) => Promise<unknown>;
type Args = { input: Record<string, unknown> };
type Stackable = { middlewareStack?: { add(middleware: Middleware, options: { step: string; name: string }): void } };

// The client's command names (a document client's GetCommand runs as GetItemCommand on the client's stack).
const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand']);

/** The number of GSI partition keys an item written sets (each such index is written too, projection ALL). */
function gsiKeysWritten(commandName: string, input: Record<string, unknown>): number {
  const isGsiKey = (name: string) => /^gsi\d+pk$/.test(name);
  if (commandName === 'PutItemCommand') return Object.keys((input.Item ?? {}) as object).filter(isGsiKey).length;
  if (commandName === 'UpdateItemCommand') {
    const names = Object.values((input.ExpressionAttributeNames ?? {}) as Record<string, string>);
    const expression = String(input.UpdateExpression ?? '');
    return new Set([...names.filter(isGsiKey), ...(expression.match(/gsi\d+pk/g) ?? [])]).size;
  }
  if (commandName === 'BatchWriteItemCommand') {
    // The audit entries the worker appends together (lambdas/sync/audit-batch.ts): each put item's GSI keys.
    const requests = Object.values((input.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item?: object } }>>).flat();
    return requests.reduce((n, r) => n + Object.keys(r.PutRequest?.Item ?? {}).filter(isGsiKey).length, 0);
  }
  return 0;
}

function unitsOf(consumed: unknown): number {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((sum, c) => sum + Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
}

/**
 * Asks DynamoDB (dynalite) for the units of every call of the stack's client (`ReturnConsumedCapacity: TOTAL`) and
 * sums them. AWS bills on-demand tables by these units; a write to an item with GSI keys also writes each index
 * (approximated here by the GSI keys the call sets), and a conditional write that fails still costs 1 WRU.
 */
function meterCapacity(stack: Stack, totals: { rru: number; wru: number }): void {
  const doc = (stack.runtime.deps.store as unknown as { doc?: Stackable }).doc;
  doc?.middlewareStack?.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? '');
      const read = READS.has(command);
      try {
        const out = await next({ ...args, input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' } });
        const units = unitsOf(out.output?.ConsumedCapacity);
        if (read) totals.rru += units;
        // A batch's GSI writes are one per key set, not a multiple of the batch's units.
        else if (command === 'BatchWriteItemCommand') totals.wru += units + gsiKeysWritten(command, args.input);
        else totals.wru += units * (1 + gsiKeysWritten(command, args.input));
        return out;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') totals.wru += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'bench-capacity' },
  );
}

/** Counts the master key's calls (KMS requests in AWS) and the secrets opened, through the stack's credential store. */
function meterSecrets(stack: Stack, totals: { kms: number; secretOpens: number }): void {
  type Box = { provider?: Record<string, unknown>; open?: (...args: unknown[]) => Promise<string> };
  const box = (stack.runtime.deps.credentials as unknown as { box?: Box } | undefined)?.box;
  if (!box) return;
  const provider = box.provider;
  // The onboarding pages' sealer shares this provider object (local/stack.ts): one count for the whole stack.
  for (const method of ['generateDataKey', 'decryptDataKey'] as const) {
    const original = provider?.[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!provider || !original) continue;
    provider[method] = (...args: unknown[]) => {
      totals.kms++;
      return original.apply(provider, args);
    };
  }
  const open = box.open?.bind(box);
  if (open) {
    box.open = (...args: unknown[]) => {
      totals.secretOpens++;
      return open(...args);
    };
  }
}

/** Starts metering a running stack; `invocations` is the log passed to its `onInvocation`. */
export function costMeter(stack: Stack, invocations: MeterSnapshot['invocations']): { snapshot(): MeterSnapshot } {
  const totals = { rru: 0, wru: 0, kms: 0, secretOpens: 0 };
  meterCapacity(stack, totals);
  meterSecrets(stack, totals);
  return {
    snapshot: () => ({ ...totals, invocations: Object.fromEntries(Object.entries(invocations).map(([k, v]) => [k, { ...v }])) }),
  };
}

/** `after - before`, field by field. */
export function diffMeter(before: MeterSnapshot, after: MeterSnapshot): MeterSnapshot {
  const invocations: MeterSnapshot['invocations'] = {};
  for (const [fn, v] of Object.entries(after.invocations)) {
    const b = before.invocations[fn] ?? { count: 0, ms: 0 };
    if (v.count - b.count > 0) invocations[fn] = { count: v.count - b.count, ms: v.ms - b.ms };
  }
  return {
    rru: after.rru - before.rru,
    wru: after.wru - before.wru,
    kms: after.kms - before.kms,
    secretOpens: after.secretOpens - before.secretOpens,
    invocations,
  };
}
