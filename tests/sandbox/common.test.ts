// The shared sandbox infrastructure, run for real: server and router, faults, journal, delivery queue modes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  addCommonControlRoutes,
  createSandboxHandler,
  FaultInjector,
  json,
  RequestJournal,
  Router,
  startServer,
  WebhookDeliveryQueue,
  type RunningServer,
  type SandboxCore,
} from '../../local/sandbox/common';

interface Receiver {
  url: string;
  received: unknown[];
  answer: (status: number) => void;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const received: unknown[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    answer: (next) => {
      status = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('common sandbox pipeline', () => {
  let server: RunningServer;
  let core: SandboxCore;
  let resets = 0;

  beforeAll(async () => {
    // Prepare
    core = { journal: new RequestJournal(), faults: new FaultInjector({ seed: 7 }), deliveries: new WebhookDeliveryQueue() };
    const api = new Router()
      .on('GET', '/things/:id', (req) => json(200, { id: req.params.id }))
      .on('PUT', '/things/:id', (req) => json(200, { raw: req.rawBody.toString() }));
    server = await startServer(
      { port: 0 },
      createSandboxHandler({
        core,
        control: addCommonControlRoutes(new Router(), core, () => {
          resets += 1;
        }),
        api: (req) => api.handle(req, () => json(404, { message: 'Not Found' })),
        faultResponse: (fault) => json(fault.status, { fault: fault.kind }),
        now: () => 1000,
      }),
    );
  });
  afterAll(() => server.close());
  beforeEach(() => fetch(`${server.url}/_sandbox/reset`, { method: 'POST' }));

  it('routes path params, keeps raw bodies and answers 404 for unknown paths and methods', async () => {
    // Act
    const got = await fetch(`${server.url}/things/a%40b`);
    const put = await fetch(`${server.url}/things/1`, { method: 'PUT', body: '{"x": 1}' });
    const missing = await fetch(`${server.url}/nope`);
    const wrongMethod = await fetch(`${server.url}/things/1`, { method: 'DELETE' });
    // Assess
    expect(await got.json()).toEqual({ id: 'a@b' });
    expect(await put.json()).toEqual({ raw: '{"x": 1}' });
    expect(missing.status).toBe(404);
    expect(wrongMethod.status).toBe(404);
    expect(resets).toBeGreaterThan(0);
  });

  it('journals API requests, not control ones, and filters by method', async () => {
    // Act
    await fetch(`${server.url}/things/1?a=1`);
    await fetch(`${server.url}/things/1`, { method: 'PUT', body: '{"x":1}' });
    const all = (await (await fetch(`${server.url}/_sandbox/requests`)).json()) as { requests: unknown[] };
    const writes = (await (await fetch(`${server.url}/_sandbox/requests?method=PUT`)).json()) as { requests: unknown[] };
    // Assess
    expect(all.requests).toEqual(
      [
        { method: 'GET', path: '/things/1', query: { a: '1' }, body: undefined, status: 200, at: 1000 },
        { method: 'PUT', path: '/things/1', query: {}, body: { x: 1 }, status: 200, at: 1000 },
      ].map((entry) => JSON.parse(JSON.stringify(entry))),
    );
    expect(writes.requests).toHaveLength(1);
  });

  it('injects outage, burst429 and a reproducible error rate, on API routes only', async () => {
    // Act
    await fetch(`${server.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ outage: true }) });
    const outage = await fetch(`${server.url}/things/1`);
    const controlDuringOutage = await fetch(`${server.url}/_sandbox/faults`);
    await fetch(`${server.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ outage: false, burst429: 2 }) });
    const burst = [await fetch(`${server.url}/things/1`), await fetch(`${server.url}/things/1`), await fetch(`${server.url}/things/1`)];
    const bad = await fetch(`${server.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 2 }) });
    await fetch(`${server.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 0.5 }) });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await fetch(`${server.url}/things/1`)).status);
    // Assess
    expect(outage.status).toBe(503);
    expect(controlDuringOutage.status).toBe(200);
    expect(burst.map((res) => res.status)).toEqual([429, 429, 200]);
    expect(bad.status).toBe(400);
    expect(statuses.filter((status) => status >= 500).length).toBeGreaterThan(3);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(3);
    const replay = new FaultInjector({ seed: 7 });
    replay.configure({ errorRate: 0.5 });
    const expected: number[] = [];
    for (let i = 0; i < 20; i++) expected.push((await replay.inject())?.status ?? 200);
    expect(statuses).toEqual(expected);
  });
});

