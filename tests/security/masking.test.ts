// Secret masking happens before truncation (issue 13): a secret that straddles the cut of an error excerpt is masked
// whole, not left half-visible. Against a real HTTP server that echoes the credential in its refusal.
import { ApiError, ClientError } from '../../lambdas/http/errors';
import { retryAfterMs, sendJson, type HttpConfig } from '../../lambdas/http/request';
import { MASK, maskedExcerpt, maskSecrets } from '../../lambdas/security/mask';
import { reply, startScriptServer, type ScriptServer } from '../clients/script-server';

const SECRET = 'sk-live-TOPSECRET-0123456789';
/** The first and last halves of the secret: neither may appear in any message. */
const HALVES = [SECRET.slice(0, SECRET.length / 2), SECRET.slice(SECRET.length / 2)];

let server: ScriptServer;
beforeEach(async () => {
  server = await startScriptServer();
});
afterEach(async () => {
  await server.close();
});

const config: HttpConfig = {
  system: 'zendesk',
  rateLimitDelayMs: ({ headers }) => retryAfterMs(headers, Date.now()) ?? 1000,
  sleep: async () => {},
  secrets: [SECRET],
};

async function refusal(body: string): Promise<ApiError> {
  server.script(reply(422, body));
  try {
    await sendJson(config, { method: 'PUT', url: `${server.url}/api/v2/things/1`, headers: { Authorization: `Bearer ${SECRET}` }, body: {} });
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('masking before truncation', () => {
  // The client cuts a refusal's text at 200 characters: place the secret across that cut, at every offset.
  it.each([180, 186, 190, 195, 199, 200])('a secret starting at character %i of a long refusal is masked whole', async (at) => {
    const body = `${'e'.repeat(at)}${SECRET}${' trailing words'.repeat(20)}`;
    const error = await refusal(body);
    expect(error).toBeInstanceOf(ClientError);
    for (const half of HALVES) expect(error.message).not.toContain(half);
    for (const part of [SECRET.slice(0, 6), SECRET.slice(-6)]) expect((error as ClientError).detail ?? '').not.toContain(part);
    // What is visible of the mask is the mask's own text (cut or whole), never the secret's.
    const shown = ((error as ClientError).detail ?? '').replace(/…$/, '');
    expect(shown.slice(0, at)).toBe('e'.repeat(Math.min(at, shown.length)));
    expect(`${MASK}${' trailing words'.repeat(20)}`.startsWith(shown.slice(at))).toBe(true);
  });

  it('a secret inside whitespace that the excerpt flattens is still masked', async () => {
    const error = await refusal(`{"error":"bad",\n\n   "echo":"${SECRET}"}`);
    expect(error.message).toContain(MASK);
    expect(error.message).not.toContain(HALVES[0] as string);
  });

  it('maskedExcerpt masks a longer secret before a shorter one it contains, then cuts', () => {
    const long = `${SECRET}-extended`;
    const text = `${'x'.repeat(190)}${long}`;
    const out = maskedExcerpt(text, [SECRET, long], 200);
    expect(out).toBe(`${'x'.repeat(190)}${MASK}`);
    expect(maskSecrets('abc abc', ['abc'])).toBe('abc abc'); // too short to be a credential: left alone
  });
});
