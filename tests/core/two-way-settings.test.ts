// Two-way sync's settings (issue 14 §2): `both` is a direction like the others, `twoWayMaster` breaks its ties, and
// `keepInStep` means nothing with it.
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';
import { isSourceSide, sourceSides } from '../../shared/sync/mapping';
import { directionInForce, readDirectionSetting, readTwoWayMaster, syncSettings, type InstallationSettings } from '../../shared/sync/direction';
import { SYNC_DIRECTIONS, type Side, type SyncDirection } from '../../shared/sync/types';

const T = 1_800_000_000_000;
const install = (settings: InstallationSettings['settings']): InstallationSettings => ({ id: '7', enabled: true, settings });
const inForce = (settings: InstallationSettings['settings']) => directionInForce({ fallback: 'off', installations: [install(settings)], checkedAt: T });

describe('sourceSides and isSourceSide', () => {
  it.each<[SyncDirection, Side[]]>([
    ['aircall_to_zendesk', ['aircall']],
    ['zendesk_to_aircall', ['zendesk']],
    ['both', ['aircall', 'zendesk']],
    ['off', []],
  ])('%s syncs the changes of %j', (direction, sides) => {
    expect(sourceSides(direction)).toEqual(sides);
    for (const side of ['aircall', 'zendesk'] as const) expect(isSourceSide(direction, side)).toBe(sides.includes(side));
  });

  it('covers every direction', () => {
    expect(SYNC_DIRECTIONS).toContain('both');
  });
});

describe('syncDirection both', () => {
  it('is read like the other directions, spaces ignored', () => {
    expect(readDirectionSetting({ syncDirection: ' both ' })).toEqual({ direction: 'both' });
    expect(readDirectionSetting({ syncDirection: 'Both' })).toHaveProperty('problem');
  });

  it('carries the master side, aircall by default', () => {
    expect(inForce({ syncDirection: 'both' })).toMatchObject({ direction: 'both', twoWayMaster: 'aircall' });
    expect(inForce({ syncDirection: 'both', twoWayMaster: 'zendesk' })).toMatchObject({ direction: 'both', twoWayMaster: 'zendesk' });
  });

  it('leaves a one-way direction as it was: no master', () => {
    expect(inForce({ syncDirection: 'aircall_to_zendesk', twoWayMaster: 'zendesk' })).not.toHaveProperty('twoWayMaster');
  });

  it('ignores keepInStep in what the core decides with', () => {
    const both = syncSettings(inForce({ syncDirection: 'both', keepInStep: true, twoWayMaster: 'zendesk' }), DEFAULT_MAPPING, 120_000);
    expect(both).toMatchObject({ direction: 'both', keepInStep: false, twoWayMaster: 'zendesk' });
    const oneWay = syncSettings(inForce({ syncDirection: 'aircall_to_zendesk', keepInStep: true }), DEFAULT_MAPPING, 120_000);
    expect(oneWay.keepInStep).toBe(true);
    expect(oneWay).not.toHaveProperty('twoWayMaster');
  });
});

describe('readTwoWayMaster', () => {
  it.each<[unknown, Side]>([
    ['aircall', 'aircall'],
    ['zendesk', 'zendesk'],
    [' Zendesk ', 'zendesk'],
    ['salesforce', 'aircall'],
    ['', 'aircall'],
    [undefined, 'aircall'],
    [true, 'aircall'],
  ])('%p reads as %p', (value, side) => {
    expect(readTwoWayMaster({ twoWayMaster: value })).toBe(side);
  });
});
