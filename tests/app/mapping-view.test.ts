// What the pane shows per direction, derived from a mapping table: rows in table order, unmapped statuses, notes.
import { DEFAULT_MAPPING, type MappingTable } from '../../shared/sync/mapping';
import { ANY_CUSTOM, mappingView, statusLabel } from '../../app/src/mapping-view';

const pairs = (table: MappingTable, direction: 'aircall_to_zendesk' | 'zendesk_to_aircall') => mappingView(table, direction).rows.map((r) => [r.from, r.to]);

describe('mappingView over DEFAULT_MAPPING', () => {
  it('aircall_to_zendesk: the table rows, with Auto not synced', () => {
    const view = mappingView(DEFAULT_MAPPING, 'aircall_to_zendesk');
    expect([view.source, view.target]).toEqual(['aircall', 'zendesk']);
    expect(pairs(DEFAULT_MAPPING, 'aircall_to_zendesk')).toEqual([
      ['available', 'online'],
      ['unavailable', 'offline'],
      ['custom', null],
    ]);
    expect(view.notes).toEqual(['note_one_way', 'note_any_reason']);
  });

  it('zendesk_to_aircall: the table rows, then custom statuses not synced', () => {
    const view = mappingView(DEFAULT_MAPPING, 'zendesk_to_aircall');
    expect([view.source, view.target]).toEqual(['zendesk', 'aircall']);
    expect(pairs(DEFAULT_MAPPING, 'zendesk_to_aircall')).toEqual([
      ['online', 'available'],
      ['offline', 'unavailable'],
      ['away', 'unavailable'],
      ['transfers_only', 'unavailable'],
      [ANY_CUSTOM, null],
    ]);
    expect(view.rows.at(-1)?.fromLabel).toEqual({ key: 'status.zendesk.custom_any' });
    expect(view.notes).toEqual(['note_one_way', 'note_reason_overwritten']);
  });
});

describe('mappingView over another table (the mapping may become configurable)', () => {
  it('lists a known status without a row as not synced, and custom statuses with a row by id', () => {
    const table: MappingTable = [
      { direction: 'zendesk_to_aircall', from: 'online', to: 'available' },
      { direction: 'zendesk_to_aircall', from: 'custom:42', to: 'unavailable' },
    ];
    const view = mappingView(table, 'zendesk_to_aircall');
    expect(view.rows.map((r) => [r.from, r.to])).toEqual([
      ['online', 'available'],
      ['custom:42', 'unavailable'],
      ['away', null],
      ['transfers_only', null],
      ['offline', null],
      [ANY_CUSTOM, null],
    ]);
    expect(view.rows[1]?.fromLabel).toEqual({ key: 'status.zendesk.custom_one', vars: { id: '42' } });
    expect(view.rows.at(-1)?.fromLabel).toEqual({ key: 'status.zendesk.custom_other' });
  });

  it('drops a note whose rule is absent', () => {
    const table: MappingTable = [{ direction: 'aircall_to_zendesk', from: 'available', to: 'online' }];
    expect(mappingView(table, 'aircall_to_zendesk').notes).toEqual(['note_one_way']);
    expect(mappingView(table, 'zendesk_to_aircall').notes).toEqual(['note_one_way']);
  });

  it('labels statuses by side', () => {
    expect(statusLabel('aircall', 'custom')).toEqual({ key: 'status.aircall.custom' });
    expect(statusLabel('zendesk', 'transfers_only')).toEqual({ key: 'status.zendesk.transfers_only' });
  });
});
