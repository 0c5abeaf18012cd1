// Zendesk: Connect (the OAuth popup, which also signs the admin in) or Sign in when already connected; then the
// connection (who granted it, scopes, token expiry, needs reconnect) and Disconnect.
import { Button } from '@zendeskgarden/react-buttons';
import { useState } from 'react';
import type { ConsoleResponse, ZendeskConnectionView, ZendeskOAuthPurpose } from '../../../shared/console';
import { useLocale, useT } from '../i18n';
import { formatExact } from '../status/time';
import { Callout, Field, Note, Subtitle } from '../ui';
import type { ConsoleApi } from './api';
import { Actions, ActionError, Section } from './bits';
import { ConnectionStateFields, GrantFields } from './ConnectionFields';
import { Disconnect } from './Disconnect';
import { openPopup, zendeskStartUrl } from './popup';
import type { Action } from './useConsole';

export interface ZendeskSectionProps {
  publicUrl: string;
  subdomain?: string;
  /** Whether the backend has an account for the subdomain (the boot object): sign in, connect, or offer both. */
  account: 'known' | 'none' | 'unsure';
  signedIn: boolean;
  expired: boolean;
  popupError?: string;
  data?: ConsoleResponse;
  api?: ConsoleApi;
  action: Action;
}

export function ZendeskSection(props: ZendeskSectionProps) {
  const t = useT();
  const { data, signedIn, subdomain } = props;
  const [blocked, setBlocked] = useState(false);
  const start = (purpose: ZendeskOAuthPurpose) => {
    if (!subdomain) return;
    setBlocked(openPopup(zendeskStartUrl(props.publicUrl, subdomain, purpose)) === undefined);
  };
  const connection = data?.connections.zendesk;
  const offerSignIn = props.account !== 'none';
  const offerConnect = props.account !== 'known';
  return (
    <Section aria-labelledby="zendesk-title" data-testid="zendesk-section">
      <Subtitle id="zendesk-title">{t('console.zendesk.title')}</Subtitle>
      {!subdomain && (
        <Callout role="alert" $danger data-testid="no-subdomain">
          {t('console.zendesk.no_subdomain')}
        </Callout>
      )}
      {props.expired && <Callout data-testid="session-expired">{t('console.zendesk.expired')}</Callout>}
      {props.popupError !== undefined && (
        <Callout role="alert" $danger data-testid="oauth-error">
          {props.popupError ? t('console.zendesk.oauth_error', { message: props.popupError }) : t('console.zendesk.oauth_error_plain')}
        </Callout>
      )}
      {blocked && (
        <Callout role="alert" $danger data-testid="popup-blocked">
          {t('console.popup_blocked')}
        </Callout>
      )}
      {!signedIn && (
        <>
          <Note>
            {props.account === 'known'
              ? t('console.zendesk.signin_intro')
              : props.account === 'none'
                ? t('console.zendesk.connect_intro')
                : t('console.zendesk.either_intro')}
          </Note>
          <Actions>
            {offerSignIn && (
              <Button isPrimary disabled={!subdomain} onClick={() => start('signin')} data-testid="zendesk-signin">
                {t('console.zendesk.signin')}
              </Button>
            )}
            {offerConnect && (
              <Button isPrimary={!offerSignIn} disabled={!subdomain} onClick={() => start('connect')} data-testid="zendesk-connect">
                {t('console.zendesk.connect')}
              </Button>
            )}
          </Actions>
        </>
      )}
      {signedIn && connection && data && (
        <>
          <Note data-testid="signed-in-as">{t('console.zendesk.signed_in_as', { who: data.admin.name ?? data.admin.email ?? data.admin.userId })}</Note>
          <ZendeskConnection connection={connection} />
          <Actions>
            {connection.state !== 'connected' && (
              <Button isPrimary={connection.state === 'needs_reconnect'} onClick={() => start('connect')} data-testid="zendesk-connect">
                {connection.state === 'needs_reconnect' ? t('console.zendesk.reconnect') : t('console.zendesk.connect')}
              </Button>
            )}
            {connection.state !== 'disconnected' && props.api && <Disconnect side="zendesk" api={props.api} action={props.action} />}
          </Actions>
          <ActionError action={props.action} name="disconnect-zendesk" />
        </>
      )}
    </Section>
  );
}

/** Who granted the connection, with what scopes, and when its tokens end. */
function ZendeskConnection({ connection }: { connection: ZendeskConnectionView }) {
  const t = useT();
  const locale = useLocale();
  return (
    <dl data-testid="zendesk-connection" data-state={connection.state}>
      <ConnectionStateFields side="zendesk" connection={connection} />
      <Field as="div">
        <dt>{t('console.zendesk.subdomain')}</dt>
        <dd>{connection.subdomain}</dd>
      </Field>
      <GrantFields side="zendesk" connection={connection} kindLabel={connection.kind && t(`console.zendesk.kind.${connection.kind}`)} />
      <Field as="div" data-testid="zendesk-scopes">
        <dt>{t('console.zendesk.scopes')}</dt>
        <dd>{connection.scopes.length > 0 ? connection.scopes.join(' ') : t('console.none')}</dd>
      </Field>
      {connection.state !== 'disconnected' && (
        <Field as="div" data-testid="zendesk-token-expiry">
          <dt>{t('console.zendesk.token_expires')}</dt>
          <dd>
            {connection.tokenExpiresAt === undefined
              ? t('console.zendesk.never_expires')
              : t('console.zendesk.expires_at', { exact: formatExact(connection.tokenExpiresAt, locale) })}
          </dd>
        </Field>
      )}
      {connection.refreshTokenExpiresAt !== undefined && (
        <Field as="div">
          <dt>{t('console.zendesk.refresh_expires')}</dt>
          <dd>{t('console.zendesk.expires_at', { exact: formatExact(connection.refreshTokenExpiresAt, locale) })}</dd>
        </Field>
      )}
    </dl>
  );
}
