// The error of the webhook edge: a delivery whose body is not the event it claims to be.

/** The system a webhook delivery came from. */
export type WebhookSystem = 'aircall' | 'zendesk';

/**
 * Thrown by the webhook parsers for a body that is not JSON, an envelope without its event name, or a known event
 * with a missing or invalid field. The message names the event and the field, e.g.
 * "Aircall user.closed: data.availability_status is missing". It never quotes a token or a signature.
 * Unknown events are not errors: the parsers return them as `ignored`.
 */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';

  constructor(
    message: string,
    readonly system: WebhookSystem,
    /** The offending field as a dotted path (`data.availability_status`), when one field is to blame. */
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
