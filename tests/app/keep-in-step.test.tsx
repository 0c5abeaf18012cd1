/**
 * @jest-environment jsdom
 */
// The keepInStep setting and the agent's own change on the other side (issue 10 §1), in the app on the stub ZAF
// client: what the top bar says the other side does, "You changed Zendesk yourself…", the skip reason, both
// directions, Spanish, the setting before the backend answers, and the admin console's setting and count.
import './jsdom-match-media';
import { act, screen, within } from '@testing-library/react';
import type { ZafSettings } from 'zendesk_app_framework_sdk';
import type { MeStatusResponse } from '../../shared/app-api';
import { CONSOLE_ROUTES, type ConsoleResponse } from '../../shared/console';
import { FakeBackend, mountConsole, popupPosts, sessionMessage, settle } from './console-harness';
import { fakeClockAndNoConsoleErrors, mountTopBar, type TopBarOptions } from './top-bar-harness';
import { consoleResponse, meStatus } from './fixtures';

const NOW = Date.UTC(2026, 4, 4, 10, 0, 0);
const SETTINGS: ZafSettings = { syncDirection: 'aircall_to_zendesk' };
const ADMIN = { id: 1, name: 'Ada Admin', email: 'ada@example.com', locale: 'en', role: 'admin' };
const AGENT_ES = { id: 10011, email: 'jane@example.com', locale: 'es', role: 'agent' };

fakeClockAndNoConsoleErrors(NOW);

const mount = (options: Omit<TopBarOptions, 'settings'> & { settings?: ZafSettings }) => mountTopBar({ settings: SETTINGS, ...options });

const byTestId = (id: string) => screen.getByTestId(id);
const zendeskToAircall = (overrides: Partial<MeStatusResponse> = {}) =>
  meStatus(NOW, {
    direction: { direction: 'zendesk_to_aircall', source: 'installation' },
    rule: { from: { side: 'zendesk', key: 'online' }, to: { side: 'aircall', key: 'available' } },
    ...overrides,
  });

describe("the top bar: what the other side does with an agent's own change", () => {
  it("keepInStep absent (the default, off): the other side keeps the agent's own changes", async () => {
    // Act
    await mount({ me: () => meStatus(NOW) });
    // Assess
    const keep = byTestId('keep-in-step');
    expect(keep.dataset.keepInStep).toBe('false');
    expect(keep.textContent).toBe('Other side: Zendesk keeps your own changes there until your next Aircall change.');
  });

  it('keepInStep on: the other side always follows the source', async () => {
    // Act
    await mount({ me: () => meStatus(NOW, { direction: { direction: 'aircall_to_zendesk', source: 'installation', keepInStep: true } }) });
    // Assess
    expect(byTestId('keep-in-step').dataset.keepInStep).toBe('true');
    expect(byTestId('keep-in-step').textContent).toBe('Other side: Zendesk always follows Aircall; your own changes in Zendesk are undone.');
  });

  it('Zendesk → Aircall: the sides are swapped', async () => {
    // Act
    await mount({ settings: { ...SETTINGS, syncDirection: 'zendesk_to_aircall' }, me: () => zendeskToAircall() });
    // Assess
    expect(byTestId('keep-in-step').textContent).toBe('Other side: Aircall keeps your own changes there until your next Zendesk change.');
  });

  it('sync off: says nothing about the other side', async () => {
    // Act
    await mount({
      settings: { ...SETTINGS, syncDirection: 'off' },
      me: () => meStatus(NOW, { direction: { direction: 'off', source: 'installation', keepInStep: true }, rule: undefined }),
    });
    // Assess
    expect(byTestId('sync-direction').dataset.direction).toBe('off');
    expect(screen.queryByTestId('keep-in-step')).toBeNull();
  });

  test.each<[string, unknown, string]>([
    ['checked (true)', true, 'true'],
    ['checked, as text', 'true', 'true'],
    ['checked, as text in capitals', ' TRUE ', 'true'],
    ['unchecked', false, 'false'],
    ['not set', undefined, 'false'],
    ['something else', 'yes', 'false'],
  ])('before the backend answers, the app setting %s is shown as keepInStep %s', async (_, value, shown) => {
    // Act: the backend never answers.
    await mount({ settings: { ...SETTINGS, keepInStep: value }, me: () => new Promise(() => undefined) });
    // Assess
    expect(byTestId('sync-direction').dataset.source).toBe('setting');
    expect(byTestId('keep-in-step').dataset.keepInStep).toBe(shown);
  });
});

