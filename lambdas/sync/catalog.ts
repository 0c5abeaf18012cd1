// An account's Zendesk status catalog: cached on the account item, read again from Zendesk when old.
import type { ZendeskStatusCatalog } from '../../shared/zendesk/vocabulary';
import { isCatalogFresh, type AccountStore, type StoredAccount } from '../store/port';
import type { SyncDeps } from './deps';

/**
 * The account's statuses with this account's ids (never hard-coded: zendesk-api.md §4.2). Uses the cached catalog
 * while fresh; otherwise lists the statuses and caches them.
 */
export async function statusCatalog(deps: SyncDeps<AccountStore>, account: StoredAccount, options: { refresh?: boolean } = {}): Promise<ZendeskStatusCatalog> {
  const now = deps.now();
  if (!options.refresh && isCatalogFresh(account.statusCatalog, now)) return account.statusCatalog;
  const catalog = await deps.clients.zendesk(account).listStatuses();
  await deps.store.putStatusCatalog(account.id, catalog, now);
  account.statusCatalog = { ...catalog, fetchedAt: now };
  return catalog;
}
