/**
 * @jest-environment jsdom
 */
// The top-bar pane, rendered by React DOM in jsdom from a typed stub ZAF client: registration, the mapping for each
// direction, bad settings. What the backend reports is in status-pane.test.tsx.
import './jsdom-match-media';
import { act } from 'react';
import { createRoot, type Root as ReactRoot } from 'react-dom/client';
import type { ZafSettings } from 'zendesk_app_framework_sdk';
import { APP_API_ROUTES } from '../../shared/app-api';
import { Root } from '../../app/src/Root';
import { startZaf, type ZafSession } from '../../app/src/zaf/start';
import { useZaf } from '../../app/src/zaf/ZafProvider';
import { StubZafClient } from './stub-zaf-client';

/** A stub client whose backend never answers: these tests are about what the pane shows from the settings. */
function stub(settings: ZafSettings): StubZafClient {
  return new StubZafClient({ ...settings }).respond(APP_API_ROUTES.meStatus, () => new Promise(() => undefined));
}

// Tells React this environment wraps updates in act(), so it flushes effects and warns on stray updates.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const mounted: Array<{ root: ReactRoot; container: HTMLElement }> = [];
let consoleError: jest.SpyInstance;

beforeEach(() => {
  // Any React or Garden error or warning during a render fails the test that caused it.
  consoleError = jest.spyOn(console, 'error');
});
afterEach(() => {
  for (const { root, container } of mounted.splice(0)) {
    act(() => root.unmount());
    container.remove();
  }
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

async function render(session: ZafSession): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  mounted.push({ root, container });
  await act(async () => root.render(<Root session={session} />));
  return container;
}

/** Mounts the app on a stub client with these settings and registers it. */
async function registeredPane(settings: ZafSettings, role = 'agent'): Promise<HTMLElement> {
  // Prepare
  const client = stub(settings);
  client.values.currentUser = { id: 7, locale: 'en', role };
  const container = await render(startZaf({ init: () => client }));
  // Act: registration, then the session (currentUser) a tick later.
  await act(async () => client.register());
  await act(async () => undefined);
  return container;
}

/** The table as [from key, to key, source cell, target cell] per row. */
function rows(container: HTMLElement): string[][] {
  return Array.from(container.querySelectorAll('tr[data-from]'), (tr) => [
    tr.getAttribute('data-from') ?? '',
    tr.getAttribute('data-to') ?? '',
    ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? ''),
  ]);
}

const text = (container: HTMLElement, selector: string) => container.querySelector(selector)?.textContent ?? null;
const notes = (container: HTMLElement) => Array.from(container.querySelectorAll('[data-note]'), (n) => n.getAttribute('data-note'));

describe('registration', () => {
  it('renders nothing until the host registers the app, then the pane', async () => {
    // Prepare
    const client = stub({ syncDirection: 'aircall_to_zendesk' });
    const container = await render(startZaf({ init: () => client }));
    // Assess: the client listens for registration and nothing is shown yet.
    expect(client.listeners('app.registered')).toBe(1);
    expect(container.textContent).toBe('');
    // Act
    await act(async () => client.register());
    await act(async () => undefined);
    // Assess
    expect(text(container, 'h1')).toBe('Agent status sync');
    expect(container.querySelector('[data-testid="mapping-table"]')).not.toBeNull();
  });

  it('creates the client once and still renders when registration arrives before React mounts', async () => {
    // Prepare
    const client = stub({ syncDirection: 'zendesk_to_aircall' });
    const init = jest.fn(() => client);
    const session = startZaf({ init });
    // Act: the host answers the handshake before the first render commits.
    client.register();
    const container = await render(session);
    await act(async () => undefined);
    // Assess
    expect(init).toHaveBeenCalledTimes(1);
    expect(text(container, '[data-testid="sync-direction"]')).toBe('Sync direction: Zendesk → Aircall');
  });

  it('explains, instead of crashing, when ZAFClient.init() returns false (opened outside Zendesk)', async () => {
    // Act
    const container = await render(startZaf({ init: () => false }));
    // Assess
    expect(text(container, '[role="alert"]')).toBe('Agent Status Sync runs inside Zendesk only. Open it from the top bar of the Zendesk agent workspace.');
    expect(container.querySelector('table')).toBeNull();
  });
});

