// Lambda: POST|GET /app/{location} (the app's page, signedUrls) and GET /app/assets/{file+} (the built app's files).
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AccountsBySubdomain } from '../identity/accounts';
import { AppKeys } from '../identity/app-keys';
import { AppPages, type AppPageOptions, type PageAnswer } from '../identity/app-page';
import { RefusedUsers } from '../identity/refused-users';
import { clientFactory, lambdaRuntime, noQueue, type Runtime } from '../runtime';
import { credentialStoreFromConfig } from '../credentials/from-config';
import { storeFromConfig } from '../store/from-config';
import { sessionStoreFromConfig } from '../sessions/dynamo';
import { cappedClients } from '../security/browser-cap';
import { withOAuthClients } from '../secrets/oauth-clients';

const pages = new WeakMap<Runtime, AppPages>();

/**
 * The handler over a runtime. `assetsDir` defaults to `APP_ASSETS_DIR`, else `app-assets` beside the bundle (the
 * deployment copies the package's `assets` folder there).
 */
export function appPageHandler(rt: () => Runtime, options: Partial<AppPageOptions> = {}) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const r = rt();
    let app = pages.get(r);
    if (!app) {
      // Every Zendesk call a page load causes (public key, user) counts against the account's browser cap.
      const deps = { ...r.deps, clients: cappedClients(r.deps) };
      const assetsDir = options.assetsDir ?? r.deps.config.appAssetsDir ?? join(__dirname, 'app-assets');
      app = new AppPages(
        deps,
        { accounts: new AccountsBySubdomain(r.deps.store, r.accounts), keys: new AppKeys(), refused: new RefusedUsers() },
        { ...options, assetsDir },
      );
      pages.set(r, app);
    }
    const method = event.requestContext.http.method;
    if (event.routeKey.endsWith('/app/assets/{file+}')) return result(await app.asset(method, event.pathParameters?.file));
    const form = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    return result(await app.page({ method, location: event.pathParameters?.location ?? '', form, requestOrigin: requestOrigin(event) }));
  };
}

/** API Gateway's shape: a result without `statusCode` would be taken as a JSON body and answered 200. */
function result({ status, ...rest }: PageAnswer): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, ...rest };
}

/** The origin the browser reached: https, or http for the local host (127.0.0.1, localhost). */
export function requestOrigin(event: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>): string {
  const host = event.requestContext.domainName;
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  return `${local ? 'http' : 'https'}://${host}`;
}

// Our OAuth clients come from Secrets Manager in AWS, before the first invocation reads the configuration.
export const handler = withOAuthClients(
  appPageHandler(
    lambdaRuntime({ store: storeFromConfig, queue: noQueue, clients: clientFactory, sessions: sessionStoreFromConfig, credentials: credentialStoreFromConfig }),
  ),
);
