// The status mapping as data: one row per source status and direction. Rows with `to: null` are "not synced".
import { AIRCALL_AVAILABILITY_STATUSES } from '../aircall/vocabulary';
import { ZENDESK_DEFAULT_STATUSES } from '../zendesk/vocabulary';
import type { AircallStatus, OneWayDirection, Side, SyncDirection } from './types';
import type { ZendeskUnifiedStatus } from '../zendesk/vocabulary';

/**
 * One mapping row. `from` and `to` are status keys: an Aircall `availability_status`, a Zendesk default status
 * name, or `custom:<id>` for a Zendesk custom status. A source status with no row, or a row with `to: null`,
 * is not synced.
 */
export interface MappingRow {
  direction: OneWayDirection;
  from: string;
  to: string | null;
}
export type MappingTable = readonly MappingRow[];

/** The product's rules, the same as Aircall's own Zendesk status sync (aircall-api.md §9). */
export const DEFAULT_MAPPING: MappingTable = [
  { direction: 'aircall_to_zendesk', from: 'available', to: 'online' },
  { direction: 'aircall_to_zendesk', from: 'unavailable', to: 'offline' },
  { direction: 'aircall_to_zendesk', from: 'custom', to: null }, // automatic schedule: not synced
  { direction: 'zendesk_to_aircall', from: 'online', to: 'available' },
  { direction: 'zendesk_to_aircall', from: 'offline', to: 'unavailable' },
  { direction: 'zendesk_to_aircall', from: 'away', to: 'unavailable' },
  { direction: 'zendesk_to_aircall', from: 'transfers_only', to: 'unavailable' },
  // Zendesk custom statuses have no row: not synced.
];

export const SOURCE_SIDE: Record<OneWayDirection, Side> = { aircall_to_zendesk: 'aircall', zendesk_to_aircall: 'zendesk' };
export const TARGET_SIDE: Record<OneWayDirection, Side> = { aircall_to_zendesk: 'zendesk', zendesk_to_aircall: 'aircall' };
/** The one-way direction a change on `side` syncs by: its mapping rows and its target. */
export const DIRECTION_FROM: Record<Side, OneWayDirection> = { aircall: 'aircall_to_zendesk', zendesk: 'zendesk_to_aircall' };

/** The side that is not `side`. */
export function otherSide(side: Side): Side {
  return side === 'aircall' ? 'zendesk' : 'aircall';
}

/**
 * The sides whose changes a direction syncs: its source for one way, both for `both`, none for `off`.
 *
 * @example sourceSides('both') // ['aircall', 'zendesk']
 * @example sourceSides('off') // []
 */
export function sourceSides(direction: SyncDirection): Side[] {
  if (direction === 'off') return [];
  if (direction === 'both') return ['aircall', 'zendesk'];
  return [SOURCE_SIDE[direction]];
}

/**
 * Whether changes on `side` are synced under `direction`.
 *
 * @example isSourceSide('zendesk_to_aircall', 'aircall') // false
 */
export function isSourceSide(direction: SyncDirection, side: Side): boolean {
  return sourceSides(direction).includes(side);
}

/** The key a status is mapped by. */
export function statusKey(side: 'aircall', status: AircallStatus): string;
export function statusKey(side: 'zendesk', status: ZendeskUnifiedStatus): string;
export function statusKey(side: Side, status: AircallStatus | ZendeskUnifiedStatus): string;
export function statusKey(side: Side, status: AircallStatus | ZendeskUnifiedStatus): string {
  if (side === 'aircall') return (status as AircallStatus).availabilityStatus;
  const z = status as ZendeskUnifiedStatus;
  return z.kind === 'default' ? z.name : `custom:${z.id}`;
}

/** The target status key for a source key, or `null` when that status is not synced. */
export function mapStatus(table: MappingTable, direction: OneWayDirection, from: string): string | null {
  return table.find((row) => row.direction === direction && row.from === from)?.to ?? null;
}

const KEYS: Record<Side, readonly string[]> = { aircall: AIRCALL_AVAILABILITY_STATUSES, zendesk: ZENDESK_DEFAULT_STATUSES };
const SIDE_LABEL: Record<Side, string> = { aircall: 'an Aircall', zendesk: 'a Zendesk' };
const isKey = (side: Side, key: string) => KEYS[side].includes(key) || (side === 'zendesk' && /^custom:\S+$/.test(key));

/**
 * Checks a mapping table; returns one message per problem (empty when valid). A configurable mapping must pass
 * this before it is stored.
 */
export function validateMapping(table: MappingTable): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  table.forEach((row, i) => {
    const where = `mapping[${i}]`;
    if (row.direction !== 'aircall_to_zendesk' && row.direction !== 'zendesk_to_aircall') {
      problems.push(`${where}.direction must be aircall_to_zendesk or zendesk_to_aircall`);
      return;
    }
    const source = SOURCE_SIDE[row.direction];
    const target = TARGET_SIDE[row.direction];
    if (!isKey(source, row.from)) problems.push(`${where}.from "${row.from}" is not ${SIDE_LABEL[source]} status`);
    if (row.to === undefined) problems.push(`${where}.to is missing (null means "not synced")`);
    else if (row.to !== null && !isKey(target, row.to)) problems.push(`${where}.to "${row.to}" is not ${SIDE_LABEL[target]} status`);
    const id = `${row.direction}:${row.from}`;
    if (seen.has(id)) problems.push(`${where} repeats ${row.direction} from "${row.from}"`);
    seen.add(id);
  });
  return problems;
}
