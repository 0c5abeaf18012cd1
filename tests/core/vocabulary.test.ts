// The status vocabularies: Aircall substatus normalisation, Zendesk status names and the per-account catalog.
import {
  buildStatusCatalog,
  defaultStatusFromName,
  idForDefaultStatus,
  isZendeskDefaultStatus,
  statusForId,
  type ZendeskStatusCatalog,
} from '../../shared/zendesk/vocabulary';
import { isAircallAvailabilityStatus, isAircallLiveAvailability, normalizeAircallSubstatus, type AircallSubstatus } from '../../shared/aircall/vocabulary';
import { isSyncDirection } from '../../shared/sync/types';

/** A status-list entry as the Zendesk client hands it over (ids are numbers or strings on the wire). */
const listed = (id: string | number, name: string) => ({ id, name });

/** An account whose default ids are not the usual 1–4, with two custom statuses and a 19-digit id. */
function accountCatalog(): ZendeskStatusCatalog {
  return buildStatusCatalog(
    [listed(9001, 'Online'), listed('9002', 'Away'), listed(9003, 'Transfers only'), listed('9004', 'offline')],
    [listed('360000000000000001', 'Lunch'), listed(77, 'Training')],
  );
}

describe('normalizeAircallSubstatus', () => {
  test.each<[string, string | null | undefined, AircallSubstatus | undefined]>([
    ['absent (first user.closed of a pair)', undefined, undefined],
    ['null', null, undefined],
    ['empty', '', undefined],
    ['blank', '   ', undefined],
    ['always_open (description spelling)', 'always_open', { kind: 'open' }],
    ['always_opened (example payload spelling)', 'always_opened', { kind: 'open' }],
    ['always_open in another case, padded', '  Always_Open ', { kind: 'open' }],
    ['always_closed', 'always_closed', { kind: 'closed' }],
    ['snake_case out_for_lunch', 'out_for_lunch', { kind: 'reason', reason: 'out_for_lunch' }],
    ['label Out for lunch', 'Out for lunch', { kind: 'reason', reason: 'out_for_lunch' }],
    ['snake_case on_a_break', 'on_a_break', { kind: 'reason', reason: 'on_a_break' }],
    ['label On a break', 'On a break', { kind: 'reason', reason: 'on_a_break' }],
    ['snake_case in_training', 'in_training', { kind: 'reason', reason: 'in_training' }],
    ['Workspace bus typo in_traning', 'in_traning', { kind: 'reason', reason: 'in_training' }],
    ['label In training', 'In training', { kind: 'reason', reason: 'in_training' }],
    ['snake_case doing_back_office', 'doing_back_office', { kind: 'reason', reason: 'doing_back_office' }],
    ['back_office', 'back_office', { kind: 'reason', reason: 'doing_back_office' }],
    ['label Back office', 'Back office', { kind: 'reason', reason: 'doing_back_office' }],
    ['other', 'other', { kind: 'reason', reason: 'other' }],
    ['label Other', 'Other', { kind: 'reason', reason: 'other' }],
    ['unknown reason kept raw (trimmed, case kept)', '  Dentist Appointment ', { kind: 'reason', reason: 'Dentist Appointment' }],
  ])('%s', (_case, raw, expected) => {
    // Act
    const substatus = normalizeAircallSubstatus(raw);

    // Assess
    expect(substatus).toEqual(expected);
  });
});

describe('Aircall and sync guards', () => {
  test.each([
    ['available', true],
    ['custom', true],
    ['unavailable', true],
    ['offline', false], // a live availability, not a setting
    ['Available', false],
    [undefined, false],
    [3, false],
  ])('isAircallAvailabilityStatus(%p) is %p', (value, expected) => {
    // Act / Assess
    expect(isAircallAvailabilityStatus(value)).toBe(expected);
  });

  test.each([
    ['available', true],
    ['offline', true],
    ['do_not_disturb', true],
    ['in_call', true],
    ['after_call_work', true],
    ['unavailable', false],
    [null, false],
  ])('isAircallLiveAvailability(%p) is %p', (value, expected) => {
    // Act / Assess
    expect(isAircallLiveAvailability(value)).toBe(expected);
  });

  test.each([
    ['aircall_to_zendesk', true],
    ['zendesk_to_aircall', true],
    ['off', true],
    ['both', true],
    ['sideways', false],
    ['', false],
    [undefined, false],
  ])('isSyncDirection(%p) is %p', (value, expected) => {
    // Act / Assess
    expect(isSyncDirection(value)).toBe(expected);
  });
});

