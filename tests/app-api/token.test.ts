// The app token verifier (pure): HS256 pinned, signature in constant time, exp/aud/sub checked, no secret in messages.
import { createHmac } from 'node:crypto';
import { AppTokenError, bearerToken, readAppToken, verifyAppToken } from '../../lambdas/app-api/token';
import { APP_TOKEN_AUDIENCE } from '../../shared/app-api';
import { appClaims, signToken } from './tokens';

const SECRET = `${'a'.repeat(24)}-acme-shared-secret-0123456789`;
const OTHER_SECRET = `${'b'.repeat(24)}-globex-shared-secret-98765432`;
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);

/** Verifies like the backend: read, then check with `secret`. Returns the refusal message, or the claims. */
function check(token: string, secret = SECRET, now = NOW) {
  try {
    return { claims: verifyAppToken(readAppToken(token), secret, now) };
  } catch (error) {
    expect(error).toBeInstanceOf(AppTokenError);
    const message = (error as Error).message;
    // Assess: never the token, never the secret, in any refusal.
    if (secret) expect(message).not.toContain(secret);
    expect(message).not.toContain(token);
    return { refused: message };
  }
}

const claims = (extra: Record<string, unknown> = {}) => appClaims('acme', '10011', NOW, extra);

describe('verifyAppToken', () => {
  test('accepts the token the app asks for and returns its claims', () => {
    // Prepare
    const token = signToken(claims(), SECRET);
    // Act
    const result = check(token);
    // Assess
    expect(result).toEqual({ claims: { iss: 'acme', sub: '10011', aud: APP_TOKEN_AUDIENCE, exp: Math.floor(NOW / 1000) + 60 } });
  });

  test('the issuer is read before the secret is known, lower-cased', () => {
    expect(readAppToken(signToken(claims({ iss: 'ACME' }), SECRET)).issuer).toBe('acme');
  });

  test.each<[string, () => string, RegExp]>([
    ['signed with another account’s secret', () => signToken(claims(), OTHER_SECRET), /signature is not valid/],
    ['a tampered payload (sub changed after signing)', () => tamper(signToken(claims(), SECRET), { sub: '10099' }), /signature is not valid/],
    ['a tampered payload (exp pushed back)', () => tamper(signToken(claims(), SECRET), { exp: Math.floor(NOW / 1000) + 300 }), /signature is not valid/],
    ['an empty signature', () => signToken(claims(), SECRET).replace(/\.[^.]+$/, '.'), /signature is not base64url/],
    ['a truncated signature', () => signToken(claims(), SECRET).slice(0, -4), /signature/],
    ['a signature cut to whole bytes', () => signToken(claims(), SECRET).slice(0, -3), /signature is not valid/],
    ['alg none, unsigned', () => unsigned({ alg: 'none', typ: 'JWT' }, claims()), /algorithm must be HS256/],
    ['alg none, signed anyway', () => signToken(claims(), SECRET, { alg: 'none' }), /algorithm must be HS256/],
    ['alg HS512', () => signToken(claims(), SECRET, { alg: 'HS512' }), /algorithm must be HS256/],
    ['alg RS256 (public-key confusion)', () => signToken(claims(), SECRET, { alg: 'RS256' }), /algorithm must be HS256/],
    ['alg hs256 (case)', () => signToken(claims(), SECRET, { alg: 'hs256' }), /algorithm must be HS256/],
    ['no alg', () => signToken(claims(), SECRET, { typ: 'JWT' }), /algorithm must be HS256/],
    ['a crit header', () => signToken(claims(), SECRET, { alg: 'HS256', crit: ['b64'], b64: false }), /critical header/],
    ['missing exp', () => signToken(claims({ exp: undefined }), SECRET), /no expiry/],
    ['exp as a string', () => signToken(claims({ exp: String(Math.floor(NOW / 1000) + 60) }), SECRET), /expiry \(exp\) is not a number/],
    ['expired', () => signToken(claims({ exp: Math.floor(NOW / 1000) - 31 }), SECRET), /has expired/],
    ['valid for over 10 minutes', () => signToken(claims({ exp: Math.floor(NOW / 1000) + 3600 }), SECRET), /more than 10 minutes/],
    ['nbf in the future', () => signToken(claims({ nbf: Math.floor(NOW / 1000) + 120 }), SECRET), /nbf is in the future/],
    ['iat in the future', () => signToken(claims({ iat: Math.floor(NOW / 1000) + 120 }), SECRET), /iat is in the future/],
    ['wrong aud', () => signToken(claims({ aud: 'https://api.example.com' }), SECRET), /not meant for this backend/],
    ['no aud', () => signToken(claims({ aud: undefined }), SECRET), /not meant for this backend/],
    ['no sub', () => signToken(claims({ sub: undefined }), SECRET), /no Zendesk user id/],
    ['sub not a user id', () => signToken(claims({ sub: 'admin' }), SECRET), /no Zendesk user id/],
    ['sub as a number', () => signToken(claims({ sub: 10011 }), SECRET), /no Zendesk user id/],
    ['no iss', () => signToken(claims({ iss: undefined }), SECRET), /names no Zendesk subdomain/],
    ['iss a URL', () => signToken(claims({ iss: 'https://acme.zendesk.com' }), SECRET), /names no Zendesk subdomain/],
    ['two parts', () => signToken(claims(), SECRET).split('.').slice(0, 2).join('.'), /not a JWT/],
    ['four parts', () => `${signToken(claims(), SECRET)}.x`, /not a JWT/],
    ['a padded part', () => signToken(claims(), SECRET).replace('.', '=.'), /header is not base64url/],
    [
      'a header that is not JSON',
      () => `${Buffer.from('{alg:HS256}').toString('base64url')}.${signToken(claims(), SECRET).split('.').slice(1).join('.')}`,
      /header is not JSON/,
    ],
    ['a payload that is a JSON array', () => signToken([] as unknown as Record<string, unknown>, SECRET), /payload is not a JSON object/],
    ['far too long', () => 'a'.repeat(5000), /too long/],
  ])('refuses %s', (_what, make, expected) => {
    expect(check(make()).refused).toMatch(expected);
  });

  test('allows 30 s of clock skew on exp, not more', () => {
    const exp = Math.floor(NOW / 1000) - 29;
    expect(check(signToken(claims({ exp }), SECRET)).claims?.sub).toBe('10011');
    expect(check(signToken(claims({ exp: exp - 2 }), SECRET)).refused).toMatch(/expired/);
  });

  test('accepts aud as an array holding ours, and extra claims are ignored', () => {
    const token = signToken(claims({ aud: ['other', APP_TOKEN_AUDIENCE], role: 'admin', admin: true }), SECRET);
    expect(check(token).claims).toEqual({ iss: 'acme', sub: '10011', aud: APP_TOKEN_AUDIENCE, exp: expect.any(Number) });
  });

  test('an empty secret verifies nothing, not even a token signed with an empty key', () => {
    expect(check(signToken(claims(), ''), '').refused).toMatch(/signature is not valid/);
  });
});

describe('bearerToken', () => {
  test('reads the Bearer scheme only', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer  abc.def.ghi ')).toBe('abc.def.ghi');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

/** Replaces claims in a signed token, keeping its original signature. */
function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...changes };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

function unsigned(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part(header)}.${part(claims)}.`;
}

// Guards the test helper itself: the signature is what a standard HS256 signer produces.
test('signToken signs as HS256 over header.payload', () => {
  const token = signToken({ a: 1 }, 'k');
  const [h, p, s] = token.split('.') as [string, string, string];
  expect(s).toBe(createHmac('sha256', 'k').update(`${h}.${p}`).digest('base64url'));
});
