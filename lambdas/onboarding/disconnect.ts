// Disconnect one side of an account (issue 12, "Disconnect and uninstall"): our webhooks deleted, the Zendesk token
// revoked, that side's secrets wiped. The account, its links and its audit trail stay: connecting again resumes.
import type { Side } from '../../shared/sync/types';
import { pointsAtUs } from '../app-api/webhooks';
import type { CredentialStore } from '../credentials/port';
import { ACCOUNT_WIDE, type AuditStore, type StoredAccount } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import { failure, sideHooks } from './webhooks';

/** What the webhook, console and sweep functions need to disconnect a side. */
export type DisconnectDeps = SyncDeps<AuditStore> & { credentials: CredentialStore };

/** What was done, step by step: each remote step may fail without stopping the wipe. */
export interface DisconnectResult {
  side: Side;
  /** Credential-free sentences, e.g. `webhook 01HX… deleted`, `token 12 revoked`, `secrets wiped`. */
  done: string[];
  /** The remote steps that failed (the local wipe happened anyway). */
  failed: string[];
}

export interface DisconnectOptions {
  /**
   * `false`: no call to the provider, the local wipe only. Aircall's `integration.deleted` uses it: the install is
   * already gone there (its token with it), and the webhook function holds no credential to call Aircall with.
   */
  remote?: boolean;
  /** Why, for the audit trail: `console`, `integration.deleted`, `app uninstalled`… */
  reason?: string;
}

/**
 * Disconnects `side`: deletes our webhooks on it (the stored one, and any other whose URL ends with our path), on
 * Zendesk revokes the OAuth token (`DELETE /api/v2/oauth/tokens/{id}`, the id read first from `…/tokens/current`:
 * a refresh changes it, and `DELETE …/current` was reported not to revoke), then deletes the side's credential and
 * webhook secret items. Disconnecting Zendesk also ends the account's sessions: they were granted by that sign-in.
 * A failing remote step is recorded and the wipe still happens: nothing secret is left behind. Audited (`connection`).
 */
export async function disconnectSide(deps: DisconnectDeps, account: StoredAccount, side: Side, now: number, options: DisconnectOptions = {}): Promise<DisconnectResult> {
  const result: DisconnectResult = { side, done: [], failed: [] };
  const attempt = async (what: string, work: () => Promise<string | undefined>) => {
    try {
      const done = await work();
      if (done) result.done.push(done);
    } catch (error) {
      result.failed.push(`${what}: ${failure(deps, account, side, error, what)}`);
    }
  };

  // Local only: the credential is not even read (the webhook functions may not decrypt it, only delete it).
  const remote = options.remote !== false;
  const connected = !remote
    ? undefined
    : side === 'zendesk'
      ? await deps.credentials.getZendeskCredential(account.id)
      : await deps.credentials.getAircallCredential(account.id);
  if (connected) {
    await attempt('delete our webhooks', async () => {
      const api = sideHooks(deps, account, side);
      const stored = await deps.credentials.getWebhookSecret(account.id, side);
      const ids = new Set((await api.list()).filter((h) => pointsAtUs(h.url, side, account.id)).map((h) => h.id));
      if (stored?.webhookId !== undefined) ids.add(stored.webhookId);
      const deleted: string[] = [];
      for (const id of ids) if (await api.remove(id)) deleted.push(id);
      return deleted.length > 0 ? `webhook ${deleted.join(', ')} deleted` : 'no webhook to delete';
    });
    if (side === 'zendesk') {
      await attempt('revoke the Zendesk token', async () => {
        // An API token (accounts-file import) is the customer's own: it cannot be revoked through OAuth.
        if (connected.kind === 'api_token') return 'API token left to its owner (revoke it in Admin Center)';
        const zendesk = deps.clients.zendesk(account);
        const current = await zendesk.currentToken();
        return (await zendesk.revokeToken(current.id)) ? `token ${current.id} revoked` : `token ${current.id} already gone`;
      });
    }
  }

  // The wipe: never skipped. Each item is deleted even when another delete failed.
  await attempt('wipe the webhook secret', async () => (await deps.credentials.deleteWebhookSecret(account.id, side), undefined));
  await attempt('wipe the credential', async () => {
    await (side === 'zendesk' ? deps.credentials.deleteZendeskCredential(account.id) : deps.credentials.deleteAircallCredential(account.id));
    return 'secrets wiped';
  });
  if (side === 'zendesk' && deps.sessions) {
    const sessions = deps.sessions;
    await attempt('end the sessions', async () => (await sessions.revokeAccount(account.id, now), 'sessions ended'));
  }

  await deps.store
    .appendAudit(
      account.id,
      ACCOUNT_WIDE,
      {
        kind: 'connection',
        decision: 'disconnected',
        reason: options.reason ?? 'console',
        detail: { side, done: result.done.join('; '), ...(result.failed.length > 0 && { failed: result.failed.join('; ') }), ...(remote && { wasConnected: Boolean(connected) }) },
      },
      now,
    )
    .catch((error: Error) => deps.log.warn('could not audit a disconnect', { account: account.id, side, error: error.message }));
  deps.log.info('side disconnected', { account: account.id, side, reason: options.reason ?? 'console', failed: result.failed.length });
  return result;
}