describe('defaultStatusFromName', () => {
  test.each([
    ['online', 'online'],
    ['Online', 'online'],
    ['  ONLINE  ', 'online'],
    ['Away', 'away'],
    ['offline', 'offline'],
    ['transfers_only', 'transfers_only'],
    ['Transfers only', 'transfers_only'],
    ['transfers-only', 'transfers_only'],
    ['Transfers - only', 'transfers_only'],
    ['transfers   only', 'transfers_only'],
    ['TRANSFERS_ONLY', 'transfers_only'],
    ['busy', undefined],
    ['transfers', undefined],
    ['online now', undefined],
    ['', undefined],
  ])('%p → %p', (name, expected) => {
    // Act / Assess
    expect(defaultStatusFromName(name)).toBe(expected);
  });

  test.each([
    ['online', true],
    ['transfers_only', true],
    ['Transfers only', false],
    ['custom', false],
    [1, false],
  ])('isZendeskDefaultStatus(%p) is %p', (value, expected) => {
    // Act / Assess
    expect(isZendeskDefaultStatus(value)).toBe(expected);
  });
});

describe('buildStatusCatalog', () => {
  test('keeps the account ids (as strings) for the defaults and the custom statuses', () => {
    // Act
    const catalog = accountCatalog();

    // Assess
    expect(catalog.entries).toEqual([
      { id: '9001', name: 'Online', status: { kind: 'default', name: 'online' } },
      { id: '9002', name: 'Away', status: { kind: 'default', name: 'away' } },
      { id: '9003', name: 'Transfers only', status: { kind: 'default', name: 'transfers_only' } },
      { id: '9004', name: 'offline', status: { kind: 'default', name: 'offline' } },
      { id: '360000000000000001', name: 'Lunch', status: { kind: 'custom', id: '360000000000000001', name: 'Lunch' } },
      { id: '77', name: 'Training', status: { kind: 'custom', id: '77', name: 'Training' } },
    ]);
  });

  test('treats a "default" it cannot name as custom, never as a guessed default', () => {
    // Act
    const catalog = buildStatusCatalog([listed(1, 'online'), listed(5, 'Focus')], []);

    // Assess
    expect(catalog.entries[1]).toEqual({ id: '5', name: 'Focus', status: { kind: 'custom', id: '5', name: 'Focus' } });
  });

  test('a custom status named like a default stays custom', () => {
    // Act
    const catalog = buildStatusCatalog([], [listed(12, 'Online')]);

    // Assess
    expect(statusForId(catalog, 12)).toEqual({ kind: 'custom', id: '12', name: 'Online' });
  });

  test.each<[string | number, unknown]>([
    [9001, { kind: 'default', name: 'online' }],
    ['9003', { kind: 'default', name: 'transfers_only' }],
    ['360000000000000001', { kind: 'custom', id: '360000000000000001', name: 'Lunch' }],
    [77, { kind: 'custom', id: '77', name: 'Training' }],
    [1, undefined], // the usual default id, not this account's
  ])('statusForId(%p)', (id, expected) => {
    // Prepare
    const catalog = accountCatalog();

    // Act / Assess
    expect(statusForId(catalog, id)).toEqual(expected);
  });

  test.each([
    ['online', '9001'],
    ['away', '9002'],
    ['transfers_only', '9003'],
    ['offline', '9004'],
  ] as const)('idForDefaultStatus(%p) is the account id %p', (name, id) => {
    // Prepare
    const catalog = accountCatalog();

    // Act / Assess
    expect(idForDefaultStatus(catalog, name)).toBe(id);
  });

  test('idForDefaultStatus is undefined when the account lacks that default', () => {
    // Prepare
    const catalog = buildStatusCatalog([listed(1, 'online')], [listed(2, 'Away from desk')]);

    // Act / Assess
    expect(idForDefaultStatus(catalog, 'away')).toBeUndefined();
  });
});
