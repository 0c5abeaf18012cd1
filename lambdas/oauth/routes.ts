// The OAuth browser routes (pages and redirects): state, code exchange, users/me, the grant sealed, the admin session
// issued. The console's admin routes (JSON) are another function's (admin-routes.ts, lambdas/handlers/admin.ts).
import { OAUTH_ERROR_MESSAGE, OAUTH_ROUTES, type OAuthErrorMessage } from '../../shared/console';
import { aircallCallback, aircallInstall } from './aircall-flow';
import type { Onboarding } from './deps';
import { OAuthPageError, page, scriptJson, type OnboardingAnswer, type OnboardingRequest } from './http';
import { escapeHtml } from './html';
import { zendeskCallback, zendeskStart } from './zendesk-flow';

type PageRoute = (ob: Onboarding, req: OnboardingRequest) => Promise<OnboardingAnswer>;

const PAGES: Record<string, PageRoute> = {
  [OAUTH_ROUTES.zendeskStart]: zendeskStart,
  [OAUTH_ROUTES.zendeskCallback]: zendeskCallback,
  [OAUTH_ROUTES.aircallInstall]: aircallInstall,
  [OAUTH_ROUTES.aircallCallback]: aircallCallback,
};

/** Every route key this handler serves (API Gateway form), for the local gateway and the CDK stack. */
export const OAUTH_PAGE_ROUTE_KEYS: readonly string[] = Object.keys(PAGES).map((path) => `GET ${path}`);

/** Answers one request of the OAuth pages. */
export async function handleOAuthPage(ob: Onboarding, req: OnboardingRequest): Promise<OnboardingAnswer> {
  const route = Object.hasOwn(PAGES, req.path) ? PAGES[req.path] : undefined;
  if (!route) return errorPage(ob, 404, 'No such page.');
  if (req.method.toUpperCase() !== 'GET')
    return { ...(await errorPage(ob, 405, 'Use GET.')), headers: { allow: 'GET', 'content-type': 'text/html; charset=utf-8' } };
  try {
    return await route(ob, req);
  } catch (error) {
    if (error instanceof OAuthPageError) {
      ob.deps.log.info('oauth page refused', { path: req.path, status: error.status, reason: error.message });
      return errorPage(ob, error.status, error.message);
    }
    ob.deps.log.error('oauth page failed', { path: req.path, error: (error as Error).message, name: (error as Error).name });
    return errorPage(ob, 503, 'Something went wrong on our side; nothing was connected. Try again in a moment.');
  }
}

/** A clear page; a popup also tells its opener (the console) why, and stays open so the admin can read it. */
async function errorPage(ob: Onboarding, status: number, message: string): Promise<OnboardingAnswer> {
  const publicUrl = ob.deps.config.publicUrl;
  const post: OAuthErrorMessage = { type: OAUTH_ERROR_MESSAGE, message };
  const script = publicUrl
    ? `if(window.opener&&!window.opener.closed){window.opener.postMessage(${scriptJson(post)},${scriptJson(new URL(publicUrl).origin)});}`
    : undefined;
  return page(status, 'Could not connect', `<p>${escapeHtml(message)}</p>`, script);
}
