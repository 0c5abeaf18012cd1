// Disconnect one side of an account (issue 12, "Disconnect and uninstall"): our webhooks deleted, the Zendesk token
// revoked, that side's secrets wiped. The account, its links and its audit trail stay: connecting again resumes.
import type { Side } from '../../shared/sync/types';
import type { CredentialStore } from '../credentials/port';
import type { AuditStore, StoredAccount } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import { failure, ourWebhookUrl, sameUrl, sideHooks } from './webhooks';
import { wipeSide, type DisconnectResult } from './wipe';

export type { DisconnectResult } from './wipe';

/** What the console and the sweep need to disconnect a side. */
export type DisconnectDeps = SyncDeps<AuditStore> & { credentials: CredentialStore };

export interface DisconnectOptions {
  /** Why, for the audit trail: `console` (default), `app uninstalled since …`… */
  reason?: string;
}

/**
 * Disconnects `side`: deletes our webhooks on it (the stored one, and any other on our exact URL), on
 * Zendesk revokes the OAuth token (`DELETE /api/v2/oauth/tokens/{id}`, the id read first from `…/tokens/current`:
 * a refresh changes it, and `DELETE …/current` was reported not to revoke), then wipes the side's credential and
 * webhook secret (`wipeSide`, which also ends the sessions when Zendesk goes). A failing remote step is recorded and
 * the wipe still happens: nothing secret is left behind. Audited (`connection`). Never throws.
 */
export async function disconnectSide(
  deps: DisconnectDeps,
  account: StoredAccount,
  side: Side,
  now: number,
  options: DisconnectOptions = {},
): Promise<DisconnectResult> {
  const result: DisconnectResult = { side, done: [], failed: [] };
  const attempt = async (what: string, work: () => Promise<string>) => {
    try {
      result.done.push(await work());
    } catch (error) {
      result.failed.push(`${what}: ${failure(deps, account, side, error, what)}`);
    }
  };

  let connected = false;
  await attempt('read the credential', async () => {
    const credential = side === 'zendesk' ? await deps.credentials.getZendeskCredential(account.id) : await deps.credentials.getAircallCredential(account.id);
    connected = credential !== undefined;
    if (!credential) return 'not connected';
    await attempt('delete our webhooks', async () => {
      const api = sideHooks(deps, account, side);
      const stored = await deps.credentials.getWebhookSecret(account.id, side);
      // Ours: the stored id, and any webhook on our exact URL (none is known without PUBLIC_URL).
      const url = deps.config.publicUrl === undefined ? undefined : ourWebhookUrl(deps, side, account.id);
      const ids = new Set(url === undefined ? [] : (await api.list()).filter((h) => sameUrl(h.url, url)).map((h) => h.id));
      if (stored?.webhookId !== undefined) ids.add(stored.webhookId);
      const deleted: string[] = [];
      for (const id of ids) if (await api.remove(id)) deleted.push(id);
      return deleted.length > 0 ? `webhook ${deleted.join(', ')} deleted` : 'no webhook to delete';
    });
    if (side === 'zendesk') {
      await attempt('revoke the Zendesk token', async () => {
        // An API token (accounts-file import) is the customer's own: it cannot be revoked through OAuth.
        if (credential.kind === 'api_token') return 'API token left to its owner (revoke it in Admin Center)';
        const zendesk = deps.clients.zendesk(account);
        const current = await zendesk.currentToken();
        const said = (await zendesk.revokeToken(current.id)) ? `token ${current.id} revoked` : `token ${current.id} already gone`;
        // A process may still hold the grant a reconnect replaced (its token source caches for a minute): the stored
        // grant's own id is revoked too, so the newest grant never outlives the disconnect.
        const stored = credential.kind === 'oauth' && 'tokenId' in credential && typeof credential.tokenId === 'string' ? credential.tokenId : undefined;
        if (stored === undefined || stored === current.id) return said;
        return (await zendesk.revokeToken(stored)) ? `${said}; token ${stored} revoked` : `${said}; token ${stored} already gone`;
      });
    }
    return '';
  });
  result.done = result.done.filter((d) => d !== '');
  return wipeSide(deps, account.id, side, now, { reason: options.reason ?? 'console', result, wasConnected: connected });
}
