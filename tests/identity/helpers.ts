// Getting sessions the way the product does: an agent through Zendesk's signedUrls POST to the app page (the sandbox
// signs the token), an admin as the OAuth sign-in (issue 12) issues one, bound to the account and the admin's id.
import { ensureAppBuilt } from '../../local/host/app-package';
import type { ZendeskSandbox } from '../../local/sandbox/zendesk';
import type { Stack } from '../../local/stack';
import { APP_BOOT_GLOBAL, parseAppBoot, type AppBoot } from '../../shared/app-boot';

export interface OpenedPage {
  status: number;
  html: string;
  boot: AppBoot;
  headers: Headers;
}

/** Zendesk's form POST to the remote location (`token` absent: an empty form); the page and its boot object. */
export async function openAppPage(stackUrl: string, token: string | undefined, location = 'top_bar'): Promise<OpenedPage> {
  // The page is served from the built app (503 without it): on a fresh clone the first test to open it builds it.
  ensureAppBuilt();
  const res = await fetch(`${stackUrl}/app/${location}?origin=https%3A%2F%2Fdemo.zendesk.com&app_guid=g1`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: token === undefined ? '' : new URLSearchParams({ token }).toString(),
  });
  const html = await res.text();
  const json = html.match(new RegExp(`window\\.${APP_BOOT_GLOBAL} = (.*?);</script>`))?.[1];
  const boot = parseAppBoot(json === undefined ? undefined : JSON.parse(json));
  if (!boot) throw new Error(`no boot object in the page (${res.status})`);
  return { status: res.status, html, boot, headers: res.headers };
}

/** An agent session the real way: the sandbox signs a token for `user` (id or email) of its first installation. */
export async function signInAgent(stackUrl: string, zendesk: ZendeskSandbox, user: string | number): Promise<string> {
  const installation = zendesk.installations()[0];
  if (!installation) throw new Error('the app is not installed in the Zendesk sandbox');
  const { token } = zendesk.signedUrlToken({ installationId: installation.id, user, location: 'top_bar' });
  const page = await openAppPage(stackUrl, token);
  if (!page.boot.session) throw new Error(`the page gave no session: ${page.boot.problem}`);
  return page.boot.session.token;
}

/** An admin session, as the admin's OAuth sign-in issues it (the OAuth flow itself is tested in tests/oauth). */
export async function adminSession(stack: Stack, accountId: string, userId: string, now = Date.now()): Promise<string> {
  const sessions = stack.runtime.deps.sessions;
  if (!sessions) throw new Error('the stack has no session store');
  return (await sessions.issue({ kind: 'admin', accountId, userId }, now)).token;
}
