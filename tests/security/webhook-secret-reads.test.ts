// Failed webhook checks are cached (issue 13): a flood of deliveries with bad signatures or tokens costs at most one
// read (and decryption) of the account's webhook secret per 5 seconds, while a webhook re-created with a new secret is
// believed within that time. Against the real sealed credential store on dynalite; reads are counted, not faked.
import type { CredentialStore } from '../../lambdas/credentials/port';
import { REREAD_AFTER_FAILURE_MS, verifyWithWebhookSecret } from '../../lambdas/credentials/webhook-secrets';
import { createTestTable, testCredentials } from '../setup/aws';

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);

async function countingStore(): Promise<{ credentials: CredentialStore; reads: () => number }> {
  const table = await createTestTable('webhook-secret-reads');
  const real = testCredentials(table);
  let reads = 0;
  const credentials = new Proxy(real, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property !== 'getWebhookSecret' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        reads++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as CredentialStore;
  return { credentials, reads: () => reads };
}

it('200 bad signatures read the secret once; after the re-read delay, once more', async () => {
  const { credentials, reads } = await countingStore();
  await credentials.putWebhookSecret('acme', { side: 'zendesk', secret: 'the-real-secret', updatedAt: T0 });
  for (let i = 0; i < 200; i++) expect(await verifyWithWebhookSecret({ credentials }, 'acme', 'zendesk', T0 + i, (s) => s === `forged-${i}`)).toBe(false);
  expect(reads()).toBe(1);
  expect(await verifyWithWebhookSecret({ credentials }, 'acme', 'zendesk', T0 + REREAD_AFTER_FAILURE_MS, () => false)).toBe(false);
  expect(reads()).toBe(2);
  // A good delivery in between costs nothing.
  expect(await verifyWithWebhookSecret({ credentials }, 'acme', 'zendesk', T0 + REREAD_AFTER_FAILURE_MS + 1, (s) => s === 'the-real-secret')).toBe(true);
  expect(reads()).toBe(2);
});

it('a side with no secret stored (disconnected) costs one read per delay, however many deliveries', async () => {
  const { credentials, reads } = await countingStore();
  for (let i = 0; i < 100; i++) expect(await verifyWithWebhookSecret({ credentials }, 'gone', 'aircall', T0 + i, () => true)).toBe(false);
  expect(reads()).toBe(1);
});

it('a webhook re-created with a new secret is believed at once (its first delivery re-reads)', async () => {
  const { credentials } = await countingStore();
  await credentials.putWebhookSecret('acme', { side: 'aircall', secret: 'old-token', updatedAt: T0 });
  expect(await verifyWithWebhookSecret({ credentials }, 'acme', 'aircall', T0, (s) => s === 'old-token')).toBe(true);
  await credentials.putWebhookSecret('acme', { side: 'aircall', secret: 'new-token', updatedAt: T0 + 1 });
  expect(await verifyWithWebhookSecret({ credentials }, 'acme', 'aircall', T0 + 1_000, (s) => s === 'new-token')).toBe(true);
});
