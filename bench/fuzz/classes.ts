// The classes of bad input, each a fast-check generator of requests and the answers it may get. A class applies to
// route kinds; the route table (routes.ts) says which kind each route is, so a new route is one table entry.
import { createHmac, sign } from 'node:crypto';
import fc from 'fast-check';
import type { FuzzAnswer, FuzzRequest } from './http';
import { ACCOUNT, OTHER_ACCOUNT, aircallEvent, zendeskEvent, zendeskHeaders, zendeskSignature, type FuzzWorld } from './world';

export type RouteKind =
  | 'webhook:zendesk'
  | 'webhook:aircall'
  /** An /api route any live session may call. */
  | 'api:session'
  /** An /api route only an admin session may call. */
  | 'api:admin'
  /** POST /app/{location}: the signedUrls page. A bad token still gets the page, without a session. */
  | 'app:page'
  | 'app:asset'
  | 'oauth:start'
  | 'oauth:callback'
  | 'public';

/** One route of the stack, as the table names it. */
export interface RouteEntry {
  /** As API Gateway writes it: `POST /webhooks/zendesk/{accountId}`. */
  key: string;
  kind: RouteKind;
  /** The methods the route answers (default: the key's). */
  methods?: string[];
}

export interface RouteInstance extends RouteEntry {
  method: string;
  template: string;
}

export interface InputClass {
  name: string;
  kinds: RouteKind[];
  /** The answers this class may get on a route of `kind` (every other answer is a miss). */
  expect(kind: RouteKind): number[];
  gen(world: FuzzWorld, route: RouteInstance): fc.Arbitrary<FuzzRequest>;
  /** A further check of an answer in the expected set (e.g. no session in a page); a message when it fails. */
  check?(answer: FuzzAnswer, world: FuzzWorld, route: RouteInstance, request: FuzzRequest): string | undefined;
  /** Relative share of a route's inputs (default 1). */
  weight?: number;
  /**
   * Whether the server may drop the connection instead of answering (Node answers 431 to headers over 16 KB and
   * closes the socket, which a client still sending them sees as a reset): refused before any handler ran.
   */
  mayReset?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** `encodeURIComponent`, which throws on a lone surrogate: then every UTF-8 byte is percent-encoded (U+FFFD for it). */
function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
  }
}

export function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, signer: (input: string) => Buffer | string): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = signer(input);
  return `${input}.${typeof signature === 'string' ? signature : b64url(signature)}`;
}

const hs256 = (secret: string | Buffer) => (input: string) => createHmac('sha256', secret).update(input).digest();

/** A path with its `{param}` / `{param+}` filled. */
export function fill(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\+?\}/g, (_m, name: string) => params[name] ?? (name === 'accountId' ? ACCOUNT : name === 'location' ? 'top_bar' : 'x'));
}

const webhookPath = (route: RouteInstance, account = ACCOUNT) => fill(route.template, { accountId: account });

/** Strings that are many things a parser may trip on: controls, bidi overrides, lone surrogates, NUL, huge code points. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\u202e',
    '\ud800',
    '\udfff',
    '\u0007\u001b[31m',
    '\r\n\r\n',
    '<script>alert(1)</script>',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as text on purpose
    '${7*7}',
    '../../etc/passwd',
    '%00',
    '\ufeff',
  ),
  fc.array(fc.integer({ min: 0, max: 0x1f }), { minLength: 1, maxLength: 20 }).map((codes) => String.fromCharCode(...codes)),
);

const wrongForString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant(''),
  fc.constant('   '),
  fc.constant(null),
  fc.double(),
);
const wrongForInteger = fc.oneof(
  fc.integer({ max: -1 }),
  fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }),
  fc.constantFrom('abc', '12a', '١٢٣', ' ', '', '-1', '0x10', '1e3', '9'.repeat(30), 1e300, true, false, null),
  fc.constant([]),
  fc.constant({}),
);
const wrongForObject = fc.oneof(fc.string(), fc.integer(), fc.constant([]), fc.boolean());

type Mutation = { path: string; value: unknown | typeof DELETE };
const DELETE = Symbol('delete');

function mutate(base: Record<string, unknown>, { path, value }: Mutation): Record<string, unknown> {
  const copy = structuredClone(base);
  const parts = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) at = at[part] as Record<string, unknown>;
  const last = parts.at(-1) as string;
  if (value === DELETE) delete at[last];
  else at[last] = value;
  return copy;
}

/** The fields of the base events the parsers require, by the type they must have (lambdas/zendesk/webhook.ts, lambdas/aircall/webhook.ts). */
const ZENDESK_FIELDS: Record<string, 'string' | 'integer' | 'object'> = {
  type: 'string',
  id: 'string',
  time: 'string',
  account_id: 'integer',
  detail: 'object',
  'detail.agent_id': 'integer',
  'detail.version': 'integer',
  event: 'object',
  'event.new_unified_state': 'object',
  'event.new_unified_state.id': 'integer',
  'event.new_unified_state.name': 'string',
  'event.previous_unified_state': 'object',
};
/** `token` is left out: without it a delivery is unauthenticated, another class. */
const AIRCALL_FIELDS: Record<string, 'string' | 'integer' | 'object' | 'status'> = {
  resource: 'string',
  timestamp: 'integer',
  data: 'object',
  'data.id': 'integer',
  'data.availability_status': 'status',
};
/** Fields that are checked but may be absent: a wrong type is an error, absence is not. */
const ZENDESK_OPTIONAL = new Set(['event.previous_unified_state']);

