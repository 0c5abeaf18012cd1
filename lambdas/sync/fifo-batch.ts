// Partial batch processing for SQS FIFO: message groups in parallel, each group in order, failures reported per item.
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

/**
 * Like Powertools' `SqsFifoPartialProcessorAsync` with `skipGroupOnError`, except that groups run concurrently:
 * the worker may hold one agent while it settles, and that must not delay the other agents of the batch. Within a
 * group, once a message fails, it and every later message of that group are reported as failed, so SQS redelivers
 * them in order; other groups are unaffected.
 */
export async function processFifoBatch(
  records: readonly SQSRecord[],
  handle: (record: SQSRecord) => Promise<void>,
  onError: (record: SQSRecord, error: Error) => void | Promise<void> = () => {},
): Promise<SQSBatchResponse> {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const group = record.attributes.MessageGroupId ?? record.messageId;
    groups.set(group, [...(groups.get(group) ?? []), record]);
  }
  const failures: string[] = [];
  await Promise.all(
    [...groups.values()].map(async (group) => {
      for (let i = 0; i < group.length; i++) {
        const record = group[i] as SQSRecord;
        try {
          await handle(record);
        } catch (error) {
          await onError(record, error as Error);
          failures.push(...group.slice(i).map((r) => r.messageId));
          return;
        }
      }
    }),
  );
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}
