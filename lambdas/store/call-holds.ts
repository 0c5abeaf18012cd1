// Call-aware status (issue 14 §1): each agent's call hold, one item per agent (`sk = CALLHOLD#<email>`), written with
// a revision guard because webhooks and the worker update it concurrently; and our own status writes outside a
// decision (the hold's write and its restore), journalled like any write so their echo is recognised.
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallHold } from '../../shared/sync/call-hold';
import type { Side, WriteRecord } from '../../shared/sync/types';
import { isConditionFailed, storeFailure } from './errors';
import { keys, normalizeEmail } from './keys';

/** A hold as stored, with the revision a guarded put must name. */
export interface StoredCallHold {
  email: string;
  hold: CallHold;
  rev: number;
}

export interface CallHoldStore {
  /** The agent's hold; `undefined` when the agent never had one (or it expired). */
  getCallHold(account: string, email: string): Promise<StoredCallHold | undefined>;
  /** Stores `hold` if the stored revision is still `rev` (`0`: none stored). `false` when someone else wrote first. */
  putCallHold(account: string, email: string, hold: CallHold, rev: number, now: number): Promise<boolean>;
  /** Every hold of the account (the sweep re-reads Aircall for the active ones). */
  listCallHolds(account: string): Promise<StoredCallHold[]>;
  /** Journals a status we wrote to `side` outside a decision, unless a newer write is journalled. */
  recordOwnWrite(account: string, email: string, side: Side, write: WriteRecord): Promise<void>;
}

/** Whether a store has the call holds (the runtime's always does; a test's partial store may not). */
export function hasCallHolds(store: object): store is CallHoldStore {
  return typeof (store as Partial<CallHoldStore>).getCallHold === 'function';
}

/** A released hold is kept a day, so a late `call.ended` still finds its call over. */
const HOLD_TTL_SECONDS = 86_400;
export const CALL_HOLD_SK_PREFIX = 'CALLHOLD#';
const holdKey = (account: string, email: string) => ({ pk: keys.accountPk(account), sk: `${CALL_HOLD_SK_PREFIX}${normalizeEmail(email)}` });

type Query = (input: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> }) => Promise<Record<string, unknown>[]>;

/** The CallHoldStore over the sync table; `query` is the store's paging Query. */
export function dynamoCallHolds(doc: DynamoDBDocumentClient, tableName: string, query: Query): CallHoldStore {
  return {
    async getCallHold(account, email) {
      const out = await doc.send(new GetCommand({ TableName: tableName, Key: holdKey(account, email), ConsistentRead: true })).catch((err: unknown) => {
        throw storeFailure(`read the call hold of ${normalizeEmail(email)} in account ${account}`, err);
      });
      const item = out.Item;
      if (!item || (typeof item.expiresAt === 'number' && item.expiresAt < Math.floor(Date.now() / 1000))) return undefined;
      return toStored(item);
    },

    async putCallHold(account, email, hold, rev, now) {
      try {
        // An UpdateItem, not a PutItem: the functions that write it (webhook, worker, sweep) may update ACCOUNT#
        // items but put none (infra/lib/access.ts).
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: holdKey(account, email),
            UpdateExpression: 'SET #type = :type, #email = :email, #hold = :hold, #rev = :next, #expires = :expires',
            ConditionExpression: rev === 0 ? 'attribute_not_exists(pk)' : '#rev = :rev',
            ExpressionAttributeNames: { '#type': 'type', '#email': 'email', '#hold': 'hold', '#rev': 'rev', '#expires': 'expiresAt' },
            ExpressionAttributeValues: {
              ':type': 'call_hold',
              ':email': normalizeEmail(email),
              ':hold': JSON.parse(JSON.stringify(hold)),
              ':next': rev + 1,
              ':expires': Math.floor(now / 1000) + HOLD_TTL_SECONDS,
              ...(rev !== 0 && { ':rev': rev }),
            },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailed(err)) return false;
        throw storeFailure(`store the call hold of ${normalizeEmail(email)} in account ${account}`, err);
      }
    },

    async listCallHolds(account) {
      const items = await query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.accountPk(account), ':prefix': CALL_HOLD_SK_PREFIX },
      });
      return items.map(toStored);
    },

    async recordOwnWrite(account, email, side, write) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.state(account, email),
            UpdateExpression: 'SET #wrote = :wrote, #email = :email',
            ConditionExpression: 'attribute_not_exists(#wrote) OR #wrote.#at <= :at',
            ExpressionAttributeNames: { '#wrote': `wrote_${side}`, '#at': 'at', '#email': 'email' },
            ExpressionAttributeValues: { ':wrote': { value: write.value, at: write.at }, ':at': write.at, ':email': normalizeEmail(email) },
          }),
        );
      } catch (err) {
        if (!isConditionFailed(err)) throw storeFailure(`record a ${side} write for ${normalizeEmail(email)} in account ${account}`, err);
      }
    },
  };
}

function toStored(item: Record<string, unknown>): StoredCallHold {
  return { email: String(item.email), hold: item.hold as CallHold, rev: Number(item.rev ?? 0) };
}
