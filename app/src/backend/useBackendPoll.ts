// A React hook over startPoller: the latest answer of one backend route, kept while later calls fail.
import { useEffect, useRef, useState } from 'react';
import { startPoller, type PollerOptions } from './poller';
import { BackendError, type BackendFailure } from './request';

export interface PollState<T> {
  /** The latest good answer, kept through later failures. */
  data?: T;
  /** When `data` arrived (epoch ms). */
  dataAt?: number;
  /** Why the latest call failed; cleared by the next success. */
  failure?: BackendFailure;
}

/** Failures that asking again cannot mend: the caller may not ask, or has no session (a new one needs a reload). */
const FINAL: ReadonlySet<BackendFailure['kind']> = new Set(['forbidden', 'unauthorized', 'no_session']);

/**
 * Polls `fetch` while `active` (e.g. the pane is visible), from the moment it becomes active. `fetch` rejects with a
 * BackendError; a final failure (`forbidden`, `unauthorized`, `no_session`) stops polling. Restarts when `key` changes.
 */
export function useBackendPoll<T>(key: string, fetch: () => Promise<T>, options: PollerOptions, active: boolean): PollState<T> {
  const [state, setState] = useState<PollState<T>>({});
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const final = state.failure !== undefined && FINAL.has(state.failure.kind);
  const { intervalMs, maxIntervalMs } = options;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for what `fetch` depends on (read through a ref, so a new closure each render does not restart polling); a new key restarts it.
  useEffect(() => {
    if (!active || final) return undefined;
    let live = true;
    const poller = startPoller(
      async () => {
        try {
          const data = await fetchRef.current();
          if (live) setState({ data, dataAt: Date.now() });
          return 'ok';
        } catch (error) {
          const failure: BackendFailure = error instanceof BackendError ? error.failure : { kind: 'unavailable' };
          if (live) setState((prev) => ({ ...prev, failure }));
          return FINAL.has(failure.kind) ? 'stop' : 'failed';
        }
      },
      { intervalMs, maxIntervalMs },
    );
    return () => {
      live = false;
      poller.stop();
    };
  }, [key, active, final, intervalMs, maxIntervalMs]);
  return state;
}
