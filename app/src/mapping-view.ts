// What the pane shows for a direction, derived from the mapping table (shared/sync/mapping.ts): rows, labels and notes.
import { AIRCALL_AVAILABILITY_STATUSES } from '../../shared/aircall/vocabulary';
import { SOURCE_SIDE, TARGET_SIDE, type MappingTable } from '../../shared/sync/mapping';
import type { ActiveDirection, Side } from '../../shared/sync/types';
import { ZENDESK_DEFAULT_STATUSES } from '../../shared/zendesk/vocabulary';

/** Stands for "every Zendesk custom status without a row of its own" (the table keys one as `custom:<id>`). */
export const ANY_CUSTOM = 'custom:*';

/** A translation key and its placeholder values; a value may itself be a label, translated first. */
export interface Label {
  key: string;
  vars?: Readonly<Record<string, string | number | Label>>;
}

/** One line of the pane's table: a source status and the target status it becomes, or `null` when not synced. */
export interface MappingViewRow {
  from: string;
  to: string | null;
  fromLabel: Label;
  toLabel: Label | null;
}

export type MappingNote = 'note_one_way' | 'note_any_reason' | 'note_reason_overwritten';

export interface MappingView {
  direction: ActiveDirection;
  source: Side;
  target: Side;
  rows: MappingViewRow[];
  /** Keys under `mapping.` of the notes that apply, in display order. */
  notes: MappingNote[];
}

const SOURCE_STATUSES: Record<Side, readonly string[]> = { aircall: AIRCALL_AVAILABILITY_STATUSES, zendesk: ZENDESK_DEFAULT_STATUSES };

/**
 * The translation key for a status key on one side. Zendesk custom statuses are `custom:<id>`, or `ANY_CUSTOM` for
 * the ones without a row (`customRows` says whether some have their own row, which makes the catch-all "other").
 *
 * @example statusLabel('zendesk', 'transfers_only') // { key: 'status.zendesk.transfers_only' }
 */
export function statusLabel(side: Side, status: string, customRows = false): Label {
  if (side === 'zendesk' && status === ANY_CUSTOM) return { key: customRows ? 'status.zendesk.custom_other' : 'status.zendesk.custom_any' };
  if (side === 'zendesk' && status.startsWith('custom:')) return { key: 'status.zendesk.custom_one', vars: { id: status.slice('custom:'.length) } };
  return { key: `status.${side}.${status}` };
}

/**
 * The rows for one direction: the table's rows for it in table order, then every known source status the table
 * has no row for (not synced), then, from Zendesk, the custom statuses without a row (not synced).
 *
 * @example mappingView(DEFAULT_MAPPING, 'aircall_to_zendesk').rows.map((r) => [r.from, r.to])
 * // [['available', 'online'], ['unavailable', 'offline'], ['custom', null]]
 */
export function mappingView(table: MappingTable, direction: ActiveDirection, options: { twoWay?: boolean } = {}): MappingView {
  const source = SOURCE_SIDE[direction];
  const target = TARGET_SIDE[direction];
  const own = table.filter((row) => row.direction === direction);
  const pairs: Array<{ from: string; to: string | null }> = own.map(({ from, to }) => ({ from, to }));
  for (const status of SOURCE_STATUSES[source]) {
    if (!own.some((row) => row.from === status)) pairs.push({ from: status, to: null });
  }
  const customRows = own.some((row) => row.from.startsWith('custom:'));
  if (source === 'zendesk') pairs.push({ from: ANY_CUSTOM, to: null });

  const rows = pairs.map(({ from, to }) => ({
    from,
    to,
    fromLabel: statusLabel(source, from, customRows),
    toLabel: to === null ? null : statusLabel(target, to),
  }));
  // With two-way sync (`both`) each direction is one of two tables: changes on the target are copied too.
  const notes: MappingNote[] = options.twoWay ? [] : ['note_one_way'];
  // Aircall's unavailable reasons are substatuses, not statuses: the mapping cannot tell them apart (README).
  if (source === 'aircall' && own.some((row) => row.from === 'unavailable' && row.to !== null)) notes.push('note_any_reason');
  // Writing `unavailable` through the Aircall API replaces a reason the agent picked (README, the mapping table).
  if (target === 'aircall' && own.some((row) => row.to === 'unavailable')) notes.push('note_reason_overwritten');
  return { direction, source, target, rows, notes };
}
