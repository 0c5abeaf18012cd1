// What onboarding keeps in the table: pending OAuth flows (single use, 10 minutes), exchanged codes (replays
// refused), Aircall installs waiting for a Zendesk sign-in, and each account's onboarding step outcomes.
// One-time values are keyed by their SHA-256: the table never holds a usable state, code or link.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ONBOARDING_STEPS, type OnboardingStepName, type OnboardingStepView, type ZendeskOAuthPurpose } from '../../shared/console';
import { keys } from '../store/keys';
import { isConditionFailed, storeFailure } from '../store/errors';
import { TTL_ATTRIBUTE } from '../store/table';
import { lookupKey } from './pkce';

/** How long a started flow may take (the contract: state expires after 10 minutes). */
export const FLOW_TTL_MS = 10 * 60_000;
/** How long an Aircall install waits for the admin's Zendesk sign-in. */
export const PENDING_AIRCALL_TTL_MS = 30 * 60_000;
/** How long an exchanged code is remembered: far beyond its own life (Zendesk 120 s, Aircall unknown). */
const CODE_MEMORY_MS = 24 * 3600_000;

/** A flow started by us and finished by the provider's redirect (or by the install URI, for `aircall_link`). */
export type OAuthFlow =
  | {
      kind: 'zendesk';
      purpose: ZendeskOAuthPurpose;
      subdomain: string;
      /** The PKCE verifier. Kept plain for its 10 minutes: useless without the code, which only the redirect carries. */
      verifier: string;
      /** SHA-256 of the browser nonce cookie set at the start; absent when none was set. */
      browser?: string;
      /** SHA-256 of an Aircall install's chain id: that install is linked to the account this sign-in connects. */
      aircallChain?: string;
    }
  | {
      kind: 'aircall';
      /** Set when started from the console (`POST /api/admin/aircall/connect`); absent from Aircall's install button. */
      accountId?: string;
      /** The admin who started it from the console. */
      userId?: string;
      browser?: string;
    }
  | {
      /** A console's one-time link to the install URI, bound to its account and admin. */
      kind: 'aircall_link';
      accountId: string;
      userId: string;
    };

export type TakenFlow = { flow: OAuthFlow; createdAt: number } | { expired: true } | undefined;

export interface PendingAircall {
  /** The Aircall token, sealed (`Sealer`). */
  sealedToken: string;
  createdAt: number;
}

export type StepRecord = Omit<OnboardingStepView, 'step'>;

export class OnboardingStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Stores a flow under `secret` (a random token the caller hands out) for `FLOW_TTL_MS`. */
  async putFlow(secret: string, flow: OAuthFlow, now: number): Promise<void> {
    const item = { ...keys.oauthFlow(lookupKey(secret)), flow, createdAt: now, expiresAtMs: now + FLOW_TTL_MS, [TTL_ATTRIBUTE]: ttl(now + FLOW_TTL_MS) };
    await this.send('store an OAuth flow', () => this.doc.send(new PutCommand({ TableName: this.table, Item: item })));
  }

  /**
   * Takes a flow once: deleted as it is read, so a second use finds nothing (`undefined`). An expired one is deleted
   * too and answers `{ expired: true }`.
   */
  async takeFlow(secret: string, now: number): Promise<TakenFlow> {
    const taken = await this.takeItem(keys.oauthFlow(lookupKey(secret)), 'take an OAuth flow');
    if (!taken) return undefined;
    if (typeof taken.expiresAtMs !== 'number' || taken.expiresAtMs <= now) return { expired: true };
    return { flow: taken.flow as OAuthFlow, createdAt: taken.createdAt as number };
  }

  /** Records that `code` was exchanged: `true` the first time, `false` for a replay. */
  async claimCode(provider: 'zendesk' | 'aircall', code: string, now: number): Promise<boolean> {
    const item = { ...keys.oauthCode(provider, lookupKey(code)), at: now, [TTL_ATTRIBUTE]: ttl(now + CODE_MEMORY_MS) };
    try {
      await this.doc.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw storeFailure('claim an OAuth code', err);
    }
  }

  async putPendingAircall(chain: string, pending: PendingAircall, now: number): Promise<void> {
    const item = {
      ...keys.aircallPending(lookupKey(chain)),
      ...pending,
      expiresAtMs: now + PENDING_AIRCALL_TTL_MS,
      [TTL_ATTRIBUTE]: ttl(now + PENDING_AIRCALL_TTL_MS),
    };
    await this.send('store a pending Aircall install', () => this.doc.send(new PutCommand({ TableName: this.table, Item: item })));
  }

  /** Takes a pending install by the SHA-256 of its chain id (as a flow holds it); `undefined` when gone or expired. */
  async takePendingAircall(chainHash: string, now: number): Promise<PendingAircall | undefined> {
    const taken = await this.takeItem(keys.aircallPending(chainHash), 'take a pending Aircall install');
    if (!taken || typeof taken.expiresAtMs !== 'number' || taken.expiresAtMs <= now) return undefined;
    return { sealedToken: taken.sealedToken as string, createdAt: taken.createdAt as number };
  }

  /** Whether a pending install exists for this chain id (not taken, not expired). */
  async hasPendingAircall(chain: string, now: number): Promise<boolean> {
    const { Item } = await this.send('read a pending Aircall install', () =>
      this.doc.send(new GetCommand({ TableName: this.table, Key: keys.aircallPending(lookupKey(chain)), ConsistentRead: true })),
    );
    return typeof Item?.expiresAtMs === 'number' && Item.expiresAtMs > now;
  }

  /** Each step's last outcome (absent: never run). */
  async getSteps(account: string): Promise<Partial<Record<OnboardingStepName, StepRecord>>> {
    const { Item } = await this.send('read the onboarding steps', () =>
      this.doc.send(new GetCommand({ TableName: this.table, Key: keys.onboarding(account), ConsistentRead: true })),
    );
    const out: Partial<Record<OnboardingStepName, StepRecord>> = {};
    for (const step of ONBOARDING_STEPS) {
      const record = Item?.[`step_${step}`] as StepRecord | undefined;
      if (record) out[step] = record;
    }
    return out;
  }

  /** Records one step's outcome (each step its own attribute: concurrent runs never overwrite another step). */
  async putStep(account: string, step: OnboardingStepName, record: StepRecord): Promise<void> {
    await this.send('record an onboarding step', () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.onboarding(account),
          UpdateExpression: 'SET #step = :record',
          ExpressionAttributeNames: { '#step': `step_${step}` },
          ExpressionAttributeValues: { ':record': record },
        }),
      ),
    );
  }

  /** Forgets every step's outcome (a side was disconnected: onboarding starts over for it). */
  async clearSteps(account: string, steps: readonly OnboardingStepName[]): Promise<void> {
    if (steps.length === 0) return;
    await this.send('clear onboarding steps', () =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.onboarding(account),
          UpdateExpression: `REMOVE ${steps.map((_, i) => `#s${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(steps.map((s, i) => [`#s${i}`, `step_${s}`])),
        }),
      ),
    );
  }

  private async takeItem(key: { pk: string; sk: string }, what: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { Attributes } = await this.doc.send(
        new DeleteCommand({ TableName: this.table, Key: key, ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_OLD' }),
      );
      return Attributes;
    } catch (err) {
      if (isConditionFailed(err)) return undefined;
      throw storeFailure(what, err);
    }
  }

  private async send<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw storeFailure(what, err);
    }
  }
}

const ttl = (ms: number) => Math.ceil(ms / 1000);
