// Building the credential store as the Lambda functions configure it: the table, and the master key in KMS
// (SECRETS_KMS_KEY_ID; infra always creates the key). The local keys (SECRETS_KEY, the DATA_DIR key file) are wired
// by the local stack and scripts through ./local-key.ts, so no Lambda bundle carries a local key provider.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from '../config';
import { SecretBox } from '../secrets/envelope';
import { SecretKeyConfigError } from '../secrets/errors';
import { KmsKeyProvider } from '../secrets/kms';
import type { DataKey, KeyProvider, SecretContext } from '../secrets/provider';
import { documentClient } from '../store/from-config';
import { DynamoCredentialKeeper, DynamoCredentialReader, DynamoCredentialStore } from './dynamo';
import type { CredentialStore } from './port';

/** The KMS key named by `SECRETS_KMS_KEY_ID`, or `undefined` when unset. */
export function kmsKeyProviderFromConfig(cfg: Pick<Config, 'secretsKmsKeyId'>): KeyProvider | undefined {
  return cfg.secretsKmsKeyId === undefined ? undefined : new KmsKeyProvider({ keyId: cfg.secretsKmsKeyId });
}

/**
 * A provider settled later (a key file read at start-up); until then, and if it never comes, every use fails with the
 * same clear error. Lets a runtime be built synchronously.
 */
export class DeferredKeyProvider implements KeyProvider {
  constructor(private readonly provider: Promise<KeyProvider>) {
    provider.catch(() => undefined); // reported on use, not as an unhandled rejection
  }

  async generateDataKey(context: SecretContext): Promise<DataKey> {
    return (await this.provider).generateDataKey(context);
  }

  async decryptDataKey(wrapped: Buffer, keyId: string, context: SecretContext): Promise<Buffer> {
    return (await this.provider).decryptDataKey(wrapped, keyId, context);
  }
}

/** Why sealing and opening fail without a key: a Lambda reads only KMS; the local keys are the local stack's. */
export const NO_KMS_KEY =
  "No master key for secrets at rest: set SECRETS_KMS_KEY_ID (the stack's KMS key). SECRETS_KEY and the DATA_DIR key file are read only by the local stack and scripts (lambdas/credentials/local-key.ts)";

/**
 * The credential store of the configuration, on `client` (default a new DynamoDB client). `provider` overrides the
 * key (the local stack and scripts pass theirs, ./local-key.ts); without one and without SECRETS_KMS_KEY_ID, the
 * store is built but every seal or open fails with an error naming the variable to set.
 *
 * @example const credentials = credentialStoreFromConfig(config(), dynamo);
 */
export function credentialStoreFromConfig(
  cfg: Pick<Config, 'tableName' | 'secretsKmsKeyId'>,
  client: DynamoDBClient = new DynamoDBClient({}),
  provider?: KeyProvider | Promise<KeyProvider>,
): DynamoCredentialStore {
  return new DynamoCredentialStore(documentClient(client), cfg.tableName, boxOf(cfg, provider));
}

/** The SecretBox over `provider`, else the configuration's KMS key, else one whose every use names what to set. */
function boxOf(cfg: Pick<Config, 'secretsKmsKeyId'>, provider?: KeyProvider | Promise<KeyProvider>): SecretBox {
  const chosen = provider ?? kmsKeyProviderFromConfig(cfg) ?? Promise.reject(new SecretKeyConfigError(NO_KMS_KEY));
  const keys = chosen instanceof Promise ? new DeferredKeyProvider(chosen) : chosen;
  return new SecretBox({ provider: keys });
}

/** `store` with the port's `methods` failing loudly: its function was built without them (`builder` names how). */
function without(store: DynamoCredentialReader, methods: readonly string[], builder: string): CredentialStore {
  const leftOut = (method: string) => () =>
    Promise.reject(new Error(`This function's credential store was built without ${method}: ${builder} in lambdas/credentials/from-config.ts`));
  return Object.assign(store, Object.fromEntries(methods.map((method) => [method, leftOut(method)]))) as unknown as CredentialStore;
}

/** What only the keeper and the whole store add to the reader (the compiler keeps the lists whole). */
const KEEPER_ONLY: Record<Exclude<keyof DynamoCredentialKeeper, keyof DynamoCredentialReader>, null> = {
  getWebhookSecret: null,
  putWebhookSecret: null,
  deleteWebhookSecret: null,
  deleteZendeskCredential: null,
  deleteAircallCredential: null,
};
const STORE_ONLY: Record<Exclude<keyof CredentialStore, keyof DynamoCredentialKeeper>, null> = { putZendeskCredential: null, putAircallCredential: null };

/**
 * The credential store of the sync worker: reading, refreshing (the swap) and marking credentials, nothing else, so
 * the rest of the store stays out of its bundle; the other methods fail loudly there.
 */
export function credentialReaderFromConfig(
  cfg: Pick<Config, 'tableName' | 'secretsKmsKeyId'>,
  client: DynamoDBClient = new DynamoDBClient({}),
): CredentialStore {
  const store = new DynamoCredentialReader(documentClient(client), cfg.tableName, boxOf(cfg));
  return without(store, [...Object.keys(KEEPER_ONLY), ...Object.keys(STORE_ONLY)], 'credentialReaderFromConfig');
}

/** The credential store of the reconcile sweep: the reader's, webhook secrets and deletions; storing a new credential fails loudly. */
export function credentialKeeperFromConfig(
  cfg: Pick<Config, 'tableName' | 'secretsKmsKeyId'>,
  client: DynamoDBClient = new DynamoDBClient({}),
): CredentialStore {
  return without(new DynamoCredentialKeeper(documentClient(client), cfg.tableName, boxOf(cfg)), Object.keys(STORE_ONLY), 'credentialKeeperFromConfig');
}
