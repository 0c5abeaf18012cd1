// The invocation's deadline, seen by every wait below it (settle hold, budget token, HTTP retry, Retry-After) without
// threading it through each client: a Lambda that sleeps past its timeout is killed mid-write, and its message only
// comes back after the whole visibility timeout.
import { AsyncLocalStorage } from 'node:async_hooks';

const deadlines = new AsyncLocalStorage<number>();

/** Runs `work` with a deadline (epoch ms): waits inside it that would end after the deadline give up instead. */
export function withDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  return deadlines.run(deadline, work);
}

/**
 * Milliseconds left before the current deadline (`Infinity` outside `withDeadline`), never negative.
 *
 * @example withDeadline(Date.now() + 5000, async () => timeLeftMs()) // ≈ 5000
 */
export function timeLeftMs(now: number = Date.now()): number {
  const deadline = deadlines.getStore();
  return deadline === undefined ? Infinity : Math.max(0, deadline - now);
}

const decidedWrites = new AsyncLocalStorage<true>();

/**
 * Runs a write that was decided on what was known just before it. Requests inside it never wait and retry (429,
 * 5xx backoff, a budget token): a person may change the target during the wait, and the stale write would undo
 * their change. They fail at once instead (a 429 still tells when to come back), and the caller decides again.
 */
export function asDecidedWrite<T>(work: () => Promise<T>): Promise<T> {
  return decidedWrites.run(true, work);
}

/** Whether the current request belongs to a decided write (`asDecidedWrite`). */
export function inDecidedWrite(): boolean {
  return decidedWrites.getStore() === true;
}