describe('the top bar: the agent changed the other side themselves (otherSideChanged)', () => {
  it('Aircall → Zendesk: "You changed Zendesk yourself; it follows Aircall again at your next Aircall change"', async () => {
    // Act
    const client = await mount({
      me: () => meStatus(NOW, { zendesk: { key: 'away', observedAt: NOW - 3000 }, otherSideChanged: { side: 'zendesk', at: NOW - 3000 } }),
    });
    // Assess
    const changed = byTestId('other-side-changed');
    expect(changed.dataset.side).toBe('zendesk');
    expect(changed.textContent).toBe('You changed Zendesk yourself; it follows Aircall again at your next Aircall change.');
    expect(changed.getAttribute('title')).toBeTruthy();
    expect(byTestId('zendesk-status').dataset.status).toBe('away');
    // Not a problem: no alert, and the icon still shows the source side.
    expect(changed.getAttribute('role')).toBeNull();
    expect(client.iconSymbols()).toEqual(['available']);
  });

  it('Zendesk → Aircall: "You changed Aircall yourself; it follows Zendesk again at your next Zendesk change"', async () => {
    // Act
    await mount({
      settings: { ...SETTINGS, syncDirection: 'zendesk_to_aircall' },
      me: () => zendeskToAircall({ otherSideChanged: { side: 'aircall', at: NOW - 1000 } }),
    });
    // Assess
    expect(byTestId('other-side-changed').dataset.side).toBe('aircall');
    expect(byTestId('other-side-changed').textContent).toBe('You changed Aircall yourself; it follows Zendesk again at your next Zendesk change.');
  });

  it('in Spanish', async () => {
    // Act
    await mount({ user: AGENT_ES, me: () => meStatus(NOW, { otherSideChanged: { side: 'zendesk', at: NOW } }) });
    // Assess
    expect(byTestId('other-side-changed').textContent).toBe(
      'Usted cambió Zendesk por su cuenta; volverá a seguir a Aircall con su siguiente cambio en Aircall.',
    );
    expect(byTestId('keep-in-step').textContent).toBe('Otro lado: Zendesk conserva sus propios cambios hasta su siguiente cambio en Aircall.');
  });

  it('goes away when the backend stops reporting it (the next source change was applied)', async () => {
    // Prepare
    let status = meStatus(NOW, { otherSideChanged: { side: 'zendesk', at: NOW } });
    await mount({ me: () => status });
    expect(screen.queryByTestId('other-side-changed')).not.toBeNull();
    // Act
    status = meStatus(NOW, { aircall: { key: 'unavailable', observedAt: NOW }, zendesk: { key: 'offline', observedAt: NOW } });
    await act(async () => jest.advanceTimersByTime(5000));
    await settle();
    // Assess
    expect(byTestId('zendesk-status').dataset.status).toBe('offline');
    expect(screen.queryByTestId('other-side-changed')).toBeNull();
  });

  test.each<[string, Partial<MeStatusResponse>]>([
    ['names the source side, not the target', { otherSideChanged: { side: 'aircall', at: NOW } }],
    [
      'comes with keepInStep on',
      { otherSideChanged: { side: 'zendesk', at: NOW }, direction: { direction: 'aircall_to_zendesk', source: 'installation', keepInStep: true } },
    ],
    ['comes with sync off', { otherSideChanged: { side: 'zendesk', at: NOW }, direction: { direction: 'off', source: 'installation' }, rule: undefined }],
    ['has no time', { otherSideChanged: { side: 'zendesk' } as unknown as MeStatusResponse['otherSideChanged'] }],
  ])('shows nothing when the report %s', async (_, overrides) => {
    // Act
    await mount({ me: () => meStatus(NOW, overrides) });
    // Assess
    expect(byTestId('status-pane')).toBeTruthy();
    expect(screen.queryByTestId('other-side-changed')).toBeNull();
  });

  it('the last sync skipped as changed_on_other_side reads as such', async () => {
    // Act
    await mount({ me: () => meStatus(NOW, { lastSync: { at: NOW - 5000, outcome: 'skipped', reason: 'changed_on_other_side' } }) });
    // Assess
    expect(byTestId('last-sync').dataset.outcome).toBe('skipped');
    expect(byTestId('last-sync').textContent).toBe(
      'Last sync: 5 seconds ago: nothing to write (you had changed the other side yourself, and it keeps your choice).',
    );
  });
});

