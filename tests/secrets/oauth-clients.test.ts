// The OAuth clients read from Secrets Manager at cold start (lambdas/secrets/oauth-clients.ts), through an HTTP peer
// that answers as the AWS Parameters and Secrets Lambda Extension does: GET /secretsmanager/get?secretId=ARN with the
// session token in X-Aws-Parameters-Secrets-Token, answering Secrets Manager's GetSecretValue JSON.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extensionSecretReader, loadOAuthClients, OAuthClientSecretError, withOAuthClients } from '../../lambdas/secrets/oauth-clients';

const ZENDESK_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:ZendeskOAuthClient-AbCdEf';
const AIRCALL_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:AircallOAuthClient-GhIjKl';
const SESSION_TOKEN = 'session-token-of-this-container';
const ECHO_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:EchoesTheRequest-MnOpQr';

let server: Server;
let port: number;
const secrets = new Map<string, string>();
const reads: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.headers['x-aws-parameters-secrets-token'] !== SESSION_TOKEN) {
      res.writeHead(401).end('Unauthorized');
      return;
    }
    const id = url.searchParams.get('secretId') ?? '';
    reads.push(id);
    if (id === ECHO_ARN) {
      // A refusal that quotes the request, session token included.
      res.writeHead(403).end(`AccessDeniedException for token ${req.headers['x-aws-parameters-secrets-token']}`);
      return;
    }
    const value = secrets.get(id);
    if (url.pathname !== '/secretsmanager/get' || value === undefined) {
      res.writeHead(400).end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ ARN: id, Name: id.split(':').pop(), SecretString: value, VersionId: 'v1' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  secrets.clear();
  reads.length = 0;
});

const envWith = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  AWS_SESSION_TOKEN: SESSION_TOKEN,
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port),
  ZENDESK_OAUTH_CLIENT_SECRET_ARN: ZENDESK_ARN,
  AIRCALL_OAUTH_CLIENT_SECRET_ARN: AIRCALL_ARN,
  ...extra,
});

describe('extensionSecretReader', () => {
  it('never puts the session token into its error, even when the refusal quotes the request', async () => {
    const error = await extensionSecretReader(envWith())(ECHO_ARN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthClientSecretError);
    expect((error as Error).message).toContain('HTTP 403 AccessDeniedException for token [redacted]');
    expect((error as Error).message).not.toContain(SESSION_TOKEN);
  });
});

