// An account from a file (`npm run accounts -- import`, the local stack's accounts): its settings to the settings
// item, its secrets to their own sealed items. The operator's migration path, encrypted like everything else.
import type { MappingTable } from '../../shared/sync/mapping';
import type { Account } from '../accounts/account';
import type { AccountStore } from '../store/port';
import type { AircallCredential, CredentialStore, WebhookSecret, ZendeskCredential } from './port';

/** The credentials an accounts-file entry carries, as the credential store keeps them. */
export function fileCredentials(account: Account, now: number): { zendesk: ZendeskCredential; aircall: AircallCredential; webhooks: WebhookSecret[] } {
  const z = account.zendesk;
  let zendesk: ZendeskCredential;
  if (z.clientCredentials !== undefined) {
    zendesk = {
      kind: 'client_credentials',
      clientId: z.clientCredentials.clientId,
      clientSecret: z.clientCredentials.clientSecret,
      scopes: ['read', 'write'],
      grantedAt: now,
      version: 0,
    };
  } else if (z.oauthAccessToken !== undefined) {
    // A token pasted into a file: no refresh token, no known expiry (an old client's token that never expires).
    zendesk = { kind: 'oauth', accessToken: z.oauthAccessToken, scopes: ['read', 'write'], grantedAt: now, version: 0 };
  } else {
    zendesk = { kind: 'api_token', email: z.email, apiToken: z.apiToken, grantedAt: now, version: 0 };
  }
  return {
    zendesk,
    aircall: { kind: 'basic', apiId: account.aircall.apiId, apiToken: account.aircall.apiToken, grantedAt: now, version: 0 },
    webhooks: [
      { side: 'zendesk', secret: z.webhookSigningSecret, updatedAt: now },
      { side: 'aircall', secret: account.aircall.webhookToken, updatedAt: now },
    ],
  };
}

/** What an import did with each stored credential (for the CLI's report; never a value). */
export interface ImportOutcome {
  zendesk: 'stored' | 'unchanged' | 'kept_connected';
  aircall: 'stored' | 'unchanged' | 'kept_connected';
}

/**
 * Stores an account from a file: credentials first (so a listed account always has them), then the settings, which
 * never hold a secret (`putAccount` keeps only the plain fields and drops any secret an older item held in plain text).
 *
 * A credential equal to the stored one is left alone (its version, a refreshed token, stay). A side connected through
 * the console (a grant with a grantor, not failed) is kept: "SUB's Connect flow connects the file's account", and a
 * restart with the same file must not undo it. Remove that credential (disconnect) to go back to the file's.
 */
export async function putAccountWithCredentials(
  deps: { store: Pick<AccountStore, 'putAccount'>; credentials: CredentialStore },
  account: Account & { mapping?: MappingTable },
  now: number,
): Promise<ImportOutcome> {
  const wanted = fileCredentials(account, now);
  const [zendeskNow, aircallNow] = await Promise.all([deps.credentials.getZendeskCredential(account.id), deps.credentials.getAircallCredential(account.id)]);
  const outcome: ImportOutcome = { zendesk: 'stored', aircall: 'stored' };
  if (isConnectedGrant(zendeskNow)) outcome.zendesk = 'kept_connected';
  else if (zendeskNow && sameSecrets(zendeskNow, wanted.zendesk) && !zendeskNow.needsReconnect) outcome.zendesk = 'unchanged';
  else await deps.credentials.putZendeskCredential(account.id, wanted.zendesk);
  if (isConnectedGrant(aircallNow)) outcome.aircall = 'kept_connected';
  else if (aircallNow && sameSecrets(aircallNow, wanted.aircall) && !aircallNow.needsReconnect) outcome.aircall = 'unchanged';
  else await deps.credentials.putAircallCredential(account.id, wanted.aircall);
  for (const secret of wanted.webhooks) {
    const stored = await deps.credentials.getWebhookSecret(account.id, secret.side);
    // A webhook registered by the backend (it has an id) has its own secret: a file's older one must not replace it.
    if (stored?.webhookId !== undefined || stored?.secret === secret.secret) continue;
    await deps.credentials.putWebhookSecret(account.id, secret);
  }
  await deps.store.putAccount(account, now);
  return outcome;
}

function isConnectedGrant(credential: ZendeskCredential | AircallCredential | undefined): boolean {
  return credential !== undefined && 'grantor' in credential && credential.grantor !== undefined && !credential.needsReconnect;
}

const SECRET_PROPERTIES = ['kind', 'accessToken', 'refreshToken', 'apiToken', 'apiId', 'email', 'clientId', 'clientSecret'] as const;

function sameSecrets(a: ZendeskCredential | AircallCredential, b: ZendeskCredential | AircallCredential): boolean {
  return SECRET_PROPERTIES.every((p) => (a as unknown as Record<string, unknown>)[p] === (b as unknown as Record<string, unknown>)[p]);
}
