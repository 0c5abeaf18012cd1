// What the product learned about each account's Aircall and Zendesk APIs (issue 11): one item per account, kept apart
// from the SyncStore port. The detection rules live in lambdas/aircall/api-shapes.ts and lambdas/zendesk/api-shapes.ts.
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, storeFailure } from './errors';
import { keys } from './keys';

/** A point is named `<system>_<what>`, e.g. `aircall_users`; it becomes part of an attribute name. */
const POINT = /^(aircall|zendesk)_[a-z0-9_]+$/;

/** The form that worked for one UNCONFIRMED point, and when. */
export interface LearnedShape {
  value: string;
  /** Epoch ms the value was first seen to work. */
  learnedAt: number;
  /** Epoch ms it was last put to the test (learned, or re-checked after a day). */
  checkedAt: number;
  /** What proved the other form wrong, e.g. `GET /v1/users answered 410`. Absent when the first form worked. */
  evidence?: string;
  /** A fact seen along the way that an admin should know, e.g. that V2 users carry no `substatus`. */
  note?: string;
}

/** A point on which no form works (e.g. the Aircall status cannot be written). */
export interface ApiProblem {
  /** Epoch ms the problem was first seen. */
  since: number;
  /** Epoch ms it was last confirmed. */
  checkedAt: number;
  detail: string;
}

export interface StoredApiShapes {
  shapes: Record<string, LearnedShape>;
  problems: Record<string, ApiProblem>;
}

/** The account's learned API shapes. Writes are single conditional UpdateItems; each point is its own attribute. */
export interface ApiShapeStore {
  get(account: string): Promise<StoredApiShapes>;
  /**
   * Records `shape` for `point` unless the stored one already says the same and was checked at or after
   * `shape.checkedAt`: a second process learning the same thing writes nothing. `false` when nothing was written.
   */
  putShape(account: string, point: string, shape: LearnedShape): Promise<boolean>;
  /** Records a problem, or removes it (`undefined`). */
  putProblem(account: string, point: string, problem: ApiProblem | undefined): Promise<void>;
}

/** The DynamoDB adapter: item `pk=ACCOUNT#<id>`, `sk=API_SHAPES` (lambdas/store/README.md). */
export class DynamoApiShapeStore implements ApiShapeStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async get(account: string): Promise<StoredApiShapes> {
    let item: Record<string, unknown> | undefined;
    try {
      item = (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.apiShapes(account), ConsistentRead: true }))).Item;
    } catch (err) {
      throw storeFailure(`read the API shapes of account ${account}`, err);
    }
    const out: StoredApiShapes = { shapes: {}, problems: {} };
    for (const [name, value] of Object.entries(item ?? {})) {
      if (name.startsWith('shape_') && isLearnedShape(value)) out.shapes[name.slice('shape_'.length)] = value;
      if (name.startsWith('problem_') && isProblem(value)) out.problems[name.slice('problem_'.length)] = value;
    }
    return out;
  }

  async putShape(account: string, point: string, shape: LearnedShape): Promise<boolean> {
    requirePoint(point);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.apiShapes(account),
          UpdateExpression: 'SET #a = :shape, #type = :type',
          ConditionExpression: 'attribute_not_exists(#a) OR #a.#value <> :value OR #a.#checkedAt < :checkedAt',
          ExpressionAttributeNames: { '#a': `shape_${point}`, '#type': 'type', '#value': 'value', '#checkedAt': 'checkedAt' },
          ExpressionAttributeValues: { ':shape': plain(shape), ':type': 'api_shapes', ':value': shape.value, ':checkedAt': shape.checkedAt },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw storeFailure(`record the ${point} API shape of account ${account}`, err);
    }
  }

  async putProblem(account: string, point: string, problem: ApiProblem | undefined): Promise<void> {
    requirePoint(point);
    const names = { '#a': `problem_${point}` };
    try {
      await this.doc.send(
        problem === undefined
          ? new UpdateCommand({ TableName: this.tableName, Key: keys.apiShapes(account), UpdateExpression: 'REMOVE #a', ExpressionAttributeNames: names })
          : new UpdateCommand({
              TableName: this.tableName,
              Key: keys.apiShapes(account),
              UpdateExpression: 'SET #a = :p, #type = :type',
              ExpressionAttributeNames: { ...names, '#type': 'type' },
              ExpressionAttributeValues: { ':p': plain(problem), ':type': 'api_shapes' },
            }),
      );
    } catch (err) {
      throw storeFailure(`record the ${point} API problem of account ${account}`, err);
    }
  }
}

function requirePoint(point: string): void {
  if (!POINT.test(point)) throw new Error(`"${point}" is not an API shape point (expected aircall_… or zendesk_…)`);
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function isLearnedShape(value: unknown): value is LearnedShape {
  const v = value as LearnedShape | undefined;
  return typeof v?.value === 'string' && typeof v.learnedAt === 'number' && typeof v.checkedAt === 'number';
}

function isProblem(value: unknown): value is ApiProblem {
  const v = value as ApiProblem | undefined;
  return typeof v?.detail === 'string' && typeof v.since === 'number' && typeof v.checkedAt === 'number';
}
