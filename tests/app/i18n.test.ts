// The app's strings: `t` falls back and never throws; the locale is chosen as zaf.md §9 says; en.json and es.json
// have the same keys and placeholders; every key the app can ask for exists.
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LastSyncView } from '../../shared/app-api';
import { ONBOARDING_STEPS, type ConnectionState, type OnboardingStepStatus } from '../../shared/console';
import { AIRCALL_AVAILABILITY_STATUSES, AIRCALL_UNAVAILABLE_REASONS } from '../../shared/aircall/vocabulary';
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';
import { SIDES, SKIP_REASONS, SYNC_DIRECTIONS } from '../../shared/sync/types';
import { ZENDESK_DEFAULT_STATUSES } from '../../shared/zendesk/vocabulary';
import type { BackendFailure } from '../../app/src/backend/request';
import { DICTIONARIES, EN, hasTranslation, resolveLocale, t, translate, translateLabel, translator } from '../../app/src/i18n';
import { ANY_CUSTOM, mappingView, statusLabel, type Label, type MappingNote } from '../../app/src/mapping-view';
import { failureLabel, keepInStepLabel, lastSyncLabel, noteLabel, otherSideChangedLabel } from '../../app/src/status/messages';
import { sideStatusLabel, statusKeyLabel, type SyncNote } from '../../app/src/status/view';

const appSrc = join(__dirname, '..', '..', 'app', 'src');
const sources = readdirSync(appSrc, { recursive: true, encoding: 'utf8' })
  // i18n.ts defines t(); every other module is a caller.
  .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && f !== 'i18n.ts')
  .map((f) => ({ file: f, text: readFileSync(join(appSrc, f), 'utf8') }));

describe('t / translate', () => {
  it('translates a key and fills {{placeholders}}', () => {
    expect(t('mapping.not_synced')).toBe('Not synced');
    expect(t('pane.direction', { direction: 'Off' })).toBe('Sync direction: Off');
    expect(translate({ a: { b: 'Hi {{ who }} and {{who}}' } }, 'a.b', { who: 'Ann' })).toBe('Hi Ann and Ann');
  });

  it('returns the key for a missing key, a branch, or a key through a string', () => {
    expect(t('no.such.key')).toBe('no.such.key');
    expect(t('pane')).toBe('pane'); // an object, not a string
    expect(t('app.name.length')).toBe('app.name.length');
    expect(t('')).toBe('');
  });

  it('never reaches Object.prototype', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'app.constructor', 'hasOwnProperty']) expect(t(key)).toBe(key);
  });

  it('leaves a placeholder without a value as it is', () => {
    expect(t('pane.direction')).toBe('Sync direction: {{direction}}');
    expect(t('pane.direction', { other: 'x' })).toBe('Sync direction: {{direction}}');
  });

  it("reads ZAF's { title, value } entries", () => {
    expect(translate({ a: { title: 'for translators', value: 'Shown' } }, 'a')).toBe('Shown');
  });

  it('never throws and always returns a string, whatever the dictionary, key and values', () => {
    fc.assert(
      fc.property(fc.anything(), fc.string(), fc.option(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer()))), (dict, key, vars) => {
        const out = translate(dict, key, vars ?? undefined);
        expect(typeof out).toBe('string');
      }),
    );
    // Not even with a key that is not a string at run time (a value from settings, say).
    expect(translate(EN, 42 as unknown as string)).toBe('42');
    expect(translate(EN, undefined as unknown as string)).toBe('undefined');
  });

  it('translates labels whose values are labels, inner first', () => {
    const label: Label = { key: 'pane.status_on_side', vars: { side: { key: 'side.aircall' }, status: { key: 'status.aircall.available' } } };
    expect(translateLabel(translator('es'), label)).toBe('Aircall Disponible');
  });
});

describe('resolveLocale (zaf.md §9: the locale, then its language, then en)', () => {
  test.each([
    ['es', 'es'],
    ['es-419', 'es'],
    ['es-ES', 'es'],
    ['ES_mx', 'es'],
    ['en-US', 'en'],
    ['en-gb', 'en'],
    ['pt-BR', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    [42, 'en'],
    ['__proto__', 'en'],
  ])('%p → %s', (requested, locale) => {
    expect(resolveLocale(requested)).toBe(locale);
  });
});

/** Every dotted key of a translations object that holds a string. */
function keysOf(dict: unknown, prefix = ''): string[] {
  if (typeof dict !== 'object' || dict === null) return [prefix];
  return Object.entries(dict).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations/es.json', () => {
  const en = keysOf(DICTIONARIES.en).sort();
  const es = keysOf(DICTIONARIES.es).sort();

  it('has exactly the keys of en.json', () => {
    expect(es).toEqual(en);
  });

  it('has the same {{placeholders}} as en.json in every string', () => {
    const differ = en.filter(
      (key) => JSON.stringify(placeholders(translate(DICTIONARIES.es, key))) !== JSON.stringify(placeholders(translate(DICTIONARIES.en, key))),
    );
    expect(differ).toEqual([]);
  });

  it('is Spanish, not a copy: most strings differ from English', () => {
    const same = en.filter((key) => translate(DICTIONARIES.es, key) === translate(DICTIONARIES.en, key));
    // Names, arrows and pure placeholders stay the same in both.
    expect(same.length).toBeLessThan(en.length / 8);
  });
});

