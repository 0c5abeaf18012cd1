/**
 * @jest-environment jsdom
 */
// Accounts without omnichannel routing (issue 14 §3) in the app on the stub ZAF client: the top bar shows that the
// Zendesk status in use is the Talk availability, or, with the opt-in `talkAgentState` setting off, that Zendesk is
// not synced and how to turn it on; the admin console shows the setting next to the mode. English and Spanish.
import './jsdom-match-media';
import { act, render, screen } from '@testing-library/react';
import type { ZafSettings } from 'zendesk_app_framework_sdk';
import { APP_API_ROUTES, type DirectionInForce } from '../../shared/app-api';
import { CONSOLE_ROUTES } from '../../shared/console';
import { Root } from '../../app/src/Root';
import { startZaf } from '../../app/src/zaf/start';
import { ADMIN, FakeBackend, mountConsole, popupPosts, sessionMessage } from './console-harness';
import { consoleResponse, meStatus } from './fixtures';
import { StubZafClient } from './stub-zaf-client';

const NOW = Date.UTC(2026, 11, 3, 10, 0, 0);
const SETTINGS: ZafSettings = { syncDirection: 'aircall_to_zendesk' };
const AGENT_ES = { id: 10011, email: 'jane@example.com', locale: 'es', role: 'agent' };
const a2z: DirectionInForce = { direction: 'aircall_to_zendesk', source: 'installation' };

beforeEach(() => jest.useFakeTimers({ now: NOW }));
afterEach(() => jest.useRealTimers());

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => jest.advanceTimersByTime(0));
}

async function mountTopBar(me: unknown, user?: Record<string, unknown>) {
  const client = new StubZafClient(SETTINGS, { location: 'top_bar' }, user ? { currentUser: user } : {});
  client.respond(APP_API_ROUTES.meStatus, () => me);
  client.startSession();
  render(<Root session={startZaf({ init: () => client })} />);
  await act(async () => client.register());
  await settle();
}

describe('the top bar without omnichannel routing', () => {
  it('setting on: the Zendesk status in use is the Talk availability', async () => {
    await mountTopBar(meStatus(NOW, { direction: { ...a2z, talkAgentState: true }, zendeskStatusMode: { mode: 'talk', state: 'talk_in_use' } }));
    const line = screen.getByTestId('zendesk-status-mode');
    expect(line.dataset.state).toBe('talk_in_use');
    expect(line.textContent).toBe('Zendesk status in use: the Talk availability (this account has no omnichannel routing, so there is no unified status).');
  });

  it('setting off: Zendesk is not synced, and how to turn it on', async () => {
    await mountTopBar(meStatus(NOW, { direction: a2z, zendeskStatusMode: { mode: 'talk', state: 'talk_off' } }));
    const line = screen.getByTestId('zendesk-status-mode');
    expect(line.dataset.state).toBe('talk_off');
    expect(line.textContent).toBe(
      'This account has no omnichannel routing, so Zendesk is not synced. An admin can turn on the app setting "Without omnichannel routing, sync the Talk availability" to sync the Talk availability.',
    );
  });

  it('in Spanish, off', async () => {
    await mountTopBar(meStatus(NOW, { direction: a2z, zendeskStatusMode: { mode: 'talk', state: 'talk_off' } }), AGENT_ES);
    expect(screen.getByTestId('zendesk-status-mode').textContent).toBe(
      'Esta cuenta no tiene enrutamiento omnicanal, así que Zendesk no se sincroniza. Un administrador puede activar el ajuste «Sin enrutamiento omnicanal, sincronizar la disponibilidad de Talk» para sincronizar la disponibilidad de Talk.',
    );
  });

  it('in Spanish, on', async () => {
    await mountTopBar(meStatus(NOW, { direction: { ...a2z, talkAgentState: true }, zendeskStatusMode: { mode: 'talk', state: 'talk_in_use' } }), AGENT_ES);
    expect(screen.getByTestId('zendesk-status-mode').textContent).toBe(
      'Estado de Zendesk en uso: la disponibilidad de Talk (esta cuenta no tiene enrutamiento omnicanal, así que no hay estado unificado).',
    );
  });

  it('with omnichannel routing (no field): no line', async () => {
    await mountTopBar(meStatus(NOW, { direction: a2z }));
    expect(screen.queryByTestId('zendesk-status-mode')).toBeNull();
  });

  it('sync off: no line', async () => {
    await mountTopBar(meStatus(NOW, { direction: { direction: 'off', source: 'installation' }, zendeskStatusMode: { mode: 'talk', state: 'talk_off' } }));
    expect(screen.getByTestId('status-pane')).toBeTruthy();
    expect(screen.queryByTestId('zendesk-status-mode')).toBeNull();
  });

  it('an unknown state from a newer backend: no line', async () => {
    await mountTopBar(meStatus(NOW, { direction: a2z, zendeskStatusMode: { mode: 'talk', state: 'later' as 'talk_off' } }));
    expect(screen.getByTestId('status-pane')).toBeTruthy();
    expect(screen.queryByTestId('zendesk-status-mode')).toBeNull();
  });
});

describe('the admin console: the setting next to the mode', () => {
  async function show(direction: DirectionInForce, mode: 'talk' | 'unified', locale?: string) {
    const data = { ...consoleResponse(NOW), direction, zendeskStatusMode: { mode, source: 'account_setting' as const } };
    const backend = new FakeBackend().on('GET', CONSOLE_ROUTES.console, () => ({ body: data }));
    await mountConsole({ backend, boot: { accountId: 'example' }, ...(locale && { user: { ...ADMIN, locale } }) });
    await popupPosts(sessionMessage(NOW));
  }

  it('talk mode, setting off: off, and the problem with what to do', async () => {
    await show(a2z, 'talk');
    const field = screen.getByTestId('talk-agent-state-setting');
    expect(field.dataset.on).toBe('false');
    expect(field.textContent).toContain('Without omnichannel routing, sync the Talk availabilityOff (the default)');
    expect(screen.getByTestId('talk-mode-off').textContent).toBe(
      'This account has no omnichannel routing, so Zendesk is not synced: turn on the setting "Without omnichannel routing, sync the Talk availability" to sync the Talk availability.',
    );
  });

  it('talk mode, setting on, in Spanish: on, no problem', async () => {
    await show({ ...a2z, talkAgentState: true }, 'talk', 'es-419');
    const field = screen.getByTestId('talk-agent-state-setting');
    expect(field.dataset.on).toBe('true');
    expect(field.textContent).toBe(
      'Sin enrutamiento omnicanal, sincronizar la disponibilidad de TalkActivado: sin enrutamiento omnicanal, se sincroniza la disponibilidad de Talk',
    );
    expect(screen.queryByTestId('talk-mode-off')).toBeNull();
  });

  it('unified mode, setting off: shown off, no problem (unified accounts are unaffected)', async () => {
    await show(a2z, 'unified');
    expect(screen.getByTestId('talk-agent-state-setting').dataset.on).toBe('false');
    expect(screen.queryByTestId('talk-mode-off')).toBeNull();
  });
});
