/**
 * @jest-environment jsdom
 */
// Issue 11: the admin console's "Aircall and Zendesk APIs as found": what was learned per point, with the evidence,
// and the "cannot write Aircall status" state as a danger callout; English and Spanish; absent field, absent section.
import './jsdom-match-media';
import { screen, within } from '@testing-library/react';
import type { ApiShapesView } from '../../shared/app-api';
import { CONSOLE_ROUTES } from '../../shared/console';
import { ADMIN, FakeBackend, mountConsole, popupPosts, sessionMessage } from './console-harness';
import { consoleResponse } from './fixtures';

const NOW = Date.UTC(2026, 11, 3, 9, 0, 0);

beforeEach(() => jest.useFakeTimers({ now: NOW }));
afterEach(() => jest.useRealTimers());

/** The console, signed in, whose backend reports `apiShapes` (or none). */
async function mount(apiShapes: ApiShapesView | undefined, user: Record<string, unknown> = ADMIN) {
  const backend = new FakeBackend().on('GET', CONSOLE_ROUTES.console, () => ({ body: consoleResponse(NOW, apiShapes ? { apiShapes } : {}) }));
  await mountConsole({ backend, user, boot: { accountId: 'example' } });
  await popupPosts(sessionMessage(NOW));
}

const LEARNED: ApiShapesView = {
  learned: [
    {
      system: 'aircall',
      point: 'aircall_status_write',
      value: 'v1',
      learnedAt: NOW - 3_600_000,
      checkedAt: NOW - 3_600_000,
      evidence: 'PUT /v2/users/:id answered 400',
    },
    { system: 'aircall', point: 'aircall_users', value: 'v2', learnedAt: NOW - 7_200_000, checkedAt: NOW - 7_200_000 },
    { system: 'zendesk', point: 'zendesk_status_body', value: 'jsonapi', learnedAt: NOW, checkedAt: NOW, evidence: 'the {"id": N} body was refused (400)' },
  ],
  problems: [],
};

it('lists each learned point by name, with what proved the other form wrong', async () => {
  await mount(LEARNED);
  const section = within(screen.getByTestId('api-shapes'));
  expect(section.getByText('Aircall and Zendesk APIs as found')).toBeTruthy();
  const write = screen.getByTestId('api-shape-aircall_status_write');
  expect(write.dataset.value).toBe('v1');
  expect(write.textContent).toMatch(/^Aircall status writes.*v1 \(PUT \/v2\/users\/:id answered 400 on .+\)$/);
  expect(screen.getByTestId('api-shape-aircall_users').textContent).toMatch(/^Aircall users APIv2 \(since .+\)$/);
  expect(screen.getByTestId('api-shape-zendesk_status_body').textContent).toMatch(/^Zendesk status update body/);
  expect(screen.queryByTestId('api-problem-aircall_status_write')).toBeNull();
});

it('shows the "cannot write Aircall status" state as an alert', async () => {
  const view: ApiShapesView = {
    learned: [],
    problems: [
      {
        system: 'aircall',
        point: 'aircall_status_write',
        since: NOW - 60_000,
        checkedAt: NOW - 60_000,
        detail: 'PUT /v2/users/:id answered 400; PUT /v1/users/:id answered 404',
      },
    ],
  };
  await mount(view);
  const alert = screen.getByTestId('api-problem-aircall_status_write');
  expect(alert.getAttribute('role')).toBe('alert');
  expect(alert.textContent).toMatch(
    /^Aircall statuses cannot be written since .+: PUT \/v2\/users\/:id answered 400; PUT \/v1\/users\/:id answered 404\. Nothing is written to Aircall/,
  );
  expect(within(screen.getByTestId('api-shapes')).getByText('Nothing learned yet: the documented forms are in use.')).toBeTruthy();
});

it('in Spanish', async () => {
  await mount(
    { learned: LEARNED.learned.slice(0, 1), problems: [{ system: 'aircall', point: 'aircall_status_write', since: NOW, checkedAt: NOW, detail: 'x' }] },
    { ...ADMIN, locale: 'es' },
  );
  expect(screen.getByTestId('api-problem-aircall_status_write').textContent).toMatch(/^No se pueden escribir estados en Aircall/);
  expect(screen.getByTestId('api-shape-aircall_status_write').textContent).toMatch(/^Escritura de estados en Aircall/);
});

it('a console without apiShapes (an older backend) shows no such section', async () => {
  await mount(undefined);
  expect(screen.getByTestId('sync-facts')).toBeTruthy();
  expect(screen.queryByTestId('api-shapes')).toBeNull();
});
