// Envelope encryption over the local provider: round trip, context binding, tampering, rotation, the data-key cache.
import { randomBytes } from 'node:crypto';
import { LocalKeyProvider } from '../../lambdas/secrets/local-keys';
import { SecretBox, parseSealed, formatSealed } from '../../lambdas/secrets/envelope';
import { SecretDecryptError } from '../../lambdas/secrets/errors';
import type { KeyProvider, SecretContext } from '../../lambdas/secrets/provider';

const acmeToken: SecretContext = { accountId: 'acme', field: 'zendesk.accessToken' };

/** Counts the provider's calls, so the cache's effect is visible. */
function counting(provider: KeyProvider): KeyProvider & { generated: number; unwrapped: number } {
  const counted = {
    generated: 0,
    unwrapped: 0,
    generateDataKey: (context: SecretContext) => {
      counted.generated++;
      return provider.generateDataKey(context);
    },
    decryptDataKey: (wrapped: Buffer, keyId: string, context: SecretContext) => {
      counted.unwrapped++;
      return provider.decryptDataKey(wrapped, keyId, context);
    },
  };
  return counted;
}

describe('SecretBox with the local provider', () => {
  const provider = new LocalKeyProvider(randomBytes(32));

  it('opens what it sealed, for the same account and field', async () => {
    // Prepare
    const box = new SecretBox({ provider });
    // Act
    const sealed = await box.seal('zd-access-ünïcode-✓', acmeToken);
    // Assess
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed).not.toContain('zd-access');
    expect(await box.open(sealed, acmeToken)).toBe('zd-access-ünïcode-✓');
    // A fresh box (another container) holds no cached key and still opens it.
    expect(await new SecretBox({ provider }).open(sealed, acmeToken)).toBe('zd-access-ünïcode-✓');
  });

  it('seals an empty secret too, and never seals the same secret to the same text twice', async () => {
    const box = new SecretBox({ provider });
    expect(await box.open(await box.seal('', acmeToken), acmeToken)).toBe('');
    const [a, b] = [await box.seal('same', acmeToken), await box.seal('same', acmeToken)];
    expect(a).not.toBe(b);
  });

  it.each([
    ['another account', { accountId: 'globex', field: 'zendesk.accessToken' }],
    ['another field', { accountId: 'acme', field: 'zendesk.refreshToken' }],
  ])('refuses to open a secret for %s', async (_, other) => {
    const box = new SecretBox({ provider });
    const sealed = await box.seal('secret', acmeToken);
    await expect(box.open(sealed, other)).rejects.toBeInstanceOf(SecretDecryptError);
    // Also with a cold cache, where the unwrap itself must refuse.
    await expect(new SecretBox({ provider }).open(sealed, other)).rejects.toBeInstanceOf(SecretDecryptError);
  });

  it('refuses a ciphertext with any part changed', async () => {
    const box = new SecretBox({ provider });
    const sealed = await box.seal('secret', acmeToken);
    const parts = parseSealed(sealed);
    const flip = (b: Buffer, at: number) => {
      const copy = Buffer.from(b);
      copy[at] = (copy[at] as number) ^ 1;
      return copy;
    };
    const tampered = [
      { ...parts, body: flip(parts.body, 0) }, // ciphertext
      { ...parts, body: flip(parts.body, parts.body.length - 1) }, // tag
      { ...parts, iv: flip(parts.iv, 3) },
      { ...parts, wrappedKey: flip(parts.wrappedKey, 20) },
      { ...parts, body: parts.body.subarray(1) }, // truncated
    ];
    for (const bad of tampered) {
      await expect(box.open(formatSealed(bad), acmeToken)).rejects.toBeInstanceOf(SecretDecryptError);
      await expect(new SecretBox({ provider }).open(formatSealed(bad), acmeToken)).rejects.toBeInstanceOf(SecretDecryptError);
    }
  });

  it('refuses malformed text and unknown format versions without echoing them', async () => {
    const box = new SecretBox({ provider });
    const sealed = await box.seal('secret', acmeToken);
    await expect(box.open(sealed.replace(/^v1\./, 'v9.'), acmeToken)).rejects.toThrow(/Unknown sealed-secret format "v9"/);
    await expect(box.open('plain-old-token', acmeToken)).rejects.toThrow(SecretDecryptError);
    await expect(box.open('plain-old-token', acmeToken)).rejects.not.toThrow(/plain-old-token/);
    await expect(box.open(`${sealed}.extra`, acmeToken)).rejects.toThrow(/malformed/);
  });

  it('refuses a context without an account or a field', async () => {
    const box = new SecretBox({ provider });
    await expect(box.seal('x', { accountId: '', field: 'f' })).rejects.toThrow(/accountId/);
    await expect(box.seal('x', { accountId: 'a', field: '' })).rejects.toThrow(/field/);
  });
});

