// Issue 10 §2, directory storms: a burst of Aircall user.created / user.deleted makes at most one directory refresh
// per account per minute, across processes (a stored "refresh requested" and "last refresh at"), and a change that
// comes after a refresh started is still picked up, by a refresh once the minute is over. Real receivers and worker
// on dynalite and fauxqs, against both sandboxes.
import type { SQSEvent } from 'aws-lambda';
import { webhookHandler } from '../../lambdas/handlers/http-event';
import { workerHandler } from '../../lambdas/handlers/sync-worker';
import { receiveAircallWebhook } from '../../lambdas/sync/receive-aircall';
import { NO_METRICS } from '../../lambdas/observability';
import { connectSandboxes, startSandboxes, type SandboxPair } from '../../local/demo';
import { aircallLifecycleBody, startBackend, type Backend } from './backend';

let sandboxes: SandboxPair;
let backend: Backend;

beforeAll(async () => {
  sandboxes = await startSandboxes({ agents: 2, aircallRateLimitPerMinute: 600 });
  const account = await connectSandboxes(sandboxes, {
    stackUrl: 'http://127.0.0.1:9',
    accountId: 'acme',
    direction: 'aircall_to_zendesk',
    aircallRateLimitPerMinute: 600,
  });
  backend = await startBackend('directory-storm', { accounts: [{ ...account, aircall: { ...account.aircall, webhookToken: 'aircall-webhook-token' } }] });
});
afterAll(async () => sandboxes?.close());

const refreshes = async () =>
  (await backend.runtime.deps.store.listAudit('acme', '*', { now: Date.now(), limit: 200 })).filter((e) => e.kind === 'directory').length;

test('a burst from two processes queues one refresh; a later event waits for the minute to end', async () => {
  // Act: 12 lifecycle events, half through another process.
  const other = backend.otherProcess();
  for (let i = 0; i < 12; i++) {
    const body = aircallLifecycleBody(i % 2 ? 'user.deleted' : 'user.created', 1000 + i);
    const answer = i % 3 === 0 ? await postThrough(other, body) : await backend.post('aircall', 'acme', body);
    expect(answer.statusCode).toBe(200);
  }

  // Assess: one directory message.
  expect(await backend.queued()).toBe(1);
  const first = await backend.receiveRecords();
  expect(first.map((r) => JSON.parse(r.body))).toEqual([{ kind: 'directory', account: 'acme' }]);

  // Act: the worker refreshes; then one more user joins, in the same minute.
  const worker = workerHandler(() => backend.runtime, NO_METRICS);
  expect(await worker({ Records: first } as SQSEvent)).toEqual({ batchItemFailures: [] });
  await backend.deleteRecords(first);
  expect(await refreshes()).toBe(1);
  expect((await backend.post('aircall', 'acme', aircallLifecycleBody('user.created', 2000))).statusCode).toBe(200);
  const later = await backend.receiveRecords();
  expect(later).toHaveLength(1);
  const second = await workerHandler(() => other, NO_METRICS)({ Records: later } as SQSEvent);

  // Assess: not refreshed again within the minute; the message is put back for when the minute is over.
  expect(second.batchItemFailures).toHaveLength(1);
  expect(await refreshes()).toBe(1);
  expect(await backend.queued()).toBe(1);
});

/** Posts an Aircall delivery through another process's webhook handler. */
async function postThrough(runtime: ReturnType<Backend['otherProcess']>, body: string) {
  const handler = webhookHandler(receiveAircallWebhook, () => runtime, { metrics: NO_METRICS });
  const res = (await handler({
    routeKey: 'POST /webhooks/aircall/{accountId}',
    pathParameters: { accountId: 'acme' },
    body,
    isBase64Encoded: false,
    headers: {},
  } as never)) as { statusCode: number };
  return res;
}
