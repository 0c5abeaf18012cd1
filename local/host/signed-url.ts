// What Zendesk does before it loads a remote location of an app with `signedUrls: true` (zaf.md §6.5): mint the RS256
// token for the signed-in user. The Zendesk sandbox holds the app's key and mints it (its control route); the host's
// page then POSTs it, as the form field `token`, to the location URL in the app's iframe.
import { locationUrl } from '../../scripts/app-locations.cjs';
import { SandboxControlError } from './sandboxes';

/** The location URLs of the package, moved to `backendUrl` when given (as `npm run package` does for a deployed host). */
export function hostedLocations<T extends { url: string }>(locations: Record<string, T>, backendUrl: string | undefined): Record<string, T> {
  if (!backendUrl) return locations;
  return Object.fromEntries(
    Object.entries(locations).map(([name, spec]) => [name, /^https?:\/\//.test(spec.url) ? { ...spec, url: locationUrl(backendUrl, name) } : spec]),
  );
}

/**
 * Asks the Zendesk sandbox for the token of `user` loading `location` of `installationId`, bound (`qsh`) to `url`,
 * the exact URL the form will POST to. The token is a credential: it goes to the page, never to a log.
 */
export async function mintSignedUrlToken(
  zendeskUrl: string,
  request: { installationId: number; user: number; location: string; url: string },
): Promise<string> {
  const response = await fetch(`${zendeskUrl}/_sandbox/apps/signed_url_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ installation_id: request.installationId, user: request.user, location: request.location, url: request.url }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; error?: unknown };
  if (!response.ok || typeof body.token !== 'string') {
    throw new SandboxControlError(
      `the Zendesk sandbox did not mint a signedUrls token: ${typeof body.error === 'string' ? body.error : response.status}`,
      response.ok ? 502 : response.status,
    );
  }
  return body.token;
}
