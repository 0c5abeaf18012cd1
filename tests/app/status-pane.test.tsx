/**
 * @jest-environment jsdom
 */
// The app in jsdom with a typed stub ZAF client (stub-zaf-client.ts) and a fake backend behind the page's session
// (its `backendFetch`, answering with fixtures typed by shared/app-api.ts): what agents and admins see, failures,
// polling, locale, the icon, the bearer session and its renewal (issue 13).
import './jsdom-match-media';
import { act, render, screen } from '@testing-library/react';
import type { ZafSettings } from 'zendesk_app_framework_sdk';
import { APP_API_ROUTES, type MeStatusResponse } from '../../shared/app-api';
import type { AppBoot } from '../../shared/app-boot';
import { SESSION_RENEW_ROUTE, SessionKeeper, setPageSession } from '../../app/src/backend/session';
import { SYNC_DIRECTIONS } from '../../shared/sync/types';
import { Root } from '../../app/src/Root';
import { startZaf } from '../../app/src/zaf/start';
import { adminOverview, meStatus } from './fixtures';
import { httpFailure, StubZafClient, type Responder } from './stub-zaf-client';

const NOW = Date.UTC(2026, 4, 4, 10, 0, 0);
const BACKEND = 'https://api.example.com/prod';
const SETTINGS: ZafSettings = { syncDirection: 'aircall_to_zendesk' };
const ADMIN = { id: 1, name: 'Ada Admin', email: 'ada@example.com', locale: 'en', role: 'admin' };
const SESSION = 'session-token-1';
const HOUR = 3_600_000;
/** What the backend's page carries for a verified agent (shared/app-boot.ts). */
const BOOT: AppBoot = { location: 'top_bar', publicUrl: BACKEND, accountId: 'acme', subdomain: 'example', session: { token: SESSION, expiresAt: NOW + HOUR } };

