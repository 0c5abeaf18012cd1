// The direction in force from the app's installation settings (issue 6): which installation, what the value means.
import { SYNC_DIRECTIONS } from '../../shared/sync/types';
import {
  directionInForce,
  pickInstallation,
  problemMessage,
  readDirectionSetting,
  readKeepInStep,
  readTalkAgentState,
  type InstallationSettings,
} from '../../shared/sync/direction';

const T = 1_800_000_000_000;
const install = (id: string, settings: InstallationSettings['settings'], extra: Partial<InstallationSettings> = {}): InstallationSettings => ({
  id,
  enabled: true,
  settings,
  ...extra,
});

describe('pickInstallation', () => {
  it('finds ours by app id when it is known, whatever the settings hold', () => {
    const ours = install('20', {}, { appId: '555' });
    expect(pickInstallation([install('10', { syncDirection: 'off' }, { appId: '1' }), ours], 555)).toEqual({ found: true, installation: ours });
    expect(pickInstallation([install('10', { syncDirection: 'off' }, { appId: '1' })], '555')).toEqual({ found: false, reason: 'not_installed' });
  });

  it('finds ours by parameter name without an app id, preferring one that also has keepInStep', () => {
    const other = install('5', { api_token: 'x' });
    const bare = install('6', { syncDirection: 'off' });
    const full = install('9', { syncDirection: 'off', keepInStep: false });

    expect(pickInstallation([other, full, bare])).toEqual({ found: true, installation: full });
    expect(pickInstallation([other, bare])).toEqual({ found: true, installation: bare });
    expect(pickInstallation([other])).toEqual({ found: false, reason: 'not_installed' });
    expect(pickInstallation([])).toEqual({ found: false, reason: 'not_installed' });
  });

  it('among several, takes the enabled one with the lowest id (numeric order, beyond 2^53 too), in any input order', () => {
    const a = install('900719925474099300', { syncDirection: 'off' }, { appId: '1' });
    const b = install('10000000000000000000', { syncDirection: 'off' }, { appId: '1' });
    const disabled = install('3', { syncDirection: 'off' }, { appId: '1', enabled: false });

    expect(pickInstallation([b, disabled, a], 1)).toEqual({ found: true, installation: a });
    expect(pickInstallation([a, b, disabled].reverse(), 1)).toEqual({ found: true, installation: a });
  });

  it('reports an installation that is only disabled', () => {
    expect(pickInstallation([install('3', { syncDirection: 'off' }, { enabled: false })])).toEqual({ found: false, reason: 'disabled' });
  });
});

describe('readDirectionSetting', () => {
  it.each(SYNC_DIRECTIONS)('accepts %s, with surrounding spaces too', (direction) => {
    expect(readDirectionSetting({ syncDirection: direction })).toEqual({ direction });
    expect(readDirectionSetting({ syncDirection: ` ${direction}\n` })).toEqual({ direction });
  });

  it.each([
    ['another word', { syncDirection: 'sideways' }, 'sideways'],
    ['another case', { syncDirection: 'Aircall_To_Zendesk' }, 'Aircall_To_Zendesk'],
    ['empty', { syncDirection: '' }, ''],
    ['missing', {}, ''],
    ['a number', { syncDirection: 1 }, '1'],
    ['a boolean', { syncDirection: true }, 'true'],
  ])('names the setting and the allowed values for %s', (_what, settings, value) => {
    expect(readDirectionSetting(settings)).toEqual({ problem: { setting: 'syncDirection', value, allowed: SYNC_DIRECTIONS } });
  });

  it('shortens a long value', () => {
    const read = readDirectionSetting({ syncDirection: 'x'.repeat(500) });
    expect('problem' in read && read.problem.value).toBe(`${'x'.repeat(100)}…`);
  });
});

