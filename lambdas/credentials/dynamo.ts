// The credential store on the one table: each side's credential and webhook secret in its own item, every secret
// field sealed by SecretBox with the context {accountId, field} (lambdas/store/README.md, "Credentials").
import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SecretBox } from '../secrets/envelope';
import { isConditionFailed, storeFailure } from '../store/errors';
import type { AircallCredential, CredentialStore, NeedsReconnect, WebhookSecret, ZendeskCredential } from './port';

type Side = WebhookSecret['side'];
type Item = Record<string, unknown>;

/** The credential properties that are secrets, whatever the kind: sealed as `<side>.<property>`. */
const SECRET_PROPERTIES: Readonly<Record<Side, readonly string[]>> = {
  zendesk: ['accessToken', 'refreshToken', 'apiToken', 'clientSecret'],
  // The API ID is half of the basic-auth pair (accountSecrets redacts it): sealed too.
  aircall: ['accessToken', 'apiId', 'apiToken'],
};

/** The context field of a webhook secret (the README of lambdas/secrets names these). */
const WEBHOOK_FIELD: Readonly<Record<Side, string>> = { zendesk: 'zendesk.webhookSigningSecret', aircall: 'aircall.webhookToken' };

const SK: Readonly<Record<Side, string>> = { zendesk: 'ZENDESK', aircall: 'AIRCALL' };

/** The keys of the credential items: the only place that spells them (functions are granted by these LeadingKeys). */
export const credentialKeys = {
  credential: (account: string, side: Side) => ({ pk: `CREDENTIALS#${account}`, sk: SK[side] }),
  webhookSecret: (account: string, side: Side) => ({ pk: `WEBHOOK_SECRETS#${account}`, sk: SK[side] }),
};

/**
 * The credentials on DynamoDB as the sync worker reads them (credentialReaderFromConfig): a credential item holds
 * `version` (raised by every put; `swap` is conditional on it), the credential's plain fields, its secret fields as
 * `v1.` ciphertexts, and `needsReconnect` while it failed for good. DynamoCredentialKeeper and DynamoCredentialStore
 * below add the rest of the port.
 */
export class DynamoCredentialReader {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    protected readonly box: SecretBox,
  ) {}

  getZendeskCredential(account: string): Promise<ZendeskCredential | undefined> {
    return this.getCredential(account, 'zendesk') as Promise<ZendeskCredential | undefined>;
  }

  async swapZendeskCredential(account: string, expectedVersion: number, next: ZendeskCredential): Promise<boolean> {
    const sealed = await this.seal(account, 'zendesk', next);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: credentialKeys.credential(account, 'zendesk'),
          UpdateExpression: 'SET #credential = :credential, #version = :next, #updatedAt = :now REMOVE #needsReconnect',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#credential': 'credential', '#version': 'version', '#updatedAt': 'updatedAt', '#needsReconnect': 'needsReconnect' },
          ExpressionAttributeValues: { ':credential': sealed, ':next': expectedVersion + 1, ':expected': expectedVersion, ':now': Date.now() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw storeFailure(`replace the Zendesk credential of account ${account}`, error);
    }
  }

  getAircallCredential(account: string): Promise<AircallCredential | undefined> {
    return this.getCredential(account, 'aircall') as Promise<AircallCredential | undefined>;
  }

  async markNeedsReconnect(account: string, side: Side, reason: string, now: number, version?: number): Promise<boolean> {
    const mark: NeedsReconnect = { since: now, reason: reason.slice(0, 300) };
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: credentialKeys.credential(account, side),
          UpdateExpression: 'SET #needsReconnect = :mark',
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(#needsReconnect)${version === undefined ? '' : ' AND #version = :version'}`,
          ExpressionAttributeNames: { '#needsReconnect': 'needsReconnect', ...(version !== undefined && { '#version': 'version' }) },
          ExpressionAttributeValues: { ':mark': mark, ...(version !== undefined && { ':version': version }) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw storeFailure(`mark the ${side} credential of account ${account} as needing a reconnect`, error);
    }
  }

  async getReconnectMarks(account: string): Promise<Partial<Record<Side, NeedsReconnect>>> {
    const marks: Partial<Record<Side, NeedsReconnect>> = {};
    await Promise.all(
      (['zendesk', 'aircall'] as const).map(async (side) => {
        const out = await this.send(`read the ${side} connection state of account ${account}`, () =>
          this.doc.send(
            new GetCommand({
              TableName: this.tableName,
              Key: credentialKeys.credential(account, side),
              ConsistentRead: true,
              // Only the mark: no ciphertext leaves the table for this read.
              ProjectionExpression: '#needsReconnect',
              ExpressionAttributeNames: { '#needsReconnect': 'needsReconnect' },
            }),
          ),
        );
        const mark = out.Item?.needsReconnect as NeedsReconnect | undefined;
        if (mark && typeof mark === 'object') marks[side] = { since: Number(mark.since), reason: String(mark.reason) };
      }),
    );
    return marks;
  }

  // ---- Sealing --------------------------------------------------------------------------------------------------

  /** The credential as stored: plain fields kept, secret fields sealed, `version` and `needsReconnect` left to the item. */
  protected async seal(account: string, side: Side, credential: ZendeskCredential | AircallCredential): Promise<Item> {
    if (!credential || typeof credential !== 'object' || typeof credential.kind !== 'string')
      throw new TypeError(`A ${side} credential of account ${account} must be an object with a kind`);
    const { version: _version, needsReconnect: _needsReconnect, ...fields } = credential as ZendeskCredential & Item;
    const out: Item = {};
    for (const [property, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      if (SECRET_PROPERTIES[side].includes(property)) {
        if (typeof value !== 'string') throw new TypeError(`The ${side} credential's ${property} of account ${account} must be a string`);
        out[property] = await this.box.seal(value, { accountId: account, field: `${side}.${property}` });
      } else out[property] = JSON.parse(JSON.stringify(value)) as unknown;
    }
    return out;
  }

  protected async open(account: string, side: Side, item: Item): Promise<ZendeskCredential | AircallCredential> {
    const stored = (item.credential ?? {}) as Item;
    const out: Item = {};
    for (const [property, value] of Object.entries(stored)) {
      out[property] =
        SECRET_PROPERTIES[side].includes(property) && typeof value === 'string'
          ? await this.box.open(value, { accountId: account, field: `${side}.${property}` })
          : value;
    }
    out.version = Number(item.version ?? 0);
    if (item.needsReconnect && typeof item.needsReconnect === 'object') out.needsReconnect = item.needsReconnect;
    return out as unknown as ZendeskCredential | AircallCredential;
  }

  // ---- Items ----------------------------------------------------------------------------------------------------

  protected async getCredential(account: string, side: Side): Promise<ZendeskCredential | AircallCredential | undefined> {
    const item = await this.get(credentialKeys.credential(account, side), `read the ${side} credential of account ${account}`);
    return item?.credential ? this.open(account, side, item) : undefined;
  }

  protected async get(key: Item, what: string): Promise<Item | undefined> {
    const out = await this.send(what, () => this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })));
    return out.Item;
  }

  protected async send<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw storeFailure(what, error);
    }
  }
}