describe('key rotation', () => {
  it('opens secrets sealed under the old key after the new key becomes current, and seals new ones under the new key', async () => {
    // Prepare: a secret sealed before the rotation.
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new LocalKeyProvider(oldKey);
    const oldSealed = await new SecretBox({ provider: before }).seal('written-before-rotation', acmeToken);
    // Act: rotate (new key current, old key kept for opening).
    const after = new LocalKeyProvider(newKey, [oldKey]);
    const box = new SecretBox({ provider: after });
    const newSealed = await box.seal('written-after-rotation', acmeToken);
    // Assess
    expect(await box.open(oldSealed, acmeToken)).toBe('written-before-rotation');
    expect(parseSealed(oldSealed).keyId).toBe(before.keyId);
    expect(parseSealed(newSealed).keyId).toBe(after.keyId);
    expect(after.keyId).not.toBe(before.keyId);
    // Once the old key is dropped, its secrets no longer open, with a message naming the key id (not the key).
    const dropped = new SecretBox({ provider: new LocalKeyProvider(newKey) });
    await expect(dropped.open(oldSealed, acmeToken)).rejects.toThrow(new RegExp(`local key ${before.keyId}`));
    expect(await dropped.open(newSealed, acmeToken)).toBe('written-after-rotation');
  });

  it('does not let a ciphertext claim another key id', async () => {
    const keyA = randomBytes(32);
    const keyB = randomBytes(32);
    const provider = new LocalKeyProvider(keyA, [keyB]);
    const parts = parseSealed(await new SecretBox({ provider }).seal('s', acmeToken));
    const forged = formatSealed({ ...parts, keyId: new LocalKeyProvider(keyB).keyId });
    await expect(new SecretBox({ provider }).open(forged, acmeToken)).rejects.toBeInstanceOf(SecretDecryptError);
  });
});

describe('the data-key cache', () => {
  it('asks the provider once per account and field while the key is fresh, and again once it expired', async () => {
    // Prepare
    let now = 1_000_000;
    const provider = counting(new LocalKeyProvider(randomBytes(32)));
    const box = new SecretBox({ provider, cache: { ttlMs: 60_000, now: () => now } });
    // Act: concurrent seals of one field share one data key.
    const sealed = await Promise.all([1, 2, 3].map((n) => box.seal(`token-${n}`, acmeToken)));
    await box.seal('other-field', { accountId: 'acme', field: 'aircall.apiToken' });
    // Assess
    expect(provider.generated).toBe(2);
    for (const [i, s] of sealed.entries()) expect(await box.open(s, acmeToken)).toBe(`token-${i + 1}`);
    expect(provider.unwrapped).toBe(1); // the three share a wrapped key
    now += 60_000;
    await box.seal('later', acmeToken);
    await box.open(sealed[0] as string, acmeToken);
    expect(provider.generated).toBe(3);
    expect(provider.unwrapped).toBe(2);
  });

  it('can be turned off', async () => {
    const provider = counting(new LocalKeyProvider(randomBytes(32)));
    const box = new SecretBox({ provider, cache: { ttlMs: 0 } });
    const a = await box.seal('a', acmeToken);
    await box.seal('b', acmeToken);
    expect(await box.open(a, acmeToken)).toBe('a');
    expect(await box.open(a, acmeToken)).toBe('a');
    expect([provider.generated, provider.unwrapped]).toEqual([2, 2]);
  });
});
