// Publishes Aircall webhook events: the {resource, event, timestamp, token, data} envelope to each subscriber (§8.2).
import type { WebhookDeliveryQueue } from '../common';
import type { WebhookRegistry } from './webhooks';

/** The envelope Aircall POSTs. There is no event id and no signature; `token` identifies the webhook (§8.2, §8.6). */
export interface AircallWebhookEnvelope {
  resource: string;
  event: string;
  timestamp: number;
  token: string;
  data: unknown;
}

// Headers seen on a live delivery (aircall-api.md §8.2); none carries a credential.
const DELIVERY_HEADERS = { 'user-agent': 'axios/1.7.7', 'aircall-origin': 'webhooks' };

/** Turns domain events into deliveries for every active webhook subscribed to the event name. */
export class AircallEventPublisher {
  constructor(
    private readonly registry: WebhookRegistry,
    private readonly queue: WebhookDeliveryQueue,
    private readonly now: () => number,
  ) {}

  /**
   * Publishes `event` (a V1 name) with `data.v1` to its subscribers and, when `data.v2` is given, `${event}.v2`
   * with `data.v2` to the `.v2` subscribers. Per webhook, V1 goes before V2.
   */
  publish(resource: string, event: string, data: { v1: unknown; v2?: unknown }): void {
    const timestamp = Math.floor(this.now() / 1000);
    const v2Event = `${event}.v2`;
    for (const webhook of this.registry.list()) {
      if (!webhook.active) continue;
      const names: Array<[string, unknown]> = [];
      if (webhook.events.includes(event)) names.push([event, data.v1]);
      if (data.v2 !== undefined && webhook.events.includes(v2Event)) names.push([v2Event, data.v2]);
      for (const [name, payload] of names) {
        const envelope: AircallWebhookEnvelope = { resource, event: name, timestamp, token: webhook.token, data: payload };
        this.queue.enqueue({ url: webhook.url, body: envelope, headers: DELIVERY_HEADERS, label: name, target: webhook.webhook_id });
      }
    }
  }
}
