// Aircall: partner OAuth in a popup (hosted) or a pasted API ID and token (self-hosted), then the connection and
// Disconnect. The token goes straight to the backend, which checks it with Aircall before saving; the page forgets it.
import { Button } from '@zendeskgarden/react-buttons';
import { useState, type FormEvent } from 'react';
import styled from 'styled-components';
import type { AircallConnectionView, ConsoleResponse } from '../../../shared/console';
import { useT } from '../i18n';
import { Callout, Note, Subtitle } from '../ui';
import type { ConsoleApi } from './api';
import { Actions, ActionError, Section } from './bits';
import { ConnectionStateFields, GrantFields } from './ConnectionFields';
import { Disconnect } from './Disconnect';
import { openPopup, whenClosed } from './popup';
import type { Action } from './useConsole';

export function AircallSection({ data, api, action }: { data: ConsoleResponse; api: ConsoleApi; action: Action }) {
  const t = useT();
  const connection = data.connections.aircall;
  const modes = data.aircallConnectModes;
  const open = connection.state !== 'connected';
  return (
    <Section aria-labelledby="aircall-title" data-testid="aircall-section">
      <Subtitle id="aircall-title">{t('console.aircall.title')}</Subtitle>
      <AircallConnection connection={connection} />
      {open && data.connections.zendesk.state === 'disconnected' && <Note>{t('console.aircall.zendesk_first')}</Note>}
      {open && modes.oauth && <OAuthConnect api={api} action={action} again={connection.state === 'needs_reconnect'} />}
      {open && modes.paste && <PasteCredentials api={api} action={action} withOAuth={modes.oauth} />}
      {connection.state !== 'disconnected' && (
        <Actions>
          <Disconnect side="aircall" api={api} action={action} />
        </Actions>
      )}
      <ActionError action={action} name="disconnect-aircall" />
    </Section>
  );
}

function AircallConnection({ connection }: { connection: AircallConnectionView }) {
  const t = useT();
  return (
    <dl data-testid="aircall-connection" data-state={connection.state}>
      <ConnectionStateFields side="aircall" connection={connection} />
      <GrantFields side="aircall" connection={connection} kindLabel={connection.kind && t(`console.aircall.kind.${connection.kind}`)} />
    </dl>
  );
}

/**
 * Hosted: asks the backend for the install URL bound to this account, and opens it in the popup. The popup is opened
 * on the click itself (blank), before the request, so that browsers do not block it as unrequested.
 */
function OAuthConnect({ api, action, again }: { api: ConsoleApi; action: Action; again: boolean }) {
  const t = useT();
  const [blocked, setBlocked] = useState(false);
  const connect = () => {
    const popup = openPopup('about:blank');
    setBlocked(popup === undefined);
    if (!popup) return;
    void action.run('aircall-connect', async () => {
      try {
        const { url } = await api.aircallConnect();
        popup.location.href = url;
      } catch (error) {
        popup.close();
        throw error;
      }
      // The console reloads when the popup says Aircall is connected, and once more when it closes.
      await new Promise<void>((resolve) => whenClosed(popup, resolve));
    });
  };
  return (
    <>
      <Actions>
        <Button isPrimary onClick={connect} disabled={action.busy !== undefined} data-testid="aircall-connect">
          {again ? t('console.aircall.reconnect') : t('console.aircall.connect')}
        </Button>
      </Actions>
      {action.busy === 'aircall-connect' && <Note data-testid="aircall-popup-open">{t('console.aircall.popup_open')}</Note>}
      {blocked && (
        <Callout role="alert" $danger data-testid="aircall-popup-blocked">
          {t('console.popup_blocked')}
        </Callout>
      )}
      <ActionError action={action} name="aircall-connect" />
    </>
  );
}

const Form = styled.form`
  display: grid;
  gap: ${(p) => p.theme.space.xs};
  max-width: 420px;
  margin-top: ${(p) => p.theme.space.sm};
  & label {
    font-weight: ${(p) => p.theme.fontWeights.semibold};
  }
  & input {
    font: inherit;
    padding: ${(p) => p.theme.space.xxs} ${(p) => p.theme.space.xs};
    border: ${(p) => p.theme.borders.sm};
    border-radius: ${(p) => p.theme.borderRadii.md};
  }
`;

/** Self-hosted: the API ID and token from the Aircall Dashboard, checked by the backend (`GET /v1/ping`) before it saves them. */
function PasteCredentials({ api, action, withOAuth }: { api: ConsoleApi; action: Action; withOAuth: boolean }) {
  const t = useT();
  const [apiId, setApiId] = useState('');
  const [apiToken, setApiToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = apiId.trim();
    const token = apiToken.trim();
    if (!id || !token) return;
    void action
      .run('aircall-credentials', () => api.aircallCredentials(id, token))
      .then((ok) => {
        // The page keeps no copy of the token once the backend has it; on a failure the admin may fix a typo.
        if (ok) {
          setApiId('');
          setApiToken('');
        }
      });
  };
  return (
    <Form onSubmit={submit} data-testid="aircall-credentials" aria-labelledby="aircall-paste-title">
      <Note id="aircall-paste-title">{withOAuth ? t('console.aircall.paste_or') : t('console.aircall.paste_intro')}</Note>
      <label htmlFor="aircall-api-id">{t('console.aircall.api_id')}</label>
      <input id="aircall-api-id" name="apiId" autoComplete="off" value={apiId} onChange={(e) => setApiId(e.target.value)} data-testid="aircall-api-id" />
      <label htmlFor="aircall-api-token">{t('console.aircall.api_token')}</label>
      <input
        id="aircall-api-token"
        name="apiToken"
        type="password"
        autoComplete="off"
        value={apiToken}
        onChange={(e) => setApiToken(e.target.value)}
        data-testid="aircall-api-token"
      />
      <Actions>
        <Button type="submit" isPrimary={!withOAuth} disabled={action.busy !== undefined || !apiId.trim() || !apiToken.trim()} data-testid="aircall-save">
          {action.busy === 'aircall-credentials' ? t('console.aircall.checking') : t('console.aircall.save')}
        </Button>
      </Actions>
      <ActionError action={action} name="aircall-credentials" />
    </Form>
  );
}