const wrongFor = (type: string) =>
  type === 'integer' ? wrongForInteger : type === 'object' ? wrongForObject : type === 'status' ? fc.oneof(wrongForString, statusNot) : wrongForString;
const statusNot = nasty.filter((s) => !['available', 'custom', 'unavailable'].includes(s));

/** A signed Zendesk delivery of `event` to acme. */
function zendeskDelivery(world: FuzzWorld, route: RouteInstance, body: string | Buffer, headers?: Record<string, string>): FuzzRequest {
  return { method: 'POST', path: webhookPath(route), headers: headers ?? zendeskHeaders(world.zendeskSecret, body), body };
}
const aircallDelivery = (route: RouteInstance, body: string | Buffer, account = ACCOUNT): FuzzRequest => ({
  method: 'POST',
  path: webhookPath(route, account),
  headers: { 'content-type': 'application/json' },
  body,
});

/** Deliveries whose event is well-formed but one required field is broken by `wrong(type)` (or removed). */
function brokenEvent(world: FuzzWorld, route: RouteInstance, wrong: (type: string) => fc.Arbitrary<unknown>, allowDelete: boolean): fc.Arbitrary<FuzzRequest> {
  const zendesk = route.kind === 'webhook:zendesk';
  const fields = zendesk ? ZENDESK_FIELDS : AIRCALL_FIELDS;
  return fc
    .constantFrom(...Object.keys(fields))
    .chain((path) => {
      const type = fields[path] as string;
      const canDelete = allowDelete && !(zendesk && ZENDESK_OPTIONAL.has(path));
      const value = canDelete ? fc.oneof(wrong(type), fc.constant(DELETE)) : wrong(type);
      return fc.tuple(fc.constant(path), value, fc.nat());
    })
    .map(([path, value, n]) => {
      const base = zendesk ? zendeskEvent(world.agentId, `fuzz-${n}`) : aircallEvent(world.aircallToken, 900_000 + (n % 1000));
      const body = JSON.stringify(mutate(base, { path, value }));
      return zendesk ? zendeskDelivery(world, route, body) : aircallDelivery(route, body);
    });
}

const WEBHOOKS: RouteKind[] = ['webhook:zendesk', 'webhook:aircall'];
const SESSION_ROUTES: RouteKind[] = ['api:session', 'api:admin'];

