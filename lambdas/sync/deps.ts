// What the use cases are given: the ports (store, queue, API clients), the clock and the settings they need.
import type { SettlePolicy } from '../../shared/sync/settle';
import type { AircallClient } from '../aircall/client';
import type { Config } from '../config';
import type { AuditBatch } from './audit-batch';
import type { CredentialStore } from '../credentials/port';
import type { SyncQueue } from '../queue/port';
import type { ApiShapeStore } from '../store/api-shapes';
import type { SessionStore } from '../sessions/port';
import type { StoredAccount, SyncStore } from '../store/port';
import type { ZendeskClient } from '../zendesk/client';

/** Builds the API clients of one account. Implementations may cache them per account. */
export interface ClientFactory {
  aircall(account: StoredAccount): AircallClient;
  zendesk(account: StoredAccount): ZendeskClient;
}

/** The log the use cases write to. Structured data only; never a secret. */
export interface Log {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/**
 * `Store`: the store ports a use case touches, e.g. `SyncDeps<AgentStateStore & AuditStore>`; the runtime gives all
 * of them (`SyncStore`). `SyncDeps<object>` touches none.
 */
export interface SyncDeps<Store extends object = SyncStore> {
  store: Store;
  /** What was learned about each account's API shapes (issue 11); absent where nothing reads it (tests). */
  apiShapes?: ApiShapeStore;
  queue: SyncQueue;
  /** The app's and the console's sessions (issue 13); absent where no route reads them (tests of the sync). */
  sessions?: SessionStore;
  clients: ClientFactory;
  /**
   * Each account's credentials and webhook secrets, sealed at rest (lambdas/credentials). The runtime always sets it;
   * absent only in tests that never touch a credential.
   */
  credentials?: CredentialStore;
  config: Config;
  /**
   * Where the worker's audit entries go during one invocation (audit-batch.ts), appended together at its end; absent:
   * each entry is appended at once (tests, the sweep, the webhooks).
   */
  auditBatch?: AuditBatch;
  settle: SettlePolicy;
  /** The longest the worker holds one agent's message while it settles; past it the message is retried later. */
  maxHoldMs: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  log: Log;
}

/** A log that drops everything (tests). */
export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
