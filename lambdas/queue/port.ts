// The queue port: ask for one agent (or one account's directory) to be synced; the FIFO adapter keeps each in order.
/** The message body: which agent of which account to sync. The worker reads the rest from the store. */
export interface AgentSyncMessage {
  account: string;
  /** The agent's email (lower-cased by the adapter). */
  agent: string;
  /**
   * Epoch ms before which the worker should not start (the sweep spreads a backlog over the Aircall budget; FIFO
   * queues have no per-message delay): an earlier receipt puts the message back until then.
   */
  notBefore?: number;
  /**
   * Set by the sweep for an agent's single initial sync of a direction period: only then may the worker write over a
   * target a person changed. A change-triggered sync never does, even before the agent's initial sync.
   */
  initial?: true;
}

/** One agent sync of a batch: the message and the id of its cause (see `SyncQueue.enqueueAgentSync`). */
export interface AgentSyncEntry {
  message: AgentSyncMessage;
  dedupeId: string;
}

/** What the worker receives: an agent to bring in step, or an account whose agent links to rebuild. */
export type SyncMessage = ({ kind: 'agent' } & AgentSyncMessage) | { kind: 'directory'; account: string } | { kind: 'sweep'; account: string };

export interface SyncQueue {
  /**
   * Queues a sync of one agent. `dedupeId` identifies the cause (e.g. `aircall:acme:<event id>`): a second request
   * with the same id within SQS's 5-minute window is dropped. SQS dedupes per queue, so include the account and
   * provider in it.
   */
  enqueueAgentSync(message: AgentSyncMessage, dedupeId: string): Promise<void>;
  /**
   * Queues many agent syncs (the sweep's backlog) in as few requests as the queue allows (SQS: 10 a request), each
   * with its own group and dedupe id as `enqueueAgentSync` gives it. Throws when any could not be queued.
   */
  enqueueAgentSyncs(entries: readonly AgentSyncEntry[]): Promise<void>;
  /** Queues a rebuild of the account's agent links (after Aircall `user.created` / `user.deleted`). */
  enqueueDirectoryRefresh(account: string, dedupeId: string): Promise<void>;
  /**
   * Queues a reconcile sweep of one account (when a direction takes effect: each agent's single initial sync happens
   * then, not at the agent's next change, which may be a person's own change on the new target side).
   */
  enqueueAccountSweep(account: string, dedupeId: string): Promise<void>;
  /**
   * Brings a received message back after `delayMs` instead of the queue's visibility timeout (capped at SQS's
   * 12 hours). Used when the worker knows when a retry can succeed (a flapping agent, a spent budget).
   */
  retryAfter(receiptHandle: string, delayMs: number): Promise<void>;
}
