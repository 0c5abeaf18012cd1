// Keeping the top-bar icon on the agent's state: `iconSymbol` on the top-bar instance (zaf.md §6.2, [zaf-icons]).
import { useEffect, useRef } from 'react';
import type { ZafClient } from 'zendesk_app_framework_sdk';
import type { IconSymbol } from './view';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The guid of the app's top-bar instance, from `client.get('instances')`. The answer's shape is UNCONFIRMED
 * (zaf.md §2.2 [zd-post-instances]: an object of instances by guid, each with `location`); an array of instances
 * with `instanceGuid` is accepted too.
 */
export async function findTopBarGuid(client: ZafClient): Promise<string | undefined> {
  const instances = (await client.get('instances')).instances;
  if (!isObject(instances)) return undefined;
  const entries: Array<[string, unknown]> = Array.isArray(instances) ? instances.map((i) => ['', i]) : Object.entries(instances);
  for (const [key, instance] of entries) {
    if (!isObject(instance) || instance.location !== 'top_bar') continue;
    const guid = typeof instance.instanceGuid === 'string' && instance.instanceGuid !== '' ? instance.instanceGuid : key;
    if (guid) return guid;
  }
  return undefined;
}

/**
 * Sets the top-bar icon to `symbol` whenever it changes: on this instance (`self`, the top bar itself) or on the
 * top-bar instance found from here (`top_bar`, from the background instance, which works while the pane is closed).
 * `attempt` changes on every poll, so a failed or impossible set (no top-bar instance yet) is retried then.
 */
export function useIconSymbol(client: ZafClient, symbol: IconSymbol, target: 'self' | 'top_bar', attempt: unknown): void {
  // The icon starts on its `default` symbol: nothing to set until there is something else to show.
  const shown = useRef<IconSymbol>('default');
  const topBarGuid = useRef<string | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` changes on every poll, and re-running the effect then is what retries a failed or impossible set.
  useEffect(() => {
    if (shown.current === symbol) return;
    let live = true;
    void (async () => {
      try {
        let on = client;
        if (target === 'top_bar') {
          topBarGuid.current ??= await findTopBarGuid(client);
          if (!topBarGuid.current) return;
          on = client.instance(topBarGuid.current);
        }
        await on.set('iconSymbol', symbol);
        if (live) shown.current = symbol;
      } catch {
        // The host refused (e.g. the instance went away): find it again on the next attempt.
        topBarGuid.current = undefined;
      }
    })();
    return () => {
      live = false;
    };
  }, [client, symbol, target, attempt]);
}
