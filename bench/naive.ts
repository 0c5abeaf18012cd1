// The naive baseline of the flap storm: a tiny webhook receiver (node:http) that, for every Zendesk
// `agent.unified_state_changed`, at once PUTs the mapped status to Aircall. No settling, no budget, no retry.
//
// It calls Aircall with raw `fetch` (one PUT /v1/users/:id per event, Basic auth, keep-alive) rather than the
// product's client: that client waits out 429s and pauses on `X-AircallApi-Remaining: 0` even with maxRetries 0,
// which would hide exactly what a naive syncer costs. Each delivery is answered after its PUT, so the writes keep
// the events' order (the sandbox delivers one event at a time per URL). Other deliveries (Aircall's echoes of these
// writes) are answered 200 and ignored.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NaiveSyncerOptions {
  aircallUrl: string;
  apiId: string;
  apiToken: string;
  /** Zendesk agent id → Aircall user id (built from both sandboxes' seed data: no API call). */
  aircallUserByZendeskAgent: Map<string, number>;
  /** Zendesk status id → Aircall availability (the product's default mapping; custom statuses absent = not synced). */
  availabilityByStatusId: Map<string, 'available' | 'unavailable'>;
}

export interface NaiveSyncer {
  url: string;
  counts: { events: number; puts: number; ok: number; rateLimited: number; otherErrors: number };
  close(): Promise<void>;
}

const UNIFIED = 'zen:event-type:agent.unified_state_changed';

export async function startNaiveSyncer(options: NaiveSyncerOptions): Promise<NaiveSyncer> {
  const counts = { events: 0, puts: 0, ok: 0, rateLimited: 0, otherErrors: 0 };
  const authorization = `Basic ${Buffer.from(`${options.apiId}:${options.apiToken}`).toString('base64')}`;

  async function handle(path: string, raw: string): Promise<void> {
    if (!path.startsWith('/webhooks/zendesk/')) return;
    const body = JSON.parse(raw) as { type?: string; detail?: { agent_id?: unknown }; event?: { new_unified_state?: { id?: unknown } } };
    if (body.type !== UNIFIED) return;
    counts.events++;
    const userId = options.aircallUserByZendeskAgent.get(String(body.detail?.agent_id));
    const availability = options.availabilityByStatusId.get(String(body.event?.new_unified_state?.id));
    if (userId === undefined || availability === undefined) return;
    counts.puts++;
    const res = await fetch(`${options.aircallUrl}/v1/users/${userId}`, {
      method: 'PUT',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify({ availability_status: availability }),
    });
    await res.arrayBuffer();
    if (res.status === 200) counts.ok++;
    else if (res.status === 429) counts.rateLimited++;
    else counts.otherErrors++;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req.url ?? '/', Buffer.concat(chunks).toString('utf8'))
        .catch(() => void counts.otherErrors++)
        .finally(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"status":"ok"}');
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
