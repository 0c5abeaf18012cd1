// Aircall list pagination: page/per_page (1..50, default 20), order, from/to and the `meta` block (§4.2).
import { SandboxInputError } from '../common';

/** The `meta` block of every list response. Links are absolute, on the sandbox's own base URL. */
export interface PageMeta {
  count: number;
  total: number;
  current_page: number;
  per_page: number;
  next_page_link: string | null;
  previous_page_link: string | null;
}

export const MAX_PER_PAGE = 50;
export const DEFAULT_PER_PAGE = 20;

/**
 * Cuts one page out of `items` (already in ascending order) following the query. `per_page` outside 1..50 or a
 * page < 1 is a 400: the reference documents the bounds, not what Aircall does beyond them, so the sandbox is strict.
 *
 * @example const { page, meta } = paginate(users, req.query, `${baseUrl}/v1/users`, (u) => u.createdAt);
 */
export function paginate<T>(items: T[], query: URLSearchParams, listUrl: string, createdAt: (item: T) => string): { page: T[]; meta: PageMeta } {
  const page = intParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  const perPage = intParam(query, 'per_page', DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  const order = query.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new SandboxInputError('order must be asc or desc');
  const from = optionalInt(query, 'from');
  const to = optionalInt(query, 'to');
  let selected = items.filter((item) => {
    const seconds = Date.parse(createdAt(item)) / 1000;
    return (from === undefined || seconds >= from) && (to === undefined || seconds <= to);
  });
  if (order === 'desc') selected = [...selected].reverse();
  const start = (page - 1) * perPage;
  const slice = selected.slice(start, start + perPage);
  const link = (target: number): string => {
    const params = new URLSearchParams(query);
    params.set('page', String(target));
    params.set('per_page', String(perPage));
    return `${listUrl}?${params.toString()}`;
  };
  return {
    page: slice,
    meta: {
      count: slice.length,
      total: selected.length,
      current_page: page,
      per_page: perPage,
      next_page_link: start + perPage < selected.length ? link(page + 1) : null,
      previous_page_link: page > 1 ? link(page - 1) : null,
    },
  };
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SandboxInputError(max === MAX_PER_PAGE ? `${name} must be between ${min} and ${max}` : `${name} must be an integer >= ${min}`);
  }
  return value;
}

function optionalInt(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new SandboxInputError(`${name} must be a UNIX timestamp`);
  return value;
}
