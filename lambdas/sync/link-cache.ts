// Agent links kept per process for a short, bounded time (issue 15): a link changes only when the directory is rebuilt,
// yet the worker read it for every message and the Zendesk receiver queried it for every delivery.
import type { AgentLink, DirectoryStore } from '../store/port';
import { remember, touch } from './accounts';

/**
 * How long a found link is trusted. A link found missing is never kept: a new agent is seen at once. Agents change
 * every few minutes in a call centre, so a shorter time would seldom hit; a directory rebuild in this process forgets
 * the account's links at once (`forgetLinks`).
 */
export const LINK_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 20_000;

type Entry = { link: AgentLink; until: number };
const caches = new WeakMap<object, Map<string, Entry>>();

async function cached(
  store: object,
  key: string,
  now: number,
  read: () => Promise<AgentLink | undefined>,
): Promise<AgentLink | undefined> {
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  const hit = cache.get(key);
  // A clock that went back more than the TTL (another process's time) reads again.
  if (hit && hit.until > now && now >= hit.until - LINK_TTL_MS) return touch(cache, key, hit).link;
  const link = await read();
  if (link) remember(cache, key, { link, until: now + LINK_TTL_MS }, MAX_ENTRIES);
  else cache.delete(key);
  return link;
}

/**
 * The link of `email`, from this process's cache while younger than `LINK_TTL_MS`. A directory rebuild reaches this
 * process within that time; meanwhile a link it removed still resolves, and the write it leads to is what the agent's
 * previous ids allow (the sweep reads both sides again every period).
 */
export function linkByEmail(deps: { store: Pick<DirectoryStore, 'getLinkByEmail'> }, account: string, email: string, now: number): Promise<AgentLink | undefined> {
  return cached(deps.store, `${account}\ne\n${email.trim().toLowerCase()}`, now, () => deps.store.getLinkByEmail(account, email));
}

/** The link of a Zendesk user id, cached as `linkByEmail`. */
export function linkByZendeskUser(
  deps: { store: Pick<DirectoryStore, 'getLinkByZendeskUser'> },
  account: string,
  zendeskUserId: string,
  now: number,
): Promise<AgentLink | undefined> {
  return cached(deps.store, `${account}\nz\n${zendeskUserId}`, now, () => deps.store.getLinkByZendeskUser(account, zendeskUserId));
}

/** Forgets every cached link of `account` in this process (the directory was just rebuilt here). */
export function forgetLinks(store: object, account: string): void {
  const cache = caches.get(store);
  if (!cache) return;
  for (const key of [...cache.keys()]) if (key.startsWith(`${account}\n`)) cache.delete(key);
}