describe('directionInForce', () => {
  it('applies the installation setting, naming the installation', () => {
    expect(directionInForce({ fallback: 'aircall_to_zendesk', installations: [install('7', { syncDirection: 'zendesk_to_aircall' })], checkedAt: T })).toEqual({
      direction: 'zendesk_to_aircall',
      source: 'installation',
      checkedAt: T,
      installationId: '7',
      keepInStep: false,
    });
  });

  it('pauses sync (off) on an invalid value, with the problem', () => {
    expect(directionInForce({ fallback: 'aircall_to_zendesk', installations: [install('7', { syncDirection: 'sideways' })], checkedAt: T })).toEqual({
      direction: 'off',
      source: 'installation',
      checkedAt: T,
      installationId: '7',
      keepInStep: false,
      problem: { setting: 'syncDirection', value: 'sideways', allowed: SYNC_DIRECTIONS },
    });
  });

  it('falls back to the accounts file when not installed or disabled', () => {
    const disabled = install('7', { syncDirection: 'zendesk_to_aircall' }, { enabled: false });
    for (const installations of [[], [disabled]]) {
      expect(directionInForce({ fallback: 'aircall_to_zendesk', installations, checkedAt: T })).toEqual({
        direction: 'aircall_to_zendesk',
        source: 'accounts_file',
        checkedAt: T,
        keepInStep: false,
      });
    }
  });
});

describe('keepInStep', () => {
  it('is on only when the checkbox says true, and off by default', () => {
    const inForce = (settings: Record<string, string | number | boolean>) =>
      directionInForce({ fallback: 'off', installations: [install('7', { syncDirection: 'aircall_to_zendesk', ...settings })], checkedAt: T }).keepInStep;
    expect(inForce({ keepInStep: true })).toBe(true);
    expect(inForce({ keepInStep: 'true' })).toBe(true);
    expect(inForce({ keepInStep: false })).toBe(false);
    expect(inForce({ keepInStep: 'yes' })).toBe(false);
    expect(inForce({ keepInStep: 1 })).toBe(false);
    expect(inForce({})).toBe(false);
    expect(readKeepInStep({ keepInStep: ' TRUE ' })).toBe(true);
  });
});

describe('talkAgentState (issue 14 §3)', () => {
  it('is on only when the checkbox says true; off (absent) by default and with the accounts file', () => {
    const inForce = (settings: Record<string, string | number | boolean>) =>
      directionInForce({ fallback: 'off', installations: [install('7', { syncDirection: 'aircall_to_zendesk', ...settings })], checkedAt: T }).talkAgentState;
    expect(inForce({ talkAgentState: true })).toBe(true);
    expect(inForce({ talkAgentState: 'true' })).toBe(true);
    expect(inForce({ talkAgentState: false })).toBeUndefined();
    expect(inForce({ talkAgentState: 'yes' })).toBeUndefined();
    expect(inForce({ talkAgentState: 1 })).toBeUndefined();
    expect(inForce({ keepInStep: true })).toBeUndefined();
    expect(directionInForce({ fallback: 'aircall_to_zendesk', installations: [], checkedAt: T }).talkAgentState).toBeUndefined();
    expect(readTalkAgentState({ talkAgentState: ' TRUE ' })).toBe(true);
    expect(readTalkAgentState({})).toBe(false);
  });
});

describe('problemMessage', () => {
  it('names the setting, the value and every allowed value', () => {
    expect(problemMessage({ setting: 'syncDirection', value: 'sideways', allowed: SYNC_DIRECTIONS })).toBe(
      'The app setting "syncDirection" is "sideways", which is not allowed: use aircall_to_zendesk, zendesk_to_aircall, both or off. Sync is paused until it is fixed.',
    );
    expect(problemMessage({ setting: 'syncDirection', value: '', allowed: SYNC_DIRECTIONS })).toMatch(
      /"syncDirection" is not set: use aircall_to_zendesk, zendesk_to_aircall, both or off/,
    );
  });
});
