// The Aircall request shapes no Aircall source confirms (aircall-api.md §1, §6.3, §7), detected per account with the
// rule of lambdas/store/api-shape-memory.ts: the documented or most-supported form first, the alternative once on an
// answer that proves the first wrong, remembered only after it worked, re-checked daily and on a later failure.
import { ApiError, ClientError, InvalidResponseError, NotFoundError } from '../http/errors';
import { RECHECK_MS, ShapesExhaustedError, tryShapes, type ShapeMemory } from '../store/api-shape-memory';
import type { AircallAvailabilityStatus } from '../../shared/aircall/vocabulary';
import type { AircallAvailability, AircallUser } from './types';

/** Which user endpoints answer (§1). */
export type AircallUserApiVersion = 'v1' | 'v2';
/** Where live availability is read from (§6.3). */
export type AircallAvailabilitySource = 'v1_availabilities' | 'v2_users';

/** The points, as stored per account (lambdas/store/README.md, item API_SHAPES). */
export const AIRCALL_POINTS = {
  users: 'aircall_users',
  statusWrite: 'aircall_status_write',
  availability: 'aircall_availability',
} as const;

/** The raw requests behind the points, one form each; the client implements them. */
export interface AircallUserRequests {
  list(version: AircallUserApiVersion): Promise<AircallUser[]>;
  /** Throws `NotFoundError` on 404. */
  get(version: AircallUserApiVersion, idOrEmail: number | string): Promise<AircallUser>;
  put(version: AircallUserApiVersion, userId: number, status: AircallAvailabilityStatus): Promise<AircallUser>;
  /** `GET /v1/users/availabilities`, every page. */
  listAvailabilities(): Promise<AircallAvailability[]>;
  /** `GET /<version>/users?per_page=1`: whether the list endpoint still answers (resolves) or not (throws). */
  probeList(version: AircallUserApiVersion): Promise<void>;
}

/**
 * The account cannot write Aircall statuses: `PUT /v2/users/:id` refuses `availability_status` and V1 users are gone.
 * No request is sent until the daily re-check; the sync records the failure, the admin view shows it, an alarm fires.
 */
export class AircallStatusUnwritableError extends ApiError {
  override name = 'AircallStatusUnwritableError';

  constructor(readonly detail: string) {
    super(`Aircall statuses cannot be written for this account (${detail}): nothing is retried until the daily re-check`, {
      system: 'aircall',
      retryable: false,
    });
  }
}

/** A 200 whose user does not carry the status just written: the field was silently ignored. */
class FieldIgnoredError extends InvalidResponseError {}

/** `404` or `410`: what a removed endpoint answers. */
const removalStatus = (error: unknown): number | undefined =>
  error instanceof NotFoundError || (error instanceof ClientError && error.status === 410) ? (error as ApiError).status : undefined;

/** `GET /v1/users answered 410`, for the admin view. */
const answered = (what: string, error: unknown): string =>
  error instanceof ApiError && error.status !== undefined ? `${what} answered ${error.status}` : `${what} failed: ${(error as Error).message}`;

const NO_SUBSTATUS = "V2 users carry no substatus: an agent's unavailable reason cannot be seen (they are still written plain Unavailable)";

