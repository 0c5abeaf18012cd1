// The webhook delivery queue: POSTs JSON events to receivers with a timeout, bounded retries and test modes.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SandboxInputError } from './errors';
import { seededRandom } from './prng';

/** One event to POST. The caller builds body and headers (tokens, signatures). */
export interface OutgoingDelivery {
  url: string;
  /** Sent as JSON, or as is when a string. */
  body: unknown;
  headers?: Record<string, string>;
  /** A short name for the log, e.g. the event name. */
  label?: string;
  /** Who it is for, e.g. a webhook id; handed back in `onAttempt`. */
  target?: string;
}

/**
 * How events are delivered: `normal`; `duplicate` (each event `copies` times); `reorder` (hold `window`
 * events, then deliver them in reverse order); `delay` (wait `delayMs` first); `drop` (drop the next `count`).
 */
export type DeliveryMode =
  | { mode: 'normal' }
  | { mode: 'duplicate'; copies: number }
  | { mode: 'reorder'; window: number }
  | { mode: 'delay'; delayMs: number }
  | { mode: 'drop'; count: number }
  | UnreliableMode;

/**
 * A network that loses and repeats events (the chaos suite): each event is lost with probability `lossRate`
 * (every copy: "never delivered"), else delivered `copies` times, each copy after its own random delay in
 * [0, `windowMs`), so copies of consecutive events arrive shuffled. Seeded by `seed` (default 1): replayable.
 */
export interface UnreliableMode {
  mode: 'unreliable';
  copies: number;
  windowMs: number;
  lossRate: number;
  seed: number;
}

/** What happened to one copy of one event. `pending` until it is delivered, given up or dropped. */
export interface DeliveryLogEntry {
  /** Sequence number, in enqueue order. */
  seq: number;
  url: string;
  label?: string;
  target?: string;
  body: unknown;
  /** 1 for the first copy; more in `duplicate` mode. */
  copy: number;
  outcome: 'pending' | 'delivered' | 'failed' | 'dropped';
  /** The last HTTP status received, `null` on a timeout or connection error. */
  status: number | null;
  attempts: number;
  error?: string;
  enqueuedAt: number;
  /** When the first attempt started (after waiting for a free slot of its receiver URL and any `delay`). */
  startedAt?: number;
  finishedAt?: number;
}

/** Reported after every attempt, e.g. to count consecutive failures per webhook. */
export interface AttemptReport {
  delivery: OutgoingDelivery;
  ok: boolean;
  status: number | null;
  attempt: number;
  /** True when no retry follows. */
  final: boolean;
}

export interface DeliveryQueueOptions {
  /** Per-attempt timeout; Aircall's real one is 5 s (aircall-api.md §8.7). Default 5000. */
  timeoutMs?: number;
  /** Retries after the first attempt on non-2xx or timeout. Default 2. */
  retries?: number;
  /** Backoff before retry n is `backoffMs * 2^(n-1)`. Default 10. */
  backoffMs?: number;
  /**
   * Deliveries in flight at once per receiver URL. Default 1: one after another, so `normal` mode keeps order (the
   * tests rely on it). Real Aircall delivery is "at least once, unordered" (aircall-api.md §8.7), so N > 1 is
   * realistic too; deliveries then start in enqueue order but may finish (and be seen by the receiver) out of order.
   */
  concurrency?: number;
  now?: () => number;
  onAttempt?: (report: AttemptReport) => void;
}

/**
 * Delivers events one after another per receiver URL (so `normal` mode keeps order), with retries; with
 * `concurrency: N`, up to N at once per URL (started in enqueue order, unordered on arrival).
 *
 * @example
 * const queue = new WebhookDeliveryQueue({ timeoutMs: 500 });
 * queue.enqueue({ url: receiverUrl, body: { event: 'user.opened' }, label: 'user.opened' });
 * await queue.idle();
 */
