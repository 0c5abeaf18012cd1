// The credentials of an account, in their own items and sealed at rest (issue 12 "Secrets at rest"; issue 13 "Least
// privilege inside the table"): a function reads only the kind it uses. Plain values exist only in memory.

/** Who granted a credential, as Zendesk's `GET /api/v2/users/me` (or Aircall's introspection) reported them. */
export interface Grantor {
  id: string;
  name?: string;
  email?: string;
  /** Zendesk `role` at grant time: `admin` for every grant we accept. */
  role?: string;
}

/**
 * A credential that failed for good (a refresh refused: revoked, expired, admin removed): the side waits for an admin to
 * connect again. Set by `markNeedsReconnect`, cleared by any new put (connect, import).
 */
export interface NeedsReconnect {
  /** Epoch ms of the first failure. */
  since: number;
  /** Why, for the console and the log (never a secret), e.g. `refresh refused: invalid_grant`. */
  reason: string;
}

/** What every stored credential carries besides its own fields (read-only: set by the store). */
export interface CredentialState {
  needsReconnect?: NeedsReconnect;
}

/** How the backend calls Zendesk for an account. `version` orders replacements (single-flight refresh). */
export type ZendeskCredential = CredentialState &
  (
    | {
        kind: 'oauth';
        accessToken: string;
        /** Absent when Zendesk issued none (a token that never expires). */
        refreshToken?: string;
        /** Epoch ms; absent = never expires. */
        expiresAt?: number;
        refreshExpiresAt?: number;
        /** `GET /api/v2/oauth/tokens/current` → `token.id`, read at connect: what disconnect revokes. */
        tokenId?: string;
        scopes: string[];
        grantor?: Grantor;
        grantedAt: number;
        version: number;
      }
    | {
        /** Self-hosted only: the customer's own confidential client; a new token is minted near expiry. */
        kind: 'client_credentials';
        clientId: string;
        clientSecret: string;
        accessToken?: string;
        expiresAt?: number;
        scopes: string[];
        grantedAt: number;
        version: number;
      }
    | {
        /** Legacy, from an accounts file: an agent email and an API token (Zendesk ends them on 2027-04-30). */
        kind: 'api_token';
        email: string;
        apiToken: string;
        grantedAt: number;
        version: number;
      }
  );

/** How the backend calls Aircall for an account. */
export type AircallCredential = CredentialState &
  (
    | { kind: 'oauth'; accessToken: string; grantedAt: number; grantor?: Grantor; version: number }
    | { kind: 'basic'; apiId: string; apiToken: string; grantedAt: number; grantor?: Grantor; version: number }
  );

/** What verifies one side's webhooks: the only secrets a webhook function may read. */
export interface WebhookSecret {
  side: 'zendesk' | 'aircall';
  /** The provider's webhook id (Zendesk `id`, Aircall `webhook_id`), for repair and delete; absent for file imports. */
  webhookId?: string;
  /** Zendesk: the signing secret. Aircall: the `token` carried in every body. */
  secret: string;
  updatedAt: number;
}

/**
 * Items (see lambdas/store/README.md): `pk=CREDENTIALS#<account>`, `sk=ZENDESK|AIRCALL`; `pk=WEBHOOK_SECRETS#<account>`,
 * `sk=ZENDESK|AIRCALL`. Every secret field is sealed by `SecretBox` with context `{accountId, field}`.
 */
export interface CredentialStore {
  getZendeskCredential(account: string): Promise<ZendeskCredential | undefined>;
  /** Replaces whatever is stored (connect, import). The stored version is the previous one + 1; returns it. */
  putZendeskCredential(account: string, credential: ZendeskCredential): Promise<number>;
  /**
   * Stores `next` only if the stored version is still `expectedVersion` (one refresh per account across workers);
   * `false` when another process replaced it first: read it again and use theirs.
   */
  swapZendeskCredential(account: string, expectedVersion: number, next: ZendeskCredential): Promise<boolean>;
  deleteZendeskCredential(account: string): Promise<void>;

  getAircallCredential(account: string): Promise<AircallCredential | undefined>;
  putAircallCredential(account: string, credential: AircallCredential): Promise<number>;
  deleteAircallCredential(account: string): Promise<void>;

  /**
   * Marks a side's credential as failed for good (`needsReconnect`), keeping the first `since`; `true` only for the
   * call that set it (so one process logs and alarms), `false` when already marked or there is no credential. With
   * `version`, only that version of the credential is marked: one put since (a reconnect) is left alone.
   */
  markNeedsReconnect(account: string, side: WebhookSecret['side'], reason: string, now: number, version?: number): Promise<boolean>;
  /**
   * Which sides are marked "needs reconnect", read without opening any secret (no decrypt permission needed): what
   * pauses the sync (lambdas/credentials/connection.ts).
   */
  getReconnectMarks(account: string): Promise<Partial<Record<WebhookSecret['side'], NeedsReconnect>>>;

  getWebhookSecret(account: string, side: WebhookSecret['side']): Promise<WebhookSecret | undefined>;
  putWebhookSecret(account: string, secret: WebhookSecret): Promise<void>;
  deleteWebhookSecret(account: string, side: WebhookSecret['side']): Promise<void>;
}