/** The Aircall operations over the detected shapes. */
export function aircallShapes(memory: ShapeMemory, requests: AircallUserRequests, options: { userApiVersion?: AircallUserApiVersion } = {}) {
  // V2 unless told otherwise (`userApiVersion`, e.g. a script pinned to V1); the other version is the alternative.
  const preferred: AircallUserApiVersion = options.userApiVersion ?? 'v2';
  const alternative: AircallUserApiVersion = preferred === 'v2' ? 'v1' : 'v2';
  /**
   * Removal is judged from the list endpoint, never from one user (issue 11): a 404 from `/v1/users/:id` may mean an
   * unknown user. So a 404/410 on a user path proves the version gone only if `/<version>/users` answers 404/410 too.
   */
  const versionRemoved = async (error: unknown, version: AircallUserApiVersion, fromList: boolean): Promise<boolean> => {
    if (removalStatus(error) === undefined) return false;
    if (fromList) return true;
    try {
      await requests.probeList(version);
      return false;
    } catch (probe) {
      return removalStatus(probe) !== undefined;
    }
  };

  // aircall-api.md §1, UNCONFIRMED: V1 user list/retrieve/update announced for removal on 2026-09-30 (only a
  // third-party SDK says so). V2 first; V1 when V2 is proven absent.
  const usersRule = <R>(
    attempt: (v: AircallUserApiVersion) => Promise<R>,
    fromList: boolean,
    note?: (r: R, v: AircallUserApiVersion) => string | undefined,
  ) => ({
    system: 'aircall' as const,
    point: AIRCALL_POINTS.users,
    preferred,
    alternative,
    attempt,
    proves: (error: unknown, v: AircallUserApiVersion) => versionRemoved(error, v, fromList),
    describe: (error: unknown, v: AircallUserApiVersion) => answered(`GET /${v}/users`, error),
    ...(note && { note }),
  });

  async function listUsers(): Promise<AircallUser[]> {
    // aircall-api.md §5: V2 users may carry no `substatus`. Say so once the list shows it, and keep syncing.
    const note = (users: AircallUser[], v: AircallUserApiVersion) =>
      v !== 'v2' || users.length === 0 ? undefined : users.some((u) => u.substatus !== undefined) ? '' : NO_SUBSTATUS;
    return tryShapes(
      memory,
      usersRule((v) => requests.list(v), true, note),
    );
  }

  async function getUser(idOrEmail: number | string): Promise<AircallUser | undefined> {
    try {
      return await tryShapes(
        memory,
        usersRule((v) => requests.get(v, idOrEmail), false),
      );
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * aircall-api.md §7, UNCONFIRMED: whether `PUT /v2/users/:id` accepts `availability_status`. V2 first; a 400 or
   * 422 naming the field, a 405, or a 200 that ignored it proves it refused; then V1 while V1 answers. When neither
   * works the account is in the "cannot write Aircall status" state until the daily re-check.
   */
  async function setStatus(userId: number, status: AircallAvailabilityStatus): Promise<AircallUser> {
    const point = AIRCALL_POINTS.statusWrite;
    const problem = await memory.problem(point);
    if (problem && memory.now() - problem.checkedAt < RECHECK_MS) throw new AircallStatusUnwritableError(problem.detail);
    try {
      const user = await tryShapes(memory, {
        system: 'aircall',
        point,
        preferred,
        alternative,
        attempt: async (v) => {
          const user = await requests.put(v, userId, status);
          if (user.availabilityStatus !== status) {
            const target = { method: 'PUT', path: `/${v}/users/${userId}` };
            if (v === 'v2') throw new FieldIgnoredError('aircall', `user ${userId} still "${user.availabilityStatus}" after setting "${status}"`, target);
            throw new InvalidResponseError('aircall', `user ${userId} still "${user.availabilityStatus}" after setting "${status}"`, target);
          }
          return user;
        },
        proves: async (error, v) => (v === 'v2' && v2RefusesStatus(error)) || (await versionRemoved(error, v, false)),
        describe: (error, v) =>
          error instanceof FieldIgnoredError ? `PUT /${v}/users/:id ignored availability_status` : answered(`PUT /${v}/users/:id`, error),
      });
      await memory.recover(point);
      return user;
    } catch (error) {
      if (!(error instanceof ShapesExhaustedError)) throw error;
      const recorded = await memory.fail(point, error.evidence.join('; '), memory.now());
      throw new AircallStatusUnwritableError(recorded.detail);
    }
  }

  /**
   * aircall-api.md §6.3: live availability exists only in V1 (`/v1/users/availabilities`). If it goes (404/410 from
   * the list), read `availability_status` from the user list instead: available → available, unavailable →
   * do_not_disturb, custom → unknown (working hours are not in the user object). Such entries carry `fromSetting`.
   */
  async function listAvailabilities(): Promise<AircallAvailability[]> {
    return tryShapes(memory, {
      system: 'aircall',
      point: AIRCALL_POINTS.availability,
      preferred: 'v1_availabilities' as AircallAvailabilitySource,
      alternative: 'v2_users' as AircallAvailabilitySource,
      attempt: async (source) => (source === 'v1_availabilities' ? requests.listAvailabilities() : (await listUsers()).map(availabilityFromSetting)),
      proves: (error, source) => source === 'v1_availabilities' && removalStatus(error) !== undefined,
      describe: (error) => answered('GET /v1/users/availabilities', error),
    });
  }

  return { listUsers, getUser, setStatus, listAvailabilities };
}

function v2RefusesStatus(error: unknown): boolean {
  if (error instanceof FieldIgnoredError) return true;
  if (!(error instanceof ClientError)) return false;
  if (error.status === 405) return true;
  return (error.status === 400 || error.status === 422) && /availability_status/i.test(error.detail ?? '');
}

function availabilityFromSetting(user: AircallUser): AircallAvailability {
  const live = { available: 'available', unavailable: 'do_not_disturb' } as const;
  const status = user.availabilityStatus;
  return status === 'custom'
    ? { id: user.id, availability: 'unknown', rawAvailability: 'custom', fromSetting: true }
    : { id: user.id, availability: live[status], fromSetting: true };
}
