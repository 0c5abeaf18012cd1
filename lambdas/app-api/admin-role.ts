// Whether a Zendesk user is an admin, asked of Zendesk by the backend: the token's claims are the app's word only.
import type { StoredAccount } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import { BrowserCallCapError } from '../security/browser-cap';
import { AppApiHttpError } from './errors';

const ROLE_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Confirms roles with `GET /api/v2/users/{id}` (zendesk-api.md §8) and remembers each answer for a minute per
 * account and user, so an admin's page costs one Zendesk read a minute. A user who is no longer an admin loses the
 * admin view within that minute.
 */
export class AdminRoles {
  private readonly answers = new Map<string, { admin: boolean; until: number }>();

  constructor(private readonly ttlMs = ROLE_TTL_MS) {}

  /**
   * @throws AppApiHttpError `forbidden` when Zendesk does not say `admin`; `unavailable` when Zendesk cannot be asked.
   */
  async requireAdmin(deps: SyncDeps<object>, account: StoredAccount, userId: string, now: number): Promise<void> {
    if (!(await this.isAdmin(deps, account, userId, now))) throw new AppApiHttpError('forbidden', 'Only Zendesk admins can see the admin view');
  }

  private async isAdmin(deps: SyncDeps<object>, account: StoredAccount, userId: string, now: number): Promise<boolean> {
    const key = `${account.id}#${userId}`;
    const hit = this.answers.get(key);
    if (hit && hit.until > now) return hit.admin;
    let admin: boolean;
    try {
      const user = await deps.clients.zendesk(account).getUser(userId);
      admin = user !== undefined && user.id === userId && user.role === 'admin';
    } catch (error) {
      if (error instanceof BrowserCallCapError) throw error; // 429: the account's browser cap, nothing was sent
      deps.log.warn('could not confirm a role with Zendesk', { account: account.id, error: (error as Error).message });
      throw new AppApiHttpError('unavailable', 'Could not confirm your role with Zendesk; try again in a moment');
    }
    if (this.answers.size >= MAX_ENTRIES) this.answers.clear();
    this.answers.set(key, { admin, until: now + this.ttlMs });
    return admin;
  }
}
