// Both webhooks: registered, active at the provider, where they point, and the last delivery.
import type { WebhookView } from '../../../shared/console';
import { SIDES } from '../../../shared/sync/types';
import { useLocale, useT } from '../i18n';
import { formatAgo, formatExact } from '../status/time';
import { Field, Note, Subtitle } from '../ui';
import { Section, ToneTag } from './bits';

export function Webhooks({ webhooks }: { webhooks: Partial<Record<string, WebhookView>> }) {
  const t = useT();
  return (
    <Section aria-labelledby="webhooks-title" data-testid="webhooks">
      <Subtitle id="webhooks-title">{t('console.webhooks.title')}</Subtitle>
      {SIDES.map((side) => {
        const hook = webhooks[side];
        return hook ? <Webhook key={side} hook={hook} /> : null;
      })}
    </Section>
  );
}

function activity(hook: WebhookView): { tone: 'good' | 'bad' | 'plain'; key: string } {
  if (!hook.registered) return { tone: 'bad', key: 'console.webhooks.missing' };
  if (hook.active === undefined) return { tone: 'plain', key: 'console.webhooks.unchecked' };
  return hook.active ? { tone: 'good', key: 'console.webhooks.active' } : { tone: 'bad', key: 'console.webhooks.inactive' };
}

function Webhook({ hook }: { hook: WebhookView }) {
  const t = useT();
  const locale = useLocale();
  const now = Date.now();
  const state = activity(hook);
  return (
    <dl data-testid={`webhook-${hook.side}`} data-registered={String(hook.registered)} data-active={String(hook.active ?? 'unknown')}>
      <Field as="div">
        <dt>{t(`side.${hook.side}`)}</dt>
        <dd>
          <ToneTag tone={state.tone}>{t(state.key)}</ToneTag>
        </dd>
      </Field>
      {hook.url && (
        <Field as="div">
          <dt>{t('console.webhooks.url')}</dt>
          <dd>{hook.url}</dd>
        </Field>
      )}
      <Field as="div" data-testid={`webhook-${hook.side}-last-delivery`}>
        <dt>{t('console.webhooks.last_delivery')}</dt>
        <dd title={hook.lastDeliveryAt ? formatExact(hook.lastDeliveryAt, locale) : undefined}>
          {hook.lastDeliveryAt === undefined
            ? t('console.webhooks.no_delivery')
            : hook.lastDeliveryStatus
              ? t('console.webhooks.delivery_with_status', { ago: formatAgo(hook.lastDeliveryAt, now, locale), status: hook.lastDeliveryStatus })
              : formatAgo(hook.lastDeliveryAt, now, locale)}
        </dd>
      </Field>
      {hook.failures !== undefined && hook.failures > 0 && (
        <Field as="div">
          <dt>{t('console.webhooks.failures')}</dt>
          <dd>{hook.failures}</dd>
        </Field>
      )}
      {hook.error && <Note role="alert">{t('console.webhooks.check_failed', { error: hook.error })}</Note>}
      {hook.checkedAt !== undefined && <Note>{t('console.webhooks.checked', { ago: formatAgo(hook.checkedAt, now, locale) })}</Note>}
    </dl>
  );
}