export class WebhookDeliveryQueue {
  private currentMode: DeliveryMode = { mode: 'normal' };
  private held: OutgoingDelivery[] = [];
  private entries: DeliveryLogEntry[] = [];
  /** Per receiver URL: deliveries in flight, and those waiting for a slot (FIFO). */
  private readonly lanes = new Map<string, { active: number; waiting: Array<() => void> }>();
  private readonly inFlight = new Set<Promise<void>>();
  private seq = 0;
  private random: () => number = seededRandom(1);
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly onAttempt?: (report: AttemptReport) => void;

  constructor(options: DeliveryQueueOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = options.retries ?? 2;
    this.backoffMs = options.backoffMs ?? 10;
    this.concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new SandboxInputError('concurrency must be an integer >= 1');
    this.now = options.now ?? Date.now;
    this.onAttempt = options.onAttempt;
  }

  get mode(): DeliveryMode {
    return { ...this.currentMode };
  }

  /** Validates and sets the mode (control-API body `{mode, copies?, delayMs?, window?, count?}`); releases held events. */
  setMode(input: unknown): DeliveryMode {
    const next = parseDeliveryMode(input);
    this.release();
    this.currentMode = next;
    if (next.mode === 'unreliable') this.random = seededRandom(next.seed);
    return this.mode;
  }

  /** Queues one event according to the mode. */
  enqueue(delivery: OutgoingDelivery): void {
    const mode = this.currentMode;
    if (mode.mode === 'drop' && mode.count > 0) {
      mode.count -= 1;
      const dropped = this.addEntry(delivery, 1);
      dropped.outcome = 'dropped';
      dropped.finishedAt = this.now();
      return;
    }
    if (mode.mode === 'reorder') {
      this.held.push(delivery);
      if (this.held.length >= mode.window) this.release();
      return;
    }
    if (mode.mode === 'unreliable') {
      const lost = this.random() < mode.lossRate;
      for (let copy = 1; copy <= mode.copies; copy++) {
        const jitterMs = Math.floor(this.random() * mode.windowMs);
        if (!lost) this.dispatch(delivery, copy, jitterMs);
      }
      if (lost) {
        const dropped = this.addEntry(delivery, 1);
        dropped.outcome = 'dropped';
        dropped.finishedAt = this.now();
      }
      return;
    }
    const copies = mode.mode === 'duplicate' ? mode.copies : 1;
    for (let copy = 1; copy <= copies; copy++) this.dispatch(delivery, copy);
  }

