// Agent availability events as Zendesk sends them to webhooks: envelopes (§9.3, §9.4), headers (§9.5), signature (§9.7).
import { createHmac } from 'node:crypto';
import { nanoIso, secondIso, ulid } from './formats';
import type { StatusChange } from './model';

export const UNIFIED_STATE_CHANGED = 'zen:event-type:agent.unified_state_changed';
export const STATE_CHANGED = 'zen:event-type:agent.state_changed';
export const AGENT_EVENT_VERSION = '2022-11-06';

/** An event ready to deliver: its type and the JSON body. */
export interface AgentEvent {
  type: string;
  body: Record<string, unknown>;
}

/**
 * The events one status change produces: one `agent.unified_state_changed`, and one `agent.state_changed` per
 * channel whose state changed. All carry the agent's new `version`. `time` is when the event is emitted.
 */
export function eventsForChange(change: StatusChange, accountId: number, time: { ms: number; sub: number }): AgentEvent[] {
  const detail = { account_id: String(accountId), agent_id: String(change.agentId), version: String(change.version) };
  const common = {
    account_id: accountId,
    detail,
    subject: `zen:agent:${change.agentId}`,
    time: nanoIso(time.ms, time.sub),
    zendesk_event_version: AGENT_EVENT_VERSION,
  };
  const updatedAt = nanoIso(change.at, change.atSub);
  const events: AgentEvent[] = [
    {
      type: UNIFIED_STATE_CHANGED,
      // Shape from public code, value types UNCONFIRMED (§9.4): ids are sent as numbers, as in that code.
      body: {
        account_id: common.account_id,
        detail: common.detail,
        event: {
          new_unified_state: { ...change.next },
          previous_unified_state: { ...change.previous },
          updated_at: updatedAt,
        },
        id: ulid(time.ms),
        subject: common.subject,
        time: common.time,
        type: UNIFIED_STATE_CHANGED,
        zendesk_event_version: common.zendesk_event_version,
      },
    },
  ];
  for (const channel of change.channels) {
    events.push({
      type: STATE_CHANGED,
      body: {
        account_id: common.account_id,
        detail: common.detail,
        event: { updated_at: updatedAt, previous_state: channel.previous, new_state: channel.next, channel: channel.channel },
        id: ulid(time.ms),
        subject: common.subject,
        time: common.time,
        type: STATE_CHANGED,
        zendesk_event_version: common.zendesk_event_version,
      },
    });
  }
  return events;
}

/**
 * Zendesk's webhook signature: base64(HMAC-SHA256(key = secret as raw UTF-8, TIMESTAMP + BODY)) (§9.7).
 *
 * @example signWebhook('dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==', '2021-03-25T05:09:27Z', '{"a":1}')
 */
export function signWebhook(secret: string, timestamp: string, body: string, order: 'timestamp_body' | 'body_timestamp' = 'timestamp_body'): string {
  const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  // BODY + TIMESTAMP: the order the older "event connectors" page's test vector verifies in (§9.7, issue 11).
  return (order === 'timestamp_body' ? hmac.update(timestamp, 'utf8').update(body, 'utf8') : hmac.update(body, 'utf8').update(timestamp, 'utf8')).digest(
    'base64',
  );
}

/** The headers of one webhook request (§9.5), signed over `rawBody`. */
export function webhookHeaders(input: {
  accountId: number;
  webhookId: string;
  invocationId: string;
  secret: string;
  rawBody: string;
  nowMs: number;
  signatureOrder?: 'timestamp_body' | 'body_timestamp';
}): Record<string, string> {
  const timestamp = secondIso(input.nowMs);
  return {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Zendesk Webhook',
    'x-zendesk-account-id': String(input.accountId),
    'x-zendesk-webhook-id': input.webhookId,
    'x-zendesk-webhook-invocation-id': input.invocationId,
    'x-zendesk-webhook-signature': signWebhook(input.secret, timestamp, input.rawBody, input.signatureOrder),
    'x-zendesk-webhook-signature-timestamp': timestamp,
  };
}
