// The admins' part of the pane: the account's health, the agents not matched by email, and the latest audit entries.
import { Body, Cell, Head, HeaderCell, HeaderRow, Row, Table } from '@zendeskgarden/react-tables';
import { useCallback } from 'react';
import type { AdminOverviewResponse, ApiProblemView, ApiShapesView, ApiShapeView, AuditEntryView, WebhookHealth } from '../../shared/app-api';
import type { Locale } from './i18n';
import { APP_API_ROUTES } from '../../shared/app-api';
import { SIDES, type Side } from '../../shared/sync/types';
import { parseAdminOverview } from './backend/parse';
import { backendRequest, callBackend } from './backend/request';
import { useBackendPoll } from './backend/useBackendPoll';
import { translateLabel, useLocale, useT, type Translate } from './i18n';
import { failureLabel } from './status/messages';
import { formatAgo, formatExact } from './status/time';
import { Callout, Field, Note, Subtitle } from './ui';
import { useSession } from './zaf/session';
import { useZaf } from './zaf/ZafProvider';

/** The overview every 15 s while the pane is open (it is heavier and changes less than one agent's status). */
export const ADMIN_OVERVIEW_POLL = { intervalMs: 15_000, maxIntervalMs: 120_000 } as const;

/** Shown to admins only; hidden for good when the backend answers 403 (it does not confirm the role). */
export function AdminOverview({ base, visible }: { base: string; visible: boolean }) {
  const { client } = useZaf();
  const { caller } = useSession();
  const t = useT();
  const fetchOverview = useCallback(
    () => callBackend(client, backendRequest(base, APP_API_ROUTES.adminOverview, caller), parseAdminOverview),
    [client, base, caller],
  );
  const overview = useBackendPoll(`${base}|${caller.userId}`, fetchOverview, ADMIN_OVERVIEW_POLL, visible);
  if (overview.failure?.kind === 'forbidden') return null;
  return (
    <section data-testid="admin-overview" aria-labelledby="admin-title">
      <Subtitle id="admin-title">{t('admin.title')}</Subtitle>
      {overview.failure && overview.failure.kind !== 'unavailable' && (
        <Callout role="alert" $danger data-testid="admin-problem">
          {t('admin.failed', { problem: translateLabel(t, failureLabel(overview.failure)) })}
        </Callout>
      )}
      {overview.data && (
        <>
          <Health data={overview.data} />
          <Unmatched data={overview.data} />
          {Array.isArray(overview.data.apiShapes?.learned) && Array.isArray(overview.data.apiShapes?.problems) && <ApiShapes view={overview.data.apiShapes} />}
          <Audit entries={overview.data.audit} />
        </>
      )}
    </section>
  );
}

function webhookText(t: Translate, health: WebhookHealth): string {
  if (health.error) return t('admin.webhooks_error', { error: health.error });
  if (health.registered === undefined) return t('admin.webhooks_unknown');
  return health.registered ? t('admin.webhooks_registered', { count: health.count ?? 1 }) : t('admin.webhooks_missing');
}

/** "N agents changed the other side themselves", singular for one. */
function otherSideChangedText(t: Translate, count: number): string {
  return count === 1 ? t('admin.other_side_changed_one') : t('admin.other_side_changed', { count });
}

function Health({ data }: { data: AdminOverviewResponse }) {
  const t = useT();
  const locale = useLocale();
  const now = Date.now();
  const { health } = data;
  return (
    <div data-testid="account-health">
      <Subtitle as="h3">{t('admin.health')}</Subtitle>
      <dl>
        <Field as="div" data-testid="direction-in-force" data-direction={data.direction.direction} data-source={data.direction.source}>
          <dt>{t('admin.direction_source')}</dt>
          <dd>
            {t(`direction.${data.direction.direction}`)} — {t(`direction_source.${data.direction.source}`)}
          </dd>
        </Field>
        <Field as="div" data-testid="keep-in-step-setting" data-keep-in-step={String(data.direction.keepInStep === true)}>
          <dt>{t('app.parameters.keepInStep.label')}</dt>
          <dd>{data.direction.keepInStep === true ? t('admin.keep_in_step_on') : t('admin.keep_in_step_off')}</dd>
        </Field>
        {SIDES.map((side) => {
          const at = health.lastEventAt[side];
          return (
            <Field as="div" key={`event-${side}`} data-testid={`last-event-${side}`}>
              <dt>{t('admin.last_event', { side: t(`side.${side}`) })}</dt>
              <dd title={at ? formatExact(at, locale) : undefined}>{at ? formatAgo(at, now, locale) : t('admin.never')}</dd>
            </Field>
          );
        })}
        {SIDES.map((side) => (
          <Field as="div" key={`hooks-${side}`} data-testid={`webhooks-${side}`} data-registered={String(health.webhooks[side]?.registered ?? 'unknown')}>
            <dt>{t('admin.webhooks', { side: t(`side.${side}`) })}</dt>
            <dd>{webhookText(t, health.webhooks[side] ?? {})}</dd>
          </Field>
        ))}
        <Field as="div" data-testid="rate-budget" data-used={health.budget.used} data-capacity={health.budget.capacity}>
          <dt>{t('admin.budget')}</dt>
          <dd>{t('admin.budget_value', { used: health.budget.used, capacity: health.budget.capacity, perMinute: health.budget.perMinute })}</dd>
        </Field>
        <Field as="div" data-testid="linked-count">
          <dt>{t('admin.linked')}</dt>
          <dd>{data.linkedCount}</dd>
        </Field>
      </dl>
      {data.otherSideChangedCount !== undefined && (
        <Note data-testid="other-side-changed-count" data-count={data.otherSideChangedCount}>
          {otherSideChangedText(t, data.otherSideChangedCount)}
        </Note>
      )}
    </div>
  );
}

