/**
 * @jest-environment jsdom
 */
// Issue 14 §3: the admin console shows which Zendesk API holds agent statuses (unified status or Talk agent_state),
// in English and Spanish; an older backend that does not say shows nothing.
import './jsdom-match-media';
import { screen } from '@testing-library/react';
import { CONSOLE_ROUTES, type ConsoleResponse } from '../../shared/console';
import { consoleResponse } from './fixtures';
import { ADMIN, FakeBackend, mountConsole, popupPosts, sessionMessage } from './console-harness';

const NOW = Date.UTC(2026, 11, 3, 9, 0, 0);
beforeEach(() => jest.useFakeTimers({ now: NOW }));
afterEach(() => jest.useRealTimers());

async function show(data: ConsoleResponse, locale?: string) {
  const backend = new FakeBackend().on('GET', CONSOLE_ROUTES.console, () => ({ body: data }));
  await mountConsole({ backend, boot: { accountId: 'example' }, ...(locale && { user: { ...ADMIN, locale } }) });
  await popupPosts(sessionMessage(NOW));
}

test('talk mode: the Talk availability, and that custom statuses are not synced', async () => {
  await show({ ...consoleResponse(NOW), zendeskStatusMode: { mode: 'talk', source: 'webhook', since: NOW - 60_000, checkedAt: NOW - 60_000 } });
  const field = screen.getByTestId('zendesk-status-mode');
  expect(field.dataset).toMatchObject({ mode: 'talk', source: 'webhook' });
  expect(field.textContent).toBe(
    'Zendesk statusesTalk availability (omnichannel routing off): online, away, transfers only or offline, read every minute; custom statuses are not synced',
  );
});

test('unified mode, in Spanish', async () => {
  await show({ ...consoleResponse(NOW), zendeskStatusMode: { mode: 'unified', source: 'default' } }, 'es-419');
  expect(screen.getByTestId('zendesk-status-mode').textContent).toBe('Estados de ZendeskEstado unificado del agente (enrutamiento omnicanal activado)');
});

test('an older backend that does not say: nothing shown', async () => {
  const { zendeskStatusMode: _absent, ...older } = consoleResponse(NOW);
  await show(older as ConsoleResponse);
  expect(screen.getByTestId('rate-budget')).toBeTruthy();
  expect(screen.queryByTestId('zendesk-status-mode')).toBeNull();
});
