// The sandboxes' chaos controls, run for real: lossy and repeating webhook delivery, timed outages, 429 bursts with
// Retry-After, on both sandboxes over HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, WebhookDeliveryQueue } from '../../local/sandbox/common';
import { startAircallSandbox, type AircallSandbox } from '../../local/sandbox/aircall';
import { DEFAULT_OAUTH_TOKEN, startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';

async function startReceiver(): Promise<{ url: string; received: Array<{ n: number }>; close(): Promise<void> }> {
  const received: Array<{ n: number }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { n: number });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('unreliable webhook delivery', () => {
  it('delivers every event `copies` times, the copies of consecutive events shuffled within the window', async () => {
    // Prepare
    const receiver = await startReceiver();
    const queue = new WebhookDeliveryQueue({ concurrency: 4 });
    queue.setMode({ mode: 'unreliable', copies: 3, windowMs: 300, lossRate: 0, seed: 5 });

    // Act
    for (let n = 1; n <= 10; n++) queue.enqueue({ url: receiver.url, body: { n } });
    await queue.idle();

    // Assert
    const counts = new Map<number, number>();
    for (const { n } of receiver.received) counts.set(n, (counts.get(n) ?? 0) + 1);
    expect([...counts.values()]).toEqual(Array(10).fill(3));
    const order = receiver.received.map(({ n }) => n);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    await receiver.close();
  });

  it('never delivers a lost event, logs it as dropped, and loses the same events for the same seed', async () => {
    // Prepare
    const receiver = await startReceiver();
    const lostWith = async (seed: number): Promise<number[]> => {
      const queue = new WebhookDeliveryQueue();
      queue.setMode({ mode: 'unreliable', copies: 1, windowMs: 0, lossRate: 0.3, seed });
      for (let n = 1; n <= 40; n++) queue.enqueue({ url: receiver.url, body: { n } });
      await queue.idle();
      return queue
        .log()
        .filter((entry) => entry.outcome === 'dropped')
        .map((entry) => (entry.body as { n: number }).n);
    };

    // Act
    const first = await lostWith(9);
    const again = await lostWith(9);

    // Assert
    expect(first.length).toBeGreaterThan(4);
    expect(first.length).toBeLessThan(24);
    expect(again).toEqual(first);
    const delivered = new Set(receiver.received.map(({ n }) => n));
    expect(receiver.received).toHaveLength(80 - 2 * first.length);
    for (const n of first) expect(delivered.has(n)).toBe(false);
    await receiver.close();
  });

  it('refuses a bad mode with a clear error', () => {
    const queue = new WebhookDeliveryQueue();
    expect(() => queue.setMode({ mode: 'unreliable', lossRate: 2 })).toThrow('lossRate must be a number from 0 to 1');
    expect(() => queue.setMode({ mode: 'unreliable', copies: 0 })).toThrow('copies must be an integer >= 1');
    expect(queue.mode).toEqual({ mode: 'normal' });
  });
});

describe('timed outage', () => {
  it('answers 503 until the outage ends, then nothing', async () => {
    // Prepare
    let now = 1_000_000;
    const faults = new FaultInjector({ now: () => now });

    // Act
    faults.configure({ outageForSeconds: 10 });
    const during = await faults.inject();
    now += 9_999;
    const late = await faults.inject();
    now += 1;
    const after = await faults.inject();

    // Assert
    expect(during).toEqual({ status: 503, kind: 'outage' });
    expect(late).toEqual({ status: 503, kind: 'outage' });
    expect(after).toBeUndefined();
    expect(() => faults.configure({ outageForSeconds: -1 })).toThrow('outageForSeconds must be a number from 0 to 3600');
  });
});

describe('429 bursts with Retry-After, over HTTP', () => {
  let aircall: AircallSandbox;
  let zendesk: ZendeskSandbox;

  beforeAll(async () => {
    aircall = await startAircallSandbox({ apiId: 'id', apiToken: 'token' });
    zendesk = await startZendeskSandbox({});
  });
  afterAll(async () => {
    await aircall.close();
    await zendesk.close();
  });

  it('Aircall: the burst says when it ends in Retry-After and X-AircallApi-Reset, then answers again', async () => {
    // Prepare
    await fetch(`${aircall.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ burst429: 2, retryAfterSeconds: 3 }) });
    const ping = () => fetch(`${aircall.url}/v1/ping`, { headers: { authorization: `Basic ${Buffer.from('id:token').toString('base64')}` } });

    // Act
    const first = await ping();
    const second = await ping();
    const third = await ping();

    // Assert
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('3');
    const reset = Number(first.headers.get('x-aircallapi-reset'));
    expect(reset * 1000 - Date.now()).toBeGreaterThan(1_000);
    expect(reset * 1000 - Date.now()).toBeLessThanOrEqual(4_000);
  });

  it('Zendesk: the burst carries the configured Retry-After', async () => {
    // Prepare
    zendesk.setFaults({ burst429: 1, retryAfterSeconds: 2 });

    // Act
    const res = await fetch(`${zendesk.url}/api/v2/users/me`, { headers: { authorization: `Bearer ${DEFAULT_OAUTH_TOKEN}` } });

    // Assert
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
  });
});
