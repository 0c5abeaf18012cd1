// Our webhook on each side (issue 12): registered or adopted on connect, checked and healed by the reconcile sweep,
// summarised for the console. The secret that verifies it (Zendesk signing secret, Aircall token) goes to the
// credential store with the webhook's id; nothing else keeps it.
import type { WebhookView } from '../../shared/console';
import type { Side } from '../../shared/sync/types';
import { AIRCALL_SUBSCRIBED_EVENTS } from '../aircall/webhook';
import { webhookPath } from '../app-api/webhooks';
import { requirePublicUrl } from '../config';
import type { CredentialStore } from '../credentials/port';
import { ApiError, AuthError } from '../http/errors';
import { ACCOUNT_WIDE, type AuditStore, type AuditValue, type HealthStore, type StoredAccount } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import { UNIFIED_STATE_CHANGED } from '../zendesk/client';
import { ROUTING_FEATURE_CHANGED } from '../zendesk/routing-event';
import type { StepResult } from './step-result';

/**
 * What our Zendesk webhook subscribes to: the unified status event, and the routing switch (issue 14 §3: an account
 * without omnichannel routing uses the Talk agent_state, lambdas/sync/status-mode.ts). No user event type is confirmed
 * in zendesk-api.md §9.2 (agent and omnichannel events only), so directory changes come from the hourly refresh.
 */
export const ZENDESK_SUBSCRIPTIONS: readonly string[] = [UNIFIED_STATE_CHANGED, ROUTING_FEATURE_CHANGED];
export const AIRCALL_EVENTS: readonly string[] = AIRCALL_SUBSCRIBED_EVENTS;
/** The name our webhooks carry in Zendesk's Admin Center and Aircall's Dashboard. */
export const WEBHOOK_NAME = 'Agent Status Sync';

/** What the webhook functions need: the API clients, the audit trail, the credential store. */
export type WebhookDeps = SyncDeps<AuditStore> & { credentials: CredentialStore };

/** One side's webhook as both APIs can describe it. `secret`: Aircall lists its token; Zendesk's is read apart. */
export interface SideHook {
  id: string;
  url: string;
  active: boolean;
  events: string[];
  secret?: string;
}

/** The calls on one side's webhooks, over that side's client (so the rules below are written once). */
export interface SideHooks {
  side: Side;
  wanted: readonly string[];
  list(): Promise<SideHook[]>;
  get(id: string): Promise<SideHook | undefined>;
  create(url: string): Promise<SideHook>;
  /** Points `hook` at `url`, active, with our events; `undefined` when it is gone. */
  fix(hook: SideHook, url: string): Promise<SideHook | undefined>;
  secret(hook: SideHook): Promise<string>;
  remove(id: string): Promise<boolean>;
}

