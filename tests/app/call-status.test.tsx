/**
 * @jest-environment jsdom
 */
// Call-aware status (issue 14 §1) in the app on the stub ZAF client: the top bar says when Zendesk is held during a
// call or its wrap-up, what the setting does, that it is ignored, or (admins) that it names no status; the admin
// console shows the setting; English and Spanish.
import './jsdom-match-media';
import { screen, within } from '@testing-library/react';
import type { ZafSettings } from 'zendesk_app_framework_sdk';
import type { DirectionInForce } from '../../shared/app-api';
import { CONSOLE_ROUTES } from '../../shared/console';
import { FakeBackend, mountConsole, popupPosts, sessionMessage } from './console-harness';
import { fakeClockAndNoConsoleErrors, mountTopBar, type TopBarOptions } from './top-bar-harness';
import { consoleResponse, meStatus } from './fixtures';

const NOW = Date.UTC(2026, 4, 4, 10, 0, 0);
const SETTINGS: ZafSettings = { syncDirection: 'aircall_to_zendesk', callStatus: 'transfers_only' };
const ADMIN = { id: 1, name: 'Ada Admin', email: 'ada@example.com', locale: 'en', role: 'admin' };
const AGENT_ES = { id: 10011, email: 'jane@example.com', locale: 'es', role: 'agent' };
const a2z: DirectionInForce = { direction: 'aircall_to_zendesk', source: 'installation', callStatus: 'transfers_only' };

fakeClockAndNoConsoleErrors(NOW);

const mount = (options: Omit<TopBarOptions, 'settings'> & { settings?: ZafSettings }) => mountTopBar({ settings: SETTINGS, ...options });

const byTestId = (id: string) => screen.getByTestId(id);

describe('the top bar with call-aware status', () => {
  it('on a call: Zendesk held at Transfers only; in wrap-up likewise; the setting line gives way to it', async () => {
    await mount({
      me: () =>
        meStatus(NOW, {
          direction: a2z,
          callStatus: { name: 'transfers_only', state: 'on', key: 'transfers_only' },
          onCall: { phase: 'call', key: 'transfers_only', since: NOW - 60_000 },
        }),
    });

    expect(byTestId('on-call').dataset.phase).toBe('call');
    expect(byTestId('on-call').textContent).toBe('On a call: Zendesk held at Transfers only until the call ends.');
    expect(screen.queryByTestId('call-status')).toBeNull();
  });

  it('in wrap-up, with a custom status, in Spanish', async () => {
    const onCall = { phase: 'wrap_up' as const, key: 'custom:901', name: 'On a call', since: NOW - 60_000 };
    await mount({ user: AGENT_ES, me: () => meStatus(NOW, { direction: a2z, callStatus: { name: 'On a call', state: 'on', key: 'custom:901' }, onCall }) });

    expect(byTestId('on-call').dataset.phase).toBe('wrap_up');
    expect(byTestId('on-call').textContent).toContain('En tiempo posterior a la llamada: Zendesk se mantiene en On a call');
  });

  it('not on a call: what calls do; ignored with zendesk_to_aircall; a bad name told to admins only', async () => {
    await mount({ me: () => meStatus(NOW, { direction: a2z, callStatus: { name: 'transfers_only', state: 'on', key: 'transfers_only' } }) });
    expect(byTestId('call-status').dataset.state).toBe('on');
    expect(byTestId('call-status').textContent).toBe(
      'During Aircall calls and wrap-up, Zendesk shows Transfers only; then your status from before comes back.',
    );
  });

  it('ignored when Zendesk is the source', async () => {
    await mount({
      me: () => meStatus(NOW, { direction: { ...a2z, direction: 'zendesk_to_aircall' }, callStatus: { name: 'transfers_only', state: 'ignored' } }),
    });
    expect(byTestId('call-status').textContent).toBe(
      'The setting "Zendesk status during Aircall calls" ("transfers_only") is ignored: Aircall is not a source of the sync.',
    );
  });

  it('an unknown name: the admin is told, the agent is not', async () => {
    const me = () => meStatus(NOW, { direction: a2z, callStatus: { name: 'Busy', state: 'invalid', problem: 'no such status' } });
    await mount({ user: ADMIN, me });
    expect(byTestId('call-status').textContent).toContain('is "Busy", which is no Zendesk status of this account: call-aware status is off until it is fixed.');
  });

  it('an unknown name is not shown to an agent', async () => {
    await mount({ me: () => meStatus(NOW, { direction: a2z, callStatus: { name: 'Busy', state: 'invalid', problem: 'no such status' } }) });
    expect(screen.queryByTestId('call-status')).toBeNull();
  });
});

describe('the admin console shows the callStatus setting', () => {
  const facts = async (overrides: Parameters<typeof consoleResponse>[1], user: Record<string, unknown> = ADMIN) => {
    const backend = new FakeBackend().on('GET', CONSOLE_ROUTES.console, () => ({ body: consoleResponse(NOW, overrides) }));
    await mountConsole({ backend, user, boot: { accountId: 'example' } });
    await popupPosts(sessionMessage(NOW));
    return within(byTestId('sync-facts'));
  };

  it('off when empty', async () => {
    const f = await facts({});
    expect(f.getByTestId('call-status-setting').dataset.state).toBe('off');
    expect(f.getByTestId('call-status-setting').textContent).toBe('Zendesk status during Aircall callsOff (empty)');
  });

  it('on, with the status held', async () => {
    const f = await facts({ direction: a2z, callStatus: { name: 'transfers_only', state: 'on', key: 'transfers_only' } });
    expect(f.getByTestId('call-status-setting').textContent).toBe(
      'Zendesk status during Aircall callsTransfers only while an agent is on an Aircall call or in wrap-up',
    );
  });

  it('invalid, with the problem', async () => {
    const problem = 'The app setting "callStatus" is "Busy", which is no status of this Zendesk account';
    const f = await facts({ direction: a2z, callStatus: { name: 'Busy', state: 'invalid', problem } });
    expect(f.getByTestId('call-status-setting').dataset.state).toBe('invalid');
    expect(f.getByTestId('call-status-setting').textContent).toContain('"Busy": no such Zendesk status, call-aware status is off until it is fixed');
    expect(f.getByTestId('call-status-problem').textContent).toBe(problem);
  });

  it('in Spanish, ignored', async () => {
    const f = await facts(
      { direction: { ...a2z, direction: 'zendesk_to_aircall' }, callStatus: { name: 'transfers_only', state: 'ignored' } },
      { ...ADMIN, locale: 'es' },
    );
    expect(f.getByTestId('call-status-setting').textContent).toBe(
      'Estado de Zendesk durante las llamadas de Aircall"transfers_only": se ignora, Aircall no es un origen de la sincronización',
    );
  });
});
