// The DynamoDB store's core: accounts, agent links, the directory report, agent states read, audit, health and the rate
// budget — what every function uses, the OAuth pages and the admin routes alone (coreStoreFromConfig). The sync path's
// writes and lookups extend it in ./dynamo.ts (DynamoSyncStore, the SyncStore port). One table, single-item conditional
// writes only (see README.md).
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
import type { Side, SyncDirection, WriteRecord } from '../../shared/sync/types';
import { accountSettings, type Account, type AccountSettings } from '../accounts/account';
import { StoreError, isConditionFailed, storeFailure } from './errors';
import { AGENT_SK_PREFIX, keys, normalizeEmail } from './keys';
import { emptyAgentState } from './knowledge';
import type {
  AccountHealth,
  AgentLink,
  AgentState,
  AuditEntry,
  AuditAppend,
  AuditInput,
  AuditValue,
  DirectionSnapshot,
  DirectoryReport,
  StatusModeSnapshot,
  StoredAccount,
  TokenResult,
} from './port';
import { AUDIT_BY_ACCOUNT_INDEX } from './table';

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

export type Item = Record<string, unknown>;

export const DAY_SECONDS = 86_400;
/** Idle token buckets expire after a day: an absent (or expired) bucket is a full one. */
const BUCKET_TTL_SECONDS = DAY_SECONDS;
const SECRET_KEY = /token|secret|password|authori[sz]ation|signature|cookie|credential|api[-_]?key/i;

export const toSeconds = (ms: number) => Math.floor(ms / 1000);
/** Drops `undefined` (lib-dynamodb refuses it unless the client sets removeUndefinedValues). */
export const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
export const isLive = (item: Item | undefined, nowSeconds: number): item is Item =>
  item !== undefined && !(typeof item.expiresAt === 'number' && item.expiresAt < nowSeconds);

/**
 * The store on one DynamoDB table. Every atomic step is one conditional PutItem/UpdateItem (no transactions: dynalite
 * has none, and none is needed), and every read treats `expiresAt < now` as absent (TTL deletion lags up to two days).
 * Without the sync path's methods: see DynamoSyncStore (./dynamo.ts) for the whole SyncStore.
 */
export class DynamoStoreCore {
  protected readonly dedupeTtlSeconds: number;
  private readonly auditRetentionSeconds: number;
  private readonly bucketAttempts: number;
  private readonly directoryListCap: number;

  constructor(
    protected readonly doc: DynamoDBDocumentClient,
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

  /** See StatusModeStore: a conditional write on the settings item, never creating one, never replacing a newer mode. */
  async putStatusMode(account: string, snapshot: StatusModeSnapshot): Promise<{ stored: boolean; previous?: StatusModeSnapshot }> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.settings(account),
          UpdateExpression: 'SET #mode = :mode',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#mode) OR #mode.#at <= :at)',
          ExpressionAttributeNames: { '#mode': 'statusMode', '#at': 'checkedAt' },
          ExpressionAttributeValues: { ':mode': plain(snapshot), ':at': snapshot.checkedAt },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const previous = out.Attributes?.statusMode as StatusModeSnapshot | undefined;
      return { stored: true, ...(previous !== undefined && { previous }) };
    } catch (err) {
      if (isConditionFailed(err)) return { stored: false };
      throw storeFailure(`store the Zendesk status mode of account ${account}`, err);
    }
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

  // ---- Agent links ----------------------------------------------------------------------------------------------

  async putLinks(account: string, links: readonly AgentLink[], now: number): Promise<void> {
    await this.putItems(
      `save ${links.length} links in account ${account}`,
      links.map((link) => linkItem(account, link, now)),
    );
  }

