// The `omnichannel_config.omnichannel_routing_feature_changed` event (zendesk-api.md §9.2): routing switched on or off,
// `event = {previous_value: bool, current_value: bool}`, `subject = zen:account:<id>`. Issue 14 §3.
import { WebhookPayloadError } from '../webhooks/errors';
import { FieldReader, parseJsonObject } from '../webhooks/fields';

export const ROUTING_FEATURE_CHANGED = 'zen:event-type:omnichannel_config.omnichannel_routing_feature_changed';

export interface RoutingFeatureChanged {
  /** The event id: the dedupe key. */
  id: string;
  /** `event.current_value`: whether omnichannel routing is on now. */
  routingOn: boolean;
  /** Epoch ms of the envelope's `time`, when it parses. */
  at?: number;
}

/** Parses a routing event body (raw text); a missing id or a non-boolean `event.current_value` is a `WebhookPayloadError`. */
export function parseRoutingFeatureChanged(raw: string): RoutingFeatureChanged {
  const body = parseJsonObject(raw, 'zendesk', 'Zendesk webhook');
  const reader = new FieldReader('zendesk', 'Zendesk omnichannel_routing_feature_changed');
  const id = reader.string(body.id, 'id');
  const event = reader.object(body.event, 'event');
  if (typeof event.current_value !== 'boolean')
    throw new WebhookPayloadError('Zendesk omnichannel_routing_feature_changed: event.current_value must be a boolean', 'zendesk', 'event.current_value');
  const at = typeof body.time === 'string' ? Date.parse(body.time) : Number.NaN;
  return { id, routingOn: event.current_value, ...(Number.isFinite(at) && { at }) };
}
