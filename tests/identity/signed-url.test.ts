// signedUrls token checks (pure): RS256 pinned, issuer, times, and the UNCONFIRMED aud/sub forms read in one place.
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { checkSignedUrlClaims, readAudienceAndSubject, readSignedUrlToken, signatureVerifies } from '../../lambdas/identity/signed-url';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const NOW = Date.UTC(2026, 11, 3, 9, 0, 0);
const SEC = Math.floor(NOW / 1000);
const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

const claims = (extra: Record<string, unknown> = {}) => ({
  iss: 'acme.zendesk.com',
  aud: 'https://acme.zendesk.com/api/v2/apps/installations/360001.json',
  sub: '10011',
  iat: SEC,
  nbf: SEC,
  exp: SEC + 300,
  context: { product: 'support', location: 'top_bar' },
  ...extra,
});
function rs256(body: Record<string, unknown>, key = privateKey, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
  const head = `${part(header)}.${part(body)}`;
  return `${head}.${sign('sha256', Buffer.from(head), key).toString('base64url')}`;
}

describe('readSignedUrlToken and signatureVerifies', () => {
  test('a token Zendesk would send verifies with the app key and names its subdomain', () => {
    const token = readSignedUrlToken(rs256(claims()));
    expect(token.subdomain).toBe('acme');
    expect(signatureVerifies(token, PEM)).toBe(true);
    expect(checkSignedUrlClaims(token, NOW)).toEqual({ subdomain: 'acme', userId: '10011', installationId: '360001', location: 'top_bar' });
  });

  test.each<[string, () => string, RegExp]>([
    ['alg none', () => `${part({ alg: 'none' })}.${part(claims())}.`, /algorithm must be RS256/],
    [
      'HS256 (an HMAC over the public key, the classic confusion)',
      () => {
        const head = `${part({ alg: 'HS256' })}.${part(claims())}`;
        return `${head}.${createHmac('sha256', PEM).update(head).digest('base64url')}`;
      },
      /algorithm must be RS256/,
    ],
    ['RS512', () => rs256(claims(), privateKey, { alg: 'RS512' }), /algorithm must be RS256/],
    ['crit', () => rs256(claims(), privateKey, { alg: 'RS256', crit: ['x'] }), /critical/],
    ['two parts', () => 'a.b', /three/],
    ['padding in a part', () => `${rs256(claims())}=`, /base64url/],
    ['a payload that is an array', () => `${part({ alg: 'RS256' })}.${part([1])}.AA`, /JSON object/],
    ['an issuer not on zendesk.com', () => rs256(claims({ iss: 'acme.evil.com' })), /iss/],
    ['an issuer as a URL', () => rs256(claims({ iss: 'https://acme.zendesk.com' })), /iss/],
    ['a huge token', () => 'a'.repeat(9000), /too long/],
  ])('refuses %s before any key is used', (_what, make, message) => {
    expect(() => readSignedUrlToken(make())).toThrow(message);
  });

  test('RS256 by another key, an EC key, a tampered payload or a garbage key verify nothing', () => {
    const token = readSignedUrlToken(rs256(claims(), other.privateKey));
    expect(signatureVerifies(token, PEM)).toBe(false);
    expect(signatureVerifies(readSignedUrlToken(rs256(claims())), ec.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBe(false);
    const [h, , s] = rs256(claims()).split('.');
    expect(signatureVerifies(readSignedUrlToken(`${h}.${part(claims({ sub: '1' }))}.${s}`), PEM)).toBe(false);
    expect(signatureVerifies(readSignedUrlToken(rs256(claims())), 'not a pem')).toBe(false);
  });
});

describe('checkSignedUrlClaims', () => {
  const check = (extra: Record<string, unknown>) => checkSignedUrlClaims(readSignedUrlToken(rs256(claims(extra))), NOW);
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['expired', { exp: SEC - 61 }, /expired/],
    ['no exp', { exp: undefined }, /no expiry/],
    ['exp a string', { exp: String(SEC + 300) }, /no expiry/],
    ['valid for a day', { exp: SEC + 86_400 }, /too long/],
    ['nbf in the future', { nbf: SEC + 120 }, /nbf/],
    ['iat in the future', { iat: SEC + 120 }, /iat/],
    ['aud of another subdomain', { aud: 'https://globex.zendesk.com/api/v2/apps/installations/360001.json' }, /aud/],
    ['aud of another backend', { aud: 'agent-status-sync' }, /aud/],
    ['aud missing', { aud: undefined }, /aud/],
    ['aud with two values', { aud: ['360001', '360002'] }, /aud/],
    ['sub missing', { sub: undefined }, /sub/],
    ['sub an email', { sub: 'admin@acme.com' }, /sub/],
    ['sub a user URL on another subdomain', { sub: 'https://globex.zendesk.com/api/v2/users/10011.json' }, /sub/],
    ['sub a URL of another collection', { sub: 'https://acme.zendesk.com/api/v2/groups/10011.json' }, /sub/],
  ])('refuses %s', (_what, extra, message) => {
    expect(() => check(extra)).toThrow(message);
  });

  test('a minute of clock skew is tolerated', () => {
    expect(check({ exp: SEC - 30, nbf: SEC + 30 }).userId).toBe('10011');
  });
});

describe('readAudienceAndSubject (the one UNCONFIRMED reading)', () => {
  test.each<[unknown, unknown, { installationId: string; userId: string }]>([
    ['https://acme.zendesk.com/api/v2/apps/installations/360001.json', '10011', { installationId: '360001', userId: '10011' }],
    ['https://acme.zendesk.com/api/v2/apps/installations/360001', 10011, { installationId: '360001', userId: '10011' }],
    ['360001', 'https://acme.zendesk.com/api/v2/users/16765840571007.json', { installationId: '360001', userId: '16765840571007' }],
    [['360001'], 'https://acme.zendesk.com/api/v2/users/10011', { installationId: '360001', userId: '10011' }],
  ])('accepts aud %j with sub %j', (aud, sub, expected) => {
    expect(readAudienceAndSubject(aud, sub, 'acme')).toEqual(expected);
  });

  test.each<[unknown, unknown]>([
    ['http://acme.zendesk.com/api/v2/apps/installations/360001.json', '1'],
    ['https://acme.zendesk.com/api/v2/apps/installations/0.json', '1'],
    ['https://acme.zendesk.com/api/v2/apps/installations/1/../2.json', '1'],
    ['360001', '0'],
    ['360001', 1.5],
    ['360001', '12345678901234567890123'],
    [{ id: 360001 }, '1'],
  ])('refuses aud %j with sub %j', (aud, sub) => {
    expect(() => readAudienceAndSubject(aud, sub, 'acme')).toThrow();
  });
});