describe('loadOAuthClients', () => {
  it('puts each client id and secret where lambdas/config.ts reads them', async () => {
    secrets.set(ZENDESK_ARN, JSON.stringify({ client_id: 'zdg-agent-status-sync', client_secret: 'zendesk-client-secret' }));
    secrets.set(AIRCALL_ARN, JSON.stringify({ client_id: 'aircall-app-id', client_secret: 'aircall-client-secret' }));
    const env = envWith();
    await loadOAuthClients(env, extensionSecretReader(env));
    expect(env).toMatchObject({
      ZENDESK_OAUTH_CLIENT_ID: 'zdg-agent-status-sync',
      ZENDESK_OAUTH_CLIENT_SECRET: 'zendesk-client-secret',
      AIRCALL_OAUTH_CLIENT_ID: 'aircall-app-id',
      AIRCALL_OAUTH_CLIENT_SECRET: 'aircall-client-secret',
    });
    expect(reads.sort()).toEqual([AIRCALL_ARN, ZENDESK_ARN].sort());
  });

  it('sets nothing for a secret the operator has not filled in yet (as the stack creates it)', async () => {
    secrets.set(ZENDESK_ARN, JSON.stringify({ client_id: '', client_secret: '' }));
    const env = envWith({ AIRCALL_OAUTH_CLIENT_SECRET_ARN: undefined });
    await loadOAuthClients(env, extensionSecretReader(env));
    expect(env.ZENDESK_OAUTH_CLIENT_ID).toBeUndefined();
    expect(env.ZENDESK_OAUTH_CLIENT_SECRET).toBeUndefined();
  });

  it('reads nothing when a function is given no ARN, or when the variables are already set', async () => {
    const env = envWith({ ZENDESK_OAUTH_CLIENT_ID: 'set-by-hand', ZENDESK_OAUTH_CLIENT_SECRET: 'by-hand', AIRCALL_OAUTH_CLIENT_SECRET_ARN: undefined });
    await loadOAuthClients(env, extensionSecretReader(env));
    expect(reads).toEqual([]);
    expect(env.ZENDESK_OAUTH_CLIENT_SECRET).toBe('by-hand');
  });

  it('refuses a secret that is not the JSON pair, without repeating it', async () => {
    secrets.set(ZENDESK_ARN, 'plain-secret-text');
    const env = envWith({ AIRCALL_OAUTH_CLIENT_SECRET_ARN: undefined });
    const error = await loadOAuthClients(env, extensionSecretReader(env)).catch((e: Error) => e);
    expect(error).toBeInstanceOf(OAuthClientSecretError);
    expect((error as Error).message).toContain('ZENDESK_OAUTH_CLIENT_SECRET_ARN: the secret is not JSON');
    expect((error as Error).message).not.toContain('plain-secret-text');
    secrets.set(ZENDESK_ARN, JSON.stringify({ client_id: 'id-only' }));
    await expect(loadOAuthClients(env, extensionSecretReader(env))).rejects.toThrow('must hold the strings client_id and client_secret');
    expect(env.ZENDESK_OAUTH_CLIENT_ID).toBeUndefined();
  });

  it("says what the extension answered when the role may not read the secret or the token is not the container's", async () => {
    const env = envWith({ AIRCALL_OAUTH_CLIENT_SECRET_ARN: undefined });
    await expect(loadOAuthClients(env, extensionSecretReader(env))).rejects.toThrow(/HTTP 400 .*ResourceNotFoundException/);
    const stranger = envWith({ AWS_SESSION_TOKEN: 'another', AIRCALL_OAUTH_CLIENT_SECRET_ARN: undefined });
    await expect(loadOAuthClients(stranger, extensionSecretReader(stranger))).rejects.toThrow('HTTP 401');
  });
});

describe('withOAuthClients', () => {
  const keys = ['ZENDESK_OAUTH_CLIENT_SECRET_ARN', 'ZENDESK_OAUTH_CLIENT_ID', 'ZENDESK_OAUTH_CLIENT_SECRET'] as const;
  const saved = keys.map((k) => process.env[k]);
  afterEach(() => {
    keys.forEach((k, i) => {
      if (saved[i] === undefined) delete process.env[k];
      else process.env[k] = saved[i];
    });
  });

  it('loads once per container before the first invocation, and tries again after a failed read', async () => {
    for (const k of keys) delete process.env[k];
    process.env.ZENDESK_OAUTH_CLIENT_SECRET_ARN = ZENDESK_ARN;
    const seen: Array<string | undefined> = [];
    const handler = withOAuthClients(
      async (event: number) => {
        seen.push(process.env.ZENDESK_OAUTH_CLIENT_ID);
        return event * 2;
      },
      extensionSecretReader({ AWS_SESSION_TOKEN: SESSION_TOKEN, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port) }),
    );
    // Not readable yet: the invocation fails, the handler never runs.
    await expect(handler(1)).rejects.toThrow('ResourceNotFoundException');
    expect(seen).toEqual([]);
    secrets.set(ZENDESK_ARN, JSON.stringify({ client_id: 'zdg-agent-status-sync', client_secret: 's' }));
    expect(await handler(2)).toBe(4);
    expect(await handler(3)).toBe(6);
    expect(seen).toEqual(['zdg-agent-status-sync', 'zdg-agent-status-sync']);
    expect(reads).toEqual([ZENDESK_ARN, ZENDESK_ARN]);
  });
});
