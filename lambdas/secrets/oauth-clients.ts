// Our OAuth clients (Zendesk's global client, Aircall's partner app) in AWS: each is a Secrets Manager secret
// `{"client_id": "…", "client_secret": "…"}` whose ARN the stack puts in `<PREFIX>_CLIENT_SECRET_ARN`. It is read
// once per container, before the first invocation reads the configuration, and lands in the variables
// lambdas/config.ts reads (`<PREFIX>_CLIENT_ID`, `<PREFIX>_CLIENT_SECRET`), as `npm start` sets them by hand.
//
// The read goes through the AWS Parameters and Secrets Lambda Extension (the stack adds its layer): a local HTTP GET
// authenticated by the function's session token, so no Secrets Manager SDK client is bundled.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
import { maskedExcerpt } from '../security/mask';

/** Variable naming the secret's ARN → the prefix of the variables lambdas/config.ts reads. */
export const OAUTH_CLIENT_SECRETS = {
  ZENDESK_OAUTH_CLIENT_SECRET_ARN: 'ZENDESK_OAUTH',
  AIRCALL_OAUTH_CLIENT_SECRET_ARN: 'AIRCALL_OAUTH',
} as const;

/** The extension's default port; `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT` moves it (the extension reads it too). */
const DEFAULT_EXTENSION_PORT = 2773;

export class OAuthClientSecretError extends Error {
  override name = 'OAuthClientSecretError';
}

/** Reads a secret's `SecretString` by ARN. */
export type SecretReader = (arn: string) => Promise<string>;

/** The extension's `GET /secretsmanager/get?secretId=ARN`, authenticated by `AWS_SESSION_TOKEN`. */
export function extensionSecretReader(env: NodeJS.ProcessEnv = process.env, fetcher: typeof fetch = fetch): SecretReader {
  const port = Number(env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? DEFAULT_EXTENSION_PORT);
  return async (arn) => {
    const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(arn)}`;
    let response: Response;
    try {
      response = await fetcher(url, { headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' } });
    } catch (error) {
      throw new OAuthClientSecretError(`The Parameters and Secrets extension did not answer on port ${port}: ${(error as Error).message}`);
    }
    // The extension relays Secrets Manager's refusal (e.g. AccessDeniedException) in the body; the session token we
    // sent is masked anyway, should a refusal ever echo the request.
    if (!response.ok) {
      const said = maskedExcerpt(await response.text(), [env.AWS_SESSION_TOKEN ?? '']);
      throw new OAuthClientSecretError(`Reading ${arn} failed: HTTP ${response.status} ${said}`);
    }
    const body = (await response.json()) as { SecretString?: unknown };
    if (typeof body.SecretString !== 'string') throw new OAuthClientSecretError(`${arn} has no SecretString`);
    return body.SecretString;
  };
}

/**
 * Fills `<PREFIX>_CLIENT_ID` and `<PREFIX>_CLIENT_SECRET` in `env` from each secret named by an ARN variable. A secret
 * still empty (the operator has not registered the client yet) sets nothing: the routes that need it say so. A
 * variable already set wins (an operator's override). Never puts a secret value into an error.
 */
export async function loadOAuthClients(env: NodeJS.ProcessEnv, read: SecretReader): Promise<void> {
  for (const [arnVariable, prefix] of Object.entries(OAUTH_CLIENT_SECRETS)) {
    const arn = env[arnVariable];
    if (!arn || env[`${prefix}_CLIENT_ID`] || env[`${prefix}_CLIENT_SECRET`]) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await read(arn));
    } catch (error) {
      if (error instanceof OAuthClientSecretError) throw error;
      throw new OAuthClientSecretError(`${arnVariable}: the secret is not JSON {"client_id": "…", "client_secret": "…"}`);
    }
    const { client_id: id, client_secret: secret } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || typeof secret !== 'string') {
      throw new OAuthClientSecretError(`${arnVariable}: the secret must hold the strings client_id and client_secret`);
    }
    if (id === '' && secret === '') continue;
    env[`${prefix}_CLIENT_ID`] = id;
    env[`${prefix}_CLIENT_SECRET`] = secret;
  }
}

/**
 * Wraps a Lambda handler so that the OAuth clients are in `process.env` before its first invocation reads the
 * configuration. One read per container; a failed read is tried again by the next invocation.
 *
 * @example export const handler = withOAuthClients(appApiHandler(lambdaRuntime({ … })));
 */
export function withOAuthClients<A extends unknown[], R>(handler: (...args: A) => Promise<R>, read: SecretReader = extensionSecretReader()) {
  let loaded: Promise<void> | undefined;
  return async (...args: A): Promise<R> => {
    loaded ??= loadOAuthClients(process.env, read).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    await loaded;
    return handler(...args);
  };
}
