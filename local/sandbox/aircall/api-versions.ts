// Switches for the Aircall API as it may be today (aircall-api.md §1, §6.3, §7; issue 11): V1 users removed, V2's PUT
// refusing `availability_status`, live availability gone, V2 users without `substatus`.
import { json, SandboxInputError, type SandboxHandler } from '../common';

export interface ApiVersionSettings {
  /**
   * V1 user list, retrieve, create, update and delete: `present` (default), `removed` (404 `{"message":"Not Found"}`,
   * as an unknown path) or `gone` (410). `/v1/users/availabilities` and `/v1/users/:id/availability` are not affected.
   */
  v1Users: 'present' | 'removed' | 'gone';
  /** `/v1/users/availabilities` and `/v1/users/:id/availability`: `present` (default) or `removed` (404). */
  v1Availability: 'present' | 'removed';
  /** Whether `PUT /v2/users/:id` takes `availability_status` (`accepted`, default) or answers 400 naming it (`refused`). */
  v2StatusWrite: 'accepted' | 'refused';
  /** Whether V2 user objects carry `substatus` (default true; V2 create responses lack it, §5). */
  v2Substatus: boolean;
}

export const DEFAULT_API_VERSIONS: ApiVersionSettings = { v1Users: 'present', v1Availability: 'present', v2StatusWrite: 'accepted', v2Substatus: true };

/** Answers as a removed endpoint when `state` says so, else runs `handler`. */
export function unlessRemoved(state: () => 'present' | 'removed' | 'gone', handler: SandboxHandler): SandboxHandler {
  return (req) => {
    const now = state();
    if (now === 'removed') return json(404, { message: 'Not Found' });
    if (now === 'gone') return json(410, { message: 'Gone' });
    return handler(req);
  };
}

/** Validates a patch (control route, options, environment) and applies it to `settings`. */
export function configureApiVersions(settings: ApiVersionSettings, patch: Record<string, unknown> | undefined): ApiVersionSettings {
  const input = patch ?? {};
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = input[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
      throw new SandboxInputError(`${name} must be one of ${allowed.join(', ')}`);
    return value as T;
  };
  const v1Users = oneOf('v1Users', ['present', 'removed', 'gone'] as const);
  const v1Availability = oneOf('v1Availability', ['present', 'removed'] as const);
  const v2StatusWrite = oneOf('v2StatusWrite', ['accepted', 'refused'] as const);
  if (input.v2Substatus !== undefined && typeof input.v2Substatus !== 'boolean') throw new SandboxInputError('v2Substatus must be a boolean');
  for (const name of Object.keys(input)) {
    if (!(name in DEFAULT_API_VERSIONS))
      throw new SandboxInputError(`unknown API version switch "${name}" (v1Users, v1Availability, v2StatusWrite, v2Substatus)`);
  }
  if (v1Users) settings.v1Users = v1Users;
  if (v1Availability) settings.v1Availability = v1Availability;
  if (v2StatusWrite) settings.v2StatusWrite = v2StatusWrite;
  if (typeof input.v2Substatus === 'boolean') settings.v2Substatus = input.v2Substatus;
  return { ...settings };
}

/**
 * The switches from `npm start`'s environment: `AIRCALL_SANDBOX_V1_USERS` (`present`, `removed`, `gone`) and
 * `AIRCALL_SANDBOX_V2_STATUS_WRITE` (`accepted`, `refused`). A bad value stops with a message naming the variable.
 */
export function apiVersionsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<ApiVersionSettings> {
  const out: Partial<ApiVersionSettings> = {};
  const read = (variable: string, key: 'v1Users' | 'v2StatusWrite') => {
    const raw = env[variable];
    if (raw === undefined || raw === '') return;
    try {
      Object.assign(out, { [key]: configureApiVersions({ ...DEFAULT_API_VERSIONS }, { [key]: raw.trim() })[key] });
    } catch (error) {
      throw new Error(`${variable}: ${(error as Error).message}, got "${raw}"`);
    }
  };
  read('AIRCALL_SANDBOX_V1_USERS', 'v1Users');
  read('AIRCALL_SANDBOX_V2_STATUS_WRITE', 'v2StatusWrite');
  return out;
}