describe('the admin console', () => {
  const facts = async (overrides: Partial<ConsoleResponse>, user: Record<string, unknown> = ADMIN) => {
    const backend = new FakeBackend().on('GET', CONSOLE_ROUTES.console, () => ({ body: consoleResponse(NOW, overrides) }));
    await mountConsole({ backend, user, boot: { accountId: 'example' } });
    await popupPosts(sessionMessage(NOW));
    return within(byTestId('sync-facts'));
  };

  it("shows keepInStep off by the setting's own label, and how many agents changed the other side themselves", async () => {
    // Act
    const health = await facts({ otherSideChangedCount: 3 });
    // Assess
    expect(health.getByTestId('keep-in-step-setting').dataset.keepInStep).toBe('false');
    expect(health.getByTestId('keep-in-step-setting').textContent).toBe(
      "Undo changes made on the other sideOff: the other side keeps an agent's own change until their next change on the source side",
    );
    expect(health.getByTestId('other-side-changed-count').dataset.count).toBe('3');
    expect(health.getByTestId('other-side-changed-count').textContent).toBe(
      '3 agents changed the other side themselves; it keeps their choice until their next change on the source side.',
    );
  });

  it('keepInStep on', async () => {
    // Act
    const health = await facts({ direction: { direction: 'aircall_to_zendesk', source: 'installation', keepInStep: true } });
    // Assess
    expect(health.getByTestId('keep-in-step-setting').dataset.keepInStep).toBe('true');
    expect(health.getByTestId('keep-in-step-setting').textContent).toBe(
      "Undo changes made on the other sideOn: an agent's own change on the other side is undone",
    );
  });

  test.each<[number, string]>([
    [1, '1 agent changed the other side themselves; it keeps their choice until their next change on the source side.'],
    [0, '0 agents changed the other side themselves; it keeps their choice until their next change on the source side.'],
  ])('%d agent(s): %s', async (count, text) => {
    // Act
    const health = await facts({ otherSideChangedCount: count });
    // Assess
    expect(health.getByTestId('other-side-changed-count').textContent).toBe(text);
  });

  it('no count from the backend: no line', async () => {
    // Act
    const health = await facts({});
    // Assess
    expect(health.getByTestId('rate-budget')).toBeTruthy();
    expect(health.queryByTestId('other-side-changed-count')).toBeNull();
  });

  it('in Spanish', async () => {
    // Act
    const health = await facts({ otherSideChangedCount: 2 }, { ...ADMIN, locale: 'es' });
    // Assess
    expect(health.getByTestId('keep-in-step-setting').textContent).toBe(
      'Deshacer los cambios hechos en el otro ladoDesactivado: el otro lado conserva el cambio propio de un agente hasta su siguiente cambio en el lado de origen',
    );
    expect(health.getByTestId('other-side-changed-count').textContent).toBe(
      '2 agentes cambiaron el otro lado por su cuenta; se conserva su elección hasta su siguiente cambio en el lado de origen.',
    );
  });
});
