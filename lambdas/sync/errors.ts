// The use cases' errors. A RetryLaterError makes the SQS message come back after its visibility timeout.

export class SyncError extends Error {
  override name = 'SyncError';
}

/** The work could not be done now but may succeed later (rate limit, 5xx, an agent still flapping). */
export class RetryLaterError extends SyncError {
  override name = 'RetryLaterError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
