// The app's `t`: falls back to the key and never throws; every key the app can ask for exists in translations/en.json.
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AIRCALL_AVAILABILITY_STATUSES } from '../../shared/aircall/vocabulary';
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';
import { SIDES, SYNC_DIRECTIONS } from '../../shared/sync/types';
import { ZENDESK_DEFAULT_STATUSES } from '../../shared/zendesk/vocabulary';
import { EN, hasTranslation, t, translate } from '../../app/src/i18n';
import { ANY_CUSTOM, mappingView, statusLabel, type MappingNote } from '../../app/src/mapping-view';

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
});

describe('every key the app uses exists in translations/en.json', () => {
  // Keys built at run time, each from the full set of values it can take.
  const dynamic: Record<string, string[]> = {
    '`side.${view.source}`': SIDES.map((s) => `side.${s}`),
    '`side.${view.target}`': SIDES.map((s) => `side.${s}`),
    '`direction.${direction}`': SYNC_DIRECTIONS.map((d) => `direction.${d}`),
    '`mapping.${note}`': (['note_one_way', 'note_any_reason', 'note_reason_overwritten'] satisfies MappingNote[]).map((n) => `mapping.${n}`),
    // MappingTable's label(): every status label, for each side and status form.
    'l.key': [
      ...AIRCALL_AVAILABILITY_STATUSES.map((s) => statusLabel('aircall', s).key),
      ...ZENDESK_DEFAULT_STATUSES.map((s) => statusLabel('zendesk', s).key),
      statusLabel('zendesk', ANY_CUSTOM, false).key,
      statusLabel('zendesk', ANY_CUSTOM, true).key,
      statusLabel('zendesk', 'custom:123').key,
    ],
  };

  const calls = sources.flatMap(({ file, text }) => [...text.matchAll(/\bt\(\s*([^,)]+)/g)].map((m) => ({ file, arg: m[1]!.trim() })));

  it('finds the calls (the scan works)', () => {
    expect(calls.length).toBeGreaterThan(10);
  });

  it('has every literal key', () => {
    const literal = calls.filter((c) => /^'[^']*'$/.test(c.arg)).map((c) => ({ ...c, key: c.arg.slice(1, -1) }));
    expect(literal.filter((c) => !hasTranslation(EN, c.key))).toEqual([]);
  });

  it('has every key a built key can take, and knows every non-literal call', () => {
    const unknown = calls.filter((c) => !/^'[^']*'$/.test(c.arg) && !(c.arg in dynamic));
    // A new computed key: add it to `dynamic` with every value it can take.
    expect(unknown).toEqual([]);
    const missing = Object.values(dynamic).flat().filter((key) => !hasTranslation(EN, key));
    expect(missing).toEqual([]);
  });

  it('labels every status the default mapping shows', () => {
    for (const direction of ['aircall_to_zendesk', 'zendesk_to_aircall'] as const) {
      for (const row of mappingView(DEFAULT_MAPPING, direction).rows) {
        expect(hasTranslation(EN, row.fromLabel.key)).toBe(true);
        if (row.toLabel) expect(hasTranslation(EN, row.toLabel.key)).toBe(true);
      }
    }
  });
});
