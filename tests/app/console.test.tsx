/**
 * @jest-environment jsdom
 */
// The admin console (nav_bar) in jsdom: Connect or Sign in with Zendesk through the popup, the admin session taken
// only from the backend's origin and sent as a bearer token, Connect Aircall both ways, the onboarding steps and
// Retry, Disconnect, what the console shows, sign-out on 401 and at expiry, Spanish, and agents kept out.
import './jsdom-match-media';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { CONSOLE_ROUTES, type ConsoleResponse } from '../../shared/console';
import { consoleResponse } from './fixtures';
import { ADMIN, AGENT, FakeBackend, mountConsole, popupPosts, PUBLIC_URL, sessionMessage, settle } from './console-harness';

const NOW = Date.UTC(2026, 11, 3, 9, 0, 0);

let consoleError: jest.SpyInstance;
beforeEach(() => {
  jest.useFakeTimers({ now: NOW });
  consoleError = jest.spyOn(console, 'error');
});
afterEach(() => {
  jest.useRealTimers();
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

const byTestId = (id: string) => screen.getByTestId(id);
const click = async (id: string) => {
  await act(async () => {
    fireEvent.click(byTestId(id));
  });
  await settle();
};

/** A backend whose console answers `data` (changed by the actions the test wires). */
function backendWith(data: () => ConsoleResponse): FakeBackend {
  return new FakeBackend().on('GET', CONSOLE_ROUTES.console, () => ({ body: data() }));
}

/** Mounts as an admin and signs in through the popup's message. */
async function signedIn(backend: FakeBackend, boot = { accountId: 'example' }) {
  const mounted = await mountConsole({ backend, boot });
  await popupPosts(sessionMessage(NOW));
  return mounted;
}

describe('before sign-in', () => {
  it('a fresh account (the boot says unknown_account): Connect Zendesk opens the OAuth start for the subdomain', async () => {
    // Prepare
    const { popups, backend } = await mountConsole({ boot: { problem: 'unknown_account' } });
    expect(screen.queryByTestId('zendesk-signin')).toBeNull();

    // Act
    await click('zendesk-connect');

    // Assess
    expect(popups).toHaveLength(1);
    expect(popups[0]?.url).toBe(`${PUBLIC_URL}/oauth/zendesk/start?subdomain=example`);
    expect(backend.calls).toEqual([]);
    expect(screen.queryByTestId('aircall-section')).toBeNull();
  });

  it('a connected account: Sign in with Zendesk asks only to sign in (purpose=signin)', async () => {
    const { popups } = await mountConsole({ boot: { accountId: 'example' } });
    expect(screen.queryByTestId('zendesk-connect')).toBeNull();
    await click('zendesk-signin');
    expect(popups[0]?.url).toBe(`${PUBLIC_URL}/oauth/zendesk/start?subdomain=example&purpose=signin`);
  });

  it('when the boot cannot say (another problem, e.g. Zendesk unreachable), both Sign in and Connect are offered', async () => {
    const { popups } = await mountConsole({ boot: { problem: 'unavailable' } });
    await click('zendesk-signin');
    await click('zendesk-connect');
    expect(popups.map((p) => p.url)).toEqual([
      `${PUBLIC_URL}/oauth/zendesk/start?subdomain=example&purpose=signin`,
      `${PUBLIC_URL}/oauth/zendesk/start?subdomain=example`,
    ]);
  });

  it('without a boot object the subdomain comes from the ZAF context, and a backendUrl setting an older installation kept is not a backend', async () => {
    await mountConsole({ boot: null, settings: { backendUrl: 'https://legacy.example.com/prod/' } });
    expect(byTestId('admin-console').textContent).toContain('Connections and health for example.zendesk.com');
    expect(byTestId('no-backend').textContent).toMatch(/does not know its backend's address/);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('no backend address at all: says so and offers nothing to click', async () => {
    await mountConsole({ boot: null, settings: {} });
    expect(byTestId('no-backend').textContent).toMatch(/does not know its backend's address/);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('a blocked popup is reported', async () => {
    await mountConsole({ boot: {}, blockPopups: true });
    await click('zendesk-connect');
    expect(byTestId('popup-blocked').textContent).toBe('The browser blocked the sign-in window. Allow pop-ups for this page and try again.');
  });

  it('an agent is told the console is for admins, and nothing is offered', async () => {
    const { backend } = await mountConsole({ user: AGENT });
    expect(byTestId('admins-only').textContent).toMatch(/^The admin console is for Zendesk admins/);
    expect(screen.queryByRole('button')).toBeNull();
    await popupPosts(sessionMessage(NOW));
    expect(backend.calls).toEqual([]);
  });
});

describe('the admin session from the popup', () => {
  it('is taken only from the backend origin, with the contract fields, and then sent as a bearer token', async () => {
    // Prepare
    const backend = backendWith(() => consoleResponse(NOW));
    await mountConsole({ backend, boot: { accountId: 'example' } });

    // Act: messages another page could post: another origin, wrong type, missing or expired fields, junk.
    await popupPosts(sessionMessage(NOW), 'https://evil.example.com');
    await popupPosts(sessionMessage(NOW), 'https://api.example.com:8443');
    await popupPosts({ ...sessionMessage(NOW), type: 'other' });
    await popupPosts({ ...sessionMessage(NOW), token: '' });
    await popupPosts({ ...sessionMessage(NOW), expiresAt: NOW - 1 });
    await popupPosts({ ...sessionMessage(NOW), accountId: 42 });
    await popupPosts('not json');
    await popupPosts(null);

    // Assess: nothing was asked of the backend.
    expect(backend.calls).toEqual([]);
    expect(byTestId('zendesk-signin')).toBeTruthy();

    // Act: the real message, as a JSON string (either form is read).
    await popupPosts(JSON.stringify(sessionMessage(NOW, 'tok-123')));

    // Assess
    expect(backend.calls).toEqual([{ method: 'GET', path: CONSOLE_ROUTES.console, authorization: 'Bearer tok-123' }]);
    expect(byTestId('signed-in-as').textContent).toBe('Signed in as Ada Admin.');
    expect(screen.queryByTestId('zendesk-signin')).toBeNull();
  });

  it('is never written to storage', async () => {
    const backend = backendWith(() => consoleResponse(NOW));
    await signedIn(backend);
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
    expect(document.cookie).toBe('');
  });

  it('an OAuth error from the popup is shown', async () => {
    await mountConsole({ boot: {} });
    await popupPosts({ type: 'agent-status-sync:oauth-error', message: 'Only Zendesk admins can connect this app.' });
    expect(byTestId('oauth-error').textContent).toBe('Zendesk sign-in did not complete: Only Zendesk admins can connect this app.');
  });

  it('ends at its expiry: the console asks to sign in again', async () => {
    const backend = backendWith(() => consoleResponse(NOW));
    await signedIn(backend);
    expect(byTestId('aircall-section')).toBeTruthy();
    await act(async () => jest.advanceTimersByTime(3_600_000));
    await settle();
    expect(screen.queryByTestId('aircall-section')).toBeNull();
    expect(byTestId('session-expired').textContent).toMatch(/^Your sign-in ended/);
    expect(byTestId('zendesk-signin')).toBeTruthy();
  });

  it('a 401 from the backend signs the admin out', async () => {
    const backend = new FakeBackend().on('GET', CONSOLE_ROUTES.console, () => ({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'The session ended' } },
    }));
    await signedIn(backend);
    expect(byTestId('session-expired')).toBeTruthy();
    expect(byTestId('zendesk-signin')).toBeTruthy();
  });
});

describe('what the console shows', () => {
  it('each connection, the steps, both webhooks, the agents, the budget and the audit log', async () => {
    const backend = backendWith(() => consoleResponse(NOW));
    await signedIn(backend);

    const zendesk = within(byTestId('zendesk-connection'));
    expect(byTestId('zendesk-state').dataset.state).toBe('connected');
    expect(zendesk.getByTestId('zendesk-grantor').textContent).toBe('Granted byAda Admin · ada@example.com');
    expect(zendesk.getByTestId('zendesk-scopes').textContent).toBe('Scopesread write');
    expect(zendesk.getByTestId('zendesk-token-expiry').textContent).toMatch(/^Access tokenexpires .+ \(renewed automatically\)$/);
    expect(byTestId('aircall-state').dataset.state).toBe('connected');
    expect(byTestId('aircall-kind').textContent).toBe("HowAircall's install (OAuth)");
    // A grantor known only by id (an install started in Aircall, linked at the Zendesk sign-in) is named as such.
    expect(byTestId('aircall-grantor').textContent).toBe('Granted byZendesk user 1');
    // Connected: no connect offers for Aircall.
    expect(screen.queryByTestId('aircall-connect')).toBeNull();
    expect(screen.queryByTestId('aircall-credentials')).toBeNull();

    expect(byTestId('onboarding-steps').dataset.allDone).toBe('true');
    expect(screen.queryByTestId('setup-run')).toBeNull();
    expect(byTestId('step-directory-detail').textContent).toBe('2 agents linked');

    expect(byTestId('webhook-zendesk').dataset.active).toBe('true');
    expect(byTestId('webhook-zendesk-last-delivery').textContent).toBe('Last delivery2 minutes ago (success)');
    expect(byTestId('webhook-aircall-last-delivery').textContent).toBe('Last delivery5 minutes ago');

    expect(byTestId('linked-agents').dataset.count).toBe('2');
    expect(within(byTestId('linked-agents')).getByText('Zendesk 10011 · Aircall 501')).toBeTruthy();
    expect(within(byTestId('unmatched-aircall')).getByText('Solo Aircall · solo.aircall@example.com')).toBeTruthy();
    expect(byTestId('rate-budget').textContent).toBe('Aircall request budget12 of 60 used (60 a minute)');
    expect(byTestId('keep-in-step-setting').dataset.keepInStep).toBe('false');
    expect(within(byTestId('audit-entries')).getAllByRole('row')).toHaveLength(3);
  });

  it('a Zendesk side that needs reconnecting says why, and offers Reconnect', async () => {
    const data = consoleResponse(NOW);
    data.connections.zendesk = {
      ...data.connections.zendesk,
      state: 'needs_reconnect',
      needsReconnect: { since: NOW - 600_000, reason: 'the refresh token was revoked' },
    };
    const backend = backendWith(() => data);
    const { popups } = await signedIn(backend);
    expect(byTestId('zendesk-needs-reconnect').textContent).toMatch(/: the refresh token was revoked\. Sync is paused/);
    await click('zendesk-connect');
    expect(byTestId('zendesk-connect').textContent).toBe('Reconnect Zendesk');
    expect(popups[0]?.url).toBe(`${PUBLIC_URL}/oauth/zendesk/start?subdomain=example`);
  });

  it('reloads every 15 s while signed in', async () => {
    const backend = backendWith(() => consoleResponse(NOW));
    await signedIn(backend);
    await act(async () => jest.advanceTimersByTime(15_000));
    await settle();
    expect(backend.to(CONSOLE_ROUTES.console)).toHaveLength(2);
  });

  it('a load failure keeps what was shown and says why', async () => {
    let fail = false;
    const backend = new FakeBackend().on('GET', CONSOLE_ROUTES.console, () => (fail ? 'network_error' : { body: consoleResponse(NOW) }));
    await signedIn(backend);
    fail = true;
    await act(async () => jest.advanceTimersByTime(15_000));
    await settle();
    expect(byTestId('console-load-error').textContent).toBe(
      'The account could not be loaded. The backend could not be reached. Check your connection and try again.',
    );
    expect(byTestId('aircall-section')).toBeTruthy();
  });

  it('in Spanish', async () => {
    const backend = backendWith(() => consoleResponse(NOW));
    await mountConsole({ backend, user: { ...ADMIN, locale: 'es-419' }, boot: { accountId: 'example' } });
    expect(byTestId('zendesk-signin').textContent).toBe('Iniciar sesión con Zendesk');
    await popupPosts(sessionMessage(NOW));
    expect(byTestId('onboarding-steps').textContent).toMatch(/^Configuración/);
    expect(byTestId('zendesk-state').textContent).toBe('Conectado');
  });
});

describe('Connect Aircall', () => {
  const fresh = () => {
    const data = consoleResponse(NOW);
    data.connections.aircall = { state: 'disconnected' };
    data.steps = [
      { step: 'zendesk_webhook', status: 'done' },
      { step: 'aircall_webhook', status: 'blocked', detail: 'connect Aircall first' },
      { step: 'directory', status: 'blocked', detail: 'connect Aircall first' },
      { step: 'first_sync', status: 'blocked', detail: 'connect Aircall first' },
    ];
    return data;
  };

  it('hosted: opens the popup on the click, then sends it to the install URL the backend gives', async () => {
    // Prepare
    let data = fresh();
    data.aircallConnectModes = { oauth: true, paste: false };
    const backend = backendWith(() => data).on('POST', CONSOLE_ROUTES.aircallConnect, () => ({
      body: { url: `${PUBLIC_URL}/oauth/aircall/install?ticket=t1` },
    }));
    const { popups } = await signedIn(backend);
    expect(screen.queryByTestId('aircall-credentials')).toBeNull();

    // Act
    await click('aircall-connect');

    // Assess: the popup was opened blank (on the click), then sent on.
    expect(popups).toHaveLength(1);
    expect(popups[0]?.url).toBe('about:blank');
    expect(popups[0]?.location.href).toBe(`${PUBLIC_URL}/oauth/aircall/install?ticket=t1`);
    expect(backend.to(CONSOLE_ROUTES.aircallConnect, 'POST')[0]?.authorization).toBe('Bearer session-token-1');
    expect(byTestId('aircall-popup-open')).toBeTruthy();

    // Act: Aircall's consent is done; the callback page says so and closes.
    data = consoleResponse(NOW);
    await popupPosts({ type: 'agent-status-sync:aircall-connected', accountId: 'example' });
    (popups[0] as { closed: boolean }).closed = true;
    await act(async () => jest.advanceTimersByTime(500));
    await settle();

    // Assess
    expect(byTestId('aircall-state').dataset.state).toBe('connected');
    expect(byTestId('onboarding-steps').dataset.allDone).toBe('true');
  });

  it('hosted: a refused connect closes the popup and shows the backend message', async () => {
    const data = fresh();
    const backend = backendWith(() => data).on('POST', CONSOLE_ROUTES.aircallConnect, () => ({
      status: 409,
      body: { error: { code: 'conflict', message: 'Connect Zendesk first.' } },
    }));
    const { popups } = await signedIn(backend);
    await click('aircall-connect');
    expect(popups[0]?.closed).toBe(true);
    expect(byTestId('error-aircall-connect').textContent).toBe('The backend said: Connect Zendesk first.');
  });

  it('self-hosted: the pasted ID and token go to the backend, a refusal keeps the form, a success clears it', async () => {
    // Prepare
    let data = fresh();
    data.aircallConnectModes = { oauth: false, paste: true };
    let accept = false;
    const backend = backendWith(() => data).on('POST', CONSOLE_ROUTES.aircallCredentials, () => {
      if (!accept) return { status: 400, body: { error: { code: 'bad_request', message: 'Aircall refused these credentials (401).', field: 'apiToken' } } };
      data = consoleResponse(NOW);
      return { body: { connection: data.connections.aircall, steps: data.steps } };
    });
    await signedIn(backend);
    expect(screen.queryByTestId('aircall-connect')).toBeNull();
    const id = byTestId('aircall-api-id') as HTMLInputElement;
    const token = byTestId('aircall-api-token') as HTMLInputElement;
    expect(token.type).toBe('password');
    expect((byTestId('aircall-save') as HTMLButtonElement).disabled).toBe(true);

    // Act: a wrong token.
    fireEvent.change(id, { target: { value: ' 1234 ' } });
    fireEvent.change(token, { target: { value: 'wrong' } });
    await click('aircall-save');

    // Assess
    expect(backend.to(CONSOLE_ROUTES.aircallCredentials)).toEqual([
      { method: 'POST', path: CONSOLE_ROUTES.aircallCredentials, authorization: 'Bearer session-token-1', body: { apiId: '1234', apiToken: 'wrong' } },
    ]);
    expect(byTestId('error-aircall-credentials').textContent).toBe('The backend said: Aircall refused these credentials (401).');
    expect(token.value).toBe('wrong');

    // Act: the right one.
    accept = true;
    fireEvent.change(token, { target: { value: 'right' } });
    await click('aircall-save');

    // Assess: connected, the form gone with the token.
    expect(byTestId('aircall-state').dataset.state).toBe('connected');
    expect(screen.queryByTestId('aircall-credentials')).toBeNull();
    expect(document.body.innerHTML).not.toContain('right');
  });
});

describe('the onboarding steps', () => {
  it('shows a failed step with its error; Retry runs that step again', async () => {
    // Prepare
    let data = consoleResponse(NOW);
    data.steps = data.steps.map((s) => (s.step === 'aircall_webhook' ? { step: s.step, status: 'failed', error: 'Aircall answered 503' } : s));
    const backend = backendWith(() => data).on('POST', CONSOLE_ROUTES.setup, () => {
      data = consoleResponse(NOW);
      return { body: { steps: data.steps } };
    });
    await signedIn(backend);
    expect(byTestId('step-aircall_webhook').dataset.status).toBe('failed');
    expect(byTestId('step-aircall_webhook-error').textContent).toBe('What went wrong: Aircall answered 503');
    expect(byTestId('setup-run').textContent).toBe('Retry the failed steps');

    // Act
    await click('step-aircall_webhook-retry');

    // Assess
    expect(backend.to(CONSOLE_ROUTES.setup)).toEqual([
      { method: 'POST', path: CONSOLE_ROUTES.setup, authorization: 'Bearer session-token-1', body: { steps: ['aircall_webhook'] } },
    ]);
    expect(byTestId('step-aircall_webhook').dataset.status).toBe('done');
    expect(byTestId('onboarding-steps').dataset.allDone).toBe('true');
  });

  it('steps not run yet: Run setup runs them all; a failure of the call is shown', async () => {
    const data = consoleResponse(NOW, { steps: [] });
    const backend = backendWith(() => data).on('POST', CONSOLE_ROUTES.setup, () => ({
      status: 502,
      body: { error: { code: 'bad_gateway', message: 'Zendesk answered 500' } },
    }));
    await signedIn(backend);
    expect(byTestId('step-first_sync').dataset.status).toBe('pending');
    await click('setup-run');
    expect(backend.to(CONSOLE_ROUTES.setup)[0]?.body).toEqual({});
    expect(byTestId('error-setup').textContent).toBe('The backend said: Zendesk answered 500');
  });
});

describe('Disconnect', () => {
  it('asks to confirm, then disconnects that side only', async () => {
    // Prepare
    let data = consoleResponse(NOW);
    const backend = backendWith(() => data).on('POST', CONSOLE_ROUTES.disconnect, (call) => {
      data = consoleResponse(NOW);
      data.connections.aircall = { state: 'disconnected' };
      return { body: { side: (call.body as { side: string }).side, state: 'disconnected', detail: ['webhook deleted'] } };
    });
    await signedIn(backend);

    // Act: the first click only asks; Cancel keeps it.
    await click('disconnect-aircall');
    await click('disconnect-aircall-cancel');
    expect(backend.to(CONSOLE_ROUTES.disconnect)).toEqual([]);
    await click('disconnect-aircall');
    await click('disconnect-aircall-confirm');

    // Assess
    expect(backend.to(CONSOLE_ROUTES.disconnect)).toEqual([
      { method: 'POST', path: CONSOLE_ROUTES.disconnect, authorization: 'Bearer session-token-1', body: { side: 'aircall' } },
    ]);
    expect(byTestId('aircall-state').dataset.state).toBe('disconnected');
    expect(byTestId('aircall-connect')).toBeTruthy();
    expect(byTestId('zendesk-state').dataset.state).toBe('connected');
  });
});
