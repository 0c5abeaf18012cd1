// The webhook edge shared by both systems: its error, and reading the raw request. Parsers live per system
// (lambdas/aircall/webhook.ts, lambdas/zendesk/webhook.ts).
export { WebhookPayloadError, type WebhookSystem } from './errors';
export { rawBody, headerValue } from './request';
