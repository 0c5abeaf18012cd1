// The DynamoDB adapter of the SyncStore port: one table, single-item conditional writes only (see README.md).
import { randomBytes } from 'node:crypto';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DEFAULT_MAPPING, type MappingTable } from '../../shared/sync/mapping';
import {
  SYNC_DIRECTIONS,
  type AgentKnowledge,
  type Decision,
  type ObservedChange,
  type Side,
  type SyncDirection,
  type WriteRecord,
} from '../../shared/sync/types';
import type { ZendeskStatusCatalog } from '../../shared/zendesk/vocabulary';
import { accountSettings, type Account, type AccountSettings } from '../accounts/account';
import { StoreError, isConditionFailed, storeFailure } from './errors';
import { AGENT_SK_PREFIX, keys, normalizeEmail } from './keys';
import { emptyAgentState, knowledgeFromState } from './knowledge';
import { usesUpChange } from '../../shared/sync/decide';
import type {
  AccountHealth,
  AgentLink,
  AgentState,
  AuditEntry,
  AuditInput,
  AuditValue,
  DirectionSnapshot,
  DirectoryReport,
  EventRef,
  ObservedStatus,
  StoredAccount,
  SyncStore,
  TokenResult,
} from './port';
import { AUDIT_BY_ACCOUNT_INDEX, BY_AIRCALL_USER_INDEX, BY_ZENDESK_USER_INDEX } from './table';

export interface DynamoSyncStoreOptions {
  /** How long a claimed event id is remembered. Default 7 days. */
  dedupeTtlSeconds?: number;
  /** How long audit entries are kept. Default 30 days. */
  auditRetentionDays?: number;
  /** Attempts of one `takeToken` under contention before it reports "no token" (never over-grants). Default 25. */
  bucketAttempts?: number;
  /** Cap on each list of the directory report (the item must stay under 400 KB). Default 1000. */
  directoryListCap?: number;
}

type Item = Record<string, unknown>;

const DAY_SECONDS = 86_400;
/** Idle token buckets expire after a day: an absent (or expired) bucket is a full one. */
const BUCKET_TTL_SECONDS = DAY_SECONDS;
const SECRET_KEY = /token|secret|password|authori[sz]ation|signature|cookie|credential|api[-_]?key/i;

const toSeconds = (ms: number) => Math.floor(ms / 1000);
/** Drops `undefined` (lib-dynamodb refuses it unless the client sets removeUndefinedValues). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const isLive = (item: Item | undefined, nowSeconds: number): item is Item =>
  item !== undefined && !(typeof item.expiresAt === 'number' && item.expiresAt < nowSeconds);

/**
 * The store on one DynamoDB table. Every atomic step is one conditional PutItem/UpdateItem (no transactions: dynalite
 * has none, and none is needed), and every read treats `expiresAt < now` as absent (TTL deletion lags up to two days).
 *
 * @example const store = new DynamoSyncStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), config().tableName);
 */