/** Our webhooks' API on `side`, over the account's client. */
export function sideHooks(deps: SyncDeps<object>, account: StoredAccount, side: Side): SideHooks {
  if (side === 'zendesk') {
    const zendesk = deps.clients.zendesk(account);
    const toHook = (h: { id: string; endpoint: string; status: string; subscriptions: string[] }): SideHook => ({
      id: h.id,
      url: h.endpoint,
      active: h.status === 'active',
      events: h.subscriptions,
    });
    return {
      side,
      wanted: ZENDESK_SUBSCRIPTIONS,
      list: async () => (await zendesk.listWebhooks()).map(toHook),
      get: async (id) => {
        const hook = await zendesk.getWebhook(id);
        return hook && toHook(hook);
      },
      create: async (url) => toHook(await zendesk.createWebhook({ name: WEBHOOK_NAME, endpoint: url, subscriptions: ZENDESK_SUBSCRIPTIONS })),
      fix: async (hook, url) =>
        (await zendesk.updateWebhook(hook.id, { endpoint: url, status: 'active', subscriptions: ZENDESK_SUBSCRIPTIONS }))
          ? { ...hook, url, active: true, events: [...ZENDESK_SUBSCRIPTIONS] }
          : undefined,
      secret: (hook) => zendesk.getSigningSecret(hook.id),
      remove: (id) => zendesk.deleteWebhook(id),
    };
  }
  const aircall = deps.clients.aircall(account);
  const toHook = (h: { webhookId: string; url: string; active?: boolean; events: string[]; token?: string }): SideHook => ({
    id: h.webhookId,
    url: h.url,
    // §8.1: `active` is on every webhook; a listing without it is taken as active (never disabled by us).
    active: h.active !== false,
    events: h.events,
    ...(h.token !== undefined && { secret: h.token }),
  });
  return {
    side,
    wanted: AIRCALL_EVENTS,
    list: async () => (await aircall.listWebhooks()).map(toHook),
    get: async (id) => {
      const hook = await aircall.getWebhook(id);
      return hook && toHook(hook);
    },
    create: async (url) => toHook(await aircall.createWebhook({ url, events: AIRCALL_EVENTS, customName: WEBHOOK_NAME })),
    // §8.7: re-enable with `active: true` AND the events, or the webhook becomes "all events".
    fix: async (hook, url) => {
      const fixed = await aircall.updateWebhook(hook.id, { active: true, events: AIRCALL_EVENTS, url });
      return fixed && toHook(fixed);
    },
    secret: async (hook) => {
      const token = hook.secret ?? (await aircall.getWebhook(hook.id))?.token;
      if (!token) throw new Error(`Aircall webhook ${hook.id} came without its token`);
      return token;
    },
    remove: (id) => aircall.deleteWebhook(id),
  };
}

/** `PUBLIC_URL/webhooks/{side}/{accountId}`: where our webhook on `side` delivers. Throws ConfigError without PUBLIC_URL. */
export function ourWebhookUrl(deps: SyncDeps<object>, side: Side, accountId: string): string {
  return `${requirePublicUrl(deps.config)}${webhookPath(side, accountId)}`;
}

/** Whether `hook` is ours as it should be: our URL, active, subscribed to (at least) our events. */
export function isHealthy(hook: SideHook, url: string, wanted: readonly string[]): boolean {
  return sameUrl(hook.url, url) && hook.active && wanted.every((e) => hook.events.includes(e));
}

/** Registers our Zendesk webhook, or adopts the one already there, and stores its signing secret with its id. */
export function ensureZendeskWebhook(deps: WebhookDeps, account: StoredAccount, now: number): Promise<StepResult> {
  return ensureStep(deps, account, 'zendesk', now);
}

/** Registers our Aircall webhook (the events the sync uses), or adopts the one already there, and stores its token. */
export function ensureAircallWebhook(deps: WebhookDeps, account: StoredAccount, now: number): Promise<StepResult> {
  return ensureStep(deps, account, 'aircall', now);
}

async function ensureStep(deps: WebhookDeps, account: StoredAccount, side: Side, now: number): Promise<StepResult> {
  const step = side === 'zendesk' ? 'zendesk_webhook' : 'aircall_webhook';
  try {
    const done = await ensureWebhook(deps, account, sideHooks(deps, account, side), now, 'connect');
    return { step, ok: true, detail: `${done.action} webhook ${done.hook.id}` };
  } catch (error) {
    return { step, ok: false, error: failure(deps, account, side, error, 'could not register the webhook') };
  }
}

export type EnsureAction = 'created' | 'adopted' | 'repaired';

/**
 * Finds our webhook on the side (its URL is exactly ours: a webhook on another host may be another deployment's, for
 * the same account, and is left alone), keeps the best one (healthy first), fixes it if needed, or creates one;
 * stores its secret with its id; deletes the duplicates (each would deliver every event again, signed with a secret
 * we do not hold). Audited.
 */
