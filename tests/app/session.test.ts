// The page's backend session (app/src/backend/session.ts): the bearer it sends, when it renews, what a refusal or an
// expiry does, and how callBackend turns each into a failure the pane can word. A fake backend records every call.
import { APP_API_ROUTES } from '../../shared/app-api';
import type { AppBoot } from '../../shared/app-boot';
import { BackendError, callBackend } from '../../app/src/backend/request';
import { readIssuedSession, RENEW_BEFORE_MS, SESSION_RENEW_ROUTE, SessionKeeper } from '../../app/src/backend/session';

const NOW = Date.UTC(2026, 11, 3, 9, 0, 0);
const BASE = 'https://api.example.com';
const boot = (expiresInMs: number): AppBoot => ({ location: 'top_bar', publicUrl: BASE, session: { token: 't-1', expiresAt: NOW + expiresInMs } });

/** A backend answering each route with `answers[route]()` (status, body), recording the calls. */
function fakeBackend(answers: Record<string, () => [number, unknown]>) {
  const calls: Array<{ url: string; method: string; authorization: string }> = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', authorization: (init.headers as Record<string, string>).authorization ?? '' });
    const answer = answers[new URL(url).pathname];
    if (!answer) throw new TypeError('Failed to fetch');
    const [status, body] = answer();
    return { ok: status < 300, status, json: async () => body } as unknown as Response;
  };
  return { calls, fetch };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => (e instanceof BackendError ? e.failure : e),
  );
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

beforeEach(() => jest.useFakeTimers({ now: NOW }));
afterEach(() => jest.useRealTimers());

it('reads the renewal answer wrapped or bare, and nothing else', () => {
  expect(readIssuedSession({ session: { token: 'a', expiresAt: 5 } })).toEqual({ token: 'a', expiresAt: 5 });
  expect(readIssuedSession({ token: 'a', expiresAt: 5 })).toEqual({ token: 'a', expiresAt: 5 });
  for (const bad of [undefined, null, 'a', {}, { token: '', expiresAt: 5 }, { token: 'a', expiresAt: '5' }, { session: { token: 'a' } }]) {
    expect(readIssuedSession(bad)).toBeUndefined();
  }
});

it('renews halfway through a session shorter than 10 minutes, and 5 minutes before the end of a longer one', async () => {
  const backend = fakeBackend({ [SESSION_RENEW_ROUTE]: () => [200, { session: { token: 't-2', expiresAt: NOW + 60 * 60_000 } }] });
  const keeper = new SessionKeeper(boot(8 * 60_000), { fetch: backend.fetch }).start();
  jest.advanceTimersByTime(4 * 60_000 - 1);
  expect(backend.calls).toEqual([]);
  jest.advanceTimersByTime(1);
  await flush();
  expect(backend.calls).toEqual([{ url: `${BASE}${SESSION_RENEW_ROUTE}`, method: 'POST', authorization: 'Bearer t-1' }]);
  expect(keeper.bearer()).toEqual({ token: 't-2' });
  // The new hour-long session renews at 55 minutes from NOW.
  jest.advanceTimersByTime(60 * 60_000 - RENEW_BEFORE_MS - 4 * 60_000 - 1);
  expect(backend.calls).toHaveLength(1);
  jest.advanceTimersByTime(1);
  expect(backend.calls).toHaveLength(2);
  keeper.stop();
});

it('a refused renewal (401) ends the session at once: the next call is unauthorized and reaches no backend', async () => {
  const backend = fakeBackend({
    [SESSION_RENEW_ROUTE]: () => [401, { error: { code: 'unauthorized', message: 'x' } }],
    [APP_API_ROUTES.meStatus]: () => [200, {}],
  });
  const keeper = new SessionKeeper(boot(60 * 60_000), { fetch: backend.fetch });
  await keeper.renew();
  expect(keeper.bearer()).toEqual({ reason: 'refused' });
  expect(await failureOf(callBackend(keeper, APP_API_ROUTES.meStatus, (b) => b))).toEqual({ kind: 'unauthorized', status: 401 });
  expect(backend.calls.map((c) => c.url)).toEqual([`${BASE}${SESSION_RENEW_ROUTE}`]);
});

it('a 401 from an API route ends the session; a 5xx does not', async () => {
  let status = 503;
  const backend = fakeBackend({ [APP_API_ROUTES.meStatus]: () => [status, {}] });
  const keeper = new SessionKeeper(boot(60 * 60_000), { fetch: backend.fetch });
  expect(await failureOf(callBackend(keeper, APP_API_ROUTES.meStatus, (b) => b))).toEqual({ kind: 'unavailable', status: 503 });
  expect(keeper.bearer()).toEqual({ token: 't-1' });
  status = 401;
  expect(await failureOf(callBackend(keeper, APP_API_ROUTES.meStatus, (b) => b))).toEqual({ kind: 'unauthorized', status: 401 });
  expect(keeper.bearer()).toEqual({ reason: 'refused' });
});

it('no session: the boot problem, a page not served by the backend, or an expired one; never a request', async () => {
  const backend = fakeBackend({});
  const cases: Array<[AppBoot | undefined, string]> = [
    [{ location: 'top_bar', publicUrl: BASE, problem: 'unknown_account' }, 'unknown_account'],
    [{ location: 'top_bar', publicUrl: BASE }, 'no_token'],
    [undefined, 'not_served'],
    [boot(-1), 'expired'],
  ];
  for (const [given, reason] of cases) {
    const keeper = new SessionKeeper(given, { fetch: backend.fetch });
    expect(await failureOf(callBackend(keeper, APP_API_ROUTES.meStatus, (b) => b))).toEqual({ kind: 'no_session', reason });
  }
  expect(backend.calls).toEqual([]);
});

it('a network failure of the API call is "unavailable", and an unreadable body "bad_response"', async () => {
  const keeper = new SessionKeeper(boot(60 * 60_000), { fetch: fakeBackend({ [APP_API_ROUTES.adminOverview]: () => [200, { nope: 1 }] }).fetch });
  expect(await failureOf(callBackend(keeper, APP_API_ROUTES.meStatus, (b) => b))).toEqual({ kind: 'unavailable' });
  expect(await failureOf(callBackend(keeper, APP_API_ROUTES.adminOverview, () => undefined))).toEqual({ kind: 'bad_response' });
});
