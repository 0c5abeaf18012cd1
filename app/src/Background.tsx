// The background instance (no UI): keeps the top-bar icon on the agent's state while the pane is closed.
import { useCallback } from 'react';
import { APP_API_ROUTES } from '../../shared/app-api';
import { parseMeStatus } from './backend/parse';
import { callBackend } from './backend/request';
import { pageSession } from './backend/session';
import { useBackendPoll } from './backend/useBackendPoll';
import { useIconSymbol } from './status/icon';
import { iconSymbolFor } from './status/view';
import { useSession } from './zaf/session';
import { useZaf } from './zaf/ZafProvider';
import { usePaneVisible } from './zaf/visibility';

/** Gently: every 30 s, up to 5 minutes apart while the backend fails. The open pane polls faster on its own. */
export const BACKGROUND_POLL = { intervalMs: 30_000, maxIntervalMs: 300_000 } as const;

/** Polls the agent's status and sets the top-bar instance's `iconSymbol` (zaf.md §6.2: works while the pane is closed). */
export function BackgroundIconKeeper() {
  const { client } = useZaf();
  const { caller } = useSession();
  const alive = usePaneVisible(client, false);
  const backend = pageSession();
  const fetchMe = useCallback(() => callBackend(backend, APP_API_ROUTES.meStatus, parseMeStatus), [backend]);
  const me = useBackendPoll(`${backend.publicUrl ?? ''}|${caller.userId}`, fetchMe, BACKGROUND_POLL, alive);
  useIconSymbol(client, iconSymbolFor(me.data, me.failure), 'top_bar', me.dataAt ?? me.failure);
  return null;
}