/** Every key a label and its nested labels use. */
function labelKeys(label: Label): string[] {
  return [label.key, ...Object.values(label.vars ?? {}).flatMap((v) => (typeof v === 'object' ? labelKeys(v) : []))];
}

// Every value of the console's unions (a Record, so a new value fails to compile here until it is listed).
const CONNECTION_STATES = Object.keys({ connected: 1, needs_reconnect: 1, disconnected: 1 } satisfies Record<ConnectionState, 1>);
const STEP_STATUSES = Object.keys({ pending: 1, blocked: 1, done: 1, failed: 1 } satisfies Record<OnboardingStepStatus, 1>);

describe('every key the app uses exists in en.json and es.json', () => {
  // Keys built at run time in t(…) calls, each from the full set of values it can take.
  const dynamic: Record<string, string[]> = {
    '`side.${view.source}`': SIDES.map((s) => `side.${s}`),
    '`side.${view.target}`': SIDES.map((s) => `side.${s}`),
    '`side.${side}`': SIDES.map((s) => `side.${s}`),
    '`direction.${direction.direction}`': SYNC_DIRECTIONS.map((d) => `direction.${d}`),
    '`direction.${data.direction.direction}`': SYNC_DIRECTIONS.map((d) => `direction.${d}`),
    '`direction_source.${direction.source}`': ['installation', 'accounts_file'].map((s) => `direction_source.${s}`),
    '`direction_source.${data.direction.source}`': ['installation', 'accounts_file'].map((s) => `direction_source.${s}`),
    '`mapping.${note}`': (['note_one_way', 'note_any_reason', 'note_reason_overwritten'] satisfies MappingNote[]).map((n) => `mapping.${n}`),
    // The console's unmatched lists.
    key: ['admin.unmatched_aircall', 'admin.unmatched_zendesk'],
    // The admin console (shared/console.ts values).
    '`console.state.${state}`': CONNECTION_STATES.map((s) => `console.state.${s}`),
    '`console.zendesk.kind.${connection.kind}`': ['oauth', 'client_credentials', 'api_token'].map((k) => `console.zendesk.kind.${k}`),
    '`console.aircall.kind.${connection.kind}`': ['oauth', 'basic'].map((k) => `console.aircall.kind.${k}`),
    '`console.steps.name.${s.step}`': ONBOARDING_STEPS.map((s) => `console.steps.name.${s}`),
    '`console.steps.status.${s.status}`': STEP_STATUSES.map((s) => `console.steps.status.${s}`),
    '`side.${hook.side}`': SIDES.map((s) => `side.${s}`),
    'state.key': ['missing', 'unchecked', 'active', 'inactive'].map((k) => `console.webhooks.${k}`),
  };

  // `english` is `t` imported under another name where the user's locale is not known yet (zaf/session.tsx).
  const calls = sources.flatMap(({ file, text }) => [...text.matchAll(/\b(?:t|english)\(\s*([^,)]+)/g)].map((m) => ({ file, arg: m[1]!.trim() })));

  it('finds the calls (the scan works)', () => {
    expect(calls.length).toBeGreaterThan(30);
  });

  it('has every literal key', () => {
    const literal = calls.filter((c) => /^'[^']*'$/.test(c.arg)).map((c) => ({ ...c, key: c.arg.slice(1, -1) }));
    for (const dict of Object.values(DICTIONARIES)) expect(literal.filter((c) => !hasTranslation(dict, c.key))).toEqual([]);
  });

  it('has every key a built key can take, and knows every non-literal call', () => {
    const unknown = calls.filter((c) => !/^'[^']*'$/.test(c.arg) && !(c.arg in dynamic));
    // A new computed key: add it to `dynamic` with every value it can take.
    expect(unknown).toEqual([]);
    for (const dict of Object.values(DICTIONARIES))
      expect(
        Object.values(dynamic)
          .flat()
          .filter((key) => !hasTranslation(dict, key)),
      ).toEqual([]);
  });

  it('has every key a label can take (notes, failures, last syncs, statuses)', () => {
    const notes: SyncNote[] = [
      { kind: 'paused', problem: { setting: 'syncDirection', value: 'x', allowed: SYNC_DIRECTIONS } },
      { kind: 'paused', problem: { setting: 'syncDirection', value: '', allowed: SYNC_DIRECTIONS } },
      { kind: 'off' },
      { kind: 'needs_reconnect' },
      ...(['no_aircall_user', 'no_zendesk_user', 'not_in_directory'] as const).map((reason) => ({ kind: 'unlinked' as const, reason })),
      { kind: 'not_synced', side: 'aircall', key: 'custom' },
      { kind: 'not_synced', side: 'zendesk', key: 'custom:7' },
      { kind: 'not_synced', side: 'zendesk', key: 'away' },
      ...SIDES.map((side) => ({ kind: 'unknown_status' as const, side })),
    ];
    const failures: BackendFailure[] = [
      { kind: 'no_backend_url' },
      { kind: 'bad_backend_url', value: 'x' },
      { kind: 'unauthorized', status: 401 },
      { kind: 'forbidden', status: 403 },
      { kind: 'not_found', status: 404 },
      { kind: 'unavailable' },
      { kind: 'rejected', status: 400 },
      { kind: 'bad_response' },
      ...(['no_token', 'invalid_token', 'unknown_account', 'app_not_configured', 'user_refused', 'unavailable', 'not_served', 'expired'] as const).map(
        (reason) => ({ kind: 'no_session' as const, reason }),
      ),
    ];
    const lastSyncs: LastSyncView[] = [
      { at: 0, outcome: 'written', wrote: { side: 'zendesk', key: 'online' } },
      { at: 0, outcome: 'written' },
      ...SKIP_REASONS.map((reason) => ({ at: 0, outcome: 'skipped' as const, reason })),
      { at: 0, outcome: 'skipped' },
      { at: 0, outcome: 'failed', reason: 'Boom' },
      { at: 0, outcome: 'failed' },
    ];
    const labels: Label[] = [
      ...notes.flatMap((note) => [noteLabel(note, { isAdmin: true, email: 'a@b.c' }), noteLabel(note, { isAdmin: false })]),
      ...failures.map(failureLabel),
      ...lastSyncs.map((last) => lastSyncLabel(last, 'now')),
      ...AIRCALL_AVAILABILITY_STATUSES.map((key) => statusKeyLabel('aircall', key)),
      ...ZENDESK_DEFAULT_STATUSES.map((key) => statusKeyLabel('zendesk', key)),
      statusKeyLabel('zendesk', 'custom:9'),
      statusKeyLabel('aircall', 'something_new'),
      ...AIRCALL_UNAVAILABLE_REASONS.map((detail) => sideStatusLabel('aircall', { key: 'unavailable', detail, observedAt: 0 })),
      sideStatusLabel('aircall', { key: 'unavailable', detail: 'Custom reason', observedAt: 0 }),
      sideStatusLabel('zendesk', { key: 'custom:9', detail: 'Meeting', observedAt: 0 }),
      sideStatusLabel('zendesk', undefined),
      // MappingTable's rows, for each side and status form.
      statusLabel('zendesk', ANY_CUSTOM, false),
      statusLabel('zendesk', ANY_CUSTOM, true),
      // What the other side does (keepInStep), and the agent's own change there, in both directions.
      ...(['aircall_to_zendesk', 'zendesk_to_aircall'] as const).flatMap((direction) =>
        [false, true].map((keepInStep) => keepInStepLabel({ direction, source: 'installation', keepInStep }) as Label),
      ),
      ...SIDES.map((side) => otherSideChangedLabel({ side, source: side === 'aircall' ? 'zendesk' : 'aircall', at: 0 })),
    ];
    const keys = [...new Set(labels.flatMap(labelKeys))];
    expect(keys.length).toBeGreaterThan(40);
    for (const dict of Object.values(DICTIONARIES)) expect(keys.filter((key) => !hasTranslation(dict, key))).toEqual([]);
  });

  it('labels every status the default mapping shows', () => {
    for (const direction of ['aircall_to_zendesk', 'zendesk_to_aircall'] as const) {
      for (const row of mappingView(DEFAULT_MAPPING, direction).rows) {
        for (const dict of Object.values(DICTIONARIES)) {
          expect(hasTranslation(dict, row.fromLabel.key)).toBe(true);
          if (row.toLabel) expect(hasTranslation(dict, row.toLabel.key)).toBe(true);
        }
      }
    }
  });
});
