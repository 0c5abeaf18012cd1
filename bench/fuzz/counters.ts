// What bad input may change in the table: documented counters only (README "Fuzz suite"). Every other item must be
// the same, byte for byte, before and after the run; no item may appear or disappear outside these families.

export interface CounterRule {
  /** Which items: a test of `pk|sk`. */
  family: RegExp;
  why: string;
  /** The attributes that may change; `'*'` for any (a counter item as a whole). */
  attributes: string[] | '*';
  /** Whether items of the family may appear or disappear. */
  appear?: boolean;
  disappear?: boolean;
}

export const COUNTER_RULES: CounterRule[] = [
  {
    family: /^BUCKET#browser:/,
    why: 'the per-account cap on calls browser requests cause (lambdas/security/browser-cap.ts): tokens taken',
    attributes: '*',
    appear: true,
  },
  {
    family: /^BUCKET#/,
    why: "the Aircall company budget: a browser request's Aircall read takes a token, like the sync's",
    attributes: ['tokens', 'lastRefill', 'rev', 'expiresAt'],
  },
  {
    family: /^ACCOUNT#[^|]+\|HEALTH$/,
    why: 'when a verified webhook last arrived (a replayed delivery is verified, then found a duplicate)',
    attributes: ['last_event_zendesk', 'last_event_aircall'],
  },
  {
    family: /^SESSION#/,
    why: "a live session's last re-check with Zendesk (at most every 5 minutes)",
    attributes: ['checkedAt'],
  },
  {
    family: /^OAUTH_FLOW#/,
    why: 'an OAuth start leaves a single-use state (10 minutes); a callback naming it uses it up, even when refused',
    attributes: '*',
    appear: true,
    disappear: true,
  },
];

export interface TableChange {
  key: string;
  change: 'appeared' | 'disappeared' | 'changed';
  attributes?: string[];
}

/** The changes between two scans that no rule allows. */
export function unexplainedChanges(before: Map<string, Record<string, unknown>>, after: Map<string, Record<string, unknown>>): TableChange[] {
  const out: TableChange[] = [];
  const rulesOf = (key: string) => COUNTER_RULES.filter((r) => r.family.test(key));
  for (const [key, item] of after) {
    const old = before.get(key);
    if (!old) {
      if (!rulesOf(key).some((r) => r.appear)) out.push({ key, change: 'appeared' });
      continue;
    }
    const changed = [...new Set([...Object.keys(old), ...Object.keys(item)])].filter((a) => JSON.stringify(old[a]) !== JSON.stringify(item[a]));
    if (changed.length === 0) continue;
    const rules = rulesOf(key);
    const allowed = (a: string) => rules.some((r) => r.attributes === '*' || r.attributes.includes(a));
    const unexplained = changed.filter((a) => !allowed(a));
    if (unexplained.length > 0) out.push({ key, change: 'changed', attributes: unexplained });
  }
  for (const key of before.keys()) if (!after.has(key) && !rulesOf(key).some((r) => r.disappear)) out.push({ key, change: 'disappeared' });
  return out;
}
