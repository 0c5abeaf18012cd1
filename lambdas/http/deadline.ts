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