  /** Resolves when nothing is pending; events held by `reorder` are released first (in reverse order). */
  async idle(): Promise<void> {
    this.release();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** The delivery log, in enqueue order (copies: later changes are not reflected). */
  log(): DeliveryLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clearLog(): void {
    this.entries = [];
  }

  /** Back to `normal`, held events discarded, log cleared. Deliveries in flight finish. */
  reset(): void {
    this.currentMode = { mode: 'normal' };
    this.held = [];
    this.entries = [];
  }

  private addEntry(delivery: OutgoingDelivery, copy: number): DeliveryLogEntry {
    const entry: DeliveryLogEntry = {
      seq: ++this.seq,
      url: delivery.url,
      label: delivery.label,
      target: delivery.target,
      body: delivery.body,
      copy,
      outcome: 'pending',
      status: null,
      attempts: 0,
      enqueuedAt: this.now(),
    };
    this.entries.push(entry);
    return entry;
  }

  private release(): void {
    const held = this.held.reverse();
    this.held = [];
    for (const delivery of held) this.dispatch(delivery, 1);
  }

  /** `jitterMs` waits before taking a slot of the lane (so jittered copies overtake each other), `delay` after. */
  private dispatch(delivery: OutgoingDelivery, copy: number, jitterMs = 0): void {
    const entry = this.addEntry(delivery, copy);
    const delayMs = this.currentMode.mode === 'delay' ? this.currentMode.delayMs : 0;
    const run = (async () => {
      if (jitterMs > 0) await sleep(jitterMs);
      await this.acquire(delivery.url);
      try {
        if (delayMs > 0) await sleep(delayMs);
        entry.startedAt = this.now();
        await this.deliverWithRetries(delivery, entry);
      } finally {
        this.releaseSlot(delivery.url);
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /** Takes a slot of the URL's lane, waiting (FIFO) while `concurrency` deliveries to it are in flight. */
  private acquire(url: string): Promise<void> {
    let lane = this.lanes.get(url);
    if (!lane) {
      lane = { active: 0, waiting: [] };
      this.lanes.set(url, lane);
    }
    if (lane.active < this.concurrency && lane.waiting.length === 0) {
      lane.active++;
      return Promise.resolve();
    }
    const waiting = lane.waiting;
    return new Promise<void>((resolve) => waiting.push(resolve));
  }

  /** Hands the slot to the next waiting delivery of the URL (the slot stays taken), or frees it. */
  private releaseSlot(url: string): void {
    const lane = this.lanes.get(url);
    if (!lane) return;
    const next = lane.waiting.shift();
    if (next) {
      next();
      return;
    }
    lane.active--;
    if (lane.active === 0) this.lanes.delete(url);
  }

  private async deliverWithRetries(delivery: OutgoingDelivery, entry: DeliveryLogEntry): Promise<void> {
    for (let attempt = 1; attempt <= this.retries + 1; attempt++) {
      if (attempt > 1) await sleep(this.backoffMs * 2 ** (attempt - 2));
      const result = await post(delivery, this.timeoutMs);
      entry.attempts = attempt;
      entry.status = result.status;
      entry.error = result.error;
      const ok = result.status !== null && result.status >= 200 && result.status < 300;
      const final = ok || attempt === this.retries + 1;
      this.onAttempt?.({ delivery, ok, status: result.status, attempt, final });
      if (ok || final) {
        entry.outcome = ok ? 'delivered' : 'failed';
        entry.finishedAt = this.now();
        return;
      }
    }
  }
}

/** Validates a control-API delivery body into a mode, with defaults: copies 2, window 3, delayMs 100, count 1. */
export function parseDeliveryMode(input: unknown): DeliveryMode {
  if (typeof input !== 'object' || input === null) throw new SandboxInputError('delivery must be a JSON object');
  const body = input as Record<string, unknown>;
  const int = (name: string, fallback: number, min: number): number => {
    const value = body[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new SandboxInputError(`${name} must be an integer >= ${min}`);
    }
    return value;
  };
  switch (body.mode) {
    case 'normal':
      return { mode: 'normal' };
    case 'duplicate':
      return { mode: 'duplicate', copies: int('copies', 2, 1) };
    case 'reorder':
      return { mode: 'reorder', window: int('window', 3, 1) };
    case 'delay':
      return { mode: 'delay', delayMs: int('delayMs', 100, 0) };
    case 'drop':
      return { mode: 'drop', count: int('count', 1, 0) };
    case 'unreliable': {
      const lossRate = body.lossRate ?? 0;
      if (typeof lossRate !== 'number' || !(lossRate >= 0 && lossRate <= 1)) throw new SandboxInputError('lossRate must be a number from 0 to 1');
      return { mode: 'unreliable', copies: int('copies', 1, 1), windowMs: int('windowMs', 0, 0), lossRate, seed: int('seed', 1, 0) };
    }
    default:
      throw new SandboxInputError('mode must be one of normal, duplicate, reorder, delay, drop, unreliable');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// A fresh connection per attempt (no agent): nothing stays open after a test, and a timeout is one socket.
function post(delivery: OutgoingDelivery, timeoutMs: number): Promise<{ status: number | null; error?: string }> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(delivery.url);
    } catch {
      resolve({ status: null, error: 'invalid url' });
      return;
    }
    const payload = Buffer.from(typeof delivery.body === 'string' ? delivery.body : JSON.stringify(delivery.body));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', ...(delivery.headers ?? {}), 'content-length': String(payload.length) },
    });
    const timer = setTimeout(() => req.destroy(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? null });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        resolve({ status: null, error: error.message });
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, error: error.message });
    });
    req.end(payload);
  });
}
