// Disconnect one side, in two clicks (the first asks to confirm): it deletes our webhooks, revokes the token and
// wipes that side's secrets on the backend; the audit log stays.
import { Button } from '@zendeskgarden/react-buttons';
import { useState } from 'react';
import type { Side } from '../../../shared/sync/types';
import { useT } from '../i18n';
import type { ConsoleApi } from './api';
import type { Action } from './useConsole';

export function Disconnect({ side, api, action }: { side: Side; api: ConsoleApi; action: Action }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const name = `disconnect-${side}`;
  if (!confirming) {
    return (
      <Button isDanger onClick={() => setConfirming(true)} disabled={action.busy !== undefined} data-testid={name}>
        {t('console.disconnect', { side: t(`side.${side}`) })}
      </Button>
    );
  }
  return (
    <>
      <Button
        isDanger
        isPrimary
        disabled={action.busy !== undefined}
        data-testid={`${name}-confirm`}
        onClick={() => {
          setConfirming(false);
          void action.run(name, () => api.disconnect(side));
        }}
      >
        {t('console.disconnect_confirm', { side: t(`side.${side}`) })}
      </Button>
      <Button onClick={() => setConfirming(false)} data-testid={`${name}-cancel`}>
        {t('console.cancel')}
      </Button>
    </>
  );
}
