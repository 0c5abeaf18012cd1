// The local master key: SECRETS_KEY validation, and the key file created in DATA_DIR on first start and reused.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox } from '../../lambdas/secrets/envelope';
import { SecretKeyConfigError } from '../../lambdas/secrets/errors';
import type { SecretContext } from '../../lambdas/secrets/provider';
import { KEY_FILE_NAME, localKeyProviderFromEnv, rotateLocalKeyFile } from '../../lambdas/secrets/local-file';

const ctx: SecretContext = { accountId: 'acme', field: 'aircall.apiToken' };
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'secrets-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('SECRETS_KEY', () => {
  it('is used when set, and no key file is created', async () => {
    const key = randomBytes(32).toString('hex');
    const { provider, source } = await localKeyProviderFromEnv({ SECRETS_KEY: key }, dataDir);
    expect(source).toBe('SECRETS_KEY');
    await expect(stat(join(dataDir, KEY_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
    // The same key in another process opens what this one sealed.
    const sealed = await new SecretBox({ provider }).seal('tok', ctx);
    const again = await localKeyProviderFromEnv({ SECRETS_KEY: key.toUpperCase() }, dataDir);
    expect(await new SecretBox({ provider: again.provider }).open(sealed, ctx)).toBe('tok');
  });

  it.each([
    ['too short', 'abc123'],
    ['empty', ''],
    ['65 characters', 'a'.repeat(65)],
    ['64 characters, not all hex', 'g'.repeat(64)],
    ['base64 of 32 bytes', randomBytes(32).toString('base64')],
  ])('is refused when %s, with a message that does not repeat it', async (_, value) => {
    const attempt = localKeyProviderFromEnv({ SECRETS_KEY: value }, dataDir);
    await expect(attempt).rejects.toBeInstanceOf(SecretKeyConfigError);
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/SECRETS_KEY must be exactly 64 hexadecimal characters/);
    if (value.length > 3) expect(error.message).not.toContain(value);
    await expect(stat(join(dataDir, KEY_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes older keys from SECRETS_PREVIOUS_KEYS and refuses a bad one', async () => {
    const oldKey = randomBytes(32).toString('hex');
    const old = await localKeyProviderFromEnv({ SECRETS_KEY: oldKey }, dataDir);
    const sealed = await new SecretBox({ provider: old.provider }).seal('before', ctx);
    const rotated = await localKeyProviderFromEnv({ SECRETS_KEY: randomBytes(32).toString('hex'), SECRETS_PREVIOUS_KEYS: oldKey }, dataDir);
    expect(await new SecretBox({ provider: rotated.provider }).open(sealed, ctx)).toBe('before');
    await expect(localKeyProviderFromEnv({ SECRETS_KEY: oldKey, SECRETS_PREVIOUS_KEYS: `${oldKey},nothex` }, dataDir)).rejects.toThrow(
      /SECRETS_PREVIOUS_KEYS \(item 2\)/,
    );
  });
});

describe('the key file in DATA_DIR', () => {
  it('is created on first start with mode 0600 and reused after, so secrets survive a restart', async () => {
    // Act: first start creates it (also in a DATA_DIR that does not exist yet).
    const dir = join(dataDir, 'nested', 'data');
    const first = await localKeyProviderFromEnv({}, dir);
    const sealed = await new SecretBox({ provider: first.provider }).seal('survives', ctx);
    const second = await localKeyProviderFromEnv({}, dir);
    // Assess
    expect(first.source).toBe('key file (created)');
    expect(second.source).toBe('key file');
    expect(first.path).toBe(join(dir, KEY_FILE_NAME));
    expect((await stat(join(dir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
    expect((await readFile(join(dir, KEY_FILE_NAME), 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(second.provider.keyId).toBe(first.provider.keyId);
    expect(await new SecretBox({ provider: second.provider }).open(sealed, ctx)).toBe('survives');
  });

  it('is created once when two processes start at the same time', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => localKeyProviderFromEnv({}, dataDir)));
    expect(new Set(results.map((r) => r.provider.keyId)).size).toBe(1);
    expect(results.filter((r) => r.source === 'key file (created)')).toHaveLength(1);
  });

  it('rotates: a new current key, and what the old one sealed still opens', async () => {
    const before = await localKeyProviderFromEnv({}, dataDir);
    const sealed = await new SecretBox({ provider: before.provider }).seal('old', ctx);
    const newId = await rotateLocalKeyFile(dataDir);
    const after = await localKeyProviderFromEnv({}, dataDir);
    expect(after.provider.keyId).toBe(newId);
    expect(newId).not.toBe(before.provider.keyId);
    expect(await new SecretBox({ provider: after.provider }).open(sealed, ctx)).toBe('old');
    expect((await stat(join(dataDir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it('is refused when other users can read it', async () => {
    await localKeyProviderFromEnv({}, dataDir);
    await chmod(join(dataDir, KEY_FILE_NAME), 0o644);
    await expect(localKeyProviderFromEnv({}, dataDir)).rejects.toThrow(/readable by other users.*chmod 600/);
  });
});
