// The sandboxes' common infrastructure: JSON HTTP server, faults, request journal, webhook deliveries, control API.
export { startServer, Router, json, parseJsonBody, bodyObject } from './http-server';
export type { SandboxRequest, SandboxResponse, SandboxHandler, ServerOptions, RunningServer } from './http-server';
export { FaultInjector, NO_FAULTS } from './faults';
export type { FaultSettings, InjectedFault, FaultInjectorOptions } from './faults';
export { RequestJournal, journalFilterFromQuery } from './journal';
export type { JournalEntry, JournalFilter } from './journal';
export { WebhookDeliveryQueue, parseDeliveryMode } from './webhook-delivery';
export type { OutgoingDelivery, DeliveryMode, UnreliableMode, DeliveryLogEntry, AttemptReport, DeliveryQueueOptions } from './webhook-delivery';
export { addCommonControlRoutes, createSandboxHandler, control, CONTROL_PREFIX } from './control-routes';
export type { SandboxCore, SandboxPipeline } from './control-routes';
export { SandboxInputError } from './errors';
export { seededRandom } from './prng';
export { isHttpUrl } from './urls';
export { escapeHtml, htmlPage, htmlResponse, redirectTo } from './html';
