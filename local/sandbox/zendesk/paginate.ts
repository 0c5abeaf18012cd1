// Zendesk's two pagination styles (zendesk-api.md §8): cursor (`page[size]`, `page[after]`) and offset (`page`, `per_page`).
import { decodeCursor, encodeCursor } from './formats';

export const MAX_PAGE_SIZE = 100;

/** A bad pagination parameter; answered 400. */
export class PaginationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaginationError';
  }
}

export interface CursorPage<T> {
  items: T[];
  hasMore: boolean;
  afterCursor: string | null;
  beforeCursor: string | null;
}

/**
 * One cursor page of `items` (already in order of `key`). `after`/`before` are cursors of earlier pages; they may
 * not be combined. Keys compare numerically when `numeric`, else as strings, so a deleted item's cursor still works.
 */
export function cursorPage<T>(
  items: T[],
  key: (item: T) => string,
  query: URLSearchParams,
  options: { numeric: boolean; defaultSize?: number },
): CursorPage<T> {
  const size = pageSize(query.get('page[size]'), options.defaultSize ?? MAX_PAGE_SIZE);
  const after = query.get('page[after]');
  const before = query.get('page[before]');
  if (after !== null && before !== null) throw new PaginationError('page[after] and page[before] cannot be combined');
  const compare = (a: string, b: string) => (options.numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0);
  let start = 0;
  let end = items.length;
  if (after !== null) {
    const k = cursorKey(after);
    start = items.findIndex((item) => compare(key(item), k) > 0);
    if (start < 0) start = items.length;
  }
  if (before !== null) {
    const k = cursorKey(before);
    end = items.findIndex((item) => compare(key(item), k) >= 0);
    if (end < 0) end = items.length;
    start = Math.max(0, end - size);
  }
  const page = items.slice(start, Math.min(end, start + size));
  const hasMore = before !== null ? start > 0 : start + page.length < items.length;
  const first = page[0];
  const last = page[page.length - 1];
  return {
    items: page,
    hasMore,
    afterCursor: last === undefined ? null : encodeCursor(key(last)),
    beforeCursor: first === undefined ? null : encodeCursor(key(first)),
  };
}

/** One offset page: `page` from 1, `per_page` up to 100; beyond 10,000 records is refused (since 2023-08-15, §8). */
export function offsetPage<T>(items: T[], query: URLSearchParams): { items: T[]; page: number; perPage: number; hasNext: boolean } {
  const perPage = pageSize(query.get('per_page'), MAX_PAGE_SIZE, 'per_page');
  const raw = query.get('page');
  const page = raw === null ? 1 : Number(raw);
  if (!Number.isInteger(page) || page < 1) throw new PaginationError('page must be a positive integer');
  if (page > 100 || page * perPage > 10_000)
    throw new PaginationError('Offset pagination is limited to the first 100 pages or 10,000 records: use cursor pagination');
  const start = (page - 1) * perPage;
  return { items: items.slice(start, start + perPage), page, perPage, hasNext: start + perPage < items.length };
}

/** The URL of another page: the same path and query with some parameters replaced. */
export function pageUrl(baseUrl: string, path: string, query: URLSearchParams, replace: Record<string, string | undefined>): string {
  const next = new URLSearchParams(query);
  for (const [name, value] of Object.entries(replace)) {
    next.delete(name);
    if (value !== undefined) next.set(name, value);
  }
  return `${baseUrl}${path}?${next.toString()}`;
}

function pageSize(raw: string | null, fallback: number, name = 'page[size]'): number {
  if (raw === null) return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1) throw new PaginationError(`${name} must be a positive integer`);
  // A sandbox choice: a size above the documented maximum is refused rather than clamped, to catch clients asking for it.
  if (size > MAX_PAGE_SIZE) throw new PaginationError(`${name} must be at most ${MAX_PAGE_SIZE}`);
  return size;
}

function cursorKey(cursor: string): string {
  const key = decodeCursor(cursor);
  if (key === undefined) throw new PaginationError('the page cursor is invalid');
  return key;
}

/** The `meta` and `links` of a cursor page, as Zendesk sends them (zendesk-api.md §8, "Pagination"). */
export function cursorEnvelope<T>(page: CursorPage<T>, req: { baseUrl: string; path: string; query: URLSearchParams }) {
  return {
    meta: { has_more: page.hasMore, after_cursor: page.afterCursor, before_cursor: page.beforeCursor },
    links: {
      next: page.hasMore && page.afterCursor ? pageUrl(req.baseUrl, req.path, req.query, { 'page[after]': page.afterCursor, 'page[before]': undefined }) : null,
      prev: page.beforeCursor ? pageUrl(req.baseUrl, req.path, req.query, { 'page[before]': page.beforeCursor, 'page[after]': undefined }) : null,
    },
  };
}
