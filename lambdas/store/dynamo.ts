// The DynamoDB adapter of the SyncStore port: the core (./dynamo-core.ts: accounts, links, directory, audit, health,
// rate budget) and the sync path's methods — observations and outcomes, webhook dedupe, link lookups by user, the
// direction snapshot, the status catalog, the directory-refresh lease. One table, single-item conditional writes only
// (see README.md).
import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SIDES, SYNC_DIRECTIONS, type AgentKnowledge, type Decision, type ObservedChange, type Side, type WriteRecord } from '../../shared/sync/types';
import type { ZendeskStatusCatalog } from '../../shared/zendesk/vocabulary';
import { StoreError, isConditionFailed, storeFailure } from './errors';
import { keys, normalizeEmail } from './keys';
import { emptyAgentState, knowledgeFromState } from './knowledge';
import { usesUpChange } from '../../shared/sync/decide';
import type { AgentLink, AgentState, AuditEntry, DirectionSnapshot, EventRef, ObservedStatus, RecordedChange, SyncStore } from './port';
import { BY_AIRCALL_USER_INDEX, BY_ZENDESK_USER_INDEX } from './table';
import { dynamoCallHolds, type CallHoldStore } from './call-holds';
import { DynamoStoreCore, linkItem, plain, sinceAttribute, snapshotOf, toAgentState, toLink, toSeconds, type Item } from './dynamo-core';

export type { DynamoSyncStoreOptions } from './dynamo-core';

/**
 * The store's sync path on one DynamoDB table (see DynamoStoreCore for its rules), as the reconcile sweep calls it
 * (sweepPathStoreFromConfig). DynamoSyncPath below adds the worker's methods, DynamoSyncStore the webhooks' and the
 * app's, for the whole SyncStore.
 */
export class DynamoSweepPath extends DynamoStoreCore {
  // Call-aware status (issue 14 §1): ./call-holds.ts.
  private readonly callHolds = dynamoCallHolds(this.doc, this.tableName, (input) => this.queryAll('list the call holds', input));
  getCallHold: CallHoldStore['getCallHold'] = (account, email) => this.callHolds.getCallHold(account, email);
  putCallHold: CallHoldStore['putCallHold'] = (account, email, hold, rev, now) => this.callHolds.putCallHold(account, email, hold, rev, now);
  listCallHolds: CallHoldStore['listCallHolds'] = (account) => this.callHolds.listCallHolds(account);
  recordOwnWrite: CallHoldStore['recordOwnWrite'] = (account, email, side, write) => this.callHolds.recordOwnWrite(account, email, side, write);

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

  async getLinkByEmail(account: string, email: string): Promise<AgentLink | undefined> {
    const item = await this.get(`read the link of ${normalizeEmail(email)} in account ${account}`, keys.link(account, email));
    return item && toLink(item);
  }

