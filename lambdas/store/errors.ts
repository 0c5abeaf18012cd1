// The store's errors: one base class, so callers can tell a storage failure from anything else.

/** A DynamoDB read or write failed. The message says what could not be done; `cause` holds the SDK error. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The table does not exist (or is not reachable under that name). */
export class TableMissingError extends StoreError {
  override name = 'TableMissingError';
}

export const isConditionFailed = (err: unknown): boolean =>
  err instanceof Error &&
  (err.name === 'ConditionalCheckFailedException' || (err as { __type?: string }).__type?.endsWith('ConditionalCheckFailedException') === true);

/** Wraps an SDK error in a StoreError saying what failed; StoreErrors pass through. */
export function storeFailure(what: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'ResourceNotFoundException') return new TableMissingError(`Could not ${what}: the table does not exist (${message})`, { cause: err });
  return new StoreError(`Could not ${what}: ${name}: ${message}`, { cause: err });
}