/** Headers of absurd size or number, on any route. */
const absurdHeaders = fc.oneof(
  fc.integer({ min: 17, max: 256 }).map((kb) => ({ authorization: `Bearer ${'A'.repeat(kb * 1024)}` })),
  fc.integer({ min: 1, max: 12 }).map((kb) => ({ authorization: `Bearer ${'A'.repeat(kb * 1024)}` })),
  fc.integer({ min: 200, max: 2000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-fuzz-${i}`, 'v'.repeat(50)]))),
  fc.integer({ min: 17, max: 128 }).map((kb) => ({ cookie: 'c='.concat('x'.repeat(kb * 1024)) })),
  fc
    .integer({ min: 1, max: 64 })
    .map((kb) => ({ 'x-zendesk-webhook-signature': 'S'.repeat(kb * 1024), 'x-zendesk-webhook-signature-timestamp': 'T'.repeat(kb * 1024) })),
);

// ---------------------------------------------------------------------------------------------------------------
// Session tokens (every /api route, and the app page's form field)

/** Everything that is not a live session of the right kind: made up, tampered, expired, revoked, foreign, JWTs. */
function forgedBearer(world: FuzzWorld): fc.Arbitrary<string> {
  const s = world.sessions;
  const real = [s.agent, s.admin].filter((t): t is string => t !== undefined);
  const claimsOfAdmin = (now: number) => ({ iss: 'demo', sub: world.adminId, aud: 'agent-status-sync', role: 'admin', iat: now, exp: now + 60 });
  const options: fc.Arbitrary<string>[] = [
    fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 200 }),
    // The shape of our tokens (43 base64url characters), but not one we issued.
    fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 43, maxLength: 43 }),
    fc.constantFrom(...[s.expired, s.revoked, s.disconnected].filter((t): t is string => t !== undefined), 'null', 'undefined', '[object Object]'),
    // HS256 naming an admin, with guessable secrets and with the app's public key (algorithm confusion).
    fc
      .constantFrom('secret', '', 'agent-status-sync', world.appPublicKey ?? 'no-key')
      .map((secret) => jwt({ alg: 'HS256', typ: 'JWT' }, claimsOfAdmin(Math.floor(Date.now() / 1000)), hs256(secret))),
    // alg none, in its spellings.
    fc.constantFrom('none', 'None', 'NONE', 'nOnE').map((alg) => jwt({ alg, typ: 'JWT' }, claimsOfAdmin(Math.floor(Date.now() / 1000)), () => '')),
    // RS256 by a key no one trusts, with a key URL of ours in the header.
    fc
      .constantFrom({}, { jku: 'http://127.0.0.1:1/key.pem' }, { kid: '../../../dev/null' }, { x5u: 'http://evil.example/k' })
      .map((extra) =>
        jwt({ alg: 'RS256', typ: 'JWT', ...extra }, claimsOfAdmin(Math.floor(Date.now() / 1000)), (input) =>
          sign('sha256', Buffer.from(input), world.foreignKey.privateKey),
        ),
      ),
  ];
  if (real.length > 0) {
    // One character changed, cut, extended: never the token issued.
    options.push(
      fc.tuple(fc.constantFrom(...real), fc.nat(), fc.constantFrom(...'ABCabc012-_')).map(([token, i, c]) => {
        const at = i % token.length;
        const swapped = token[at] === c ? (c === 'A' ? 'B' : 'A') : c;
        return `${token.slice(0, at)}${swapped}${token.slice(at + 1)}`;
      }),
      fc.tuple(fc.constantFrom(...real), fc.integer({ min: 1, max: 42 })).map(([token, n]) => token.slice(0, n)),
      fc.tuple(fc.constantFrom(...real), fc.string({ minLength: 1, maxLength: 5 })).map(([token, tail]) => `${token}${tail}`),
      fc.constantFrom(...real).map((token) => token.toUpperCase()),
    );
  }
  if (world.signedUrlToken) {
    // Zendesk's own signedUrls token is no session; tampered (claims changed, signature kept) it is nothing at all.
    const [head, , sig] = world.signedUrlToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(world.signedUrlToken.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (world.wrongClaimTokens?.length) options.push(fc.constantFrom(...world.wrongClaimTokens));
    options.push(
      fc.constant(world.signedUrlToken),
      fc
        .constantFrom<Record<string, unknown>>(
          { sub: world.adminId },
          { aud: 'https://globex.zendesk.com/api/v2/apps/installations/1.json' },
          { iss: 'globex.zendesk.com' },
          { exp: 4_102_444_800 },
          { role: 'admin' },
        )
        .map((change) => `${head}.${b64url(JSON.stringify({ ...claims, ...change }))}.${sig}`),
    );
  }
  return fc.oneof(...options);
}

/** The answers a refused session gets: 401 (or 400 for a header Node refuses, 431 for one too large). */
const REFUSED = [400, 401];

// ---------------------------------------------------------------------------------------------------------------
// The classes

const PAGE_WITHOUT_SESSION = (answer: FuzzAnswer, world: FuzzWorld): string | undefined => {
  if (answer.status !== 200) return undefined;
  for (const token of Object.values(world.sessions)) if (token && answer.body.includes(token)) return 'the page carries an existing session token';
  if (/"session"\s*:/.test(answer.body)) return 'the page carries a session';
  return undefined;
};

/** A 3xx may only send the browser to Zendesk, Aircall or ourselves, never where a parameter says. */
const NO_OPEN_REDIRECT = (answer: FuzzAnswer, world: FuzzWorld): string | undefined => {
  const location = answer.headers.location;
  if (answer.status < 300 || answer.status >= 400 || location === undefined) return undefined;
  const target = new URL(String(location), world.url);
  const allowed = [world.url, world.harness.sandboxes.zendesk.url, world.harness.sandboxes.aircall.url].map((u) => new URL(u).origin);
  if (!allowed.includes(target.origin)) return `redirects to ${target.origin}`;
  const redirectUri = target.searchParams.get('redirect_uri');
  if (redirectUri !== null && !allowed.includes(new URL(redirectUri, world.url).origin)) return `sends redirect_uri ${redirectUri}`;
  return undefined;
};

export const CLASSES: InputClass[] = [
  // ---- webhooks
  {
    name: 'malformed JSON',
    kinds: WEBHOOKS,
    // Zendesk verifies the signature over the raw bytes, then parses: 400. Aircall's token is inside the body: 401.
    expect: (kind) => (kind === 'webhook:zendesk' ? [400] : [401]),
    gen: (world, route) =>
      fc
        .oneof(
          fc.string({ maxLength: 200 }).filter((s) => !isJsonObject(s)),
          fc.constantFrom('{', '{"type":', '{"a":1,}', "{'type':'x'}", '{"type":NaN}', '\ufeff{}x', '{"a":1}{"b":2}', '[1,2', '"\\ud800"', 'null', '{"token":'),
          fc
            .json()
            .map((j) => `${j.slice(0, Math.max(1, Math.floor(j.length / 2)))}`)
            .filter((s) => !isJsonObject(s)),
        )
        .map((body) => (route.kind === 'webhook:zendesk' ? zendeskDelivery(world, route, body) : aircallDelivery(route, body))),
  },
  {
    name: 'wrong types',
    kinds: WEBHOOKS,
    expect: () => [400],
    gen: (world, route) => brokenEvent(world, route, wrongFor, false),
    weight: 2,
  },
  {
    name: 'missing fields',
    kinds: WEBHOOKS,
    expect: () => [400],
    gen: (world, route) => brokenEvent(world, route, () => fc.constant(DELETE), true),
  },
  {
    name: 'huge strings and arrays',
    kinds: WEBHOOKS,
    expect: () => [400, 413],
    gen: (world, route) =>
      brokenEvent(
        world,
        route,
        (type) =>
          type === 'object'
            ? fc.integer({ min: 1_000, max: 60_000 }).map((n) => Array.from({ length: n }, (_, i) => i))
            : type === 'integer'
              ? fc.integer({ min: 1_000, max: 250_000 }).map((n) => '9'.repeat(n))
              : fc.integer({ min: 1_000, max: 60_000 }).map((n) => Array.from({ length: n }, () => 'x')),
        false,
      ),
  },
  {
    name: 'deep nesting',
    kinds: WEBHOOKS,
    expect: () => [400, 413],
    gen: (world, route) =>
      brokenEvent(
        world,
        route,
        () =>
          fc.tuple(fc.integer({ min: 100, max: 50_000 }), fc.boolean()).map(([depth, arrays]) => {
            const text = arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
            return new RawJson(text);
          }),
        false,
      ).map((req) => ({ ...req, ...resign(world, route, rawJsonBody(String(req.body))) })),
  },
  {
    name: 'unicode and control characters',
    kinds: WEBHOOKS,
    expect: () => [400],
    gen: (world, route) =>
      brokenEvent(
        world,
        route,
        (type) =>
          type === 'object'
            ? nasty
            : type === 'integer'
              ? nasty.filter((s) => !/^\s*\d+\s*$/.test(s))
              : type === 'status'
                ? statusNot
                : route.kind === 'webhook:aircall'
                  ? nasty.filter((s) => s !== 'user')
                  : // Any non-blank Zendesk string is a valid id or name: only blank ones (Unicode blanks too) are wrong.
                    fc.constantFrom('', ' ', '\t\r\n', '\u00a0\u2028\ufeff', '\u3000'),
        false,
      ),
  },
  {
    name: 'oversize bodies',
    kinds: WEBHOOKS,
    expect: () => [413],
    gen: (world, route) =>
      fc
        .oneof({ weight: 9, arbitrary: fc.integer({ min: 262_145, max: 2_000_000 }) }, { weight: 1, arbitrary: fc.constant(10 * 1024 * 1024 + 1) })
        .map((size) => {
          const body = Buffer.alloc(size, 0x20);
          body.write('{"a":"', 0);
          return route.kind === 'webhook:zendesk' ? zendeskDelivery(world, route, body) : aircallDelivery(route, body);
        }),
    weight: 0.5,
  },
  {
    name: 'bad signatures and tokens',
    kinds: WEBHOOKS,
    expect: () => [401],
    gen: (world, route) => {
      if (route.kind === 'webhook:zendesk') {
        const body = JSON.stringify(zendeskEvent(world.agentId, 'fuzz-sig'));
        const good = zendeskHeaders(world.zendeskSecret, body);
        const sig = good['x-zendesk-webhook-signature'] as string;
        return (
          fc
            .oneof(
              fc.base64String({ minLength: 4, maxLength: 88 }).map((s) => ({ ...good, 'x-zendesk-webhook-signature': s })),
              fc.constant({
                ...good,
                'x-zendesk-webhook-signature': zendeskSignature(world.zendeskSecret, good['x-zendesk-webhook-signature-timestamp'] as string, `${body} `),
              }),
              fc.nat().map((i) => ({
                ...good,
                'x-zendesk-webhook-signature': `${sig.slice(0, i % sig.length)}${sig[i % sig.length] === 'A' ? 'B' : 'A'}${sig.slice((i % sig.length) + 1)}`,
              })),
              fc
                .constantFrom('x-zendesk-webhook-signature', 'x-zendesk-webhook-signature-timestamp')
                .map((drop) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== drop))),
              nasty.map((s) => ({ ...good, 'x-zendesk-webhook-signature': enc(s) || '%' })),
              fc.constant({ ...good, 'x-zendesk-webhook-signature': sig.toLowerCase() }),
            )
            // The signature is new each run (it covers the time): a variant that happens to equal it (a lower-cased one
            // with no capitals) is no bad input.
            .filter(
              (h: Record<string, string | undefined>) => h['x-zendesk-webhook-signature'] !== sig || h['x-zendesk-webhook-signature-timestamp'] === undefined,
            )
            .map((headers) => zendeskDelivery(world, route, body, headers))
        );
      }
      return fc
        .oneof(
          nasty,
          fc.constantFrom(
            world.aircallToken.toUpperCase(),
            `${world.aircallToken} `,
            world.aircallToken.slice(1),
            0,
            true,
            [],
            {},
            null,
            [world.aircallToken],
            { token: world.aircallToken },
          ),
        )
        .filter((token) => token !== world.aircallToken)
        .map((token) => aircallDelivery(route, JSON.stringify({ ...aircallEvent(world.aircallToken, 900_001), token })));
    },
    weight: 1.5,
  },
  {
    name: 'stale, future and malformed timestamps',
    kinds: WEBHOOKS,
    // Zendesk: a signature more than 5 minutes off either way is refused (401). Aircall signs no time; an envelope
    // stamped too far after receipt is refused (400) so it cannot outrank real changes.
    expect: (kind) => (kind === 'webhook:zendesk' ? [401] : [400]),
    gen: (world, route) => {
      if (route.kind === 'webhook:zendesk') {
        const body = JSON.stringify(zendeskEvent(world.agentId, 'fuzz-time'));
        return fc
          .oneof(
            fc
              .integer({ min: 301, max: 10 * 365 * 86_400 })
              .chain((s) => fc.constantFrom(-s, s))
              .map((s) => new Date(Date.now() + s * 1000).toISOString()),
            fc.constantFrom(
              'yesterday',
              '0',
              '1732623001',
              '2026-13-45T99:99:99Z',
              '',
              ' ',
              '2026-12-03T10:00:00',
              'Thu, 03 Dec 2026 09:00:00 GMT',
              '+275760-09-13T00:00:00.000Z',
            ),
          )
          .map((timestamp) =>
            zendeskDelivery(world, route, body, {
              'content-type': 'application/json',
              'x-zendesk-webhook-signature': zendeskSignature(world.zendeskSecret, timestamp, body),
              'x-zendesk-webhook-signature-timestamp': timestamp,
            }),
          );
      }
      return fc
        .integer({ min: 3_600, max: 10 * 365 * 86_400 })
        .map((ahead) => aircallDelivery(route, JSON.stringify(aircallEvent(world.aircallToken, 900_002, Date.now() + ahead * 1000))));
    },
  },
  {
    name: 'replays',
    kinds: WEBHOOKS,
    // A delivery already applied, byte for byte: a duplicate (200, nothing new) while its signature is fresh; then stale (401).
    expect: (kind) => (kind === 'webhook:zendesk' ? [200, 401] : [200]),
    gen: (world, route) => fc.constantFrom(...(route.kind === 'webhook:zendesk' ? world.replays.zendesk : world.replays.aircall)),
    check: (answer) => (answer.status === 200 && !/"status":"duplicate"/.test(answer.body) ? `a replay was answered ${answer.body}` : undefined),
    weight: 0.5,
  },
  {
    name: 'cross-tenant tokens and signatures',
    kinds: WEBHOOKS,
    expect: () => [401],
    gen: (world, route) =>
      fc.tuple(fc.boolean(), fc.nat()).map(([toOther, n]) => {
        // acme's credentials on globex's URL, or globex's on acme's.
        const account = toOther ? OTHER_ACCOUNT : ACCOUNT;
        if (route.kind === 'webhook:zendesk') {
          const body = JSON.stringify(zendeskEvent(world.agentId, `fuzz-cross-${n}`));
          return {
            method: 'POST',
            path: webhookPath(route, account),
            headers: zendeskHeaders(toOther ? world.zendeskSecret : world.otherZendeskSecret, body),
            body,
          };
        }
        return aircallDelivery(route, JSON.stringify(aircallEvent(toOther ? world.aircallToken : world.otherAircallToken, 900_003)), account);
      }),
  },
  {
    name: 'unknown and malformed account ids',
    kinds: WEBHOOKS,
    // Unknown or malformed: the same 401 as a bad signature (ids cannot be probed); a broken %-escape: 400.
    expect: () => [400, 401, 404],
    gen: (world, route) =>
      fc
        .oneof(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).map((s) => enc(s)),
          fc.constantFrom(
            'ACME',
            'acme%00',
            '%',
            '%zz',
            '..',
            '.',
            '%2e%2e',
            'acme%2f..',
            'acme%23x',
            '%C0%AE',
            'a'.repeat(3000),
            'acme%23',
            'acme%3Fx=1',
            '%ED%A0%80',
          ),
          fc
            .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 1, maxLength: 64 })
            .filter((s) => s !== ACCOUNT && s !== OTHER_ACCOUNT),
        )
        .map((id) => {
          const req =
            route.kind === 'webhook:zendesk'
              ? zendeskDelivery(world, route, JSON.stringify(zendeskEvent(world.agentId, 'fuzz-id')))
              : aircallDelivery(route, JSON.stringify(aircallEvent(world.aircallToken, 900_004)));
          return { ...req, path: route.template.replace('{accountId}', id) };
        }),
  },

  // ---- /api routes
  {
    name: 'forged, tampered, expired and foreign sessions',
    kinds: SESSION_ROUTES,
    expect: () => REFUSED,
    gen: (world, route) =>
      fc.tuple(forgedBearer(world), fc.constantFrom('Bearer ', 'bearer ', 'Bearer  ', 'BEARER ')).map(([token, scheme]) => ({
        method: route.method,
        path: fill(route.template),
        headers: { authorization: `${scheme}${token}`, 'content-type': 'application/json' },
        body: route.method === 'GET' ? undefined : '{}',
      })),
    weight: 3,
  },
  {
    name: 'no or malformed Authorization',
    kinds: SESSION_ROUTES,
    expect: () => [400, 401],
    gen: (world, route) =>
      fc
        .oneof(
          fc.constant<Record<string, string | string[]>>({}),
          fc.string({ unit: 'binary-ascii', maxLength: 100 }).map((v) => ({ authorization: v.replace(/[\r\n]/g, ' ') })),
          fc.constantFrom<Record<string, string | string[]>>(
            { authorization: 'Bearer' },
            { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
            { authorization: `Bearer ${world.sessions.agent ?? 'x'} extra` },
            { authorization: [`Bearer ${world.sessions.expired ?? 'x'}`, `Bearer ${world.sessions.admin ?? 'y'}`] },
            { cookie: `session=${world.sessions.admin ?? 'x'}` },
            { 'x-session': world.sessions.admin ?? 'x' },
          ),
        )
        .map((headers) => ({ method: route.method, path: fill(route.template), headers })),
  },
  {
    name: 'agent session on admin routes',
    kinds: ['api:admin'],
    expect: () => [401, 403],
    gen: (world, route) =>
      fc.constant({
        method: route.method,
        path: fill(route.template),
        headers: { authorization: `Bearer ${world.sessions.agent ?? 'no-agent-session-yet'}`, 'content-type': 'application/json' },
        body: route.method === 'GET' ? undefined : '{"side":"zendesk"}',
      }),
    weight: 0.5,
  },
  {
    name: 'other methods',
    kinds: [...SESSION_ROUTES, ...WEBHOOKS, 'app:page', 'app:asset', 'oauth:start', 'oauth:callback', 'public'],
    // With a live session of the right kind: the method alone is refused. AWS answers 404 for an unrouted method;
    // Node refuses a method it does not know (FUZZ) with 400 before any handler.
    expect: () => [400, 404, 405],
    gen: (world, route) =>
      fc
        .constantFrom(
          ...['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'FUZZ'].filter(
            (m) => !(route.methods ?? [route.method]).includes(m) && !(m === 'HEAD' && (route.methods ?? [route.method]).includes('GET')),
          ),
        )
        .map((method) => ({
          method,
          path: fill(route.template),
          headers: { authorization: `Bearer ${route.kind === 'api:admin' ? (world.sessions.admin ?? 'x') : (world.sessions.agent ?? 'x')}` },
        })),
    weight: 0.5,
  },
  {
    name: 'absurd headers',
    kinds: [...SESSION_ROUTES, ...WEBHOOKS, 'app:page', 'oauth:start', 'oauth:callback', 'public'],
    // Past 16 KB of headers Node answers 431 (API Gateway refuses past 10 KB); under it, the route's own refusal.
    expect: (kind) => [
      431,
      400,
      ...(kind === 'public' || kind === 'app:page' ? [200] : []),
      ...(kind.startsWith('oauth') ? [302, 400] : []),
      ...(kind.startsWith('webhook') ? [401] : REFUSED),
    ],
    gen: (_world, route) => absurdHeaders.map((headers) => ({ method: route.method, path: fill(route.template), headers })),
    check: PAGE_WITHOUT_SESSION,
    weight: 0.5,
    mayReset: true,
  },

  // ---- the app page (signedUrls POST)
  {
    name: 'forged signedUrls tokens',
    kinds: ['app:page'],
    // Zendesk's token could not be verified: the page, with no session (shared/app-boot.ts), or a refusal.
    expect: () => [200, 400, 401],
    gen: (world, route) =>
      fc
        .tuple(
          fc.oneof(forgedBearer(world), nasty),
          fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'application/json', 'multipart/form-data; boundary=x'),
        )
        .filter(([token]) => token !== world.signedUrlToken)
        .map(([token, type]) => ({
          method: 'POST',
          path: fill(route.template),
          headers: { 'content-type': type },
          body: type === 'application/json' ? JSON.stringify({ token }) : `token=${enc(token)}`,
        })),
    check: PAGE_WITHOUT_SESSION,
    weight: 2,
  },
  {
    name: 'malformed forms and locations',
    kinds: ['app:page'],
    expect: () => [200, 400, 401, 404, 413],
    gen: (world, route) =>
      fc
        .tuple(
          fc.oneof(
            fc.constant('top_bar'),
            nasty.map((s) => enc(s) || 'x'),
            fc.constantFrom('TOP_BAR', '..', '%2e%2e', 'a'.repeat(500), '__proto__', 'constructor'),
          ),
          fc.oneof(
            fc.string({ maxLength: 300 }),
            fc.constantFrom(
              'token=',
              'token',
              '&&&',
              'token=a&token=b',
              `token=${'x'.repeat(300_000)}`,
              '%',
              'token=%zz',
              `token=forged&token=${world.signedUrlToken ?? 'x'}`,
            ),
          ),
        )
        // A genuine token alongside is still Zendesk's word: only forms whose every token is bad are bad input.
        .filter(([, body]) => !body.includes(world.signedUrlToken ?? '\u0000never') || body.startsWith('token=forged&'))
        .map(([location, body]) => ({
          method: 'POST',
          path: route.template.replace('{location}', location),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        })),
    check: PAGE_WITHOUT_SESSION,
  },

  // ---- app assets
  {
    name: 'path traversal',
    kinds: ['app:asset'],
    expect: () => [400, 403, 404],
    gen: (_world, route) =>
      fc
        .oneof(
          fc.constantFrom(
            '../../package.json',
            '..%2f..%2fpackage.json',
            '%2e%2e/%2e%2e/package.json',
            '....//....//package.json',
            '/etc/passwd',
            '..\\..\\package.json',
            'x/../../../lambdas/config.ts',
            '%00',
            'index.html%00.png',
            '.env',
            '.data/secrets/key',
            'C:\\Windows\\win.ini',
          ),
          nasty.map((s) => enc(s) || 'x'),
        )
        .map((file) => ({ method: 'GET', path: route.template.replace('{file+}', file) })),
    check: (answer) => (/"name":\s*"agent-status-sync"|root:x:0|SECRETS_KEY/.test(answer.body) ? 'served a file from outside the assets' : undefined),
  },

  // ---- OAuth
  {
    name: 'open-redirect parameters',
    kinds: ['oauth:start'],
    // A start may redirect (302) only to Zendesk's or Aircall's authorize page with our own redirect_uri; a bad subdomain is 400.
    expect: () => [302, 400],
    gen: (_world, route) =>
      fc
        .tuple(
          fc.oneof(
            fc.constant('demo'),
            fc.constantFrom('evil.example', 'demo.evil.example', 'demo@evil.example', 'evil.example#', 'demo/../evil', '//evil.example', 'DEMO', ''),
            nasty,
          ),
          fc.constantFrom('redirect_uri', 'return_to', 'next', 'url', 'redirect', 'callback', 'state', 'client_id', 'scope', 'purpose'),
          fc.constantFrom('https://evil.example/', '//evil.example', 'javascript:alert(1)', '/\\evil.example', 'http://127.0.0.1:1/'),
          fc.constantFrom<Record<string, string>>({}, { 'x-forwarded-host': 'evil.example' }, { host: 'evil.example' }, { 'x-forwarded-proto': 'javascript' }),
        )
        .map(([subdomain, param, value, headers]) => ({
          method: 'GET',
          path: `${fill(route.template)}?subdomain=${enc(subdomain)}&${param}=${enc(value)}`,
          headers,
        })),
    check: NO_OPEN_REDIRECT,
    weight: 2,
  },
  {
    name: 'bad, reused and expired state; replayed codes',
    kinds: ['oauth:callback'],
    expect: () => [400, 401, 403, 404, 410],
    gen: (world, route) => {
      const random = fc
        .tuple(
          fc.oneof(
            fc.string({ maxLength: 100 }),
            fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 43, maxLength: 43 }),
            fc.constantFrom(...(world.oauth?.states ?? ['x'])),
          ),
          fc.oneof(fc.string({ maxLength: 100 }), fc.constantFrom(...(world.oauth?.codes ?? ['y']))),
          fc.constantFrom<Record<string, string>>({}, { cookie: 'agent_status_sync_oauth=forged' }, { cookie: world.oauth?.otherBrowserCookie ?? 'x=y' }),
          fc.constantFrom('', '&error=access_denied', '&error=%3Cscript%3Ealert(1)%3C%2Fscript%3E', '&redirect_uri=https%3A%2F%2Fevil.example'),
        )
        .map(
          ([state, code, headers, extra]): FuzzRequest => ({
            method: 'GET',
            path: `${fill(route.template)}?code=${enc(code)}&state=${enc(state)}${extra}`,
            headers,
          }),
        );
      // The setup's real flows (reused, another browser's, expired) go to the Zendesk callback they belong to.
      const real = route.template === '/oauth/zendesk/callback' ? (world.oauth?.cases ?? []) : [];
      return real.length > 0 ? fc.oneof({ weight: 3, arbitrary: random }, { weight: 2, arbitrary: fc.constantFrom(...real) }) : random;
    },
    check: (answer, world) => NO_OPEN_REDIRECT(answer, world) ?? (answer.body.includes('<script>alert(1)') ? 'reflects markup unescaped' : undefined),
    weight: 2,
  },

  // ---- public
  {
    name: 'junk query and path',
    kinds: ['public'],
    expect: () => [200, 400, 404],
    gen: (_world, route) => nasty.map((s) => ({ method: route.method, path: `${fill(route.template)}?${enc(s)}=${enc(s)}` })),
  },
];

/** Extra world knowledge for the OAuth classes (filled by the world when the OAuth routes are served). */
declare module './world' {
  interface FuzzWorld {
    oauth?: { states: string[]; codes: string[]; otherBrowserCookie?: string; cases: FuzzRequest[] };
  }
}

function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** A JSON text spliced in as is (deep nesting would overflow JSON.stringify's own recursion). */
class RawJson {
  /** Printable, so JSON.stringify leaves it as is; no generated value contains it. */
  static readonly marker = '@@FUZZ-RAW-JSON@@';
  private static readonly texts: string[] = [];
  readonly index: number;
  constructor(text: string) {
    this.index = RawJson.texts.push(text) - 1;
  }
  toJSON(): string {
    return `${RawJson.marker}${this.index}${RawJson.marker}`;
  }
  static splice(body: string): string {
    return body.replace(new RegExp(`"${RawJson.marker}(\\d+)${RawJson.marker}"`, 'g'), (_m, i: string) => RawJson.texts[Number(i)] ?? 'null');
  }
}

const rawJsonBody = (body: string) => RawJson.splice(body);

/** Re-signs a webhook body after splicing (Zendesk's signature covers the raw bytes). */
function resign(world: FuzzWorld, route: RouteInstance, body: string): Pick<FuzzRequest, 'body' | 'headers'> {
  return route.kind === 'webhook:zendesk'
    ? { body, headers: zendeskHeaders(world.zendeskSecret, body) }
    : { body, headers: { 'content-type': 'application/json' } };
}
