// Login CSRF (issue 13, OAuth "a state from another browser"): a state and a valid code from a sign-in started in one
// browser, opened in another that carries no flow cookie, signs nobody in, exchanges nothing and uses the code up for no
// one. Found by the fuzz suite (bench/fuzz): the callback used to check the cookie only when one was sent back.
import { ADMIN_EMAIL, sessionFrom, startOnboardingHarness, SUBDOMAIN, type OnboardingHarness } from '../onboarding/harness';

jest.setTimeout(60_000);

let h: OnboardingHarness;
beforeAll(async () => {
  h = await startOnboardingHarness();
});
afterAll(async () => h?.close());

const tokenExchanges = (since: number) => h.sandboxes.zendesk.requests({ methods: ['POST'], pathPrefix: '/oauth/tokens' }).filter((r) => r.at >= since).length;

it('a callback opened in another browser with no flow cookie is refused before any exchange', async () => {
  // Prepare: the attacker starts a sign-in and approves it, but stops before the callback.
  const attacker = h.browser();
  const start = await attacker.startZendesk(`subdomain=${SUBDOMAIN}`);
  const back = await attacker.consent(start.location as string, 'approve', ADMIN_EMAIL);
  const since = Date.now();
  // Act: the victim's browser (no cookie of ours) opens the link.
  const victim = h.browser();
  const page = await victim.get(back.location as string);
  // Assess
  expect(page.status).toBe(400);
  expect(page.text).toMatch(/another browser/);
  expect(() => sessionFrom(page)).toThrow();
  expect(tokenExchanges(since)).toBe(0);
  expect(await h.deps.store.listAccounts()).toHaveLength(0);
});

it('the browser that started it, with its cookie, still signs in', async () => {
  const b = h.browser();
  const { page } = await b.connectZendesk();
  expect(page.status).toBe(200);
  expect(sessionFrom(page)).toMatch(/^[A-Za-z0-9_-]{43}$/);
});
