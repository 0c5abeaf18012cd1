// Issue 3, scenario 11: the webhook edge, over HTTP to the stack's own URL. Real deliveries are captured from the
// sandboxes (dropped there, so the stack never saw them) and replayed with fetch: tampered, unauthenticated, too
// large, for an unknown account. Every refusal answers its status and leaves no trace: no audit entry, no dedupe
// claim (the genuine delivery afterwards is accepted, not a duplicate), no queue message, no observation, no write.
import { createHmac } from 'node:crypto';
import { startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 3, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  await h.stack.reconcile(); // the stack learns both sides; everything is in step
  await h.drained();
});
afterAll(async () => h?.close());

const AGENT = 'agent01@example.com';

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as { status: string; detail?: string } };
}

/** A real delivery of `act`, dropped by the sandbox so that only the test holds it. */
async function capture(side: 'aircall' | 'zendesk', act: () => void): Promise<Record<string, unknown>> {
  const sandbox = h.sandboxes[side];
  const before = sandbox.deliveries().length;
  sandbox.setDeliveryMode({ mode: 'drop', count: 1 });
  act();
  await sandbox.idle();
  const dropped = sandbox.deliveries().slice(before);
  expect(dropped.map((d) => d.outcome)).toEqual(['dropped']);
  return dropped[0]?.body as Record<string, unknown>;
}

/** Zendesk's signature headers for `body` (zendesk-api.md §9.7). */
function signed(body: string, secret = h.account.zendesk.webhookSigningSecret): Record<string, string> {
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(timestamp, 'utf8').update(body).digest('base64');
  return { 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': timestamp };
}

/** Everything a delivery could leave behind, to compare before and after the refusals. */
async function traces() {
  const store = h.stack.runtime.deps.store;
  return {
    accountAudit: (await h.audit('*')).length,
    agentAudit: (await h.audit(AGENT)).length,
    observed: (await store.getAgentState(h.account.id, AGENT)).observed,
    queued: await h.queued(),
    writes: h.writes(),
  };
}

describe('Aircall', () => {
  const path = () => `/webhooks/aircall/${h.account.id}`;

  test('refusals: bad token, missing token, bad JSON and unknown account the same 401, over 256 KB 413; none leaves a trace', async () => {
    const event = await capture('aircall', () => h.sandboxes.aircall.setStatus(AGENT, 'unavailable'));
    const genuine = JSON.stringify(event);
    const before = await traces();

    expect(await post(path(), JSON.stringify({ ...event, token: 'not-the-token' }))).toMatchObject({ status: 401, body: { status: 'unauthenticated' } });
    const { token: _token, ...tokenless } = event;
    expect(await post(path(), JSON.stringify(tokenless))).toMatchObject({ status: 401, body: { status: 'unauthenticated' } });
    expect(await post(path(), JSON.stringify({ ...event, token: '' }))).toMatchObject({ status: 401 });
    // The token is in the body: a body that is not JSON has none.
    expect(await post(path(), `${genuine.slice(0, -1)},`)).toMatchObject({ status: 401, body: { status: 'unauthenticated' } });
    const padded = JSON.stringify({ ...event, padding: 'x'.repeat(256 * 1024) });
    expect(await post(path(), padded)).toMatchObject({ status: 413, body: { status: 'too_large' } });
    expect(await post('/webhooks/aircall/no-such-account', genuine)).toMatchObject({ status: 401, body: { status: 'unauthenticated' } });
    // A known event with a field of the wrong type, but the right token: refused as a bad request.
    expect(await post(path(), JSON.stringify({ ...event, data: { ...(event.data as object), availability_status: 'asleep' } }))).toMatchObject({ status: 400 });

    expect(await traces()).toEqual(before);

    // No dedupe claim was made: the genuine delivery is accepted, and synced; the same body again is a duplicate.
    expect(await post(path(), genuine)).toMatchObject({ status: 200, body: { status: 'accepted' } });
    await waitFor('Zendesk offline', () => h.zendeskStatus(AGENT) === 'offline');
    expect(await post(path(), genuine)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    await h.drained();
    expect(h.writeLog(Date.now() - 60_000).map((w) => [w.side, w.agent, w.status])).toEqual([['zendesk', AGENT, 'offline']]);
  });

  test('an event the sync does not use (number.created) with the right token: 200 ignored, and audited', async () => {
    const since = Date.now();
    const body = JSON.stringify({
      resource: 'number',
      event: 'number.created',
      timestamp: Math.floor(Date.now() / 1000),
      token: h.account.aircall.webhookToken,
      data: { id: 1, digits: '+1 800-000-0001' },
    });
    const queued = await h.queued();

    expect(await post(path(), body)).toMatchObject({ status: 200, body: { status: 'ignored' } });

    const entry = (await h.audit('*')).find((e) => e.at >= since && e.kind === 'webhook_ignored');
    expect(entry).toMatchObject({ kind: 'webhook_ignored', detail: { provider: 'aircall', event: 'number.created' } });
    expect(await h.queued()).toBe(queued);
  });
});

describe('Zendesk', () => {
  const path = () => `/webhooks/zendesk/${h.account.id}`;
  beforeAll(async () => h.setDirection('zendesk_to_aircall'));

  test('refusals: missing signature, bad signature and unknown account the same 401, bad JSON 400; none leaves a trace', async () => {
    const agent = 'agent02@example.com';
    const event = await capture('zendesk', () => h.sandboxes.zendesk.setStatus(agent, 'away'));
    const genuine = JSON.stringify(event);
    const before = await traces();
    const stateBefore = await h.stack.runtime.deps.store.getAgentState(h.account.id, agent);

    expect(await post(path(), genuine)).toMatchObject({ status: 401, body: { status: 'unauthenticated' } });
    expect(await post(path(), genuine, { 'x-zendesk-webhook-signature': signed(genuine)['x-zendesk-webhook-signature'] as string })).toMatchObject({
      status: 401,
    });
    expect(await post(path(), genuine, signed(genuine, 'not-the-secret'))).toMatchObject({ status: 401, body: { status: 'unauthenticated' } });
    const tampered = genuine.replace('"away"', '"online"');
    expect(await post(path(), tampered, signed(genuine))).toMatchObject({ status: 401 });
    const broken = `${genuine.slice(0, -1)},`;
    expect(await post(path(), broken, signed(broken))).toMatchObject({ status: 400, body: { status: 'bad_request' } });
    const padded = JSON.stringify({ ...event, padding: 'x'.repeat(256 * 1024) });
    expect(await post(path(), padded, signed(padded))).toMatchObject({ status: 413, body: { status: 'too_large' } });
    expect(await post('/webhooks/zendesk/no-such-account', genuine, signed(genuine))).toMatchObject({ status: 401, body: { status: 'unauthenticated' } });

    expect(await traces()).toEqual(before);
    expect(await h.stack.runtime.deps.store.getAgentState(h.account.id, agent)).toEqual(stateBefore);

    // No dedupe claim was made: the genuine delivery is accepted, and synced; the same delivery again is a duplicate.
    const since = Date.now();
    expect(await post(path(), genuine, signed(genuine))).toMatchObject({ status: 200, body: { status: 'accepted' } });
    await waitFor('Aircall unavailable', () => h.aircallStatus(agent).availability_status === 'unavailable');
    expect(await post(path(), genuine, signed(genuine))).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    await h.drained();
    expect(h.writeLog(since).map((w) => [w.side, w.agent, w.status])).toEqual([['aircall', agent, 'unavailable']]);
  });
});