describe('the mapping for each direction, from DEFAULT_MAPPING', () => {
  it('aircall_to_zendesk: Available → Online, Unavailable → Offline, Auto not synced', async () => {
    // Act
    const container = await registeredPane({ syncDirection: 'aircall_to_zendesk' });
    // Assess
    expect(text(container, '[data-testid="sync-direction"]')).toBe('Sync direction: Aircall → Zendesk');
    expect(text(container, 'caption')).toBe("When an agent's Aircall status changes, their Zendesk status becomes:");
    expect(Array.from(container.querySelectorAll('th'), (th) => th.textContent)).toEqual(['Aircall status', 'Zendesk status']);
    expect(rows(container)).toEqual([
      ['available', 'online', 'Available', 'Online'],
      ['unavailable', 'offline', 'Unavailable', 'Offline'],
      ['custom', '', 'Auto (automatic schedule)', 'Not synced'],
    ]);
    expect(notes(container)).toEqual(['note_one_way', 'note_any_reason']);
    expect(text(container, '[data-note="note_one_way"]')).toBe('Changes made in Zendesk are not copied to Aircall. Agents are matched by email.');
  });

  it('zendesk_to_aircall: Online → Available, Offline/Away/Transfers only → Unavailable, custom statuses not synced', async () => {
    // Act
    const container = await registeredPane({ syncDirection: 'zendesk_to_aircall' });
    // Assess
    expect(text(container, '[data-testid="sync-direction"]')).toBe('Sync direction: Zendesk → Aircall');
    expect(Array.from(container.querySelectorAll('th'), (th) => th.textContent)).toEqual(['Zendesk status', 'Aircall status']);
    expect(rows(container)).toEqual([
      ['online', 'available', 'Online', 'Available'],
      ['offline', 'unavailable', 'Offline', 'Unavailable'],
      ['away', 'unavailable', 'Away', 'Unavailable'],
      ['transfers_only', 'unavailable', 'Transfers only', 'Unavailable'],
      ['custom:*', '', 'Custom statuses', 'Not synced'],
    ]);
    expect(notes(container)).toEqual(['note_one_way', 'note_reason_overwritten']);
    expect(text(container, '[data-note="note_reason_overwritten"]')).toContain('overwritten by plain Unavailable');
  });

  it('off: shows no mapping', async () => {
    // Act
    const container = await registeredPane({ syncDirection: 'off' });
    // Assess
    expect(text(container, '[data-testid="sync-direction"]')).toBe('Sync direction: Off');
    expect(container.querySelector('table')).toBeNull();
  });
});

describe('an invalid syncDirection setting', () => {
  test.each<[string, unknown, string]>([
    ['a near miss', 'aircall-to-zendesk', '(syncDirection) is "aircall-to-zendesk", which is not allowed'],
    ['the wrong case', 'Off', '(syncDirection) is "Off", which is not allowed'],
    ['stray spaces, made visible', ' off ', '(syncDirection) is " off ", which is not allowed'],
    ['a non-string', 42, '(syncDirection) is "42", which is not allowed'],
    ['an object', { direction: 'off' }, '(syncDirection) is "{\\"direction\\":\\"off\\"}", which is not allowed'],
  ])('%s: an admin sees a clear message naming the value, no table', async (_, value, message) => {
    // Act
    const container = await registeredPane({ syncDirection: value }, 'admin');
    // Assess
    const alert = text(container, '[data-testid="sync-note"]');
    expect(alert).toContain(message);
    expect(alert).toContain('Set it to one of: aircall_to_zendesk, zendesk_to_aircall, both, off.');
    expect(container.querySelector('[role="alert"]')).not.toBeNull();
    expect(container.querySelector('table')).toBeNull();
  });

  test.each<[string, ZafSettings]>([
    ['missing', {}],
    ['empty', { syncDirection: '' }],
    ['null', { syncDirection: null }],
  ])('%s: says the setting is empty', async (_, settings) => {
    // Act
    const container = await registeredPane(settings, 'admin');
    // Assess
    expect(text(container, '[data-testid="sync-note"]')).toContain('the app setting "Sync direction" (syncDirection) is empty.');
    expect(container.querySelector('table')).toBeNull();
  });
});

/** A component that only asks for the ZAF client. */
function Probe() {
  useZaf();
  return null;
}

describe('useZaf', () => {
  it('throws a clear error outside <ZafProvider> (the guard can fire: the context defaults to null)', async () => {
    // Prepare
    const container = document.createElement('div');
    const root = createRoot(container);
    consoleError.mockImplementation(() => undefined); // React reports the render error; expected here.
    // Act
    let thrown: unknown;
    try {
      await act(async () => root.render(<Probe />));
    } catch (e) {
      thrown = e;
    }
    act(() => root.unmount());
    consoleError.mockReset();
    // Assess
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(/useZaf must be used inside <ZafProvider>/);
  });
});
