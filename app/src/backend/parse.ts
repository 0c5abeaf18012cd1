// Shape checks for the backend's answers (shared/app-api.ts): enough to render safely, not a full schema.
import type { AdminOverviewResponse, DirectionInForce, MeStatusResponse } from '../../../shared/app-api';
import { isSyncDirection } from '../../../shared/sync/types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isDirectionInForce(v: unknown): v is DirectionInForce {
  return isObject(v) && isSyncDirection(v.direction) && (v.source === 'installation' || v.source === 'accounts_file');
}

/** The body of `GET /api/me/status`, or undefined when it is not one. */
export function parseMeStatus(body: unknown): MeStatusResponse | undefined {
  if (!isObject(body) || !isDirectionInForce(body.direction) || typeof body.linked !== 'boolean' || !isObject(body.agent)) return undefined;
  return body as unknown as MeStatusResponse;
}

/** The body of `GET /api/admin/overview`, or undefined when it is not one. */
export function parseAdminOverview(body: unknown): AdminOverviewResponse | undefined {
  if (!isObject(body) || !isDirectionInForce(body.direction) || !isObject(body.health) || !isObject(body.unmatched) || !Array.isArray(body.audit)) {
    return undefined;
  }
  const { unmatched } = body;
  if (!Array.isArray(unmatched.aircall) || !Array.isArray(unmatched.zendesk)) return undefined;
  return body as unknown as AdminOverviewResponse;
}
