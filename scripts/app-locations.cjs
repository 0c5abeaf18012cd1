// Where the app's locations live: the backend serves every location page (`POST /app/{location}`, signedUrls,
// issue 13), so each location URL in manifest.json is `<backend origin>/app/<location>`. One function, used by
// `npm run package` (the backend host decides the origin) and by the local host (the local stack's URL).
'use strict';

/** The URL Zendesk POSTs the signedUrls token to for `location`, on the backend at `origin` (`https://host[:port]`). */
function locationUrl(origin, location) {
  let parsed;
  try {
    parsed = new URL(origin);
  } catch {
    throw new Error(`the backend origin must be an absolute http(s) URL, got "${origin}"`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`the backend origin must be http(s), got "${origin}"`);
  if (!/^[a-z][a-z_]*$/.test(location)) throw new Error(`not a location name: "${location}"`);
  // A path prefix (an API stage such as /prod) is kept; a trailing / is not doubled.
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}/app/${location}`;
}

/**
 * A copy of `manifest` whose Support locations all point at the backend at `origin`, with `signedUrls: true`.
 * The location options (size…) are kept.
 *
 * @example withBackendLocations(manifest, 'https://abc123.execute-api.eu-west-1.amazonaws.com')
 */
function withBackendLocations(manifest, origin) {
  const copy = JSON.parse(JSON.stringify(manifest));
  const support = copy.location?.support ?? {};
  for (const [name, options] of Object.entries(support)) {
    support[name] = { ...(typeof options === 'string' ? {} : options), url: locationUrl(origin, name) };
  }
  copy.signedUrls = true;
  return copy;
}

module.exports = { locationUrl, withBackendLocations };