export async function ensureWebhook(
  deps: WebhookDeps,
  account: StoredAccount,
  api: SideHooks,
  now: number,
  why: string,
): Promise<{ action: EnsureAction; hook: SideHook }> {
  const url = ourWebhookUrl(deps, api.side, account.id);
  const ours = (await api.list()).filter((h) => sameUrl(h.url, url));
  const pick = ours.find((h) => isHealthy(h, url, api.wanted)) ?? ours[0];
  let action: EnsureAction = 'created';
  let hook: SideHook | undefined;
  if (pick && isHealthy(pick, url, api.wanted)) {
    action = 'adopted';
    hook = pick;
  } else if (pick) {
    action = 'repaired';
    hook = await api.fix(pick, url);
  }
  if (!hook) {
    action = 'created';
    hook = await api.create(url);
  }
  let secret: string;
  try {
    secret = await api.secret(hook);
  } catch (error) {
    // "Admins cannot reveal secrets of webhooks created by Zendesk apps" (onboarding.md §4): such a webhook cannot be
    // verified by us, so it is replaced by one of our own (and deleted below with the other duplicates).
    if (!(error instanceof AuthError) || action === 'created') throw error;
    action = 'created';
    hook = await api.create(url);
    secret = await api.secret(hook);
  }
  await deps.credentials.putWebhookSecret(account.id, { side: api.side, webhookId: hook.id, secret, updatedAt: now });
  const kept = hook;
  const removed: string[] = [];
  for (const extra of ours.filter((h) => h.id !== kept.id)) if (await api.remove(extra.id)) removed.push(extra.id);
  await audit(deps, account, now, action, why, {
    side: api.side,
    webhookId: hook.id,
    url,
    ...(removed.length > 0 && { duplicatesDeleted: removed.join(', ') }),
  });
  return { action, hook };
}

/** What one sweep did to one side's webhook. */
export interface WebhookRepair {
  side: Side;
  /** `healthy`: nothing to do; `skipped`: side not connected (or no PUBLIC_URL); `failed`: see `error`. */
  action: 'healthy' | 'reactivated' | 'updated' | 'recreated' | 'adopted' | 'skipped' | 'failed';
  webhookId?: string;
  detail?: string;
  error?: string;
}

/**
 * The sweep's check of both webhooks: present, active, our URL, our events. An inactive one is re-activated (Aircall:
 * with its events), a wrong one fixed, a missing one re-created (its new secret stored); each repair is audited.
 * A side without a credential (disconnected) is left alone: its webhook must not come back. Never throws.
 */
export async function repairWebhooks(deps: WebhookDeps, account: StoredAccount, now: number): Promise<WebhookRepair[]> {
  if (deps.config.publicUrl === undefined) {
    return (['zendesk', 'aircall'] as const).map((side) => ({ side, action: 'skipped', detail: 'PUBLIC_URL is not set: our webhook URL is unknown' }));
  }
  const out: WebhookRepair[] = [];
  for (const side of ['zendesk', 'aircall'] as const) {
    try {
      out.push(await repairSide(deps, account, side, now));
    } catch (error) {
      out.push({ side, action: 'failed', error: failure(deps, account, side, error, 'could not check the webhook') });
    }
  }
  return out;
}

async function repairSide(deps: WebhookDeps, account: StoredAccount, side: Side, now: number): Promise<WebhookRepair> {
  const credential = side === 'zendesk' ? await deps.credentials.getZendeskCredential(account.id) : await deps.credentials.getAircallCredential(account.id);
  if (!credential) return { side, action: 'skipped', detail: `${side} is not connected` };
  if (credential.needsReconnect) return { side, action: 'skipped', detail: `${side} needs reconnecting` };
  const api = sideHooks(deps, account, side);
  const url = ourWebhookUrl(deps, side, account.id);
  const stored = await deps.credentials.getWebhookSecret(account.id, side);
  const hook = stored?.webhookId === undefined ? undefined : await api.get(stored.webhookId);
  if (!hook) {
    // Deleted, or never known by id (an accounts-file import): find ours again or create it.
    const done = await ensureWebhook(deps, account, api, now, stored?.webhookId === undefined ? 'no webhook id stored' : 'webhook missing');
    return { side, action: done.action === 'adopted' ? 'adopted' : 'recreated', webhookId: done.hook.id };
  }
  if (isHealthy(hook, url, api.wanted)) return { side, action: 'healthy', webhookId: hook.id };
  const action = hook.active ? 'updated' : 'reactivated';
  const reason = !hook.active ? 'inactive' : !sameUrl(hook.url, url) ? 'another URL' : 'events missing';
  const fixed = await api.fix(hook, url);
  if (!fixed) {
    const done = await ensureWebhook(deps, account, api, now, 'webhook missing');
    return { side, action: 'recreated', webhookId: done.hook.id };
  }
  await audit(deps, account, now, action, reason, { side, webhookId: hook.id, url });
  return { side, action, webhookId: hook.id, detail: reason };
}

