// Who uses the app: the current Zendesk user and account, read once after registration, and their locale for the tree.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ZafClient, ZafContext } from 'zendesk_app_framework_sdk';
import { I18n, resolveLocale, t as english, translator, type Locale } from '../i18n';
import type { Caller } from '../backend/request';
import { Callout, Page } from '../ui';
import { useZaf } from './ZafProvider';

/** The signed-in user as the app needs them. */
export interface SessionUser {
  id: string;
  role: string;
  locale: Locale;
  email?: string;
  name?: string;
}

export interface Session {
  user: SessionUser;
  /** The claims' caller (shared/app-api.ts AppTokenClaims `iss`, `sub`). */
  caller: Caller;
  /** Whether to ask for admin data. The backend confirms the role; this only avoids a request that would be refused. */
  isAdmin: boolean;
}

const SessionContext = createContext<Session | null>(null);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Reads `currentUser` and the account's subdomain. The subdomain comes from the registration context (zaf.md §8),
 * else from `currentAccount` (zaf.md §6.2). Fails when either is missing: no request can be signed without them.
 */
export async function loadSession(client: ZafClient, context: ZafContext): Promise<Session> {
  const got = await client.get('currentUser');
  const user = got.currentUser;
  // currentUser's full field list is UNCONFIRMED (zaf.md §6.2): `id`, `role`, `locale`, `email`, `name` are read defensively.
  if (!isObject(user) || (typeof user.id !== 'number' && typeof user.id !== 'string') || String(user.id) === '') {
    throw new Error('currentUser has no id');
  }
  let subdomain = text(context.account?.subdomain);
  if (!subdomain) {
    const account = (await client.get('currentAccount')).currentAccount;
    subdomain = isObject(account) ? text(account.subdomain) : undefined;
  }
  if (!subdomain) throw new Error('the account subdomain is unknown');
  const role = text(user.role) ?? 'agent';
  return {
    user: { id: String(user.id), role, locale: resolveLocale(user.locale), email: text(user.email), name: text(user.name) },
    caller: { subdomain, userId: String(user.id) },
    isAdmin: role === 'admin',
  };
}

/** Renders `children` once the session is known, in the user's locale; says so when Zendesk does not tell. */
export function SessionProvider({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  const { client, context } = useZaf();
  const [state, setState] = useState<{ session: Session } | { failed: true } | null>(null);
  useEffect(() => {
    let live = true;
    loadSession(client, context).then(
      (session) => live && setState({ session }),
      () => live && setState({ failed: true }),
    );
    return () => {
      live = false;
    };
  }, [client, context]);
  const session = state && 'session' in state ? state.session : null;
  const i18n = useMemo(() => (session ? { locale: session.user.locale, t: translator(session.user.locale) } : null), [session]);
  if (state && 'failed' in state) {
    return (
      <Page>
        <Callout role="alert" $danger data-testid="no-user">
          {english('pane.no_user')}
        </Callout>
      </Page>
    );
  }
  if (!session || !i18n) return <>{fallback}</>;
  return (
    <I18n.Provider value={i18n}>
      <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
    </I18n.Provider>
  );
}

/** The session. Throws outside a `SessionProvider` (a wiring bug). */
export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
