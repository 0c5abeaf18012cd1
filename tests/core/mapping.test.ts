// The status mapping as data: the product's rows, status keys, and validation of a configured table.
import {
  DEFAULT_MAPPING,
  SOURCE_SIDE,
  TARGET_SIDE,
  mapStatus,
  statusKey,
  validateMapping,
  type MappingRow,
  type MappingTable,
} from '../../shared/sync/mapping';
import type { ActiveDirection } from '../../shared/sync/types';

/** A mapping row; any field can be made invalid by a cast, as a stored table read back from JSON could be. */
const row = (direction: string, from: string, to: string | null): MappingRow => ({ direction: direction as ActiveDirection, from, to });

describe('DEFAULT_MAPPING', () => {
  test.each<[ActiveDirection, string, string | null]>([
    ['aircall_to_zendesk', 'available', 'online'],
    ['aircall_to_zendesk', 'unavailable', 'offline'],
    ['aircall_to_zendesk', 'custom', null], // automatic schedule: not synced
    ['zendesk_to_aircall', 'online', 'available'],
    ['zendesk_to_aircall', 'offline', 'unavailable'],
    ['zendesk_to_aircall', 'away', 'unavailable'],
    ['zendesk_to_aircall', 'transfers_only', 'unavailable'],
    ['zendesk_to_aircall', 'custom:360000000000000001', null], // Zendesk custom statuses: not synced
  ])('%s: %s → %p', (direction, from, to) => {
    // Act
    const mapped = mapStatus(DEFAULT_MAPPING, direction, from);

    // Assess
    expect(mapped).toBe(to);
  });

  test.each<[ActiveDirection, string]>([
    // A key of the other side is not a source status of this direction.
    ['aircall_to_zendesk', 'online'],
    ['zendesk_to_aircall', 'available'],
    ['zendesk_to_aircall', 'unavailable'],
  ])('%s: %s has no row, so it is not synced', (direction, from) => {
    // Act / Assess
    expect(mapStatus(DEFAULT_MAPPING, direction, from)).toBeNull();
  });

  test('is valid', () => {
    // Act / Assess
    expect(validateMapping(DEFAULT_MAPPING)).toEqual([]);
  });

  test('source and target sides are opposite for each direction', () => {
    // Assess
    expect(SOURCE_SIDE).toEqual({ aircall_to_zendesk: 'aircall', zendesk_to_aircall: 'zendesk' });
    expect(TARGET_SIDE).toEqual({ aircall_to_zendesk: 'zendesk', zendesk_to_aircall: 'aircall' });
  });
});

describe('statusKey', () => {
  test.each([
    ['Aircall available', statusKey('aircall', { availabilityStatus: 'available', substatus: { kind: 'open' } }), 'available'],
    ['Aircall custom', statusKey('aircall', { availabilityStatus: 'custom' }), 'custom'],
    ['Aircall unavailable, no substatus', statusKey('aircall', { availabilityStatus: 'unavailable' }), 'unavailable'],
    [
      'Aircall unavailable with a reason (the reason is not part of the key)',
      statusKey('aircall', { availabilityStatus: 'unavailable', substatus: { kind: 'reason', reason: 'out_for_lunch' } }),
      'unavailable',
    ],
    ['Zendesk default', statusKey('zendesk', { kind: 'default', name: 'transfers_only' }), 'transfers_only'],
    ['Zendesk custom, by id not name', statusKey('zendesk', { kind: 'custom', id: '42', name: 'Lunch' }), 'custom:42'],
  ])('%s', (_case, key, expected) => {
    // Assess
    expect(key).toBe(expected);
  });
});