  /**
   * Puts items in `BatchWriteItem` requests of 25 (DynamoDB's most); unprocessed items are sent again with a backoff,
   * nine attempts at most.
   */
  protected async putItems(what: string, items: readonly Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let pending: Item[] = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new StoreError(`Could not ${what}: DynamoDB kept returning unprocessed items`);
        if (attempt > 0) await backoff(attempt);
        const batch = pending;
        const out = await this.send(what, () => this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: batch } })));
        pending = (out.UnprocessedItems?.[this.tableName] ?? []) as Item[];
      }
    }
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

  async listAgentStates(account: string): Promise<{ email: string; state: AgentState }[]> {
    const items = await this.queryAll(`list the sync states of account ${account}`, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.accountPk(account), ':prefix': 'STATE#' },
    });
    return items.map((item) => ({ email: String(item.email ?? String(item.sk).slice('STATE#'.length)), state: toAgentState(item) }));
  }

  // ---- Audit trail ----------------------------------------------------------------------------------------------

  async appendAudit(account: string, agent: string, entry: AuditInput, now: number): Promise<AuditEntry> {
    const { stored, item } = this.auditItem(account, agent, entry, now);
    await this.send(`append to the audit trail of account ${account}`, () => this.doc.send(new PutCommand({ TableName: this.tableName, Item: item })));
    return stored;
  }

  /**
   * Appends several entries in `BatchWriteItem` requests of 25 (issue 15: the worker's entries of one invocation in one
   * round trip, not one each); unprocessed items are sent again with a backoff. Each entry as `appendAudit` stores it.
   */
  async appendAudits(entries: readonly AuditAppend[]): Promise<AuditEntry[]> {
    const built = entries.map((e) => this.auditItem(e.account, e.agent, e.entry, e.now));
    await this.putItems(
      `append ${entries.length} entries to the audit trail`,
      built.map((b) => b.item),
    );
    return built.map((b) => b.stored);
  }

  /** An audit entry as returned, and as its item (with the account-wide index's keys and its expiry). */
  private auditItem(account: string, agent: string, entry: AuditInput, now: number): { stored: AuditEntry; item: Item } {
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
    const item = plain({
      pk: keys.auditPk(account, agent),
      sk: id,
      type: 'audit',
      ...stored,
      expiresAt: toSeconds(now) + this.auditRetentionSeconds,
      gsi3pk: keys.accountAuditPk(account),
      gsi3sk: id,
    });
    return { stored, item };
  }

  listAccountAudit(account: string, options: { now: number; limit?: number }): Promise<AuditEntry[]> {
    return this.queryAudit(
      `read the audit trail of account ${account} (index ${AUDIT_BY_ACCOUNT_INDEX}; a table created before it existed lacks it)`,
      { IndexName: AUDIT_BY_ACCOUNT_INDEX, KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': keys.accountAuditPk(account) } },
      options,
    );
  }

  // ---- Health -----------------------------------------------------------------------------------------------------

  async getHealth(account: string): Promise<AccountHealth> {
    const item = await this.get(`read the health of account ${account}`, keys.health(account));
    const lastEventAt: AccountHealth['lastEventAt'] = {};
    for (const side of ['aircall', 'zendesk'] as const) {
      const at = item?.[`last_event_${side}`];
      if (typeof at === 'number') lastEventAt[side] = at;
    }
    return { lastEventAt };
  }

  // ---- Rate budget ----------------------------------------------------------------------------------------------

  /**
   * The company's request log in one item, `{since, grants, rev}`: when each request of the last `BUDGET_WINDOW_MS`
   * was granted (ms after `since`). A token is free while fewer than `perMinute` grants lie in that window, so the
   * whole budget can be spent at once after a quiet spell, and no 60-second window of Aircall's (fixed or sliding,
   * however aligned) ever counts more than `perMinute`. Updated only if `rev` is still the one read (optimistic lock:
   * two takers at the same millisecond must not both append to the same list). While the item's `pausedUntil` (set
   * by `pauseBucket` after a 429) lies ahead, no token is given, in any process.
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
      const fresh = !isLive(item, nowSeconds) || item.rev === undefined;
      const granted = fresh ? [] : grantsInWindow(item, now, capacity);
      if (granted.length >= capacity) {
        // The oldest of the last `capacity` grants leaves the window first.
        const oldest = granted[granted.length - capacity] as number;
        return { ok: false, retryAfterMs: Math.max(1, oldest + BUDGET_WINDOW_MS - now) };
      }
      const since = granted[0] ?? now;
      const grants = [...granted, now].map((at) => at - since);
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            // A new (or expired) log: an update, not a put, so a pause stored meanwhile is kept.
            UpdateExpression:
              'SET #type = :type, since = :since, grants = :grants, #capacity = :capacity, rev = :next, expiresAt = :expires REMOVE tokens, lastRefill',
            ConditionExpression: fresh ? 'attribute_not_exists(rev) OR expiresAt < :nowSeconds' : 'rev = :rev',
            ExpressionAttributeNames: { '#type': 'type', '#capacity': 'capacity' },
            ExpressionAttributeValues: {
              ':type': 'bucket',
              ':since': since,
              ':grants': grants,
              ':capacity': capacity,
              ':next': fresh ? 1 : Number(item.rev) + 1,
              ':expires': nowSeconds + BUCKET_TTL_SECONDS,
              ...(fresh ? { ':nowSeconds': nowSeconds } : { ':rev': item.rev }),
            },
          }),
        );
        return { ok: true, remaining: capacity - granted.length - 1 };
      } catch (err) {
        if (!isConditionFailed(err)) throw storeFailure(what, err);
        // Another worker took first: read again.
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
    return { tokens: Math.max(0, capacity - grantsInWindow(item, now, capacity).length), capacity };
  }

  // ---- Helpers --------------------------------------------------------------------------------------------------

  protected async send<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw storeFailure(what, err);
    }
  }

  /** A consistent GetItem; items expired at `now` (epoch ms) count as absent. */
  protected async get(what: string, key: { pk: string; sk: string }, now = Date.now()): Promise<Item | undefined> {
    const out = await this.send(what, () => this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })));
    const item = out.Item as Item | undefined;
    return isLive(item, toSeconds(now)) ? item : undefined;
  }

  protected async queryAll(what: string, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
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
  protected async queryAudit(
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
}

/**
 * How long a grant counts: Aircall's minute, plus the per-attempt timeout of the HTTP client (lambdas/http/request.ts
 * DEFAULT_TIMEOUT_MS, 5 s). A token is taken just before its attempt is sent, and Aircall counts the request when it
 * arrives, up to that timeout later; freeing the slot only after both means two requests a window apart here can
 * never fall into one of Aircall's windows, whichever way it aligns them.
 */
export const BUDGET_WINDOW_MS = 65_000;

/** The budget: the whole per-minute limit (aircall-api.md §3: a per-company count per minute). */
function bucketCapacity(perMinute: number): number {
  if (!Number.isFinite(perMinute) || perMinute <= 0) throw new StoreError(`A rate limit must be a positive number of requests per minute, got ${perMinute}`);
  return Math.max(1, Math.floor(perMinute));
}

/** How long a bucket is still paused at `now` (after a 429; see `pauseBucket`), 0 when it is not. */
function pausedForMs(item: Item | undefined, now: number): number {
  const until = item?.pausedUntil;
  return typeof until === 'number' && until > now ? until - now : 0;
}

/**
 * The grants of the stored log still inside the window at `now` (epoch ms, oldest first; takers' clocks may differ).
 * An item in the old token bucket shape (`tokens`, no `grants`) counts as a full window from its last refill: it may
 * have granted the whole limit lately, so the switch never over-grants.
 */
function grantsInWindow(item: Item, now: number, capacity: number): number[] {
  if (!Array.isArray(item.grants)) {
    const lastRefill = Number(item.lastRefill);
    return Number.isFinite(lastRefill) && now - lastRefill < BUDGET_WINDOW_MS ? Array.from({ length: capacity }, () => lastRefill) : [];
  }
  const since = Number(item.since);
  return (item.grants as unknown[])
    .map((offset) => since + Number(offset))
    .filter((at) => at > now - BUDGET_WINDOW_MS)
    .sort((a, b) => a - b);
}

export function linkItem(account: string, link: AgentLink, now: number): Item {
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

export function toLink(item: Item): AgentLink {
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
    ...(item.statusMode !== undefined && { statusMode: item.statusMode as StatusModeSnapshot }),
    updatedAt: Number(item.updatedAt ?? 0),
  };
}

/** The item attribute holding when `direction` took effect (see `putDirectionSnapshot`). */
export const sinceAttribute = (direction: SyncDirection) => `since_${direction}`;

/** The stored direction snapshot of a settings item, with the start of its direction's period. */
export function snapshotOf(item: Item): DirectionSnapshot | undefined {
  const snapshot = item.directionSnapshot as DirectionSnapshot | undefined;
  if (snapshot === undefined) return undefined;
  const since = item[sinceAttribute(snapshot.direction)];
  return typeof since === 'number' ? { ...snapshot, since } : snapshot;
}

export function toAgentState(item: Item): AgentState {
  const state = emptyAgentState();
  for (const side of ['aircall', 'zendesk'] as const) {
    const observed = item[`obs_${side}`];
    if (observed !== undefined) (state.observed as Record<Side, unknown>)[side] = observed;
    const prev = item[`prev_at_${side}`];
    if (typeof prev === 'number' && prev >= 0) state.previousObservedAt[side] = prev;
    const applied = item[`applied_${side}`];
    if (typeof applied === 'number') state.applied[side] = applied;
    const wrote = item[`wrote_${side}`] as WriteRecord | undefined;
    if (wrote !== undefined)
      state.written[side] = {
        value: String(wrote.value),
        at: Number(wrote.at),
        ...(wrote.afterVersion !== undefined && { afterVersion: Number(wrote.afterVersion) }),
      };
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