export class DynamoSyncStore implements SyncStore {
  private readonly dedupeTtlSeconds: number;
  private readonly auditRetentionSeconds: number;
  private readonly bucketAttempts: number;
  private readonly directoryListCap: number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    options: DynamoSyncStoreOptions = {},
  ) {
    this.dedupeTtlSeconds = options.dedupeTtlSeconds ?? 7 * DAY_SECONDS;
    this.auditRetentionSeconds = (options.auditRetentionDays ?? 30) * DAY_SECONDS;
    this.bucketAttempts = options.bucketAttempts ?? 25;
    this.directoryListCap = options.directoryListCap ?? 1000;
  }

  // ---- Accounts -------------------------------------------------------------------------------------------------

  async putAccount(input: (Account | AccountSettings) & { mapping?: MappingTable }, now: number): Promise<void> {
    // Settings only: `accountSettings` leaves every secret out, and replacing the aircall and zendesk maps wholesale
    // drops any secret an older item held in plain text (the credentials are sealed in their own items).
    const account = { ...accountSettings(input), ...(input.mapping !== undefined && { mapping: input.mapping }) };
    const what = `save account ${account.id}`;
    const names: Record<string, string> = {
      '#type': 'type',
      '#id': 'id',
      '#direction': 'direction',
      '#aircall': 'aircall',
      '#zendesk': 'zendesk',
      '#updatedAt': 'updatedAt',
      '#catalog': 'statusCatalog',
    };
    const values: Item = {
      ':type': 'account',
      ':id': account.id,
      ':direction': account.direction,
      ':aircall': plain(account.aircall),
      ':zendesk': plain(account.zendesk),
      ':now': now,
    };
    let set = 'SET #type = :type, #id = :id, #direction = :direction, #aircall = :aircall, #zendesk = :zendesk, #updatedAt = :now';
    if (account.mapping !== undefined) {
      names['#mapping'] = 'mapping';
      values[':mapping'] = plain(account.mapping);
      set += ', #mapping = :mapping';
    }
    let remove = 'REMOVE #catalog';
    names['#app'] = 'app';
    if (account.app !== undefined) {
      values[':app'] = plain(account.app);
      set += ', #app = :app';
    } else remove += ', #app';
    // The catalog belongs to the Zendesk instance, which may just have changed: the worker reads it again.
    await this.send(what, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.settings(account.id),
          UpdateExpression: `${set} ${remove}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
    // Registry entry second: listAccounts never names an account whose settings are missing.
    await this.send(what, () =>
      this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.registry(account.id), type: 'account_ref', id: account.id, updatedAt: now } })),
    );
  }

  async getAccount(id: string): Promise<StoredAccount | undefined> {
    const item = await this.get(`read account ${id}`, keys.settings(id));
    return item && toAccount(item);
  }

  async listAccounts(): Promise<StoredAccount[]> {
    const refs = await this.queryAll('list accounts', { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'ACCOUNTS' } });
    const ids = refs.map((r) => String(r.id));
    const accounts: StoredAccount[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      let request: Record<string, { Keys: Item[]; ConsistentRead?: boolean }> | undefined = {
        [this.tableName]: { Keys: ids.slice(i, i + 100).map((id) => keys.settings(id)), ConsistentRead: true },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 8) throw new StoreError('Could not list accounts: DynamoDB kept returning unprocessed keys');
        if (attempt > 0) await backoff(attempt);
        const current: Record<string, { Keys: Item[]; ConsistentRead?: boolean }> = request;
        const out = await this.send('list accounts', () => this.doc.send(new BatchGetCommand({ RequestItems: current })));
        for (const item of out.Responses?.[this.tableName] ?? []) accounts.push(toAccount(item));
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return accounts.sort((a, b) => a.id.localeCompare(b.id));
  }

  async putStatusCatalog(account: string, catalog: ZendeskStatusCatalog, fetchedAt: number): Promise<void> {
    await this.send(`cache the Zendesk statuses of account ${account}`, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.settings(account),
          UpdateExpression: 'SET #catalog = :catalog',
          // Never create a settings item from a catalog alone.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#catalog': 'statusCatalog' },
          ExpressionAttributeValues: { ':catalog': plain({ entries: catalog.entries, fetchedAt }) },
        }),
      ),
    ).catch((err: unknown) => {
      if (isConditionFailed((err as StoreError).cause))
        throw new StoreError(`Could not cache the Zendesk statuses of account ${account}: the account does not exist`);
      throw err;
    });
  }

  async putDirectionSnapshot(account: string, snapshot: DirectionSnapshot): Promise<{ stored: boolean; previous?: DirectionSnapshot }> {
    const { since: _since, ...plainSnapshot } = snapshot;
    const others = SYNC_DIRECTIONS.filter((d) => d !== snapshot.direction);
    const result = await this.send(`store the direction in force of account ${account}`, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.settings(account),
          // `since_<direction>` is when that direction took effect: set by the first process that stores it, kept while
          // it stays in force, dropped when another one takes over, so every process sees the same period (one initial
          // sync per agent per period).
          UpdateExpression: `SET #snapshot = :snapshot, #since = if_not_exists(#since, :at) REMOVE ${others.map((_, k) => `#other${k}`).join(', ')}`,
          // Never create a settings item from a snapshot alone, nor replace a newer one (another process read later).
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#snapshot.#at) OR #snapshot.#at <= :at)',
          ExpressionAttributeNames: {
            '#snapshot': 'directionSnapshot',
            '#at': 'attemptedAt',
            '#since': sinceAttribute(snapshot.direction),
            ...Object.fromEntries(others.map((d, k) => [`#other${k}`, sinceAttribute(d)])),
          },
          ExpressionAttributeValues: { ':snapshot': plain(plainSnapshot), ':at': snapshot.attemptedAt },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    ).catch(async (err: unknown) => {
      if (!isConditionFailed((err as StoreError).cause)) throw err;
      // No ALL_OLD on a failed condition (dynalite): read again to tell "no account" from "a newer snapshot".
      if (!(await this.get(`read account ${account}`, keys.settings(account))))
        throw new StoreError(`Could not store the direction in force of account ${account}: the account does not exist`);
      return undefined;
    });
    if (result === undefined) return { stored: false };
    const previous = result.Attributes ? snapshotOf(result.Attributes) : undefined;
    // The period: the stored start when this direction was already in force, else the moment this write made it so.
    const kept = result.Attributes?.[sinceAttribute(snapshot.direction)];
    snapshot.since = typeof kept === 'number' ? kept : snapshot.attemptedAt;
    return { stored: true, ...(previous !== undefined && { previous }) };
  }

  // ---- Agent links ----------------------------------------------------------------------------------------------

  async putLink(account: string, link: AgentLink, now: number): Promise<void> {
    await this.send(`save the link of ${normalizeEmail(link.email)} in account ${account}`, () =>
      this.doc.send(new PutCommand({ TableName: this.tableName, Item: linkItem(account, link, now) })),
    );
  }

  async putLinks(account: string, links: readonly AgentLink[], now: number): Promise<void> {
    const what = `save ${links.length} links in account ${account}`;
    for (let i = 0; i < links.length; i += 25) {
      let pending: Item[] = links.slice(i, i + 25).map((link) => ({ PutRequest: { Item: linkItem(account, link, now) } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new StoreError(`Could not ${what}: DynamoDB kept returning unprocessed items`);
        if (attempt > 0) await backoff(attempt);
        const batch = pending;
        const out = await this.send(what, () => this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: batch } })));
        pending = (out.UnprocessedItems?.[this.tableName] ?? []) as Item[];
      }
    }
  }

  async getLinkByEmail(account: string, email: string): Promise<AgentLink | undefined> {
    const item = await this.get(`read the link of ${normalizeEmail(email)} in account ${account}`, keys.link(account, email));
    return item && toLink(item);
  }

  getLinkByAircallUser(account: string, aircallUserId: string | number): Promise<AgentLink | undefined> {
    return this.linkByIndex(BY_AIRCALL_USER_INDEX, 'gsi1pk', keys.byAircallUser(account, String(aircallUserId)), `Aircall user ${aircallUserId}`, account);
  }

  getLinkByZendeskUser(account: string, zendeskUserId: string | number): Promise<AgentLink | undefined> {
    return this.linkByIndex(BY_ZENDESK_USER_INDEX, 'gsi2pk', keys.byZendeskUser(account, String(zendeskUserId)), `Zendesk user ${zendeskUserId}`, account);
  }

  async listLinks(account: string): Promise<AgentLink[]> {
    const items = await this.queryAll(`list the links of account ${account}`, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.accountPk(account), ':prefix': AGENT_SK_PREFIX },
      ConsistentRead: true,
    });
    return items.map(toLink);
  }

  async deleteLink(account: string, email: string): Promise<void> {
    await this.send(`delete the link of ${normalizeEmail(email)} in account ${account}`, () =>
      this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.link(account, email) })),
    );
  }

  async putDirectoryReport(account: string, report: DirectoryReport): Promise<void> {
    const cap = this.directoryListCap;
    const truncated = report.truncated === true || report.unmatchedAircall.length > cap || report.unmatchedZendesk.length > cap;
    const item = plain({
      ...keys.directory(account),
      type: 'directory',
      ...report,
      unmatchedAircall: report.unmatchedAircall.slice(0, cap),
      unmatchedZendesk: report.unmatchedZendesk.slice(0, cap),
      unmatchedAircallCount: report.unmatchedAircall.length,
      unmatchedZendeskCount: report.unmatchedZendesk.length,
      truncated,
    });
    await this.send(`save the directory report of account ${account}`, () => this.doc.send(new PutCommand({ TableName: this.tableName, Item: item })));
  }

  async getDirectoryReport(account: string): Promise<DirectoryReport | undefined> {
    const item = await this.get(`read the directory report of account ${account}`, keys.directory(account));
    if (!item) return undefined;
    return {
      builtAt: Number(item.builtAt),
      unmatchedAircall: (item.unmatchedAircall ?? []) as DirectoryReport['unmatchedAircall'],
      unmatchedZendesk: (item.unmatchedZendesk ?? []) as DirectoryReport['unmatchedZendesk'],
      ...(typeof item.linkedCount === 'number' && { linkedCount: item.linkedCount }),
      ...(item.truncated === true && { truncated: true }),
    };
  }

  // ---- Agent sync state -----------------------------------------------------------------------------------------

  async getAgentState(account: string, email: string): Promise<AgentState> {
    const item = await this.get(`read the sync state of ${normalizeEmail(email)} in account ${account}`, keys.state(account, email));
    return item ? toAgentState(item) : emptyAgentState();
  }

  async loadKnowledge(account: string, email: string): Promise<AgentKnowledge> {
    const [state, link] = await Promise.all([this.getAgentState(account, email), this.getLinkByEmail(account, email)]);
    return knowledgeFromState(state, link !== undefined);
  }

  async listAgentStates(account: string): Promise<{ email: string; state: AgentState }[]> {
    const items = await this.queryAll(`list the sync states of account ${account}`, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.accountPk(account), ':prefix': 'STATE#' },
    });
    return items.map((item) => ({ email: String(item.email ?? String(item.sk).slice('STATE#'.length)), state: toAgentState(item) }));
  }

  async recordObservation<S extends Side>(account: string, email: string, side: S, observed: ObservedStatus<S>): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.state(account, email),
          // All operands read the item as it was: `prev_at_<side>` gets the time of the change before this one.
          // A bulk reading is not a change (the agent may have been in that state for hours): it leaves both alone.
          UpdateExpression: observed.reading
            ? 'SET #obs = :obs, #email = :email'
            : 'SET #obs = :obs, #prev = if_not_exists(#chg, :none), #chg = :at, #email = :email',
          ConditionExpression: 'attribute_not_exists(#obs) OR #obs.#version < :version',
          ExpressionAttributeNames: {
            '#obs': `obs_${side}`,
            '#version': 'version',
            '#email': 'email',
            ...(!observed.reading && { '#prev': `prev_at_${side}`, '#chg': `changed_at_${side}` }),
          },
          ExpressionAttributeValues: {
            ':obs': plain(observed),
            ':version': observed.version,
            ':email': normalizeEmail(email),
            ...(!observed.reading && { ':none': -1, ':at': observed.observedAt }),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw storeFailure(`record a ${side} status of ${normalizeEmail(email)} in account ${account}`, err);
    }
  }

  async recordOutcome(account: string, email: string, change: ObservedChange, decision: Decision, now: number): Promise<void> {
    const what = `record the outcome for ${normalizeEmail(email)} in account ${account}`;
    const parts: GuardedPart[] = [];
    if (decision.action === 'write' || usesUpChange(decision)) {
      parts.push({
        set: '#applied = :applied',
        condition: '(attribute_not_exists(#applied) OR #applied <= :applied)',
        names: { '#applied': `applied_${change.side}` },
        values: { ':applied': change.version },
      });
    }
    if (decision.action === 'write') {
      const wrote: WriteRecord = { value: decision.status, at: now };
      parts.push({
        set: '#wrote = :wrote',
        condition: '(attribute_not_exists(#wrote) OR #wrote.#at <= :at)',
        names: { '#wrote': `wrote_${decision.side}`, '#at': 'at' },
        values: { ':wrote': wrote, ':at': now },
      });
    }
    // The initial sync of a direction period is done once, whatever its outcome (written or already in state).
    if (decision.initial !== undefined)
      parts.push({ set: '#initial = :initial', names: { '#initial': 'initial_sync' }, values: { ':initial': decision.initial } });
    // Other skips change nothing here (applyDecision's `current` comes from recordObservation).
    if (parts.length === 0) return;
    // One round trip in the usual case; if one guard fails (a newer value is already stored), apply each alone.
    if (await this.guardedUpdate(what, account, email, parts)) return;
    for (const part of parts) await this.guardedUpdate(what, account, email, [part]);
  }

  // ---- Webhook dedupe -------------------------------------------------------------------------------------------

  async claimEvent(ref: EventRef, now: number): Promise<boolean> {
    const nowSeconds = toSeconds(now);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.dedupe(ref.account, ref.provider, ref.key), type: 'dedupe', claimedAt: now, expiresAt: nowSeconds + this.dedupeTtlSeconds },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw storeFailure(`record ${ref.provider} event for account ${ref.account}`, err);
    }
  }

  async eventSeen(ref: EventRef, now: number): Promise<boolean> {
    return (await this.get(`look up ${ref.provider} event for account ${ref.account}`, keys.dedupe(ref.account, ref.provider, ref.key), now)) !== undefined;
  }

  async releaseEvent(ref: EventRef): Promise<void> {
    await this.send(`forget ${ref.provider} event for account ${ref.account}`, () =>
      this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.dedupe(ref.account, ref.provider, ref.key) })),
    );
  }

  // ---- Audit trail ----------------------------------------------------------------------------------------------

  async appendAudit(account: string, agent: string, entry: AuditInput, now: number): Promise<AuditEntry> {
    const id = `${new Date(now).toISOString()}#${randomBytes(6).toString('hex')}`;
    const stored: AuditEntry = {
      id,
      account,
      agent: agent === '*' ? agent : normalizeEmail(agent),
      at: now,
      kind: entry.kind,
      ...(entry.decision !== undefined && { decision: entry.decision }),
      ...(entry.reason !== undefined && { reason: entry.reason }),
      ...(entry.detail !== undefined && { detail: redact(entry.detail) }),
    };
    await this.send(`append to the audit trail of account ${account}`, () =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: plain({
            pk: keys.auditPk(account, agent),
            sk: id,
            type: 'audit',
            ...stored,
            expiresAt: toSeconds(now) + this.auditRetentionSeconds,
            gsi3pk: keys.accountAuditPk(account),
            gsi3sk: id,
          }),
        }),
      ),
    );
    return stored;
  }

  listAudit(account: string, agent: string, options: { now: number; limit?: number }): Promise<AuditEntry[]> {
    return this.queryAudit(
      `read the audit trail of account ${account}`,
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.auditPk(account, agent) } },
      options,
    );
  }

  listAccountAudit(account: string, options: { now: number; limit?: number }): Promise<AuditEntry[]> {
    return this.queryAudit(
      `read the audit trail of account ${account} (index ${AUDIT_BY_ACCOUNT_INDEX}; a table created before it existed lacks it)`,
      { IndexName: AUDIT_BY_ACCOUNT_INDEX, KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': keys.accountAuditPk(account) } },
      options,
    );
  }

  // ---- Health -----------------------------------------------------------------------------------------------------

  async recordEventReceived(account: string, side: Side, at: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.health(account),
          UpdateExpression: 'SET #at = :at, #type = :type',
          // Concurrent webhooks may note out of order: the time only moves forward.
          ConditionExpression: 'attribute_not_exists(#at) OR #at < :at',
          ExpressionAttributeNames: { '#at': `last_event_${side}`, '#type': 'type' },
          ExpressionAttributeValues: { ':at': at, ':type': 'health' },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw storeFailure(`note a ${side} webhook for account ${account}`, err);
    }
  }

  async getHealth(account: string): Promise<AccountHealth> {
    const item = await this.get(`read the health of account ${account}`, keys.health(account));
    const lastEventAt: AccountHealth['lastEventAt'] = {};
    for (const side of ['aircall', 'zendesk'] as const) {
      const at = item?.[`last_event_${side}`];
      if (typeof at === 'number') lastEventAt[side] = at;
    }
    return { lastEventAt };
  }

  // ---- Directory refresh ----------------------------------------------------------------------------------------

  async requestDirectoryRefresh(account: string, now: number, staleAfterMs: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.directoryRefresh(account),
          UpdateExpression: 'SET #type = :type, pendingSince = :now',
          // A request older than `staleAfterMs` was lost (its message or its process): a new one replaces it.
          ConditionExpression: 'attribute_not_exists(pendingSince) OR pendingSince < :stale',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'directory_refresh', ':now': now, ':stale': now - staleAfterMs },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw storeFailure(`ask for a directory refresh of account ${account}`, err);
    }
  }

  async withdrawDirectoryRefresh(account: string, requestedAt: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.directoryRefresh(account),
          UpdateExpression: 'REMOVE pendingSince',
          ConditionExpression: 'pendingSince = :at',
          ExpressionAttributeValues: { ':at': requestedAt },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw storeFailure(`withdraw the directory refresh request of account ${account}`, err);
    }
  }

  async startDirectoryRefresh(account: string, now: number, intervalMs: number): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
    const key = keys.directoryRefresh(account);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #type = :type, lastRefreshAt = :now REMOVE pendingSince',
          ConditionExpression: 'attribute_not_exists(lastRefreshAt) OR lastRefreshAt <= :due',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'directory_refresh', ':now': now, ':due': now - intervalMs },
        }),
      );
      return { ok: true };
    } catch (err) {
      if (!isConditionFailed(err)) throw storeFailure(`start a directory refresh of account ${account}`, err);
    }
    const item = await this.get(`read the directory refresh of account ${account}`, key, now);
    const last = Number(item?.lastRefreshAt ?? now);
    return { ok: false, retryAfterMs: Math.max(1, last + intervalMs - now) };
  }

  // ---- Rate budget ----------------------------------------------------------------------------------------------

  /**
   * A token bucket in one item per Aircall company, `{tokens, lastRefill, rev}`, updated only if `rev` is still the
   * one read (optimistic lock). The lock is on `rev` rather than `lastRefill` alone: two takers at the same
   * millisecond would leave `lastRefill` unchanged, and the second would overwrite the first's take. While the item's
   * `pausedUntil` (set by `pauseBucket` after a 429) lies ahead, no token is given, in any process.
   */
  async takeToken(company: string, perMinute: number, now: number): Promise<TokenResult> {
    const capacity = bucketCapacity(perMinute);
    const key = keys.bucket(company, 'aircall');
    const what = `take an Aircall token for company ${company}`;
    const nowSeconds = toSeconds(now);
    for (let attempt = 0; attempt < this.bucketAttempts; attempt++) {
      if (attempt > 0) await jitter(attempt);
      const item = await this.get(what, key, now);
      const paused = pausedForMs(item, now);
      if (paused > 0) return { ok: false, retryAfterMs: paused };
      try {
        if (!isLive(item, nowSeconds) || item.rev === undefined) {
          // A new (or expired) bucket starts full. An update, not a put: a pause stored meanwhile is kept.
          await this.doc.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: key,
              UpdateExpression: 'SET #type = :type, tokens = :tokens, #capacity = :capacity, lastRefill = :now, rev = :one, expiresAt = :expires',
              ConditionExpression: 'attribute_not_exists(rev) OR expiresAt < :nowSeconds',
              ExpressionAttributeNames: { '#type': 'type', '#capacity': 'capacity' },
              ExpressionAttributeValues: {
                ':type': 'bucket',
                ':tokens': capacity - 1,
                ':capacity': capacity,
                ':now': now,
                ':one': 1,
                ':expires': nowSeconds + BUCKET_TTL_SECONDS,
                ':nowSeconds': nowSeconds,
              },
            }),
          );
          return { ok: true, remaining: capacity - 1 };
        }
        const level = refill(item, capacity, now, perMinute);
        if (level.tokens < 1) return { ok: false, retryAfterMs: Math.max(1, Math.ceil(((1 - level.tokens) * 60_000) / refillPerMinute(perMinute))) };
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET tokens = :tokens, lastRefill = :refill, #capacity = :capacity, rev = :next, expiresAt = :expires',
            ConditionExpression: 'rev = :rev',
            ExpressionAttributeNames: { '#capacity': 'capacity' },
            ExpressionAttributeValues: {
              ':tokens': level.tokens - 1,
              ':refill': level.lastRefill,
              ':capacity': capacity,
              ':rev': item.rev,
              ':next': Number(item.rev) + 1,
              ':expires': nowSeconds + BUCKET_TTL_SECONDS,
            },
          }),
        );
        return { ok: true, remaining: level.tokens - 1 };
      } catch (err) {
        if (!isConditionFailed(err)) throw storeFailure(what, err);
        // Another worker took or refilled first: read again.
      }
    }
    // Heavy contention: report no token rather than risk granting one too many.
    return { ok: false, retryAfterMs: 250 + Math.floor(Math.random() * 250) };
  }

  async pauseBucket(company: string, until: number, now: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.bucket(company, 'aircall'),
          UpdateExpression: 'SET #type = :type, pausedUntil = :until, expiresAt = :expires',
          // Never shortens a longer pause another process stored.
          ConditionExpression: 'attribute_not_exists(pausedUntil) OR pausedUntil < :until',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'bucket', ':until': until, ':expires': Math.max(toSeconds(until), toSeconds(now)) + BUCKET_TTL_SECONDS },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw storeFailure(`pause the Aircall budget of company ${company}`, err);
    }
  }

  async bucketLevel(company: string, perMinute: number, now: number): Promise<{ tokens: number; capacity: number }> {
    const capacity = bucketCapacity(perMinute);
    const item = await this.get(`read the Aircall budget of company ${company}`, keys.bucket(company, 'aircall'), now);
    if (pausedForMs(item, now) > 0) return { tokens: 0, capacity };
    if (!isLive(item, toSeconds(now)) || item.rev === undefined) return { tokens: capacity, capacity };
    return { tokens: refill(item, capacity, now, perMinute).tokens, capacity };
  }

  // ---- Helpers --------------------------------------------------------------------------------------------------

  private async send<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw storeFailure(what, err);
    }
  }

  /** A consistent GetItem; items expired at `now` (epoch ms) count as absent. */
  private async get(what: string, key: { pk: string; sk: string }, now = Date.now()): Promise<Item | undefined> {
    const out = await this.send(what, () => this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })));
    const item = out.Item as Item | undefined;
    return isLive(item, toSeconds(now)) ? item : undefined;
  }

  private async queryAll(what: string, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const out = await this.send(what, () => this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey })));
      items.push(...((out.Items ?? []) as Item[]));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Audit entries newest first, paging past expired ones until `limit` live entries (default 50) are found. */
  private async queryAudit(
    what: string,
    input: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'>,
    options: { now: number; limit?: number },
  ): Promise<AuditEntry[]> {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
    const entries: AuditEntry[] = [];
    let startKey: Item | undefined;
    do {
      const out = await this.send(what, () =>
        this.doc.send(
          new QueryCommand({
            ...input,
            TableName: this.tableName,
            // Limit applies before the filter: page until enough live entries are found.
            FilterExpression: 'attribute_not_exists(expiresAt) OR expiresAt >= :now',
            ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':now': toSeconds(options.now) },
            ScanIndexForward: false,
            Limit: limit,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of out.Items ?? []) if (entries.length < limit) entries.push(toAudit(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey && entries.length < limit);
    return entries;
  }

  private async linkByIndex(index: string, attribute: string, value: string, who: string, account: string): Promise<AgentLink | undefined> {
    const items = await this.queryAll(`find the link of ${who} in account ${account}`, {
      IndexName: index,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': attribute },
      ExpressionAttributeValues: { ':v': value },
    });
    // One user id should map to one email; if an old link lingers, the most recently written one wins.
    const newest = items.sort((a, b) => Number(b.updatedAt ?? 0) - Number(a.updatedAt ?? 0))[0];
    return newest && toLink(newest);
  }

  /** One UpdateItem on the agent's state combining the parts; `false` when a guard failed (nothing written). */
  private async guardedUpdate(what: string, account: string, email: string, parts: readonly GuardedPart[]): Promise<boolean> {
    const conditions = parts.flatMap((p) => (p.condition === undefined ? [] : [p.condition]));
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.state(account, email),
          UpdateExpression: `SET ${parts.map((p) => p.set).join(', ')}, #email = :email`,
          ...(conditions.length > 0 && { ConditionExpression: conditions.join(' AND ') }),
          ExpressionAttributeNames: Object.assign({ '#email': 'email' }, ...parts.map((p) => p.names)),
          ExpressionAttributeValues: Object.assign({ ':email': normalizeEmail(email) }, ...parts.map((p) => plain(p.values))),
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw storeFailure(what, err);
    }
  }
}

/** One part of a single-item update of an agent's sync state: what it sets, and the guard it must pass (if any). */
interface GuardedPart {
  set: string;
  condition?: string;
  names: Record<string, string>;
  values: Item;
}

/**
 * The bucket's burst: a sixth of the per-minute limit (at least 1). With the refill below, no 60-second window
 * ever holds more than `perMinute` requests, however the provider aligns its window, and a small burst lets the
 * worker notice a low budget early (see settleDelay's `budgetLow`).
 */
function bucketCapacity(perMinute: number): number {
  if (!Number.isFinite(perMinute) || perMinute <= 0) throw new StoreError(`A rate limit must be a positive number of requests per minute, got ${perMinute}`);
  return Math.max(1, Math.ceil(perMinute / 6));
}

/** Tokens added per minute: what the limit leaves after a full burst (capacity + rate × 1 min = perMinute). */
function refillPerMinute(perMinute: number): number {
  return Math.max(perMinute - bucketCapacity(perMinute), perMinute / 2);
}

/** How long a bucket is still paused at `now` (after a 429; see `pauseBucket`), 0 when it is not. */
function pausedForMs(item: Item | undefined, now: number): number {
  const until = item?.pausedUntil;
  return typeof until === 'number' && until > now ? until - now : 0;
}

/** The bucket's level at `now`: refilled at `refillPerMinute` tokens per minute, never above capacity. */
function refill(item: Item, capacity: number, now: number, perMinute: number): { tokens: number; lastRefill: number } {
  const lastRefill = Number(item.lastRefill);
  const elapsed = Math.max(0, now - lastRefill);
  return { tokens: Math.min(capacity, Number(item.tokens) + (elapsed * refillPerMinute(perMinute)) / 60_000), lastRefill: Math.max(lastRefill, now) };
}

function linkItem(account: string, link: AgentLink, now: number): Item {
  const email = normalizeEmail(link.email);
  const aircallUserId = String(link.aircallUserId);
  const zendeskUserId = String(link.zendeskUserId);
  return plain({
    ...keys.link(account, email),
    type: 'link',
    email,
    aircallUserId,
    zendeskUserId,
    aircallName: link.aircallName,
    zendeskName: link.zendeskName,
    updatedAt: now,
    gsi1pk: keys.byAircallUser(account, aircallUserId),
    gsi1sk: `${AGENT_SK_PREFIX}${email}`,
    gsi2pk: keys.byZendeskUser(account, zendeskUserId),
    gsi2sk: `${AGENT_SK_PREFIX}${email}`,
  });
}

function toLink(item: Item): AgentLink {
  return {
    email: String(item.email),
    aircallUserId: String(item.aircallUserId),
    zendeskUserId: String(item.zendeskUserId),
    ...(typeof item.aircallName === 'string' && { aircallName: item.aircallName }),
    ...(typeof item.zendeskName === 'string' && { zendeskName: item.zendeskName }),
    ...(typeof item.updatedAt === 'number' && { updatedAt: item.updatedAt }),
  };
}

function toAccount(item: Item): StoredAccount {
  // Through accountSettings: an item written before the credentials moved out still holds secrets; they stay out.
  const settings = accountSettings({
    id: String(item.id),
    direction: item.direction as StoredAccount['direction'],
    aircall: item.aircall as StoredAccount['aircall'],
    zendesk: item.zendesk as StoredAccount['zendesk'],
    ...(item.app !== undefined && { app: item.app as NonNullable<StoredAccount['app']> }),
  });
  return {
    ...settings,
    mapping: (item.mapping as MappingTable | undefined) ?? DEFAULT_MAPPING,
    ...(item.statusCatalog !== undefined && { statusCatalog: item.statusCatalog as StoredAccount['statusCatalog'] }),
    ...(item.directionSnapshot !== undefined && { directionSnapshot: snapshotOf(item) as DirectionSnapshot }),
    updatedAt: Number(item.updatedAt ?? 0),
  };
}

/** The item attribute holding when `direction` took effect (see `putDirectionSnapshot`). */
const sinceAttribute = (direction: SyncDirection) => `since_${direction}`;

/** The stored direction snapshot of a settings item, with the start of its direction's period. */
function snapshotOf(item: Item): DirectionSnapshot | undefined {
  const snapshot = item.directionSnapshot as DirectionSnapshot | undefined;
  if (snapshot === undefined) return undefined;
  const since = item[sinceAttribute(snapshot.direction)];
  return typeof since === 'number' ? { ...snapshot, since } : snapshot;
}

function toAgentState(item: Item): AgentState {
  const state = emptyAgentState();
  for (const side of ['aircall', 'zendesk'] as const) {
    const observed = item[`obs_${side}`];
    if (observed !== undefined) (state.observed as Record<Side, unknown>)[side] = observed;
    const prev = item[`prev_at_${side}`];
    if (typeof prev === 'number' && prev >= 0) state.previousObservedAt[side] = prev;
    const applied = item[`applied_${side}`];
    if (typeof applied === 'number') state.applied[side] = applied;
    const wrote = item[`wrote_${side}`] as WriteRecord | undefined;
    if (wrote !== undefined) state.written[side] = { value: String(wrote.value), at: Number(wrote.at) };
  }
  if (typeof item.initial_sync === 'string') state.initialSync = item.initial_sync;
  return state;
}

function toAudit(item: Item): AuditEntry {
  return {
    id: String(item.sk),
    account: String(item.account),
    agent: String(item.agent),
    at: Number(item.at),
    kind: item.kind as AuditEntry['kind'],
    ...(typeof item.decision === 'string' && { decision: item.decision }),
    ...(typeof item.reason === 'string' && { reason: item.reason }),
    ...(item.detail !== undefined && { detail: item.detail as Record<string, AuditValue> }),
  };
}

/** Audit details never carry secrets: values under secret-looking keys are replaced, long strings cut. */
function redact(detail: Record<string, AuditValue>): Record<string, AuditValue> {
  const out: Record<string, AuditValue> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]';
    else out[key] = typeof value === 'string' && value.length > 500 ? `${value.slice(0, 500)}…` : value;
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const backoff = (attempt: number) => sleep(Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
const jitter = (attempt: number) => sleep(Math.random() * Math.min(50, 5 * attempt));
