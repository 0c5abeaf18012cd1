// Creating the ZAF client, once per page, and catching its registration from the first moment.
import type { ZafClient, ZafRegistration } from 'zendesk_app_framework_sdk';

/** What `ZAFClient.init` is to the app: the SDK in the browser, a stub in tests. */
export interface ZafSdk {
  init(): ZafClient | false;
}

/** The page's ZAF session: a client and its registration, or the reason there is none. */
export type ZafSession = { kind: 'client'; client: ZafClient; registered: Promise<ZafRegistration> } | { kind: 'outside_zendesk' };

/**
 * Creates the client and subscribes to `app.registered` in the same tick. Subscribing later (in a React effect, as
 * the scaffold does) could miss a registration that arrives before the first commit. `init()` returns `false` when
 * the page has no `origin`/`app_guid` in its URL, i.e. it was opened outside Zendesk (zaf.md §6.1).
 *
 * @example const session = startZaf(ZAFClient) // call once, at module load of the entry
 */
export function startZaf(sdk: ZafSdk): ZafSession {
  const client = sdk.init();
  if (!client) return { kind: 'outside_zendesk' };
  const registered = new Promise<ZafRegistration>((resolve) => client.on('app.registered', resolve));
  return { kind: 'client', client, registered };
}