describe('WebhookDeliveryQueue', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  const labels = (received: unknown[]) => received.map((body) => (body as { n: number }).n);

  it('delivers in order in normal mode, duplicates, reorders and drops', async () => {
    // Prepare
    const queue = new WebhookDeliveryQueue({ timeoutMs: 500 });
    // Act
    for (const n of [1, 2]) queue.enqueue({ url: receiver.url, body: { n } });
    await queue.idle();
    queue.setMode({ mode: 'duplicate', copies: 3 });
    queue.enqueue({ url: receiver.url, body: { n: 3 } });
    await queue.idle();
    queue.setMode({ mode: 'reorder', window: 3 });
    for (const n of [4, 5, 6, 7]) queue.enqueue({ url: receiver.url, body: { n } });
    await queue.idle();
    queue.setMode({ mode: 'drop', count: 1 });
    for (const n of [8, 9]) queue.enqueue({ url: receiver.url, body: { n } });
    await queue.idle();
    // Assess
    expect(labels(receiver.received)).toEqual([1, 2, 3, 3, 3, 6, 5, 4, 7, 9]);
    expect(queue.log().find((entry) => (entry.body as { n: number }).n === 8)?.outcome).toBe('dropped');
  });

  it('retries non-2xx answers with backoff, then gives up and reports each attempt', async () => {
    // Prepare
    const attempts: boolean[] = [];
    const queue = new WebhookDeliveryQueue({ retries: 2, backoffMs: 1, onAttempt: (report) => attempts.push(report.ok) });
    receiver.answer(500);
    // Act
    queue.enqueue({ url: receiver.url, body: { n: 1 }, label: 'x' });
    await queue.idle();
    // Assess
    expect(receiver.received).toHaveLength(3);
    expect(attempts).toEqual([false, false, false]);
    expect(queue.log()[0]).toMatchObject({ outcome: 'failed', status: 500, attempts: 3, label: 'x' });
  });

  it('counts a slow receiver as a timeout', async () => {
    // Prepare
    const slow = createServer(() => undefined);
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const queue = new WebhookDeliveryQueue({ timeoutMs: 50, retries: 0 });
    // Act
    queue.enqueue({ url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, body: {} });
    await queue.idle();
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
    // Assess
    expect(queue.log()[0]).toMatchObject({ outcome: 'failed', status: null, error: 'timeout after 50 ms' });
  });

  it.each([
    [1, 1],
    [4, 4],
  ])('with concurrency %i keeps up to %i deliveries per URL in flight at once', async (concurrency, expected) => {
    // Prepare: a receiver that answers each POST 30 ms later and counts how many are open at once
    let open = 0;
    let maxOpen = 0;
    const slow = createServer((req, res) => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      req.resume();
      setTimeout(() => {
        open--;
        res.writeHead(200).end();
      }, 30);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
    const queue = new WebhookDeliveryQueue({ timeoutMs: 1000, concurrency });
    // Act
    for (let n = 1; n <= 8; n++) queue.enqueue({ url, body: { n } });
    await queue.idle();
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
    // Assess
    expect(maxOpen).toBe(expected);
    expect(queue.log().every((entry) => entry.outcome === 'delivered' && entry.startedAt !== undefined)).toBe(true);
  });
});
