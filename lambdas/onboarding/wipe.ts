// The local half of a disconnect: one side's secrets deleted (never read), the sessions ended on Zendesk's side, the
// disconnect audited. Its own module so a webhook function (Aircall's integration.deleted) bundles only deletes: it
// may not decrypt a credential (tests/infra/code-access.ts derives each function's grants from what it bundles).
import type { Side } from '../../shared/sync/types';
import type { CredentialStore } from '../credentials/port';
import { forgetWebhookSecret } from '../credentials/webhook-secrets';
import type { SessionStore } from '../sessions/port';
import { ACCOUNT_WIDE, type AuditStore } from '../store/port';
import type { Log } from '../sync/deps';

export interface WipeDeps {
  store: AuditStore;
  credentials: Pick<CredentialStore, 'deleteWebhookSecret' | 'deleteZendeskCredential' | 'deleteAircallCredential'>;
  sessions?: Pick<SessionStore, 'revokeAccount'>;
  log: Log;
}

/** What was done, step by step: each step may fail without stopping the others. */
export interface DisconnectResult {
  side: Side;
  /** Credential-free sentences, e.g. `webhook 01HX… deleted`, `token 12 revoked`, `secrets wiped`. */
  done: string[];
  /** The steps that failed, with why (the wipe happened anyway). */
  failed: string[];
}

/**
 * Deletes the side's webhook secret and credential items, ends the account's sessions when Zendesk is disconnected
 * (they were granted by that sign-in), and audits the disconnect (`connection`) with what `result` holds. Never throws.
 */
export async function wipeSide(
  deps: WipeDeps,
  account: string,
  side: Side,
  now: number,
  options: { reason: string; result?: DisconnectResult; wasConnected?: boolean },
): Promise<DisconnectResult> {
  const result = options.result ?? { side, done: [], failed: [] };
  const attempt = async (what: string, work: () => Promise<string | undefined>) => {
    try {
      const done = await work();
      if (done) result.done.push(done);
    } catch (error) {
      const message = `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? ''}`.trim();
      deps.log.warn(`disconnect: could not ${what}`, { account, side, error: message });
      result.failed.push(`${what}: ${message}`);
    }
  };
  // Each item is deleted even when the other delete failed.
  await attempt('wipe the webhook secret', async () => {
    await deps.credentials.deleteWebhookSecret(account, side);
    forgetWebhookSecret(deps.credentials, account, side);
    return undefined;
  });
  await attempt('wipe the credential', async () => {
    await (side === 'zendesk' ? deps.credentials.deleteZendeskCredential(account) : deps.credentials.deleteAircallCredential(account));
    return 'secrets wiped';
  });
  const sessions = deps.sessions;
  if (side === 'zendesk' && sessions) {
    await attempt('end the sessions', async () => {
      await sessions.revokeAccount(account, now);
      return 'sessions ended';
    });
  }

  const detail = {
    side,
    done: result.done.join('; '),
    ...(result.failed.length > 0 && { failed: result.failed.join('; ') }),
    ...(options.wasConnected !== undefined && { wasConnected: options.wasConnected }),
  };
  await deps.store
    .appendAudit(account, ACCOUNT_WIDE, { kind: 'connection', decision: 'disconnected', reason: options.reason, detail }, now)
    .catch((error: Error) => deps.log.warn('could not audit a disconnect', { account, side, error: error.message }));
  deps.log.info('side disconnected', { account, side, reason: options.reason, failed: result.failed.length });
  return result;
}
