// What the Zendesk and the Aircall connections both show, inside their <dl>: the state (and why it needs a
// reconnect), then how, by whom and when it was granted. Test ids are prefixed by the side.
import type { AircallConnectionView } from '../../../shared/console';
import { useLocale, useT } from '../i18n';
import { formatAgo, formatExact } from '../status/time';
import { Callout, Field } from '../ui';
import { StateTag } from './bits';

type Side = 'zendesk' | 'aircall';
/** What both connection views have (ZendeskConnectionView has the same fields, with more kinds). */
type Shared = Pick<AircallConnectionView, 'state' | 'needsReconnect' | 'grantor' | 'grantedAt'> & { kind?: string };

/** The state tag, and the needs-reconnect alert with its reason and since when. */
export function ConnectionStateFields({ side, connection }: { side: Side; connection: Shared }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <Field as="div">
        <dt>{t('console.state_label')}</dt>
        <dd>
          <StateTag state={connection.state} testid={`${side}-state`} />
        </dd>
      </Field>
      {connection.needsReconnect && (
        <Callout role="alert" $danger data-testid={`${side}-needs-reconnect`}>
          {t('console.needs_reconnect', { reason: connection.needsReconnect.reason, since: formatExact(connection.needsReconnect.since, locale) })}
        </Callout>
      )}
    </>
  );
}

/** The credential's kind (`kindLabel`, translated by the side), its grantor and when it was granted. */
export function GrantFields({ side, connection, kindLabel }: { side: Side; connection: Shared; kindLabel?: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      {connection.kind && (
        <Field as="div" data-testid={`${side}-kind`} data-kind={connection.kind}>
          <dt>{t('console.kind_label')}</dt>
          <dd>{kindLabel}</dd>
        </Field>
      )}
      {connection.grantor && (
        <Field as="div" data-testid={`${side}-grantor`}>
          <dt>{t('console.granted_by')}</dt>
          <dd>{[connection.grantor.name, connection.grantor.email].filter(Boolean).join(' · ') || t('console.grantor_id', { id: connection.grantor.id })}</dd>
        </Field>
      )}
      {connection.grantedAt !== undefined && (
        <Field as="div">
          <dt>{t('console.granted_at')}</dt>
          <dd>{t('console.at', { ago: formatAgo(connection.grantedAt, Date.now(), locale), exact: formatExact(connection.grantedAt, locale) })}</dd>
        </Field>
      )}
    </>
  );
}
