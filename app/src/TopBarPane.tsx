// The top-bar pane: the sync direction the admin chose, and the mapping that applies in it.
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';
import { isSyncDirection } from '../../shared/sync/types';
import { t } from './i18n';
import { MappingTable } from './MappingTable';
import { mappingView } from './mapping-view';
import { useSettings } from './zaf/ZafProvider';
import { Callout, Page, Text, Title } from './ui';

/** Reads `syncDirection` from the installation's settings; an invalid value is explained, never thrown. */
export function TopBarPane() {
  const direction: unknown = useSettings().syncDirection;
  return (
    <Page>
      <Title>{t('pane.title')}</Title>
      <DirectionBody direction={direction} />
    </Page>
  );
}

function DirectionBody({ direction }: { direction: unknown }) {
  if (!isSyncDirection(direction)) {
    const missing = direction === undefined || direction === null || direction === '';
    return (
      <Callout role="alert" $danger data-testid="invalid-direction">
        {/* JSON form so stray spaces or a non-string value are visible. */}
        {missing ? t('pane.missing_direction') : t('pane.invalid_direction', { value: JSON.stringify(direction) ?? String(direction) })}
      </Callout>
    );
  }
  const heading = <Text data-testid="direction">{t('pane.direction', { direction: t(`direction.${direction}`) })}</Text>;
  if (direction === 'off') {
    return (
      <>
        {heading}
        <Callout data-testid="sync-off">{t('pane.off')}</Callout>
      </>
    );
  }
  return (
    <>
      {heading}
      <MappingTable view={mappingView(DEFAULT_MAPPING, direction)} />
    </>
  );
}
