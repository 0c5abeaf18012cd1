// Handler metrics: counted during an invocation, flushed by the handler as CloudWatch EMF printed on stdout.
// Only inside Lambda with a namespace configured; everywhere else (npm start, tests, bench) a no-op, so nothing prints.
import type { AuditInput, SyncStore } from './store/port';
import type { SyncDeps } from './sync/deps';

/** Every metric the handlers emit (namespace POWERTOOLS_METRICS_NAMESPACE, dimension `service` always). */
export const METRIC_NAMES = [
  // Webhooks, dimension `provider`: what became of each delivery.
  'WebhookAccepted',
  'WebhookDuplicate',
  'WebhookIgnored',
  'WebhookRejected',
  // A delivery stamped more than a minute ahead of its receipt (forged, or a broken clock): refused with 400.
  'WebhookFromFuture',
  'WebhookFailed',
  // Worker: writes by `side`, skips by `reason`, failures; retries and messages bound for the DLQ.
  'StatusWritten',
  'SyncSkipped',
  'WriteFailed',
  'RateLimited',
  'SyncRetried',
  'SyncToDlq',
  'MessageDropped',
  // Scheduled jobs: agents queued or deferred by reconcile; accounts a job failed on (dimension `job`).
  'ReconcileQueued',
  'ReconcileDeferred',
  'ReconcileMissedChanges',
  'JobFailed',
  // A write refused because the account cannot write Aircall statuses at all (issue 11; alarmed, see the admin view).
  'AircallStatusUnwritable',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Dimension values must come from a small fixed set (each combination is a billed CloudWatch metric). */
export type Dimensions = Readonly<Record<string, string>>;

export interface HandlerMetrics {
  /** Adds `value` (default 1) to the count of `name` under `dimensions` for this invocation. */
  count(name: MetricName, value?: number, dimensions?: Dimensions): void;
  /** Emits what was counted since the last flush, then forgets it. Call once per invocation, in a `finally`. */
  flush(): void;
}

/** Emits one dimension set's counts. */
export type Emit = (dimensions: Dimensions, counts: ReadonlyMap<MetricName, number>) => void;

/** Counts in memory and hands each dimension set to `emit` on flush (one EMF document per set). */
export class CountingMetrics implements HandlerMetrics {
  private readonly sets = new Map<string, { dimensions: Dimensions; counts: Map<MetricName, number> }>();

  constructor(private readonly emit: Emit) {}

  count(name: MetricName, value = 1, dimensions: Dimensions = {}): void {
    const key = JSON.stringify(Object.entries(dimensions).sort());
    let set = this.sets.get(key);
    if (!set) {
      set = { dimensions, counts: new Map() };
      this.sets.set(key, set);
    }
    set.counts.set(name, (set.counts.get(name) ?? 0) + value);
  }

  flush(): void {
    const sets = [...this.sets.values()];
    this.sets.clear();
    for (const { dimensions, counts } of sets) this.emit(dimensions, counts);
  }
}

/**
 * An `Emit` printing one CloudWatch embedded-metric-format (EMF) line per dimension set on stdout, with `service` as
 * a dimension always, as Powertools Metrics printed it. Written here rather than bundling Powertools Metrics (~12 KB
 * of every handler, against the 300 KB bundle target). Raw `process.stdout`, not `console`: Lambda's console prefixes each line
 * with a timestamp and request id, and CloudWatch extracts metrics only from lines that are JSON documents. Each
 * document holds at most METRIC_NAMES.length (< EMF's 100) metrics and few dimensions (< EMF's 30).
 */
export function emfEmit(namespace: string, service: string, now: () => number = Date.now): Emit {
  return (dimensions, counts) => {
    if (counts.size === 0) return;
    const { service: _ignored, ...own } = dimensions;
    const document = {
      _aws: {
        Timestamp: now(),
        CloudWatchMetrics: [
          { Namespace: namespace, Dimensions: [['service', ...Object.keys(own)]], Metrics: [...counts.keys()].map((Name) => ({ Name, Unit: 'Count' })) },
        ],
      },
      service,
      ...own,
      ...Object.fromEntries(counts),
    };
    process.stdout.write(`${JSON.stringify(document)}\n`);
  };
}

/** Metrics that count nothing (outside Lambda). */
export const NO_METRICS: HandlerMetrics = { count() {}, flush() {} };

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether this process should emit metrics: inside Lambda (`AWS_LAMBDA_FUNCTION_NAME`, set by the runtime), with a
 * namespace, and not turned off (`POWERTOOLS_METRICS_DISABLED=true`, Powertools' own switch).
 */
export function metricsEnabled(env: Env = process.env): boolean {
  return Boolean(env.AWS_LAMBDA_FUNCTION_NAME && env.POWERTOOLS_METRICS_NAMESPACE) && !/^(1|true|yes|on)$/i.test(env.POWERTOOLS_METRICS_DISABLED ?? '');
}

/**
 * How many receives a sync message gets before SQS moves it to the DLQ (`SYNC_MAX_RECEIVE_COUNT`, set by the stack
 * from the queue's redrive policy), or `undefined` when unset or not a positive whole number.
 */
export function maxReceiveCount(env: Env = process.env): number | undefined {
  const raw = env.SYNC_MAX_RECEIVE_COUNT?.trim();
  return raw && /^[1-9]\d*$/.test(raw) ? Number(raw) : undefined;
}

let shared: HandlerMetrics | undefined;

/**
 * The container's handler metrics: EMF in Lambda, namespace POWERTOOLS_METRICS_NAMESPACE and service
 * POWERTOOLS_SERVICE_NAME (the variables Powertools read; the stack sets both), {@link NO_METRICS} elsewhere.
 */
export function handlerMetrics(env: Env = process.env): HandlerMetrics {
  shared ??= metricsEnabled(env)
    ? new CountingMetrics(emfEmit(env.POWERTOOLS_METRICS_NAMESPACE!, env.POWERTOOLS_SERVICE_NAME || 'agent-status-sync'))
    : NO_METRICS;
  return shared;
}

/** The metric an audit entry stands for, if any (the audit trail already records each decision and failure). */
export function auditMetric(entry: AuditInput): { name: MetricName; dimensions?: Dimensions } | undefined {
  switch (entry.kind) {
    case 'write': {
      const side = entry.detail?.side;
      return { name: 'StatusWritten', ...(typeof side === 'string' && { dimensions: { side } }) };
    }
    case 'decision':
      return entry.decision === 'skip' && entry.reason ? { name: 'SyncSkipped', dimensions: { reason: entry.reason } } : undefined;
    case 'write_failed':
      // The "cannot write Aircall status" state (lambdas/aircall/api-shapes.ts) has its own metric and alarm.
      return entry.reason === 'AircallStatusUnwritableError' ? { name: 'AircallStatusUnwritable' } : { name: 'WriteFailed' };
    case 'rate_limited':
      return { name: 'RateLimited' };
    default:
      // Webhook outcomes are counted by the webhook handler; job summaries by the job handlers.
      return undefined;
  }
}

/** `deps` whose store counts each audit entry it appends (see {@link auditMetric}); everything else unchanged. */
export function withAuditMetrics(deps: SyncDeps, metrics: HandlerMetrics): SyncDeps {
  if (metrics === NO_METRICS) return deps;
  // One counting store per store and metrics, not one per invocation: per-process caches keyed by the store (links,
  // health notes) then last across invocations, as they do without metrics.
  const byMetrics = countingStores.get(deps.store) ?? new WeakMap<HandlerMetrics, SyncStore>();
  countingStores.set(deps.store, byMetrics);
  const known = byMetrics.get(metrics);
  if (known) return { ...deps, store: known };
  const store = deps.store;
  const appendAudit: SyncStore['appendAudit'] = async (account, agent, entry, now) => {
    const stored = await store.appendAudit(account, agent, entry, now);
    const metric = auditMetric(entry);
    if (metric) metrics.count(metric.name, 1, metric.dimensions);
    return stored;
  };
  // Methods run on the real store (bound), so an adapter's private state is never read through the proxy.
  const counted = new Proxy(store, {
    get(target, prop) {
      if (prop === 'appendAudit') return appendAudit;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  byMetrics.set(metrics, counted);
  return { ...deps, store: counted };
}

const countingStores = new WeakMap<SyncStore, WeakMap<HandlerMetrics, SyncStore>>();
