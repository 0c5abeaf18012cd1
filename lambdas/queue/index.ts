// The sync queue: port and SQS FIFO adapter.
export type { AgentSyncMessage, SyncMessage, SyncQueue } from './port';
export { QueueError, SqsSyncQueue, decodeAgentSyncMessage, decodeSyncMessage, deduplicationId, messageGroupId } from './sqs';
