// The top bar on the stub ZAF client, for the app's feature tests: a fake clock, no React error allowed, and the
// pane mounted with its backend's answers.
import { act, render } from '@testing-library/react';
import type { ZafSettings } from 'zendesk_app_framework_sdk';
import { APP_API_ROUTES } from '../../shared/app-api';
import { Root } from '../../app/src/Root';
import { startZaf } from '../../app/src/zaf/start';
import { settle } from './console-harness';
import { StubZafClient } from './stub-zaf-client';

/** Each test of the file runs on a fake clock at `now` and fails if React (or anything) reports an error. */
export function fakeClockAndNoConsoleErrors(now: number): void {
  let consoleError: jest.SpyInstance;
  beforeEach(() => {
    jest.useFakeTimers({ now });
    consoleError = jest.spyOn(console, 'error');
  });
  afterEach(() => {
    jest.useRealTimers();
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
  });
}

export interface TopBarOptions {
  settings: ZafSettings;
  /** The backend's answer to GET /api/me/status. */
  me: () => unknown;
  /** The backend's answer to the admin overview, for admins. */
  admin?: () => unknown;
  user?: Record<string, unknown>;
}

/** Mounts the top bar on a stub client whose backend answers `me` (and `admin`), registered and settled. */
export async function mountTopBar(options: TopBarOptions): Promise<StubZafClient> {
  const client = new StubZafClient(options.settings, { location: 'top_bar' }, options.user ? { currentUser: options.user } : {});
  client.respond(APP_API_ROUTES.meStatus, options.me);
  if (options.admin) client.respond(APP_API_ROUTES.adminOverview, options.admin);
  client.startSession();
  render(<Root session={startZaf({ init: () => client })} />);
  await act(async () => client.register());
  await settle();
  return client;
}
