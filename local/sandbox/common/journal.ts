// The request journal: every service API request a sandbox received and what it answered.
import type { SandboxRequest } from './http-server';
import { parseJsonBody } from './http-server';

/** One API request as received. `body` is the parsed JSON, the raw text when not JSON, or `undefined` when empty. */
export interface JournalEntry {
  method: string;
  path: string;
  /** Query parameters; a repeated key keeps its values joined by ','. */
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** Epoch ms when the request was received. */
  at: number;
}

/** Filter for `list`: methods (e.g. `['PUT', 'POST']`) and a path prefix. */
export interface JournalFilter {
  methods?: string[];
  pathPrefix?: string;
}

/** An in-memory, append-only list of API requests. */
export class RequestJournal {
  private entries: JournalEntry[] = [];

  /** Records one request with the status it was answered. */
  record(req: SandboxRequest, status: number, at: number): JournalEntry {
    const query: Record<string, string> = {};
    for (const key of new Set(req.query.keys())) query[key] = req.query.getAll(key).join(',');
    const parsed = parseJsonBody(req.rawBody);
    const entry: JournalEntry = {
      method: req.method,
      path: req.path,
      query,
      body: parsed.ok ? parsed.value : req.rawBody.toString('utf8'),
      status,
      at,
    };
    this.entries.push(entry);
    return entry;
  }

  /** The entries in arrival order, filtered. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const methods = filter.methods?.map((method) => method.toUpperCase());
    return this.entries.filter(
      (entry) => (!methods || methods.length === 0 || methods.includes(entry.method)) && (!filter.pathPrefix || entry.path.startsWith(filter.pathPrefix)),
    );
  }

  clear(): void {
    this.entries = [];
  }
}

/** Reads `?method=PUT,POST&path=/v1/users` into a filter (`method` may repeat). */
export function journalFilterFromQuery(query: URLSearchParams): JournalFilter {
  const methods = query
    .getAll('method')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const pathPrefix = query.get('path') ?? undefined;
  return { methods: methods.length > 0 ? methods : undefined, pathPrefix };
}
