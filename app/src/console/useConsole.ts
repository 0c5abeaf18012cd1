// The console's data and actions for one admin session: GET /api/admin/console now and every 15 s, again after
// every action; a 401 anywhere signs the admin out.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConsoleResponse } from '../../../shared/console';
import { ConsoleCallError, type ConsoleApi } from './api';

export const CONSOLE_POLL_MS = 15_000;

export interface ConsoleData {
  data?: ConsoleResponse;
  /** Why the last load failed; cleared by the next success. */
  loadError?: ConsoleCallError;
  reload(): void;
}

/** Loads the console while `api` (an admin session) exists. */
export function useConsoleData(api: ConsoleApi | undefined, signOut: (expired: boolean) => void): ConsoleData {
  const [data, setData] = useState<ConsoleResponse>();
  const [loadError, setLoadError] = useState<ConsoleCallError>();
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` is the reload trigger.
  useEffect(() => {
    if (!api) {
      setData(undefined);
      return undefined;
    }
    let live = true;
    api.load().then(
      (answer) => {
        if (!live) return;
        setData(answer);
        setLoadError(undefined);
      },
      (error: unknown) => {
        if (!live) return;
        const failure = error instanceof ConsoleCallError ? error : new ConsoleCallError(0, undefined, undefined);
        if (failure.signedOut) signOut(true);
        else setLoadError(failure);
      },
    );
    const timer = setTimeout(reload, CONSOLE_POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, round, signOut, reload]);
  return { data, loadError, reload };
}

export interface Action {
  /** Which action runs now (its name), if any: its button shows busy and the others wait. */
  busy?: string;
  /** The last action's failure, by name, until the next run. */
  error?: { name: string; failure: ConsoleCallError };
  run(name: string, work: () => Promise<unknown>): Promise<boolean>;
}

/** Runs one action at a time; reloads the console after it, and signs out on 401. */
export function useAction(reload: () => void, signOut: (expired: boolean) => void): Action {
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<Action['error']>();
  const running = useRef(false);
  const run = useCallback(
    async (name: string, work: () => Promise<unknown>) => {
      if (running.current) return false;
      running.current = true;
      setBusy(name);
      setError(undefined);
      let ok = false;
      try {
        await work();
        ok = true;
      } catch (thrown) {
        const failure = thrown instanceof ConsoleCallError ? thrown : new ConsoleCallError(0, undefined, undefined);
        if (failure.signedOut) signOut(true);
        else setError({ name, failure });
      } finally {
        running.current = false;
        setBusy(undefined);
        reload();
      }
      return ok;
    },
    [reload, signOut],
  );
  return { busy, error, run };
}