/** Invocation statuses that are not a failure (onboarding.md §4); any other one counts as failed. */
const NOT_FAILED = new Set(['success', 'accepted', 'unknown']);

/**
 * Both webhooks for the console: registered (we hold its secret), active, last delivery and failures. Zendesk's from
 * its invocation history (up to 7 days), Aircall's from the last verified webhook we received (Aircall keeps no
 * history). `aircallBudgetLow`: the Aircall webhook is not read (its budget is kept for the sync). Never throws.
 */
export async function webhookHealth(
  deps: SyncDeps<HealthStore> & { credentials: CredentialStore },
  account: StoredAccount,
  now: number,
  options: { aircallBudgetLow?: boolean } = {},
): Promise<Record<Side, WebhookView>> {
  const received = await deps.store.getHealth(account.id).catch(() => ({ lastEventAt: {} as Partial<Record<Side, number>> }));
  const one = async (side: Side): Promise<WebhookView> => {
    const view: WebhookView = { side, registered: false };
    if (deps.config.publicUrl !== undefined) view.url = ourWebhookUrl(deps, side, account.id);
    const lastReceived = received.lastEventAt[side];
    if (lastReceived !== undefined) view.lastDeliveryAt = lastReceived;
    try {
      const stored = await deps.credentials.getWebhookSecret(account.id, side);
      if (!stored) return view;
      view.registered = true;
      if (stored.webhookId === undefined) return view;
      view.webhookId = stored.webhookId;
      if (side === 'aircall' && options.aircallBudgetLow) {
        view.error = 'Not checked: the Aircall request budget is low and kept for the sync; try again in a minute';
        return view;
      }
      const hook = await sideHooks(deps, account, side).get(stored.webhookId);
      view.checkedAt = now;
      if (!hook) {
        view.active = false;
        view.error = 'The webhook is gone: the next sweep re-creates it';
        return view;
      }
      view.active = hook.active;
      if (side === 'zendesk') {
        const invocations = await deps.clients.zendesk(account).recentInvocations(stored.webhookId);
        const [latest] = [...invocations].sort((a, b) => (b.latestCompletedAt ?? b.createdAt ?? 0) - (a.latestCompletedAt ?? a.createdAt ?? 0));
        const latestAt = latest?.latestCompletedAt ?? latest?.createdAt;
        if (latest && latestAt !== undefined) {
          view.lastDeliveryAt = latestAt;
          view.lastDeliveryStatus = latest.status;
        }
        view.failures = invocations.filter((i) => !NOT_FAILED.has(i.status)).length;
      }
    } catch (error) {
      view.error = failure(deps, account, side, error, 'could not check the webhook');
    }
    return view;
  };
  const [zendesk, aircall] = await Promise.all([one('zendesk'), one('aircall')]);
  return { zendesk, aircall };
}

async function audit(deps: SyncDeps<AuditStore>, account: StoredAccount, now: number, decision: string, reason: string, detail: Record<string, AuditValue>) {
  await deps.store
    .appendAudit(account.id, ACCOUNT_WIDE, { kind: 'webhook', decision, reason, detail }, now)
    .catch((error: Error) => deps.log.warn('could not audit a webhook change', { account: account.id, error: error.message }));
}

/** A message for people and logs: API and config errors are credential-free (lambdas/http); anything else is named only. */
export function failure(deps: SyncDeps<object>, account: StoredAccount, side: Side, error: unknown, what: string): string {
  const message =
    error instanceof ApiError || (error as Error)?.name === 'ConfigError' ? (error as Error).message : `${(error as Error)?.name ?? 'Error'}: ${what}`;
  deps.log.warn(`${side} webhook: ${what}`, { account: account.id, side, error: message });
  return message;
}

/** Whether two webhook URLs are the same (a trailing slash aside). */
export function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
