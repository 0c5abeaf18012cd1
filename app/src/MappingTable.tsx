// The mapping that applies in one direction, as a Garden table, with its notes.
import { Body, Caption, Cell, Head, HeaderCell, HeaderRow, Row, Table } from '@zendeskgarden/react-tables';
import { translateLabel, useT } from './i18n';
import type { Label, MappingView } from './mapping-view';
import { Muted, Note } from './ui';

/** One row per source status: what it becomes on the target side, or "Not synced". */
export function MappingTable({ view }: { view: MappingView }) {
  const t = useT();
  const label = (l: Label) => translateLabel(t, l);
  const source = t(`side.${view.source}`);
  const target = t(`side.${view.target}`);
  return (
    <>
      <Table size="small" isReadOnly data-testid="mapping-table">
        <Caption>{t('mapping.caption', { source, target })}</Caption>
        <Head>
          <HeaderRow>
            <HeaderCell>{t('mapping.header_status', { side: source })}</HeaderCell>
            <HeaderCell>{t('mapping.header_status', { side: target })}</HeaderCell>
          </HeaderRow>
        </Head>
        <Body>
          {view.rows.map((row) => (
            <Row key={row.from} data-from={row.from} data-to={row.to ?? ''}>
              <Cell>{label(row.fromLabel)}</Cell>
              <Cell>{row.toLabel ? label(row.toLabel) : <Muted>{t('mapping.not_synced')}</Muted>}</Cell>
            </Row>
          ))}
        </Body>
      </Table>
      {view.notes.map((note) => (
        <Note key={note} data-note={note}>
          {t(`mapping.${note}`, { source, target })}
        </Note>
      ))}
    </>
  );
}
