// Whether this instance is on screen: the top-bar pane between `pane.activated` and `pane.deactivated`.
import { useEffect, useState } from 'react';
import type { ZafClient } from 'zendesk_app_framework_sdk';

/**
 * Tracks the pane's visibility from ZAF's events (zaf.md §2.2). The top-bar pane is inserted the first time it is
 * opened, so it starts visible (registration is its first display; `pane.activated` fires only on returns).
 * `app.willDestroy` ends it for good. A `background` instance has no pane and is always "visible".
 */
export function usePaneVisible(client: ZafClient, hasPane: boolean): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    let destroyed = false;
    const show = () => !destroyed && setVisible(true);
    const hide = () => setVisible(false);
    const destroy = () => {
      destroyed = true;
      setVisible(false);
    };
    if (hasPane) {
      client.on('pane.activated', show);
      client.on('pane.deactivated', hide);
    }
    client.on('app.willDestroy', destroy);
    return () => {
      if (hasPane) {
        client.off('pane.activated', show);
        client.off('pane.deactivated', hide);
      }
      client.off('app.willDestroy', destroy);
    };
  }, [client, hasPane]);
  return visible;
}
