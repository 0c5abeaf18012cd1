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

  /** `client.get(...)`: the values by path, and per-path errors (bulk form). */
  export type ZafGetResult = Record<string, unknown> & { errors?: Record<string, { message?: string }> };

  /** The `jwt` option of `client.request` (zaf.md §6.4): ZAF's proxy signs `claims` with the secure setting. */
  export interface ZafJwtOptions {
    algorithm: 'HS256';
    /** A `{{setting.<name>}}` placeholder of a secure setting. */
    secret_key: string;
    /** Seconds until `exp`. */
    expiry: number;
    claims: Record<string, string | number>;
  }

  /** The `client.request` options the app uses (zaf.md §6.4). */
  export interface ZafRequestOptions {
    url: string;
    type?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
    dataType?: 'json' | 'text';
    contentType?: string;
    data?: string;
    headers?: Record<string, string>;
    /** Substitute `{{setting.*}}` and `{{jwt.token}}` on Zendesk's proxy. */
    secure?: boolean;
    /** `false` forces the proxy, which secure settings and `jwt` need. */
    cors?: boolean;
    timeout?: number;
    jwt?: ZafJwtOptions;
  }

  /** What a failed `client.request` rejects with: the host's `responseArgs[0]`, jqXHR-like (UNCONFIRMED beyond these). */
  export interface ZafRequestFailure {
    status?: number;
    statusText?: string;
    responseText?: string;
  }

  /** The client methods the app calls. */
  export interface ZafClient {
    /** Resolves once registered; the SDK caches the registration's metadata (it is not re-read from the host). */
    metadata(): Promise<ZafMetadata>;
    context(): Promise<ZafContext>;
    get(path: string | string[]): Promise<ZafGetResult>;
    set(key: string, value: unknown): Promise<unknown>;
    invoke(name: string, ...args: unknown[]): Promise<unknown>;
    request(options: ZafRequestOptions): Promise<unknown>;
    /** A client that routes get/set/invoke to another instance of the app (e.g. the top bar from the background). */
    instance(instanceGuid: string): ZafClient;
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
