// The account's sync facts in the admin console (they were the admins' part of the top-bar pane): the direction
// in force, the Aircall request budget, what was learned about the APIs, the agents, and the latest audit entries.
import { Body, Cell, Head, HeaderCell, HeaderRow, Row, Table } from '@zendeskgarden/react-tables';
import type { ApiProblemView, ApiShapesView, ApiShapeView, AuditEntryView, DirectionInForce } from '../../../shared/app-api';
import type { ConsoleResponse } from '../../../shared/console';
import type { Locale } from '../i18n';
import { translateLabel, useLocale, useT, type Translate } from '../i18n';
import { callStatusSettingLabel } from '../status/messages';
import { formatAgo, formatExact } from '../status/time';
import { Callout, Field, Note, Subtitle } from '../ui';
import { Section } from './bits';

/** What keepInStep does: nothing with two-way sync (issue 14), which copies a change on either side. */
function keepInStepText(t: Translate, direction: DirectionInForce): string {
  if (direction.direction === 'both') return t('admin.keep_in_step_ignored');
  return direction.keepInStep === true ? t('admin.keep_in_step_on') : t('admin.keep_in_step_off');
}

/** With two-way sync, the side that wins changes that cannot be ordered (`twoWayMaster`). */
function twoWayMasterText(t: Translate, direction: DirectionInForce): string {
  const side = direction.twoWayMaster ?? 'aircall';
  return t('admin.two_way_master', { side: t(`side.${side}`) });
}

/** The direction in force, keepInStep (ignored with two-way sync), the master side and the request budget. */
export function SyncFacts({ data }: { data: ConsoleResponse }) {
  const t = useT();
  const { budget } = data;
  return (
    <Section aria-labelledby="sync-title" data-testid="sync-facts">
      <Subtitle id="sync-title">{t('console.sync.title')}</Subtitle>
      <dl>
        <Field as="div" data-testid="direction-in-force" data-direction={data.direction.direction} data-source={data.direction.source}>
          <dt>{t('admin.direction_source')}</dt>
          <dd>
            {t(`direction.${data.direction.direction}`)} — {t(`direction_source.${data.direction.source}`)}
          </dd>
        </Field>
        <Field as="div" data-testid="keep-in-step-setting" data-keep-in-step={String(data.direction.keepInStep === true)}>
          <dt>{t('app.parameters.keepInStep.label')}</dt>
          <dd>{keepInStepText(t, data.direction)}</dd>
        </Field>
        {data.direction.direction === 'both' && (
          <Field as="div" data-testid="two-way-master" data-master={data.direction.twoWayMaster ?? 'aircall'}>
            <dt>{t('app.parameters.twoWayMaster.label')}</dt>
            <dd>{twoWayMasterText(t, data.direction)}</dd>
          </Field>
        )}
        <Field as="div" data-testid="call-status-setting" data-state={data.callStatus?.state ?? 'off'}>
          <dt>{t('app.parameters.callStatus.label')}</dt>
          <dd>{translateLabel(t, callStatusSettingLabel(data.callStatus))}</dd>
          {data.callStatus?.problem && <Note data-testid="call-status-problem">{data.callStatus.problem}</Note>}
        </Field>
        {data.zendeskStatusMode && (
          <Field as="div" data-testid="zendesk-status-mode" data-mode={data.zendeskStatusMode.mode} data-source={data.zendeskStatusMode.source}>
            <dt>{t('admin.zendesk_status_mode')}</dt>
            <dd>{data.zendeskStatusMode.mode === 'talk' ? t('admin.zendesk_status_mode_talk') : t('admin.zendesk_status_mode_unified')}</dd>
          </Field>
        )}
        {/* Issue 14 §3: the opt-in setting next to the mode; off in talk mode, Zendesk is not synced, and the console says so. */}
        <Field as="div" data-testid="talk-agent-state-setting" data-on={String(data.direction.talkAgentState === true)}>
          <dt>{t('app.parameters.talkAgentState.label')}</dt>
          <dd>{data.direction.talkAgentState === true ? t('admin.talk_agent_state_on') : t('admin.talk_agent_state_off')}</dd>
          {data.zendeskStatusMode?.mode === 'talk' && data.direction.talkAgentState !== true && (
            <Note role="alert" data-testid="talk-mode-off">
              {t('admin.zendesk_status_mode_talk_off')}
            </Note>
          )}
        </Field>
        <Field as="div" data-testid="rate-budget" data-used={budget.used} data-capacity={budget.capacity}>
          <dt>{t('admin.budget')}</dt>
          <dd>{t('admin.budget_value', { used: budget.used, capacity: budget.capacity, perMinute: budget.perMinute })}</dd>
        </Field>
      </dl>
      {data.otherSideChangedCount !== undefined && (
        <Note data-testid="other-side-changed-count" data-count={data.otherSideChangedCount}>
          {data.otherSideChangedCount === 1 ? t('admin.other_side_changed_one') : t('admin.other_side_changed', { count: data.otherSideChangedCount })}
        </Note>
      )}
      {Array.isArray(data.apiShapes?.learned) && Array.isArray(data.apiShapes?.problems) && <ApiShapes view={data.apiShapes} />}
    </Section>
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

/** The agents on both sides, and those matched on one side only (by email). */
export function Agents({ agents }: { agents: ConsoleResponse['agents'] }) {
  const t = useT();
  const locale = useLocale();
  const { unmatched } = agents;
  const none = unmatched.aircall.length === 0 && unmatched.zendesk.length === 0;
  const sides: Array<['aircall' | 'zendesk', string]> = [
    ['aircall', 'admin.unmatched_aircall'],
    ['zendesk', 'admin.unmatched_zendesk'],
  ];
  return (
    <Section aria-labelledby="agents-title" data-testid="agents">
      <Subtitle id="agents-title">{t('console.agents.title')}</Subtitle>
      <div data-testid="linked-agents" data-count={agents.linkedCount}>
        <Subtitle as="h3">{t('console.agents.linked', { count: agents.linkedCount })}</Subtitle>
        {agents.linked.length === 0 ? (
          <Note>{t('console.agents.linked_none')}</Note>
        ) : (
          <Table size="small" isReadOnly>
            <Head>
              <HeaderRow>
                <HeaderCell>{t('console.agents.name')}</HeaderCell>
                <HeaderCell>{t('console.agents.email')}</HeaderCell>
                <HeaderCell>{t('console.agents.ids')}</HeaderCell>
              </HeaderRow>
            </Head>
            <Body>
              {agents.linked.map((agent) => (
                <Row key={agent.email} data-email={agent.email}>
                  <Cell>{agent.name ?? ''}</Cell>
                  <Cell>{agent.email}</Cell>
                  <Cell>{t('console.agents.ids_value', { zendesk: agent.zendeskUserId, aircall: agent.aircallUserId })}</Cell>
                </Row>
              ))}
            </Body>
          </Table>
        )}
        {agents.linkedTruncated && <Note>{t('admin.unmatched_truncated')}</Note>}
      </div>
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
    </Section>
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

export function Audit({ entries }: { entries: AuditEntryView[] }) {
  const t = useT();
  const locale = useLocale();
  const now = Date.now();
  return (
    <Section aria-labelledby="audit-title" data-testid="audit-entries">
      <Subtitle id="audit-title">{t('admin.audit')}</Subtitle>
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
    </Section>
  );
}
