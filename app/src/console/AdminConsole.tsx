// The admin console (the app's `nav_bar` location): connect Zendesk and Aircall, follow the onboarding steps, then
// everything about the account: connections, webhooks, agents, the budget and the audit log. Its identity is the
// admin's own Zendesk sign-in (the OAuth popup), held in memory as a bearer session, not the ZAF user.
import { useCallback, useMemo, useRef } from 'react';
import { useT } from '../i18n';
import { Callout, Note, Title } from '../ui';
import { useSession } from '../zaf/session';
import { useZaf } from '../zaf/ZafProvider';
import { AircallSection } from './AircallSection';
import { consoleApi } from './api';
import { ConsolePage, failureText } from './bits';
import { pageBoot, readBoot, type ConsoleBoot } from './boot';
import { Agents, Audit, SyncFacts } from './Overview';
import { Steps } from './Steps';
import { useAdminSession } from './useAdminSession';
import { useAction, useConsoleData } from './useConsole';
import { Webhooks } from './Webhooks';
import { ZendeskSection } from './ZendeskSection';

/** The console page. Agents who open it are told it is for admins; the backend refuses them anyway. */
export function AdminConsole() {
  const { context } = useZaf();
  const { isAdmin } = useSession();
  const t = useT();
  const boot = useMemo(() => readBoot(pageBoot(), context), [context]);
  return (
    <ConsolePage data-testid="admin-console">
      <Title>{t('console.title')}</Title>
      <Note>{t('console.subtitle', { subdomain: boot.subdomain ?? '?' })}</Note>
      {!isAdmin ? (
        <Callout data-testid="admins-only">{t('console.admins_only')}</Callout>
      ) : !boot.publicUrl ? (
        <Callout role="alert" $danger data-testid="no-backend">
          {t('console.no_backend')}
        </Callout>
      ) : (
        <SignedInConsole publicUrl={boot.publicUrl} backendOrigin={boot.backendOrigin} subdomain={boot.subdomain} account={boot.account} />
      )}
    </ConsolePage>
  );
}

interface ConsoleProps {
  publicUrl: string;
  backendOrigin?: string;
  subdomain?: string;
  account: ConsoleBoot['account'];
}

function SignedInConsole({ publicUrl, backendOrigin, subdomain, account }: ConsoleProps) {
  const t = useT();
  // The Aircall popup's "connected" message reloads the console; the listener is set up before `reload` exists.
  const reloadRef = useRef(() => {});
  const onAircallConnected = useCallback(() => reloadRef.current(), []);
  const admin = useAdminSession(backendOrigin, onAircallConnected);
  const token = admin.session?.token;
  const api = useMemo(() => (token ? consoleApi(publicUrl, token) : undefined), [publicUrl, token]);
  const { data, loadError, reload } = useConsoleData(api, admin.signOut);
  reloadRef.current = reload;
  const action = useAction(reload, admin.signOut);
  const signedIn = api !== undefined;
  return (
    <>
      <ZendeskSection
        publicUrl={publicUrl}
        subdomain={subdomain}
        account={account}
        signedIn={signedIn}
        expired={admin.expired}
        popupError={admin.popupError}
        data={data}
        api={api}
        action={action}
      />
      {signedIn && loadError && (
        <Callout role="alert" $danger data-testid="console-load-error">
          {t('console.load_failed', { problem: failureText(t, loadError) })}
        </Callout>
      )}
      {signedIn && !data && !loadError && <Note data-testid="console-loading">{t('console.loading')}</Note>}
      {api && data && (
        <>
          <AircallSection data={data} api={api} action={action} />
          <Steps steps={data.steps} api={api} action={action} />
          <Webhooks webhooks={data.webhooks} />
          <Agents agents={data.agents} />
          <SyncFacts data={data} />
          <Audit entries={data.audit} />
        </>
      )}
    </>
  );
}