  async getAgentState(account: string, email: string): Promise<AgentState> {
    const item = await this.get(`read the sync state of ${normalizeEmail(email)} in account ${account}`, keys.state(account, email));
    return item ? toAgentState(item) : emptyAgentState();
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

  async recordOutcome(
    account: string,
    email: string,
    change: ObservedChange,
    decision: Decision,
    now: number,
    seen: Partial<Record<Side, number>> = {},
  ): Promise<void> {
    const what = `record the outcome for ${normalizeEmail(email)} in account ${account}`;
    const parts: GuardedPart[] = [];
    // The other side's change the decision was made on is taken too (a target side's change is never acted on
    // itself, but the worker's decision accounted for it): its redelivery is a duplicate, not queued again.
    for (const side of SIDES) {
      const version = seen[side];
      if (side !== change.side && version !== undefined)
        parts.push({ set: `#taken_${side} = :taken_${side}`, names: { [`#taken_${side}`]: `taken_${side}` }, values: { [`:taken_${side}`]: version } });
    }
    if (decision.action === 'write' || usesUpChange(decision)) {
      parts.push({
        set: '#applied = :applied',
        condition: '(attribute_not_exists(#applied) OR #applied <= :applied)',
        names: { '#applied': `applied_${change.side}` },
        values: { ':applied': change.version },
      });
      // The change is taken (record.ts: a redelivery of it is a duplicate): this exact version, never a newer one
      // recorded since the worker's read, whose first enqueue may have failed.
      parts.push({ set: '#taken = :taken', names: { '#taken': `taken_${change.side}` }, values: { ':taken': change.version } });
    }
    if (decision.action === 'write') {
      const wrote: WriteRecord = { value: decision.status, at: now, ...(decision.afterVersion !== undefined && { afterVersion: decision.afterVersion }) };
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

/**
 * The sync worker's store: the sweep's, and what only the worker calls (taking an agent's state for a sync, starting a
 * directory refresh). DynamoSyncStore below adds the webhooks' and the app's methods.
 */
export class DynamoSyncPath extends DynamoSweepPath {
  async putLink(account: string, link: AgentLink, now: number): Promise<void> {
    await this.send(`save the link of ${normalizeEmail(link.email)} in account ${account}`, () =>
      this.doc.send(new PutCommand({ TableName: this.tableName, Item: linkItem(account, link, now) })),
    );
  }

  async loadKnowledge(account: string, email: string): Promise<AgentKnowledge> {
    const [state, link] = await Promise.all([this.getAgentState(account, email), this.getLinkByEmail(account, email)]);
    return knowledgeFromState(state, link !== undefined);
  }

  /**
   * The worker's read of an agent (issue 15): one consistent GetItem (1 RRU; it was an UpdateItem marking both sides'
   * changes taken, 1 WRU on every pass, settling passes included). The change the worker acts on is marked taken by
   * its outcome write (`recordOutcome`), so a redelivery of a change already written or used up is still answered
   * `duplicate`; one the worker read but wrote nothing for is queued again, and skipped (at-least-once, harmless).
   * An agent with no state item gets none (an empty state).
   */
  async takeAgentState(account: string, email: string): Promise<AgentState> {
    const item = await this.get(`read the sync state of ${normalizeEmail(email)} in account ${account}`, keys.state(account, email));
    return item ? toAgentState(item) : emptyAgentState();
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
}

/**
 * The whole store on one DynamoDB table (see DynamoStoreCore for its rules): the sync path, and the methods only the
 * webhooks and the app's API call (their deliveries' dedupe and records, the directory refresh requests, links by
 * user id, an agent's audit trail). The worker and the sweep get DynamoSyncPath alone (syncPathStoreFromConfig).
 *
 * @example const store = new DynamoSyncStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), config().tableName);
 */
export class DynamoSyncStore extends DynamoSyncPath implements SyncStore {
  getLinkByAircallUser(account: string, aircallUserId: string | number): Promise<AgentLink | undefined> {
    return this.linkByIndex(BY_AIRCALL_USER_INDEX, 'gsi1pk', keys.byAircallUser(account, String(aircallUserId)), `Aircall user ${aircallUserId}`, account);
  }

  getLinkByZendeskUser(account: string, zendeskUserId: string | number): Promise<AgentLink | undefined> {
    return this.linkByIndex(BY_ZENDESK_USER_INDEX, 'gsi2pk', keys.byZendeskUser(account, String(zendeskUserId)), `Zendesk user ${zendeskUserId}`, account);
  }

  /**
   * The webhook's one write (issue 15): `recordObservation` that also dedupes the delivery by its event key (the side's
   * last two keys are kept on the state item: an Aircall redelivery in a later second has a higher version, so the
   * version alone would take it for a new change) and returns the state it leaves, so the caller can tell our own echo
   * without another read. When nothing was written, one consistent read says whether the stored change is this very
   * delivery (`sameEvent`) and whether the worker has taken it since (`taken`).
   */
  async recordChange<S extends Side>(account: string, email: string, side: S, observed: ObservedStatus<S>, eventKey: string): Promise<RecordedChange> {
    const key = eventKeyOf(eventKey);
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.state(account, email),
          // As recordObservation, plus the event keys: operands read the item as it was.
          UpdateExpression: `${observed.reading ? 'SET #obs = :obs, #email = :email' : 'SET #obs = :obs, #prev = if_not_exists(#chg, :none), #chg = :at, #email = :email'}, #evt = :key, #evtprev = if_not_exists(#evt, :nokey)`,
          ConditionExpression:
            '(attribute_not_exists(#obs) OR #obs.#version < :version) AND (attribute_not_exists(#evt) OR #evt <> :key) AND (attribute_not_exists(#evtprev) OR #evtprev <> :key)',
          ExpressionAttributeNames: {
            '#obs': `obs_${side}`,
            '#version': 'version',
            '#email': 'email',
            '#evt': `evt_${side}`,
            '#evtprev': `evtprev_${side}`,
            ...(!observed.reading && { '#prev': `prev_at_${side}`, '#chg': `changed_at_${side}` }),
          },
          ExpressionAttributeValues: {
            ':obs': plain(observed),
            ':version': observed.version,
            ':email': normalizeEmail(email),
            ':key': key,
            ':nokey': '',
            ...(!observed.reading && { ':none': -1, ':at': observed.observedAt }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { recorded: true, state: toAgentState(out.Attributes ?? {}) };
    } catch (err) {
      if (!isConditionFailed(err)) throw storeFailure(`record a ${side} status of ${normalizeEmail(email)} in account ${account}`, err);
    }
    const item = (await this.get(`read the sync state of ${normalizeEmail(email)} in account ${account}`, keys.state(account, email))) ?? {};
    const state = toAgentState(item);
    const stored = state.observed[side];
    const newest =
      item[`evt_${side}`] === key ||
      (stored !== undefined && stored.version === observed.version && JSON.stringify(stored.status) === JSON.stringify(observed.status));
    // An older delivery of this side superseded by a newer change: that change's own delivery queues the agent.
    const superseded = item[`evtprev_${side}`] === key;
    const takenVersion = item[`taken_${side}`];
    const taken = superseded || (newest && stored !== undefined && typeof takenVersion === 'number' && takenVersion >= stored.version);
    return { recorded: false, state, sameEvent: newest || superseded, taken };
  }

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

  listAudit(account: string, agent: string, options: { now: number; limit?: number }): Promise<AuditEntry[]> {
    return this.queryAudit(
      `read the audit trail of account ${account}`,
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.auditPk(account, agent) } },
      options,
    );
  }

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
}

/** One part of a single-item update of an agent's sync state: what it sets, and the guard it must pass (if any). */
interface GuardedPart {
  set: string;
  condition?: string;
  names: Record<string, string>;
  values: Item;
}

/** A provider event id as kept on the state item: long ones hashed, as dedupe keys are (keys.ts). */
function eventKeyOf(key: string): string {
  return key.length <= 200 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
