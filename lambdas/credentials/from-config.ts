// Building the credential store as the lambdas and the local stack configure it: the table, and the master key
// (KMS in AWS; SECRETS_KEY or the DATA_DIR key file locally, see ./local-key.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from '../config';
import { SecretBox } from '../secrets/envelope';
import { SecretKeyConfigError } from '../secrets/errors';
import { KmsKeyProvider } from '../secrets/kms';
import { LocalKeyProvider, parseHexKey } from '../secrets/local-keys';
import type { DataKey, KeyProvider, SecretContext } from '../secrets/provider';
import { documentClient } from '../store/from-config';
import { DynamoCredentialStore } from './dynamo';

/**
 * The master key named by the configuration: `SECRETS_KMS_KEY_ID` → KMS; else `SECRETS_KEY` (with
 * `SECRETS_PREVIOUS_KEYS`) → a local key; else `undefined` (the local stack then uses the DATA_DIR key file:
 * `localKeyProviderFromConfig`, never imported by a Lambda handler).
 */
export function keyProviderFromConfig(cfg: Pick<Config, 'secretsKmsKeyId' | 'secretsKey' | 'secretsPreviousKeys'>): KeyProvider | undefined {
  if (cfg.secretsKmsKeyId !== undefined) return new KmsKeyProvider({ keyId: cfg.secretsKmsKeyId });
  if (cfg.secretsKey === undefined) return undefined;
  const previous = (cfg.secretsPreviousKeys ?? '')
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part, index) => parseHexKey(part, `SECRETS_PREVIOUS_KEYS (item ${index + 1})`));
  return new LocalKeyProvider(parseHexKey(cfg.secretsKey, 'SECRETS_KEY'), previous);
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

const NO_KEY = 'No master key for secrets at rest: set SECRETS_KMS_KEY_ID (AWS) or SECRETS_KEY (64 hexadecimal characters), or start the local stack, which keeps a key file in DATA_DIR';

/**
 * The credential store of the configuration, on `client` (default a new DynamoDB client). `provider` overrides the
 * key (the local stack passes its key-file provider); without one and without a configured key, the store is built
 * but every seal or open fails with an error naming the variables to set.
 *
 * @example const credentials = credentialStoreFromConfig(config(), dynamo);
 */
export function credentialStoreFromConfig(
  cfg: Pick<Config, 'tableName' | 'secretsKmsKeyId' | 'secretsKey' | 'secretsPreviousKeys'>,
  client: DynamoDBClient = new DynamoDBClient({}),
  provider?: KeyProvider | Promise<KeyProvider>,
): DynamoCredentialStore {
  const chosen = provider ?? keyProviderFromConfig(cfg) ?? Promise.reject(new SecretKeyConfigError(NO_KEY));
  const keys = chosen instanceof Promise ? new DeferredKeyProvider(chosen) : chosen;
  return new DynamoCredentialStore(documentClient(client), cfg.tableName, new SecretBox({ provider: keys }));
}
