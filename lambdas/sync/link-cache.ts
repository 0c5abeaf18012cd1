// Agent links kept per process for a short, bounded time (issue 15): a link changes only when the directory is rebuilt,
// yet the worker read it for every message and the Zendesk receiver queried it for every delivery.
import type { AgentLink, DirectoryStore } from '../store/port';
import { remember } from './accounts';

/**
 * How long a process trusts the links it holds. A link found missing is never kept (a new agent is seen at once),
 * and a directory rebuild in this process forgets the account's links at once (`forgetLinks`); elsewhere a rebuild is
 * seen within this time.
 */
export const LINK_TTL_MS = 5 * 60_000;
/** Accounts whose links one process keeps (each map holds an account's links: a few hundred bytes per agent). */
const MAX_ACCOUNTS = 100;

interface AccountLinks {
  byEmail: Map<string, AgentLink>;
  byZendeskUser: Map<string, AgentLink>;
  /** When the account's whole list was last read (the maps also hold single lookups since). */
  listedAt: number;
  listing?: Promise<void>;
}

type LinkReads = Pick<DirectoryStore, 'listLinks'>;
const caches = new WeakMap<object, Map<string, AccountLinks>>();

/**
 * The account's links held by this process. Once they are older than `LINK_TTL_MS` the whole list is read again in
 * the background, one Query for the account instead of one read per change; meanwhile (and while the list was never
 * read) each caller looks its agent up alone, so nobody waits for a listing.
 */
function held(store: LinkReads, account: string, now: number): AccountLinks | undefined {
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  let links = cache.get(account);
  if (!links) {
    links = { byEmail: new Map(), byZendeskUser: new Map(), listedAt: -Infinity };
    remember(cache, account, links, MAX_ACCOUNTS);
  }
  // A clock that went back (another process's time) counts as stale.
  const fresh = now - links.listedAt < LINK_TTL_MS && now >= links.listedAt - 60_000;
  if (!fresh && !links.listing) {
    const entry = links;
    entry.listing = store
      .listLinks(account)
      .then((list) => {
        entry.byEmail = new Map(list.map((l) => [l.email, l]));
        entry.byZendeskUser = new Map(list.map((l) => [String(l.zendeskUserId), l]));
        entry.listedAt = now;
      })
      .catch(() => undefined) // the single lookups go on; the next call tries the list again
      .finally(() => {
        entry.listing = undefined;
      });
  }
  return fresh ? links : undefined;
}

function keep(store: LinkReads, account: string, link: AgentLink): void {
  const links = caches.get(store)?.get(account);
  if (!links || links.listedAt === -Infinity) return;
  links.byEmail.set(link.email, link);
  links.byZendeskUser.set(String(link.zendeskUserId), link);
}

/**
 * The link of `email`: from this process's copy of the account's links while it is younger than `LINK_TTL_MS`, else
 * (or when it lacks the agent) read alone. A directory rebuild elsewhere reaches this process within that time;
 * meanwhile a link it removed still resolves, and the write it leads to fails on the old ids (the sweep reads both
 * sides again every period).
 */
export async function linkByEmail(
  deps: { store: Pick<DirectoryStore, 'getLinkByEmail' | 'listLinks'> },
  account: string,
  email: string,
  now: number,
): Promise<AgentLink | undefined> {
  const hit = held(deps.store, account, now)?.byEmail.get(email.trim().toLowerCase());
  if (hit) return hit;
  const link = await deps.store.getLinkByEmail(account, email);
  if (link) keep(deps.store, account, link);
  return link;
}

/** The link of a Zendesk user id, kept as `linkByEmail` keeps them. */
export async function linkByZendeskUser(
  deps: { store: Pick<DirectoryStore, 'getLinkByZendeskUser' | 'listLinks'> },
  account: string,
  zendeskUserId: string,
  now: number,
): Promise<AgentLink | undefined> {
  const hit = held(deps.store, account, now)?.byZendeskUser.get(String(zendeskUserId));
  if (hit) return hit;
  const link = await deps.store.getLinkByZendeskUser(account, zendeskUserId);
  if (link) keep(deps.store, account, link);
  return link;
}

/** Forgets every link of `account` this process holds (the directory was just rebuilt here). */
export function forgetLinks(store: object, account: string): void {
  caches.get(store)?.delete(account);
}
