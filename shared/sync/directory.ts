// Matching Aircall users to Zendesk agents by email, case-insensitively: the agent links the sync works on.

/** A user of one side, as the directory needs it. */
export interface DirectoryEntry {
  id: string;
  email?: string;
  name?: string;
}

export interface MatchedAgent {
  /** Lower-cased. */
  email: string;
  aircall: DirectoryEntry;
  zendesk: DirectoryEntry;
}

export interface DirectoryMatch {
  links: MatchedAgent[];
  /** Users with no counterpart, no email, or an email another user of the same side already has. */
  unmatchedAircall: DirectoryEntry[];
  unmatchedZendesk: DirectoryEntry[];
}

/** The key agents are matched by: the email, trimmed and lower-cased. */
export function emailKey(email: string | undefined): string | undefined {
  const key = email?.trim().toLowerCase();
  return key ? key : undefined;
}

// An email held by two users of one side cannot say which of them is the agent: neither is linked.
function byEmail(entries: readonly DirectoryEntry[]): { unique: Map<string, DirectoryEntry>; rest: DirectoryEntry[] } {
  const groups = new Map<string, DirectoryEntry[]>();
  const rest: DirectoryEntry[] = [];
  for (const entry of entries) {
    const key = emailKey(entry.email);
    if (key === undefined) rest.push(entry);
    else groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const unique = new Map<string, DirectoryEntry>();
  for (const [key, group] of groups) {
    if (group.length === 1) unique.set(key, group[0] as DirectoryEntry);
    else rest.push(...group);
  }
  return { unique, rest };
}

/**
 * Links the users of both sides that share an email (case-insensitive) and lists the others.
 *
 * @example matchDirectory([{ id: '1', email: 'Ann@x.com' }], [{ id: '9', email: 'ann@X.com' }]).links[0].email // 'ann@x.com'
 */
export function matchDirectory(aircall: readonly DirectoryEntry[], zendesk: readonly DirectoryEntry[]): DirectoryMatch {
  const a = byEmail(aircall);
  const z = byEmail(zendesk);
  const links: MatchedAgent[] = [];
  const unmatchedAircall = [...a.rest];
  for (const [email, entry] of a.unique) {
    const other = z.unique.get(email);
    if (other) links.push({ email, aircall: entry, zendesk: other });
    else unmatchedAircall.push(entry);
  }
  const unmatchedZendesk = [...z.rest, ...[...z.unique].filter(([email]) => !a.unique.has(email)).map(([, e]) => e)];
  links.sort((x, y) => x.email.localeCompare(y.email));
  return { links, unmatchedAircall, unmatchedZendesk };
}
