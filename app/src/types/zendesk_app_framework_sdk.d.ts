// Declarations for the part of the ZAF SDK (npm zendesk_app_framework_sdk 2.0.11, no types of its own) the app uses.
// Shapes from ../shared/reference/zaf.md §6 and §8, and the SDK's lib/index.js and lib/client.js.
declare module 'zendesk_app_framework_sdk' {
  /** Non-secure app settings by parameter name, as the admin saved them. Secure settings never appear here. */
  export type ZafSettings = Record<string, unknown>;

  /** `client.metadata()`: the installation. */
  export interface ZafMetadata {
    appId: number;
    name: string;
    version: string;
    installationId: number;
    settings: ZafSettings;
  }

  /** `client.context()`: where this instance runs. Only `product` and `location` are confirmed (zaf.md §6.2). */
  export interface ZafContext {
    product: string;
    location: string;
    instanceGuid?: string;
    account?: { subdomain: string };
    [key: string]: unknown;
  }

  /** The payload of `app.registered` (host message `zaf.app.registered`, zaf.md §8). */
  export interface ZafRegistration {
    metadata: ZafMetadata;
    context: ZafContext;
  }

  /** The client methods the app calls. */
  export interface ZafClient {
    /** Resolves once registered; the SDK caches the registration's metadata (it is not re-read from the host). */
    metadata(): Promise<ZafMetadata>;
    context(): Promise<ZafContext>;
    on(name: 'app.registered', handler: (data: ZafRegistration) => void): void;
    on(name: string, handler: (data: unknown) => void): void;
    off(name: string, handler: (data: never) => void): boolean | undefined;
  }

  export interface ZAFClientStatic {
    /**
     * Creates the client and starts the handshake with the host. Returns `false` when the page URL carries no
     * `origin` and `app_guid` (query or hash), i.e. the page is not running inside Zendesk.
     */
    init(callback?: (context: ZafContext) => void): ZafClient | false;
  }

  const ZAFClient: ZAFClientStatic;
  export default ZAFClient;
}
