/**
 * @jest-environment jsdom
 */
// Two-way sync (issue 14 §2) in the app on the stub ZAF client: the top bar shows "Two-way", the master side, that
// keepInStep is ignored, and both directions' rules; the admin console shows the same; English and Spanish.
import './jsdom-match-media';
import { screen, within } from '@testing-library/react';
import type { ZafSettings } from 'zendesk_app_framework_sdk';
import type { DirectionInForce } from '../../shared/app-api';
import { CONSOLE_ROUTES } from '../../shared/console';
import { FakeBackend, mountConsole, popupPosts, sessionMessage } from './console-harness';
import { fakeClockAndNoConsoleErrors, mountTopBar, type TopBarOptions } from './top-bar-harness';
import { consoleResponse, meStatus } from './fixtures';

const NOW = Date.UTC(2026, 4, 4, 10, 0, 0);
const SETTINGS: ZafSettings = { syncDirection: 'both' };
const ADMIN = { id: 1, name: 'Ada Admin', email: 'ada@example.com', locale: 'en', role: 'admin' };
const AGENT_ES = { id: 10011, email: 'jane@example.com', locale: 'es', role: 'agent' };
const both = (extra: Partial<DirectionInForce> = {}): DirectionInForce => ({ direction: 'both', source: 'installation', twoWayMaster: 'aircall', ...extra });

fakeClockAndNoConsoleErrors(NOW);

const mount = (options: Omit<TopBarOptions, 'settings'> & { settings?: ZafSettings }) => mountTopBar({ settings: SETTINGS, ...options });

const byTestId = (id: string) => screen.getByTestId(id);

describe('the top bar with two-way sync', () => {
  it('says Two-way, that either side is copied and the side changed keeps its status, and who wins a tie', async () => {
    await mount({ me: () => meStatus(NOW, { direction: both() }) });

    expect(byTestId('sync-direction').dataset.direction).toBe('both');
    expect(byTestId('sync-direction').textContent).toBe('Sync direction: Two-way (Aircall ↔ Zendesk)');
    expect(byTestId('keep-in-step').textContent).toBe('Two-way sync: a change on either side is copied to the other; the side you changed keeps your status.');
    expect(byTestId('two-way-master').dataset.master).toBe('aircall');
    expect(byTestId('two-way-master').textContent).toBe('When changes on both sides cannot be ordered, Aircall wins.');
    // Both directions' rules: two tables, neither saying changes are not copied back.
    expect(screen.getAllByRole('table')).toHaveLength(2);
    expect(document.body.textContent).not.toContain('are not copied to');
  });

  it('keepInStep on is said to be ignored; master zendesk', async () => {
    await mount({ me: () => meStatus(NOW, { direction: both({ keepInStep: true, twoWayMaster: 'zendesk' }) }) });

    expect(byTestId('keep-in-step').textContent).toBe(
      'Two-way sync: a change on either side is copied to the other. "Undo changes made on the other side" is on, but it is ignored with two-way sync.',
    );
    expect(byTestId('two-way-master').textContent).toBe('When changes on both sides cannot be ordered, Zendesk wins.');
  });

  it('before the backend answers, from the settings: both and the master', async () => {
    await mount({ settings: { syncDirection: 'both', twoWayMaster: 'zendesk' }, me: () => new Promise(() => {}) });

    expect(byTestId('sync-direction').dataset.direction).toBe('both');
    expect(byTestId('two-way-master').dataset.master).toBe('zendesk');
  });

  it('in Spanish', async () => {
    await mount({ user: AGENT_ES, me: () => meStatus(NOW, { direction: both({ keepInStep: true }) }) });

    expect(byTestId('sync-direction').textContent).toBe('Dirección de la sincronización: Bidireccional (Aircall ↔ Zendesk)');
    expect(byTestId('keep-in-step').textContent).toContain('se ignora con la sincronización bidireccional');
    expect(byTestId('two-way-master').textContent).toBe('Cuando los cambios de ambos lados no se pueden ordenar, gana Aircall.');
  });
});

describe('the admin console with two-way sync', () => {
  const facts = async (direction: DirectionInForce, user: Record<string, unknown> = ADMIN) => {
    const backend = new FakeBackend().on('GET', CONSOLE_ROUTES.console, () => ({ body: consoleResponse(NOW, { direction }) }));
    await mountConsole({ backend, user, boot: { accountId: 'example' } });
    await popupPosts(sessionMessage(NOW));
    return within(byTestId('sync-facts'));
  };

  it('shows the direction, the master side and that keepInStep is ignored', async () => {
    const health = await facts(both({ keepInStep: true, twoWayMaster: 'zendesk' }));

    expect(health.getByTestId('direction-in-force').dataset.direction).toBe('both');
    expect(health.getByTestId('direction-in-force').textContent).toContain('Two-way (Aircall ↔ Zendesk)');
    expect(health.getByTestId('keep-in-step-setting').textContent).toBe(
      'Undo changes made on the other sideIgnored: with two-way sync each side keeps what an agent sets there and is copied to the other',
    );
    expect(health.getByTestId('two-way-master').dataset.master).toBe('zendesk');
    expect(health.getByTestId('two-way-master').textContent).toBe(
      'Two-way sync: side that wins a tieTwo-way sync: Zendesk wins changes that cannot be ordered',
    );
  });

  it('no master line with one direction', async () => {
    const health = await facts({ direction: 'aircall_to_zendesk', source: 'installation' });
    expect(health.queryByTestId('two-way-master')).toBeNull();
  });
});
