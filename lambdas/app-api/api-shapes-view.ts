// The admin view of what was learned about an account's APIs (issue 11): read from the API_SHAPES item.
import type { ApiShapesView } from '../../shared/app-api';
import type { SyncDeps } from '../sync/deps';

/**
 * The account's learned shapes and problems, points in a stable order; `undefined` when nothing can be read (no store
 * in these deps, or the read failed: the rest of the overview is still worth showing).
 */
export async function apiShapesView(deps: SyncDeps<object>, account: string): Promise<ApiShapesView | undefined> {
  if (!deps.apiShapes) return undefined;
  try {
    const stored = await deps.apiShapes.get(account);
    const system = (point: string) => (point.startsWith('aircall_') ? 'aircall' : 'zendesk') as 'aircall' | 'zendesk';
    const learned = Object.entries(stored.shapes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([point, shape]) => ({
        system: system(point),
        point,
        value: shape.value,
        learnedAt: shape.learnedAt,
        checkedAt: shape.checkedAt,
        ...(shape.evidence && { evidence: shape.evidence }),
        ...(shape.note && { note: shape.note }),
      }));
    const problems = Object.entries(stored.problems)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([point, problem]) => ({ system: system(point), point, since: problem.since, checkedAt: problem.checkedAt, detail: problem.detail }));
    return { learned, problems };
  } catch (error) {
    deps.log.warn('could not read the learned API shapes', { account, error: (error as Error).message });
    return undefined;
  }
}
