// The local master key source for npm start and tests: SECRETS_KEY, or a key file created in DATA_DIR on first start.
// Its own import path: it reads files, and the Lambda bundles shim node:fs away (infra/lambda-bundling.json).
import { randomBytes } from 'node:crypto';
import { type FileHandle, chmod, mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SecretKeyConfigError } from './errors';
import { LocalKeyProvider, localKeyId, parseHexKey } from './local-keys';

/** The key file's name inside DATA_DIR. One key per line, hex; the first line is current, the others older. */
export const KEY_FILE_NAME = 'secrets.key';

/** Where the local key comes from, for the start-up log (never the key itself). */
export interface LocalKeySource {
  provider: LocalKeyProvider;
  source: 'SECRETS_KEY' | 'key file (created)' | 'key file';
  /** The key file, when one was used. */
  path?: string;
}

/**
 * The local provider as `npm start` and tests build it:
 * - `SECRETS_KEY` set: that key (exactly 64 hexadecimal characters, else SecretKeyConfigError); older keys in
 *   `SECRETS_PREVIOUS_KEYS`, comma-separated, still open what they sealed;
 * - else `DATA_DIR/secrets.key`, created with mode 0600 on first start and reused after.
 *
 * @example const { provider } = await localKeyProviderFromEnv(process.env, process.env.DATA_DIR ?? '.data');
 */
export async function localKeyProviderFromEnv(env: NodeJS.ProcessEnv, dataDir: string): Promise<LocalKeySource> {
  const previous = parseKeyList(env.SECRETS_PREVIOUS_KEYS, 'SECRETS_PREVIOUS_KEYS');
  if (env.SECRETS_KEY !== undefined) {
    return { provider: new LocalKeyProvider(parseHexKey(env.SECRETS_KEY, 'SECRETS_KEY'), previous), source: 'SECRETS_KEY' };
  }
  const path = join(dataDir, KEY_FILE_NAME);
  const created = await createKeyFile(path);
  const keys = await readKeyFile(path);
  return { provider: new LocalKeyProvider(keys[0] as Buffer, [...keys.slice(1), ...previous]), source: created ? 'key file (created)' : 'key file', path };
}

/**
 * Rotates the key file: a new current key on the first line, every older key kept below it, so what they sealed
 * still opens. Returns the new key's id.
 */
export async function rotateLocalKeyFile(dataDir: string): Promise<string> {
  const path = join(dataDir, KEY_FILE_NAME);
  await createKeyFile(path);
  const keys = await readKeyFile(path);
  const fresh = randomBytes(32);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${[fresh, ...keys].map((k) => k.toString('hex')).join('\n')}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temp, path);
  return localKeyId(fresh);
}

function parseKeyList(value: string | undefined, name: string): Buffer[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((part, index) => parseHexKey(part, `${name} (item ${index + 1})`));
}

// Exclusive create, so two processes starting at once cannot each write a different key: the loser reads the winner's.
async function createKeyFile(path: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  let handle: FileHandle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SecretKeyConfigError(`Could not create the local key file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await handle.writeFile(`${randomBytes(32).toString('hex')}\n`);
  } finally {
    await handle.close();
  }
  await chmod(path, 0o600); // open()'s mode is filtered by the umask; make it exact
  return true;
}

async function readKeyFile(path: string): Promise<Buffer[]> {
  let text: string;
  try {
    const info = await stat(path);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      throw new SecretKeyConfigError(
        `The local key file ${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); run \`chmod 600 ${path}\``,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof SecretKeyConfigError) throw error;
    throw new SecretKeyConfigError(`Could not read the local key file ${path}: ${(error as Error).message}`, { cause: error });
  }
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) throw new SecretKeyConfigError(`The local key file ${path} is empty; delete it only if nothing was sealed with it`);
  return lines.map((line, index) => parseHexKey(line, `${path} line ${index + 1}`));
}
