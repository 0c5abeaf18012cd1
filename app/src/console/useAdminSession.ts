// The admin session, handed over by the OAuth popup with postMessage and kept in memory only (never in storage):
// accepted only from the backend's origin, dropped when it expires.
import { useCallback, useEffect, useState } from 'react';
import { ADMIN_SESSION_MESSAGE, AIRCALL_CONNECTED_MESSAGE, OAUTH_ERROR_MESSAGE } from '../../../shared/console';

export interface AdminSession {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  accountId: string;
}

/** What the popup said, once checked. */
export type PopupNews = { kind: 'session'; session: AdminSession } | { kind: 'error'; message: string } | { kind: 'aircall_connected' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads one `message` event: only from `backendOrigin` (the popup's page is the backend's), only our message types,
 * with the fields of shared/console.ts. Anything else is ignored: any page may post to this window.
 */
export function readPopupMessage(event: Pick<MessageEvent, 'origin' | 'data'>, backendOrigin: string | undefined, now: number): PopupNews | undefined {
  if (!backendOrigin || event.origin !== backendOrigin) return undefined;
  let data: unknown = event.data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  if (!isObject(data)) return undefined;
  if (data.type === ADMIN_SESSION_MESSAGE) {
    const { token, expiresAt, accountId } = data;
    if (typeof token !== 'string' || token === '' || typeof accountId !== 'string' || accountId === '') return undefined;
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt <= now) return undefined;
    return { kind: 'session', session: { token, expiresAt, accountId } };
  }
  if (data.type === OAUTH_ERROR_MESSAGE) {
    return { kind: 'error', message: typeof data.message === 'string' && data.message !== '' ? data.message.slice(0, 300) : '' };
  }
  if (data.type === AIRCALL_CONNECTED_MESSAGE) return { kind: 'aircall_connected' };
  return undefined;
}

export interface AdminSessionState {
  session?: AdminSession;
  /** The popup's error message ('' when it gave none), until the next attempt. */
  popupError?: string;
  /** Set when the session ran out (or the backend refused it): the console asks to sign in again. */
  expired: boolean;
  /** Drops the session (the backend answered 401). */
  signOut(expired: boolean): void;
  clearError(): void;
}

/** Listens for the popup's messages; `onAircallConnected` runs when an Aircall connect finished. */
export function useAdminSession(backendOrigin: string | undefined, onAircallConnected: () => void): AdminSessionState {
  const [session, setSession] = useState<AdminSession>();
  const [popupError, setPopupError] = useState<string>();
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    const listener = (event: MessageEvent) => {
      const news = readPopupMessage(event, backendOrigin, Date.now());
      if (!news) return;
      if (news.kind === 'session') {
        setSession(news.session);
        setExpired(false);
        setPopupError(undefined);
      } else if (news.kind === 'error') {
        setPopupError(news.message);
      } else {
        onAircallConnected();
      }
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, [backendOrigin, onAircallConnected]);

  // Drop the session when it ends: the backend would refuse it from then on.
  useEffect(() => {
    if (!session) return undefined;
    const timer = setTimeout(
      () => {
        setSession(undefined);
        setExpired(true);
      },
      Math.max(0, session.expiresAt - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [session]);

  const signOut = useCallback((wasExpired: boolean) => {
    setSession(undefined);
    setExpired(wasExpired);
  }, []);
  const clearError = useCallback(() => setPopupError(undefined), []);
  return { session, popupError, expired, signOut, clearError };
}