/** The name of an API point; an unknown one (a newer backend) shows its key. */
function pointLabel(t: Translate, point: string): string {
  switch (point) {
    case 'aircall_users':
      return t('admin.api_point.aircall_users');
    case 'aircall_status_write':
      return t('admin.api_point.aircall_status_write');
    case 'aircall_availability':
      return t('admin.api_point.aircall_availability');
    case 'zendesk_status_body':
      return t('admin.api_point.zendesk_status_body');
    case 'zendesk_status_list':
      return t('admin.api_point.zendesk_status_list');
    case 'zendesk_availability_page_size':
      return t('admin.api_point.zendesk_availability_page_size');
    default:
      return point;
  }
}

function problemText(t: Translate, problem: ApiProblemView, locale: Locale): string {
  const since = formatExact(problem.since, locale);
  if (problem.point === 'aircall_status_write') return t('admin.api_problem_aircall_status_write', { since, detail: problem.detail });
  return t('admin.api_problem_other', { point: pointLabel(t, problem.point), since, detail: problem.detail });
}

/** "Aircall users API: v2 (GET /v1/users answered 410, 3 Dec 2026 09:00)": what works, and what proved the other wrong. */
function shapeText(t: Translate, shape: ApiShapeView, locale: Locale): string {
  const when = formatExact(shape.learnedAt, locale);
  const value = shape.evidence
    ? t('admin.api_shape_with_evidence', { value: shape.value, evidence: shape.evidence, when })
    : t('admin.api_shape_plain', { value: shape.value, when });
  return shape.note ? `${value} ${shape.note}` : value;
}

/** What the backend learned about the account's APIs (issue 11); a point where nothing works is a danger callout. */
function ApiShapes({ view }: { view: ApiShapesView }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div data-testid="api-shapes">
      <Subtitle as="h3">{t('admin.api_shapes')}</Subtitle>
      {view.problems.map((problem) => (
        <Callout key={problem.point} role="alert" $danger data-testid={`api-problem-${problem.point}`}>
          {problemText(t, problem, locale)}
        </Callout>
      ))}
      {view.learned.length === 0 && <Note>{t('admin.api_shapes_none')}</Note>}
      <dl>
        {view.learned.map((shape) => (
          <Field as="div" key={shape.point} data-testid={`api-shape-${shape.point}`} data-value={shape.value}>
            <dt>{pointLabel(t, shape.point)}</dt>
            <dd>{shapeText(t, shape, locale)}</dd>
          </Field>
        ))}
      </dl>
    </div>
  );
}

function Unmatched({ data }: { data: AdminOverviewResponse }) {
  const t = useT();
  const locale = useLocale();
  const { unmatched } = data;
  const none = unmatched.aircall.length === 0 && unmatched.zendesk.length === 0;
  const sides: Array<[Side, string]> = [
    ['aircall', 'admin.unmatched_aircall'],
    ['zendesk', 'admin.unmatched_zendesk'],
  ];
  return (
    <div data-testid="unmatched-agents">
      <Subtitle as="h3">{t('admin.unmatched')}</Subtitle>
      {none && <Note>{t('admin.unmatched_none')}</Note>}
      {sides.map(([side, key]) =>
        unmatched[side].length === 0 ? null : (
          <div key={side} data-testid={`unmatched-${side}`}>
            <strong>{t(key, { count: unmatched[side].length })}</strong>
            <ul>
              {unmatched[side].map((agent) => (
                <li key={agent.id} data-agent={agent.id}>
                  {[agent.name, agent.email].filter(Boolean).join(' · ') || agent.id}
                </li>
              ))}
            </ul>
          </div>
        ),
      )}
      {unmatched.truncated && <Note>{t('admin.unmatched_truncated')}</Note>}
      {unmatched.builtAt !== undefined && <Note>{t('admin.unmatched_built', { when: formatAgo(unmatched.builtAt, Date.now(), locale) })}</Note>}
    </div>
  );
}

function auditWhat(entry: AuditEntryView): string {
  return [entry.kind, entry.decision, entry.reason].filter(Boolean).join(' · ');
}

/**
 * Each audit row with a React key: what the row shows, numbered among rows that show the same (the view carries no
 * entry id, and identical rows are interchangeable).
 */
function auditRows(entries: AuditEntryView[]): { key: string; entry: AuditEntryView }[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const shown = `${entry.at}-${entry.agent}-${auditWhat(entry)}`;
    const n = seen.get(shown) ?? 0;
    seen.set(shown, n + 1);
    return { key: `${shown}-${n}`, entry };
  });
}

function Audit({ entries }: { entries: AuditEntryView[] }) {
  const t = useT();
  const locale = useLocale();
  const now = Date.now();
  return (
    <div data-testid="audit-entries">
      <Subtitle as="h3">{t('admin.audit')}</Subtitle>
      {entries.length === 0 ? (
        <Note>{t('admin.audit_none')}</Note>
      ) : (
        <Table size="small" isReadOnly>
          <Head>
            <HeaderRow>
              <HeaderCell>{t('admin.audit_when')}</HeaderCell>
              <HeaderCell>{t('admin.audit_agent')}</HeaderCell>
              <HeaderCell>{t('admin.audit_what')}</HeaderCell>
            </HeaderRow>
          </Head>
          <Body>
            {auditRows(entries).map(({ key, entry }) => (
              <Row key={key} data-kind={entry.kind}>
                <Cell title={formatExact(entry.at, locale)}>{formatAgo(entry.at, now, locale)}</Cell>
                <Cell>{entry.agent}</Cell>
                <Cell>{auditWhat(entry)}</Cell>
              </Row>
            ))}
          </Body>
        </Table>
      )}
    </div>
  );
}
