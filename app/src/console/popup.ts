// The OAuth popups: Zendesk's Connect or sign-in, and Aircall's install, opened from the console.
import { OAUTH_ROUTES, type ZendeskOAuthPurpose } from '../../../shared/console';

const FEATURES = 'popup=yes,width=560,height=720';
/** One named window: a second click reuses it instead of stacking popups. */
export const POPUP_NAME = 'agent-status-sync-oauth';

/** `PUBLIC_URL/oauth/zendesk/start?subdomain=SUB`, with `&purpose=signin` when the account is already connected. */
export function zendeskStartUrl(publicUrl: string, subdomain: string, purpose: ZendeskOAuthPurpose): string {
  const url = new URL(publicUrl + OAUTH_ROUTES.zendeskStart);
  url.searchParams.set('subdomain', subdomain);
  if (purpose === 'signin') url.searchParams.set('purpose', 'signin');
  return url.toString();
}

/** Opens `url` in the popup; `undefined` when the browser blocked it (the caller says so). */
export function openPopup(url: string): Window | undefined {
  return window.open(url, POPUP_NAME, FEATURES) ?? undefined;
}

/** Calls `onClosed` once `popup` is closed (a popup cannot tell its opener; polling `closed` is the portable way). */
export function whenClosed(popup: Window, onClosed: () => void, everyMs = 500): () => void {
  const timer = setInterval(() => {
    if (!popup.closed) return;
    clearInterval(timer);
    onClosed();
  }, everyMs);
  return () => clearInterval(timer);
}