/**
 * The credential store of the reconcile sweep: the reader's, and the webhook secrets and deletions its upkeep and
 * disconnect need (credentialKeeperFromConfig); storing a new credential is DynamoCredentialStore's.
 */
export class DynamoCredentialKeeper extends DynamoCredentialReader {
  deleteZendeskCredential(account: string): Promise<void> {
    return this.delete(credentialKeys.credential(account, 'zendesk'), `delete the Zendesk credential of account ${account}`);
  }

  deleteAircallCredential(account: string): Promise<void> {
    return this.delete(credentialKeys.credential(account, 'aircall'), `delete the Aircall credential of account ${account}`);
  }

  async getWebhookSecret(account: string, side: Side): Promise<WebhookSecret | undefined> {
    const item = await this.get(credentialKeys.webhookSecret(account, side), `read the ${side} webhook secret of account ${account}`);
    if (!item || typeof item.secret !== 'string') return undefined;
    const secret = await this.box.open(item.secret, { accountId: account, field: WEBHOOK_FIELD[side] });
    return {
      side,
      secret,
      updatedAt: Number(item.updatedAt ?? 0),
      ...(typeof item.webhookId === 'string' && { webhookId: item.webhookId }),
    };
  }

  async putWebhookSecret(account: string, secret: WebhookSecret): Promise<void> {
    const side = secret.side;
    if (side !== 'zendesk' && side !== 'aircall') throw new TypeError('A webhook secret names its side: zendesk or aircall');
    if (typeof secret.secret !== 'string' || secret.secret === '') throw new TypeError(`The ${side} webhook secret of account ${account} is empty`);
    const sealed = await this.box.seal(secret.secret, { accountId: account, field: WEBHOOK_FIELD[side] });
    const names: Record<string, string> = { '#type': 'type', '#side': 'side', '#secret': 'secret', '#updatedAt': 'updatedAt', '#webhookId': 'webhookId' };
    const values: Item = { ':type': 'webhook_secret', ':side': side, ':secret': sealed, ':at': secret.updatedAt };
    let update = 'SET #type = :type, #side = :side, #secret = :secret, #updatedAt = :at';
    if (secret.webhookId !== undefined) {
      values[':webhookId'] = String(secret.webhookId);
      update += ', #webhookId = :webhookId';
    } else update += ' REMOVE #webhookId';
    await this.send(`store the ${side} webhook secret of account ${account}`, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: credentialKeys.webhookSecret(account, side),
          UpdateExpression: update,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  deleteWebhookSecret(account: string, side: Side): Promise<void> {
    return this.delete(credentialKeys.webhookSecret(account, side), `delete the ${side} webhook secret of account ${account}`);
  }

  protected async delete(key: Item, what: string): Promise<void> {
    await this.send(what, () => this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key })));
  }
}

/**
 * `CredentialStore` on DynamoDB: the keeper's, and storing a new credential (raising `version`, ending any
 * "needs reconnect").
 *
 * @example const credentials = new DynamoCredentialStore(documentClient(dynamo), cfg.tableName, new SecretBox({ provider }));
 */
export class DynamoCredentialStore extends DynamoCredentialKeeper implements CredentialStore {
  putZendeskCredential(account: string, credential: ZendeskCredential): Promise<number> {
    return this.putCredential(account, 'zendesk', credential);
  }

  putAircallCredential(account: string, credential: AircallCredential): Promise<number> {
    return this.putCredential(account, 'aircall', credential);
  }

  private async putCredential(account: string, side: Side, credential: ZendeskCredential | AircallCredential): Promise<number> {
    const sealed = await this.seal(account, side, credential);
    const out = await this.send(`store the ${side} credential of account ${account}`, () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: credentialKeys.credential(account, side),
          // A new credential ends any "needs reconnect".
          UpdateExpression: 'SET #type = :type, #side = :side, #credential = :credential, #updatedAt = :now ADD #version :one REMOVE #needsReconnect',
          ExpressionAttributeNames: {
            '#type': 'type',
            '#side': 'side',
            '#credential': 'credential',
            '#updatedAt': 'updatedAt',
            '#version': 'version',
            '#needsReconnect': 'needsReconnect',
          },
          ExpressionAttributeValues: { ':type': 'credential', ':side': side, ':credential': sealed, ':now': Date.now(), ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(out.Attributes?.version ?? 1);
  }
}
