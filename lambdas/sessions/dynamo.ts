// The DynamoDB adapter of the SessionStore port: random bearer tokens, only their SHA-256 stored, one item each.
import { createHash, randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { isConditionFailed, storeFailure } from '../store/errors';
import { documentClient } from '../store/from-config';
import { SESSION_MAX_AGE_MS, type IssuedSession, type Session, type SessionKind, type SessionStore } from './port';

/** 32 random bytes, base64url: 43 characters. Anything else is not one of ours and is refused before any read. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Whether `token` has the shape of a bearer token we issue (cheap, before any lookup). */
export const looksLikeSessionToken = (token: string): boolean => TOKEN.test(token);

/** Only the hash is stored: a leaked table item is no bearer token. */
export const sessionTokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Keys of the items (lambdas/store/README.md). */
export const sessionKeys = {
  session: (hash: string) => ({ pk: `SESSION#${hash}`, sk: 'SESSION' }),
  /** The account's not-before time: sessions issued before it are refused (disconnect, uninstall). */
  notBefore: (account: string) => ({ pk: `SESSIONS#${account}`, sk: 'NOT_BEFORE' }),
};

const toSeconds = (ms: number) => Math.floor(ms / 1000);
const KINDS: readonly SessionKind[] = ['agent', 'admin'];

/**
 * What ends an account's sessions (revokeAccount): all the reconcile sweep needs (its disconnect of an app gone for a
 * day), so the rest of DynamoSessionStore stays out of its bundle (sessionRevokerFromConfig).
 */
export class DynamoSessionRevoker {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  async revokeAccount(account: string, now: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: sessionKeys.notBefore(account),
          UpdateExpression: 'SET #type = :type, notBefore = :now',
          // A later revocation is never undone by an earlier one arriving late.
          ConditionExpression: 'attribute_not_exists(notBefore) OR notBefore < :now',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'session_not_before', ':now': now },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) return;
      throw storeFailure('revoke the sessions of an account', error);
    }
  }
}

/**
 * Sessions on the one table. Each item carries `expiresAt` in epoch seconds (the table's TTL attribute) and the
 * session's own times in ms; reads treat an expired item as absent (TTL deletion lags).
 *
 * @example const { token } = await sessions.issue({ kind: 'agent', accountId: 'acme', userId: '10011' }, Date.now());
 */
export class DynamoSessionStore extends DynamoSessionRevoker implements SessionStore {
  constructor(
    db: DynamoDBDocumentClient,
    table: string,
    private readonly maxAgeMs = SESSION_MAX_AGE_MS,
  ) {
    super(db, table);
  }

  async issue(session: Omit<Session, 'issuedAt' | 'expiresAt' | 'checkedAt'>, now: number): Promise<IssuedSession> {
    if (!KINDS.includes(session.kind) || !session.accountId || !session.userId) throw new Error('A session needs a kind, an account and a user');
    const token = randomBytes(32).toString('base64url');
    const expiresAtMs = now + Math.min(this.maxAgeMs, SESSION_MAX_AGE_MS);
    const item = {
      ...sessionKeys.session(sessionTokenHash(token)),
      type: 'session',
      kind: session.kind,
      accountId: session.accountId,
      userId: session.userId,
      ...(session.email !== undefined && { email: session.email }),
      ...(session.name !== undefined && { name: session.name }),
      issuedAt: now,
      expiresAtMs,
      // Zendesk just vouched for the user (signedUrls or OAuth): that is the first check.
      checkedAt: now,
      expiresAt: toSeconds(expiresAtMs) + 1,
    };
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      throw storeFailure('issue a session', error);
    }
    return { token, expiresAt: expiresAtMs };
  }

  async find(token: string, now: number): Promise<Session | undefined> {
    if (!looksLikeSessionToken(token)) return undefined;
    let item: Record<string, unknown> | undefined;
    try {
      item = (await this.db.send(new GetCommand({ TableName: this.table, Key: sessionKeys.session(sessionTokenHash(token)), ConsistentRead: true }))).Item;
    } catch (error) {
      throw storeFailure('read a session', error);
    }
    const session = item && readSession(item);
    if (!session || session.expiresAt <= now) return undefined;
    const notBefore = await this.notBefore(session.accountId);
    if (notBefore !== undefined && session.issuedAt < notBefore) return undefined;
    return session;
  }

  async touch(token: string, checkedAt: number): Promise<void> {
    if (!looksLikeSessionToken(token)) return;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: sessionKeys.session(sessionTokenHash(token)),
          UpdateExpression: 'SET checkedAt = :at',
          // Never resurrects a revoked session, and never moves the check back in time.
          ConditionExpression: 'attribute_exists(pk) AND checkedAt < :at',
          ExpressionAttributeValues: { ':at': checkedAt },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) return;
      throw storeFailure('record a session check', error);
    }
  }

  async revoke(token: string): Promise<void> {
    if (!looksLikeSessionToken(token)) return;
    try {
      await this.db.send(new DeleteCommand({ TableName: this.table, Key: sessionKeys.session(sessionTokenHash(token)) }));
    } catch (error) {
      throw storeFailure('revoke a session', error);
    }
  }

  private async notBefore(account: string): Promise<number | undefined> {
    try {
      const item = (await this.db.send(new GetCommand({ TableName: this.table, Key: sessionKeys.notBefore(account), ConsistentRead: true }))).Item;
      return typeof item?.notBefore === 'number' ? item.notBefore : undefined;
    } catch (error) {
      throw storeFailure('read the sessions not-before time', error);
    }
  }
}

function readSession(item: Record<string, unknown>): Session | undefined {
  const { kind, accountId, userId, email, name, issuedAt, expiresAtMs, checkedAt } = item;
  if (!KINDS.includes(kind as SessionKind) || typeof accountId !== 'string' || typeof userId !== 'string') return undefined;
  if (typeof issuedAt !== 'number' || typeof expiresAtMs !== 'number' || typeof checkedAt !== 'number') return undefined;
  return {
    kind: kind as SessionKind,
    accountId,
    userId,
    ...(typeof email === 'string' && { email }),
    ...(typeof name === 'string' && { name }),
    issuedAt,
    expiresAt: expiresAtMs,
    checkedAt,
  };
}

/** The session store as the lambdas configure it (the one table). */
export function sessionStoreFromConfig(cfg: Pick<Config, 'tableName'>, client: DynamoDBClient = new DynamoDBClient({})): DynamoSessionStore {
  return new DynamoSessionStore(documentClient(client), cfg.tableName);
}

/**
 * The session store of a function that only ends an account's sessions (the reconcile sweep): revokeAccount alone;
 * issuing, finding, touching or revoking one session fails loudly there.
 */
export function sessionRevokerFromConfig(cfg: Pick<Config, 'tableName'>, client: DynamoDBClient = new DynamoDBClient({})): SessionStore {
  const leftOut = (method: string) => () => {
    throw new Error(`This function's session store only ends an account's sessions (${method}): sessionRevokerFromConfig in lambdas/sessions/dynamo.ts`);
  };
  const only: Record<Exclude<keyof SessionStore, 'revokeAccount'>, () => never> = {
    issue: leftOut('issue'),
    find: leftOut('find'),
    touch: leftOut('touch'),
    revoke: leftOut('revoke'),
  };
  return Object.assign(new DynamoSessionRevoker(documentClient(client), cfg.tableName), only);
}
