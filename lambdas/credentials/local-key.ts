// The local stack's master key: the configured one, else the key file in DATA_DIR (created on first start). Reads
// files: only local/ and scripts/ import it, never a Lambda handler (they read KMS only: ./from-config.ts).
import type { Config } from '../config';
import { localKeyProviderFromEnv, type LocalKeySource } from '../secrets/local-file';
import { LocalKeyProvider, parseHexKey } from '../secrets/local-keys';
import type { KeyProvider } from '../secrets/provider';
import { kmsKeyProviderFromConfig } from './from-config';

/**
 * The master key named by the configuration: `SECRETS_KMS_KEY_ID` → KMS; else `SECRETS_KEY` (with
 * `SECRETS_PREVIOUS_KEYS`) → a local key; else `undefined` (then `localCredentialKey` uses the DATA_DIR key file).
 */
export function keyProviderFromConfig(cfg: Pick<Config, 'secretsKmsKeyId' | 'secretsKey' | 'secretsPreviousKeys'>): KeyProvider | undefined {
  const kms = kmsKeyProviderFromConfig(cfg);
  if (kms || cfg.secretsKey === undefined) return kms;
  const previous = (cfg.secretsPreviousKeys ?? '')
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part, index) => parseHexKey(part, `SECRETS_PREVIOUS_KEYS (item ${index + 1})`));
  return new LocalKeyProvider(parseHexKey(cfg.secretsKey, 'SECRETS_KEY'), previous);
}

/** Where the local data lives when `DATA_DIR` is unset (as `npm start`). */
export const DEFAULT_DATA_DIR = '.data';

/**
 * The key for `credentialStoreFromConfig` outside AWS: `SECRETS_KMS_KEY_ID` or `SECRETS_KEY` when set, else
 * `DATA_DIR/secrets.key` (`dataDir` overrides `DATA_DIR`). `source` is for the start-up log (never the key).
 */
export async function localCredentialKey(
  cfg: Pick<Config, 'secretsKmsKeyId' | 'secretsKey' | 'secretsPreviousKeys' | 'dataDir'>,
  dataDir?: string,
): Promise<{ provider: KeyProvider; source: LocalKeySource['source'] | 'SECRETS_KMS_KEY_ID'; path?: string }> {
  const configured = keyProviderFromConfig(cfg);
  if (configured) return { provider: configured, source: cfg.secretsKmsKeyId !== undefined ? 'SECRETS_KMS_KEY_ID' : 'SECRETS_KEY' };
  const env = cfg.secretsPreviousKeys === undefined ? {} : { SECRETS_PREVIOUS_KEYS: cfg.secretsPreviousKeys };
  return localKeyProviderFromEnv(env, dataDir ?? cfg.dataDir ?? DEFAULT_DATA_DIR);
}
