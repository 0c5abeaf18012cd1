// The ZAF client and its registration for the React tree: a provider that renders once registered, and its hooks.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ZafClient, ZafContext, ZafMetadata, ZafRegistration } from 'zendesk_app_framework_sdk';

/** What the tree can read once the app is registered. */
export interface ZafValue {
  client: ZafClient;
  metadata: ZafMetadata;
  context: ZafContext;
}

// `null` outside a provider, so the hooks' guard can fire (the scaffold's `{}` default made it dead code).
const Zaf = createContext<ZafValue | null>(null);

export interface ZafProviderProps {
  client: ZafClient;
  /** Resolves with `app.registered`'s payload; see `startZaf`. */
  registered: Promise<ZafRegistration>;
  children: ReactNode;
  /** Shown until registered. Nothing by default: registration takes one round trip to the host. */
  fallback?: ReactNode;
}

/** Renders `children` once the host has registered the app, with the client and registration in context. */
export function ZafProvider({ client, registered, children, fallback = null }: ZafProviderProps) {
  const [registration, setRegistration] = useState<ZafRegistration | null>(null);
  useEffect(() => {
    let live = true;
    void registered.then((data) => {
      if (live) setRegistration(data);
    });
    return () => {
      live = false;
    };
  }, [registered]);
  if (!registration) return <>{fallback}</>;
  return <Zaf.Provider value={{ client, metadata: registration.metadata, context: registration.context }}>{children}</Zaf.Provider>;
}

/** The client, metadata and context. Throws when used outside a `ZafProvider` (a wiring bug, not a runtime state). */
export function useZaf(): ZafValue {
  const value = useContext(Zaf);
  if (!value) throw new Error('useZaf must be used inside <ZafProvider>: the component was rendered before the app was registered');
  return value;
}

/** The ZAF client. */
export function useClient(): ZafClient {
  return useZaf().client;
}

/**
 * The installation's non-secure settings, as of registration. The SDK caches metadata at registration
 * (lib/client.js `metadata()`), so a changed setting shows once Zendesk reloads the app.
 */
export function useSettings(): ZafMetadata['settings'] {
  return useZaf().metadata.settings;
}
