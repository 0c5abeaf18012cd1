// `{Zendesk}` of the start's redirect (issue 12 contract): ZENDESK_API_URL with `{subdomain}` replaced, else
// `https://SUB.zendesk.com`.
import { startOnboardingHarness } from './harness';

jest.setTimeout(60_000);

async function authorizeUrl(env: Record<string, string>): Promise<URL> {
  const h = await startOnboardingHarness({ env });
  try {
    const res = await h.browser().startZendesk('subdomain=Acme-Support');
    expect(res.status).toBe(302);
    return new URL(res.location as string);
  } finally {
    await h.close();
  }
}

test('ZENDESK_API_URL with {subdomain}: the placeholder is the (lower-cased) subdomain', async () => {
  const url = await authorizeUrl({ ZENDESK_API_URL: 'http://127.0.0.1:4012/{subdomain}' });
  expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:4012/acme-support/oauth/authorizations/new');
});

test('without ZENDESK_API_URL: https://SUB.zendesk.com', async () => {
  const url = await authorizeUrl({ ZENDESK_API_URL: '' });
  expect(`${url.origin}${url.pathname}`).toBe('https://acme-support.zendesk.com/oauth/authorizations/new');
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
});
