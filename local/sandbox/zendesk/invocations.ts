// Webhook invocations and their attempts (onboarding.md §4, OAS copy `openapi-webhooks.yaml`), recorded from the
// delivery queue's attempt reports, for `GET /api/v2/webhooks/{id}/invocations` and the console's "last delivery".
import type { AttemptReport } from '../common';
import { secondIso } from './formats';

/** The invocation statuses the reference lists; the sandbox produces the ones it can observe. */
export type InvocationStatus = 'unknown' | 'accepted' | 'success' | 'failed' | 'timeout' | 'circuit broken' | 'throttled' | 'client error' | 'server error';
export const INVOCATION_STATUSES: readonly InvocationStatus[] = [
  'unknown',
  'accepted',
  'success',
  'failed',
  'timeout',
  'circuit broken',
  'throttled',
  'client error',
  'server error',
];

export interface Attempt {
  id: string;
  invocationId: string;
  status: 'success' | 'failed' | 'client error' | 'server error';
  responseCode: number | null;
  createdAt: number;
}

export interface Invocation {
  id: string;
  webhookId: string;
  eventType: string;
  status: InvocationStatus;
  createdAt: number;
  latestCompletedAt: number;
  attempts: Attempt[];
}

/** "Returns up to 7 days of invocations for a webhook." */
const RETENTION_MS = 7 * 24 * 3600_000;

/** Every webhook's invocations, keyed by the `x-zendesk-webhook-invocation-id` each delivery carries. */
export class InvocationLog {
  private readonly byId = new Map<string, Invocation>();
  private attemptSeq = 1;

  constructor(private readonly now: () => number) {}

  /** Records one attempt (the delivery queue's `onAttempt`). Deliveries without a webhook id are ignored. */
  record(report: AttemptReport): void {
    const headers = report.delivery.headers ?? {};
    const invocationId = headers['x-zendesk-webhook-invocation-id'] ?? headerIgnoringCase(headers, 'x-zendesk-webhook-invocation-id');
    const webhookId = report.delivery.target;
    if (!invocationId || !webhookId) return;
    const at = this.now();
    let invocation = this.byId.get(invocationId);
    if (!invocation) {
      invocation = {
        id: invocationId,
        webhookId,
        eventType: report.delivery.label ?? '',
        status: 'accepted',
        createdAt: at,
        latestCompletedAt: at,
        attempts: [],
      };
      this.byId.set(invocationId, invocation);
    }
    const status = attemptStatus(report);
    invocation.attempts.push({ id: String(this.attemptSeq++), invocationId, status, responseCode: report.status, createdAt: at });
    invocation.status = status;
    invocation.latestCompletedAt = at;
  }

  /** A webhook's invocations within the retention window, oldest first. */
  list(webhookId: string): Invocation[] {
    const since = this.now() - RETENTION_MS;
    return [...this.byId.values()]
      .filter((i) => i.webhookId === webhookId && i.createdAt >= since)
      .sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id));
  }

  get(webhookId: string, invocationId: string): Invocation | undefined {
    const found = this.byId.get(invocationId);
    return found && found.webhookId === webhookId ? found : undefined;
  }

  clear(): void {
    this.byId.clear();
  }
}

export function invocationView(i: Invocation): Record<string, unknown> {
  return {
    id: i.id,
    webhook_id: i.webhookId,
    status: i.status,
    created_at: secondIso(i.createdAt),
    latest_completed_at: secondIso(i.latestCompletedAt),
    event_type: i.eventType,
    attempts_count: i.attempts.length,
  };
}

export function attemptView(a: Attempt): Record<string, unknown> {
  return {
    id: a.id,
    invocation_id: a.invocationId,
    status: a.status,
    ...(a.responseCode === null ? { error_message: 'no response (timeout or connection error)' } : { response_code: a.responseCode }),
    created_at: secondIso(a.createdAt),
  };
}

// The queue reports no error text, so a missing response is `failed` (it may have been a timeout).
function attemptStatus(report: AttemptReport): Attempt['status'] {
  if (report.ok) return 'success';
  if (report.status === null) return 'failed';
  return report.status >= 500 ? 'server error' : report.status >= 400 ? 'client error' : 'failed';
}

function headerIgnoringCase(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

const logs = new WeakMap<object, InvocationLog>();

/** The invocation log of one sandbox account (created on first use). */
export function invocationLog(account: { now: () => number }): InvocationLog {
  let log = logs.get(account);
  if (!log) {
    log = new InvocationLog(account.now);
    logs.set(account, log);
  }
  return log;
}