let consoleError: jest.SpyInstance;
beforeEach(() => {
  jest.useFakeTimers({ now: NOW });
  // Any React or Garden error or warning during a render fails the test that caused it.
  consoleError = jest.spyOn(console, 'error');
  delete document.body.dataset.statusRendered;
});
afterEach(() => {
  setPageSession(undefined);
  jest.useRealTimers();
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

interface Mount {
  settings?: ZafSettings;
  user?: Record<string, unknown>;
  location?: string;
  values?: Record<string, unknown>;
  me?: Responder;
  admin?: Responder;
  /** The boot object of the page; `null` for a page the backend did not serve. */
  boot?: AppBoot | null;
  renew?: Responder;
}

/** Mounts the app on a stub client, registers it and lets the first requests complete. */
async function mount({ settings = SETTINGS, user, location = 'top_bar', values = {}, me = () => meStatus(NOW), admin, boot = BOOT, renew }: Mount = {}) {
  // Prepare
  const client = new StubZafClient(settings, { location }, user ? { currentUser: user, ...values } : values);
  client.respond(APP_API_ROUTES.meStatus, me);
  if (admin) client.respond(APP_API_ROUTES.adminOverview, admin);
  if (renew) client.respond(SESSION_RENEW_ROUTE, renew);
  setPageSession(new SessionKeeper(boot ?? undefined, { fetch: client.backendFetch() }).start());
  render(<Root session={startZaf({ init: () => client })} />);
  // Act
  await act(async () => client.register());
  await settle();
  return client;
}

/** Lets pending promises (ZAF calls, requests) and the renders they cause complete, without moving the clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => jest.advanceTimersByTime(0));
}

/** Moves the clock by `ms` and lets what fell due complete. */
async function advance(ms: number): Promise<void> {
  await act(async () => jest.advanceTimersByTime(ms));
  await settle();
}

const byTestId = (id: string) => screen.getByTestId(id);
const requestsTo = (client: StubZafClient, route: string) => client.requests.filter((r) => r.url.endsWith(route)).length;

describe('an agent, linked, Aircall → Zendesk', () => {
  it('shows both statuses, the rule, the direction and the last sync; no admin part', async () => {
    // Act
    const client = await mount();
    // Assess
    expect(byTestId('status-pane')).toBeTruthy();
    expect(byTestId('aircall-status').dataset.status).toBe('available');
    expect(byTestId('aircall-status').textContent).toBe('AircallAvailable');
    expect(byTestId('zendesk-status').dataset.status).toBe('online');
    expect(byTestId('zendesk-status').textContent).toBe('ZendeskOnline');
    expect(byTestId('sync-rule').textContent).toBe('Rule in force: Aircall Available → Zendesk Online');
    expect(byTestId('sync-direction').dataset.direction).toBe('aircall_to_zendesk');
    expect(byTestId('sync-direction').textContent).toBe('Sync direction: Aircall → Zendesk');
    expect(byTestId('last-sync').dataset.outcome).toBe('written');
    expect(byTestId('last-sync').textContent).toBe('Last sync: 1 minute ago: your Zendesk status was set to Online.');
    expect(screen.queryByTestId('sync-note')).toBeNull();
    expect(screen.queryByTestId('admin-overview')).toBeNull();
    expect(requestsTo(client, APP_API_ROUTES.adminOverview)).toBe(0);
    expect(document.body.dataset.statusRendered).toBe('1');
  });

  it("asks its own backend (the page's publicUrl) with the page's session as a bearer token: no proxy, no claims of its own", async () => {
    // Act: a backendUrl setting left by an older installation (the parameter is gone) is never used for requests.
    const client = await mount({ settings: { ...SETTINGS, backendUrl: 'https://elsewhere.example.org' } });
    // Assess
    expect(client.requests[0]).toEqual({
      url: `${BACKEND}${APP_API_ROUTES.meStatus}`,
      type: 'GET',
      headers: { accept: 'application/json', authorization: `Bearer ${SESSION}` },
    });
  });

  it('renews the session 5 minutes before it expires and asks with the new one; renewals failing until expiry end it', async () => {
    // Prepare: a 20-minute session; the backend renews once, then is unavailable.
    let renewals = 0;
    const client = await mount({
      boot: { ...BOOT, session: { token: SESSION, expiresAt: NOW + 20 * 60_000 } },
      renew: () => {
        renewals += 1;
        if (renewals > 1) throw httpFailure(503);
        return { session: { token: 'session-token-2', expiresAt: NOW + 40 * 60_000 } };
      },
    });
    // Act: 15 minutes on, the renewal falls due.
    await advance(15 * 60_000);
    // Assess: it sent the old token, and later calls carry the new one.
    const renewal = client.requests.find((r) => r.url.endsWith(SESSION_RENEW_ROUTE));
    expect(renewal).toMatchObject({ url: `${BACKEND}${SESSION_RENEW_ROUTE}`, type: 'POST', headers: { authorization: `Bearer ${SESSION}` } });
    await advance(5000);
    expect(client.requests.at(-1)?.headers?.authorization).toBe('Bearer session-token-2');
    // Act: the second renewal (at 35 min) fails, and so does each retry 30 s apart; the session ends at 40 min.
    await advance(20 * 60_000);
    expect(renewals).toBe(2);
    for (let i = 0; i < 12; i++) await advance(30_000);
    expect(renewals).toBeGreaterThan(5);
    // Assess
    expect(byTestId('backend-problem').dataset.problem).toBe('no_session');
    expect(byTestId('backend-problem').textContent).toBe('Your session with the backend has ended. Reload Zendesk to open the app again.');
    const asked = requestsTo(client, APP_API_ROUTES.meStatus);
    await advance(60_000);
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(asked);
  });

  it('sets the top-bar icon from the status, and again when it changes', async () => {
    // Prepare
    let status = meStatus(NOW);
    const client = await mount({ me: () => status });
    expect(client.iconSymbols()).toEqual(['available']);
    // Act
    status = meStatus(NOW, { aircall: { key: 'unavailable', observedAt: NOW }, zendesk: { key: 'offline', observedAt: NOW } });
    await advance(5000);
    // Assess
    expect(byTestId('aircall-status').dataset.status).toBe('unavailable');
    expect(client.iconSymbols()).toEqual(['available', 'unavailable']);
  });

  it('shows an Aircall unavailable reason and a Zendesk custom status by name', async () => {
    // Act
    await mount({
      me: () =>
        meStatus(NOW, {
          aircall: { key: 'unavailable', detail: 'out_for_lunch', observedAt: NOW },
          zendesk: { key: 'custom:42', detail: 'In a meeting', observedAt: NOW },
          rule: { from: { side: 'aircall', key: 'unavailable' }, to: { side: 'zendesk', key: 'offline' } },
        }),
    });
    // Assess
    expect(byTestId('aircall-status').textContent).toBe('AircallUnavailable (Out for lunch)');
    expect(byTestId('zendesk-status').dataset.status).toBe('custom:42');
    expect(byTestId('zendesk-status').textContent).toBe('ZendeskIn a meeting (custom status)');
  });
});

describe('why nothing is synced', () => {
  test.each<[MeStatusResponse['unlinkedReason'], string]>([
    ['no_aircall_user', 'No Aircall user with your email (jane@example.com), so your status is not synced.'],
    ['no_zendesk_user', 'The backend found no Zendesk agent with your email, so your status is not synced.'],
    ['not_in_directory', "You are not in the sync's list of agents yet. It is refreshed every hour; ask an admin if this lasts."],
  ])('not linked: %s', async (reason, message) => {
    // Act
    const client = await mount({
      me: () => meStatus(NOW, { linked: false, unlinkedReason: reason, aircall: undefined, rule: undefined, lastSync: undefined }),
    });
    // Assess
    expect(byTestId('sync-note').dataset.reason).toBe(reason);
    expect(byTestId('sync-note').textContent).toBe(message);
    expect(byTestId('aircall-status').dataset.status).toBe('unknown');
    expect(byTestId('last-sync').dataset.outcome).toBe('none');
    expect(byTestId('last-sync').textContent).toBe('Last sync: No sync for you yet.');
    expect(client.iconSymbols()).toEqual(['paused']);
  });

  it('Aircall automatic schedule: the rule says not synced', async () => {
    // Act
    await mount({
      me: () =>
        meStatus(NOW, {
          aircall: { key: 'custom', observedAt: NOW },
          rule: { from: { side: 'aircall', key: 'custom' }, to: null },
          lastSync: { at: NOW - 5000, outcome: 'skipped', reason: 'not_mapped' },
        }),
    });
    // Assess
    expect(byTestId('sync-rule').textContent).toBe('Rule in force: Aircall Auto (automatic schedule) is not synced');
    expect(byTestId('sync-rule').dataset.to).toBe('');
    expect(byTestId('sync-note').textContent).toBe('Aircall automatic schedule is not synced.');
    expect(byTestId('last-sync').textContent).toBe('Last sync: 5 seconds ago: nothing to write (that status is not synced).');
  });

  it('sync off: says so, with no rule', async () => {
    // Act
    await mount({
      settings: { ...SETTINGS, syncDirection: 'off' },
      me: () => meStatus(NOW, { direction: { direction: 'off', source: 'installation' }, rule: undefined }),
    });
    // Assess
    expect(byTestId('sync-direction').dataset.direction).toBe('off');
    expect(byTestId('sync-note').dataset.reason).toBe('off');
    expect(byTestId('sync-rule').textContent).toBe('No rule applies right now.');
  });

  it('a failed last sync names the error and shows the problem icon', async () => {
    // Act
    const client = await mount({ me: () => meStatus(NOW, { lastSync: { at: NOW - 2 * 3_600_000, outcome: 'failed', reason: 'AircallRateLimited' } }) });
    // Assess
    expect(byTestId('last-sync').dataset.outcome).toBe('failed');
    expect(byTestId('last-sync').textContent).toBe('Last sync: 2 hours ago: failed (AircallRateLimited). The sync tries again on its own.');
    expect(client.iconSymbols()).toEqual(['problem']);
  });
});

describe('sync paused by an invalid syncDirection setting', () => {
  const paused = () =>
    meStatus(NOW, {
      direction: { direction: 'off', source: 'installation', problem: { setting: 'syncDirection', value: 'aircall-to-zendesk', allowed: SYNC_DIRECTIONS } },
      rule: undefined,
    });

  it('an agent is told sync is paused, without the details', async () => {
    // Act
    const client = await mount({ settings: { ...SETTINGS, syncDirection: 'aircall-to-zendesk' }, me: paused });
    // Assess
    expect(byTestId('sync-direction').dataset.direction).toBe('off');
    expect(byTestId('sync-note').dataset.reason).toBe('paused');
    expect(byTestId('sync-note').textContent).toBe("Sync is paused because the app settings need an admin's attention. Your status is not copied until then.");
    expect(byTestId('sync-note').getAttribute('role')).toBe('alert');
    expect(client.iconSymbols()).toEqual(['paused']);
  });

  it('an admin is told which setting, its value, the allowed values and where the direction comes from', async () => {
    // Act
    await mount({ settings: { ...SETTINGS, syncDirection: 'aircall-to-zendesk' }, user: ADMIN, me: paused, admin: () => adminOverview(NOW) });
    // Assess
    expect(byTestId('sync-note').textContent).toBe(
      'Sync is paused: the app setting "Sync direction" (syncDirection) is "aircall-to-zendesk", which is not allowed. Set it to one of: aircall_to_zendesk, zendesk_to_aircall, both, off.',
    );
    expect(byTestId('direction-source').textContent).toBe('Set in the app settings.');
  });

  it('an admin is told when the backend could not read the settings lately and keeps the last direction', async () => {
    // Act
    await mount({
      user: ADMIN,
      admin: () => adminOverview(NOW),
      me: () => meStatus(NOW, { direction: { direction: 'aircall_to_zendesk', source: 'installation', error: 'Zendesk answered 503' } }),
    });
    // Assess
    expect(byTestId('direction-read-failed').textContent).toBe(
      'The backend could not read the app settings lately (Zendesk answered 503), so it applies the last direction it knew.',
    );
  });

  it('before the backend answers, the invalid setting is reported from the app settings', async () => {
    // Act
    await mount({ settings: { ...SETTINGS, syncDirection: ' off ' }, user: ADMIN, me: () => new Promise(() => undefined) });
    // Assess
    expect(byTestId('sync-direction').dataset.source).toBe('setting');
    expect(byTestId('sync-note').textContent).toContain('(syncDirection) is " off ", which is not allowed');
    expect(document.body.dataset.statusRendered).toBeUndefined();
  });
});

describe('backend failures', () => {
  it('401: the backend refused the session; the pane says to reload, and stops asking', async () => {
    // Act
    const client = await mount({
      me: () => {
        throw httpFailure(401, '{"error":{"code":"unauthorized","message":"bad token"}}');
      },
    });
    // Assess
    expect(byTestId('backend-problem').dataset.problem).toBe('unauthorized');
    expect(byTestId('backend-problem').textContent).toBe(
      'The backend refused your session (it was revoked, or Zendesk no longer confirms you as an agent of this account). Reload Zendesk to open the app again.',
    );
    expect(client.iconSymbols()).toEqual(['problem']);
    await advance(60_000);
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(1);
  });

  it('network and 5xx: keeps the last data, says it is stale, and backs off', async () => {
    // Prepare
    let fail = false;
    const client = await mount({
      me: () => {
        if (fail) throw httpFailure(503);
        return meStatus(NOW);
      },
    });
    fail = true;
    // Act
    await advance(5000);
    // Assess: data kept, a notice, the icon unchanged.
    expect(byTestId('aircall-status').dataset.status).toBe('available');
    expect(byTestId('stale-notice').textContent).toBe('Showing what was known 5 seconds ago: the backend cannot be reached right now. The app keeps trying.');
    expect(client.iconSymbols()).toEqual(['available']);
    // Act: the next attempt waits twice as long (10 s), then the backend is back.
    const before = requestsTo(client, APP_API_ROUTES.meStatus);
    await advance(9000);
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(before);
    fail = false;
    await advance(1000);
    // Assess
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(before + 1);
    expect(screen.queryByTestId('stale-notice')).toBeNull();
  });

  test.each<[string, AppBoot | null, string]>([
    ['no signed token (no_token)', { location: 'top_bar', publicUrl: BACKEND, problem: 'no_token' }, "without Zendesk's signed request"],
    ['a token that failed verification', { location: 'top_bar', publicUrl: BACKEND, problem: 'invalid_token' }, "could not verify Zendesk's signature"],
    ['an account not connected yet', { location: 'top_bar', publicUrl: BACKEND, problem: 'unknown_account' }, 'not connected to Agent Status Sync yet'],
    ['a user Zendesk does not confirm', { location: 'top_bar', publicUrl: BACKEND, problem: 'user_refused' }, 'does not confirm you as an active agent'],
    ['Zendesk unreachable at verification', { location: 'top_bar', publicUrl: BACKEND, problem: 'unavailable' }, 'could not check who you are'],
    ['a page the backend did not serve', null, 'not loaded through the Agent Status Sync backend'],
    ['an already expired session', { ...BOOT, session: { token: SESSION, expiresAt: NOW - 1 } }, 'Your session with the backend has ended'],
  ])('no session (%s): no request, a clear message, the problem icon', async (_, boot, message) => {
    // Act
    const client = await mount({ boot });
    // Assess
    expect(client.requests).toEqual([]);
    expect(byTestId('backend-problem').dataset.problem).toBe('no_session');
    expect(byTestId('backend-problem').textContent).toContain(message);
    expect(client.iconSymbols()).toEqual(['problem']);
  });

  it('says so when Zendesk does not give the current user', async () => {
    // Act
    await mount({ values: { currentUser: undefined } });
    // Assess
    expect(byTestId('no-user').textContent).toContain('Zendesk did not say who you are');
  });
});

describe('admins', () => {
  it('are pointed to the admin console (nav bar); the pane shows no account data and asks for none', async () => {
    // Act
    const client = await mount({ user: ADMIN });
    // Assess
    expect(byTestId('console-link').textContent).toBe(
      'Connections, webhooks, agents and the audit log are in the admin console: open Agent Status Sync from the navigation bar on the left.',
    );
    expect(screen.queryByTestId('admin-overview')).toBeNull();
    expect(requestsTo(client, APP_API_ROUTES.adminOverview)).toBe(0);
    expect(byTestId('aircall-status').dataset.status).toBe('available');
  });

  test.each<[string, Record<string, unknown> | undefined, RegExp]>([
    ['an agent is told an admin must renew it', undefined, /^Sync is paused: the connection to Zendesk or Aircall has to be renewed by an admin\./],
    [
      'an admin is told to reconnect in the console',
      ADMIN,
      /^Sync is paused: a connection to Zendesk or Aircall needs reconnecting\. Reconnect it in the admin console/,
    ],
  ])('a connection that needs reconnecting (issue 12): %s, and the icon shows paused', async (_, user, text) => {
    // Act
    const client = await mount({ user, me: () => meStatus(NOW, { needsReconnect: true }) });
    // Assess
    const note = byTestId('sync-note');
    expect(note.dataset.reason).toBe('needs_reconnect');
    expect(note.getAttribute('role')).toBe('alert');
    expect(note.textContent).toMatch(text);
    expect(client.iconSymbols()).toEqual(['paused']);
  });

  it('agents see no pointer to the console', async () => {
    // Act
    await mount();
    // Assess
    expect(screen.queryByTestId('console-link')).toBeNull();
  });
});

describe('polling', () => {
  it('asks every 5 s while the pane is open, stops on pane.deactivated and resumes at once on pane.activated', async () => {
    // Prepare
    const client = await mount();
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(1);
    await advance(5000);
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(2);
    // Act
    await act(async () => client.emit('pane.deactivated', {}));
    await advance(60_000);
    // Assess
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(2);
    // Act
    await act(async () => client.emit('pane.activated', {}));
    await settle();
    // Assess
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(3);
  });

  it('admins: only the status every 5 s (the account overview is in the admin console now)', async () => {
    // Prepare
    const client = await mount({ user: ADMIN, admin: () => adminOverview(NOW) });
    // Act: in steps, as each next run is scheduled once the previous answer is in.
    for (let i = 0; i < 3; i++) await advance(5000);
    // Assess
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(4);
    expect(requestsTo(client, APP_API_ROUTES.adminOverview)).toBe(0);
  });

  it('stops for good on app.willDestroy', async () => {
    // Prepare
    const client = await mount();
    // Act
    await act(async () => client.emit('app.willDestroy', {}));
    await act(async () => client.emit('pane.activated', {}));
    await advance(60_000);
    // Assess
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(1);
  });
});

describe('locale', () => {
  it('renders Spanish for an agent whose Zendesk locale is es-419', async () => {
    // Act
    await mount({ user: { id: 10011, email: 'jane@example.com', locale: 'es-419', role: 'agent' } });
    // Assess
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sincronización de estado');
    expect(byTestId('aircall-status').textContent).toBe('AircallDisponible');
    expect(byTestId('sync-rule').textContent).toBe('Regla vigente: Aircall Disponible → Zendesk En línea');
    expect(byTestId('sync-direction').textContent).toBe('Dirección de la sincronización: Aircall → Zendesk');
    expect(byTestId('last-sync').textContent).toBe('Última sincronización: Hace 1 minuto: su estado en Zendesk se cambió a En línea.');
  });

  it('falls back to English for a locale the app does not ship', async () => {
    // Act
    await mount({ user: { id: 10011, locale: 'pt-BR', role: 'agent' } });
    // Assess
    expect(byTestId('aircall-status').textContent).toBe('AircallAvailable');
  });
});

describe('the background instance', () => {
  it('renders nothing and keeps the top-bar icon current through the top-bar instance, every 30 s', async () => {
    // Prepare
    let status = meStatus(NOW);
    const instances = { 'bg-guid': { location: 'background', instanceGuid: 'bg-guid' }, 'top-guid': { location: 'top_bar', instanceGuid: 'top-guid' } };
    // Act
    const client = await mount({ location: 'background', values: { instances }, me: () => status });
    // Assess
    expect(screen.queryByTestId('status-pane')).toBeNull();
    expect(client.iconSymbols('top-guid')).toEqual(['available']);
    // Act
    status = meStatus(NOW, { direction: { direction: 'off', source: 'accounts_file' }, rule: undefined });
    await advance(29_000);
    expect(client.iconSymbols('top-guid')).toEqual(['available']);
    await advance(1000);
    // Assess
    expect(client.iconSymbols('top-guid')).toEqual(['available', 'paused']);
    expect(requestsTo(client, APP_API_ROUTES.meStatus)).toBe(2);
  });
});