describe('validateMapping', () => {
  test('accepts custom Zendesk keys, null targets and a remapped default', () => {
    // Prepare
    const table: MappingTable = [
      row('aircall_to_zendesk', 'available', 'custom:7'),
      row('aircall_to_zendesk', 'custom', 'away'),
      row('zendesk_to_aircall', 'custom:7', 'unavailable'),
      row('zendesk_to_aircall', 'online', null),
    ];

    // Act / Assess
    expect(validateMapping(table)).toEqual([]);
  });

  // Each message names the row and field, the bad value and the side it should belong to; the exact wording is free.
  test.each<[string, MappingRow, readonly string[]]>([
    ['direction off', row('off', 'available', 'online'), ['mapping[0].direction', 'aircall_to_zendesk or zendesk_to_aircall']],
    ['unknown direction', row('both', 'available', 'online'), ['mapping[0].direction', 'aircall_to_zendesk or zendesk_to_aircall']],
    ['unknown Aircall source', row('aircall_to_zendesk', 'busy', 'online'), ['mapping[0].from', '"busy"', 'Aircall']],
    ['Aircall live availability as source', row('aircall_to_zendesk', 'do_not_disturb', 'offline'), ['mapping[0].from', '"do_not_disturb"', 'Aircall']],
    ['Zendesk key as Aircall source', row('aircall_to_zendesk', 'online', 'online'), ['mapping[0].from', '"online"', 'Aircall']],
    ['unknown Zendesk target', row('aircall_to_zendesk', 'available', 'busy'), ['mapping[0].to', '"busy"', 'Zendesk']],
    ['custom key without an id', row('aircall_to_zendesk', 'available', 'custom:'), ['mapping[0].to', '"custom:"', 'Zendesk']],
    ['Zendesk name not folded to a key', row('zendesk_to_aircall', 'Transfers only', 'unavailable'), ['mapping[0].from', '"Transfers only"', 'Zendesk']],
    ['Aircall live availability as target', row('zendesk_to_aircall', 'offline', 'offline'), ['mapping[0].to', '"offline"', 'Aircall']],
    ['Zendesk custom key as Aircall target', row('zendesk_to_aircall', 'online', 'custom:7'), ['mapping[0].to', '"custom:7"', 'Aircall']],
  ])('names the problem: %s', (_case, bad, fragments) => {
    // Act
    const problems = validateMapping([bad]);

    // Assess
    expect(problems).toHaveLength(1);
    for (const fragment of fragments) expect(problems[0]).toContain(fragment);
  });

  test('names a repeated row by its index', () => {
    // Prepare
    const table: MappingTable = [row('zendesk_to_aircall', 'away', 'unavailable'), row('zendesk_to_aircall', 'away', 'available')];

    // Act
    const problems = validateMapping(table);

    // Assess
    expect(problems).toEqual(['mapping[1] repeats zendesk_to_aircall from "away"']);
  });

  test('the same source in both directions is not a repeat', () => {
    // Prepare: `custom` is an Aircall key and `custom:1` a Zendesk one; each is a source in its own direction only.
    const table: MappingTable = [row('aircall_to_zendesk', 'custom', null), row('zendesk_to_aircall', 'custom:1', null)];

    // Act / Assess
    expect(validateMapping(table)).toEqual([]);
  });

  test('reports every problem of a bad table, each with its row', () => {
    // Prepare
    const table: MappingTable = [
      ...DEFAULT_MAPPING,
      row('sideways', 'available', 'online'),
      row('aircall_to_zendesk', 'busy', 'gone'),
      row('aircall_to_zendesk', 'available', 'away'),
    ];
    const at = DEFAULT_MAPPING.length;

    // Act
    const problems = validateMapping(table);

    // Assess
    expect(problems).toEqual([
      expect.stringContaining(`mapping[${at}].direction`),
      expect.stringMatching(new RegExp(`^mapping\\[${at + 1}\\]\\.from "busy" .*aircall`, 'i')),
      expect.stringMatching(new RegExp(`^mapping\\[${at + 1}\\]\\.to "gone" .*zendesk`, 'i')),
      `mapping[${at + 2}] repeats aircall_to_zendesk from "available"`,
    ]);
  });

  test('a row read back without `to` is reported, not taken as "not synced"', () => {
    // Prepare
    const table = [{ direction: 'aircall_to_zendesk', from: 'available' }] as unknown as MappingTable;

    // Act / Assess
    expect(validateMapping(table)).toEqual(['mapping[0].to is missing (null means "not synced")']);
  });
});
