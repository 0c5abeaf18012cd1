// The top-bar pane: the agent's statuses on both sides, the rule and direction in force, the last sync or why none.
import { useCallback, useLayoutEffect } from 'react';
import { APP_API_ROUTES, type DirectionInForce, type MeStatusResponse, type RuleView } from '../../shared/app-api';
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';
import { ONE_WAY_DIRECTIONS, type Side } from '../../shared/sync/types';
import { parseMeStatus } from './backend/parse';
import { callBackend, type BackendFailure } from './backend/request';
import { pageSession } from './backend/session';
import { useBackendPoll } from './backend/useBackendPoll';
import { translateLabel, useLocale, useT } from './i18n';
import { MappingTable } from './MappingTable';
import { mappingView } from './mapping-view';
import { useIconSymbol } from './status/icon';
import {
  callStatusLabel,
  failureLabel,
  keepInStepLabel,
  lastSyncLabel,
  noteLabel,
  onCallLabel,
  otherSideChangedLabel,
  pausedLabel,
  twoWayMasterLabel,
  zendeskModeLabel,
} from './status/messages';
import { capitalise, formatAgo, formatExact } from './status/time';
import { directionFromSetting, iconSymbolFor, otherSideChange, sideStatusLabel, statusKeyLabel, syncNote } from './status/view';
import { Callout, Details, Field, Note, Page, Title } from './ui';
import { useSession } from './zaf/session';
import { useZaf } from './zaf/ZafProvider';
import { usePaneVisible } from './zaf/visibility';

/** me/status every 5 s while the pane is open; up to a minute apart while the backend fails. */
export const ME_STATUS_POLL = { intervalMs: 5000, maxIntervalMs: 60_000 } as const;

/** The marker the app-render benchmark waits for: set on <body> once the first status has rendered. */
export const STATUS_RENDERED_MARKER = 'statusRendered';

/** The pane. Polls the agent's status while visible and keeps the top-bar icon in step. */
export function StatusPane() {
  const { client, metadata } = useZaf();
  const session = useSession();
  const t = useT();
  const visible = usePaneVisible(client, true);
  // The backend's session for this page (the boot object of the page it served for Zendesk's signed POST).
  const backend = pageSession();
  const fetchMe = useCallback(() => callBackend(backend, APP_API_ROUTES.meStatus, parseMeStatus), [backend]);
  const me = useBackendPoll(`${backend.publicUrl ?? ''}|${session.caller.userId}`, fetchMe, ME_STATUS_POLL, visible);
  const failure: BackendFailure | undefined = me.failure;
  useIconSymbol(client, iconSymbolFor(me.data, failure), 'self', me.dataAt ?? failure);

  const rendered = me.data !== undefined;
  // A layout effect: set as the first status reaches the DOM, not a frame later.
  useLayoutEffect(() => {
    if (rendered) document.body.dataset[STATUS_RENDERED_MARKER] = '1';
  }, [rendered]);

  const direction = me.data?.direction ?? directionFromSetting(metadata.settings.syncDirection, metadata.settings.keepInStep, metadata.settings.twoWayMaster);
  return (
    <Page data-testid="status-pane">
      <Title>{t('pane.title')}</Title>
      {failure && <FailureNotice failure={failure} dataAt={me.data ? me.dataAt : undefined} />}
      <Direction direction={direction} fromBackend={me.data !== undefined} isAdmin={session.isAdmin} />
      {me.data ? <AgentStatus status={me.data} /> : !failure && <Note data-testid="loading">{t('pane.loading')}</Note>}
      {!me.data && direction.problem && (
        <Callout role="alert" $danger data-testid="sync-note" data-reason="paused">
          {translateLabel(t, pausedLabel(direction.problem, session.isAdmin))}
        </Callout>
      )}
      {direction.direction !== 'off' && (
        <Details>
          <summary>{t('pane.all_rules')}</summary>
          {direction.direction === 'both' ? (
            ONE_WAY_DIRECTIONS.map((oneWay) => <MappingTable key={oneWay} view={mappingView(DEFAULT_MAPPING, oneWay, { twoWay: true })} />)
          ) : (
            <MappingTable view={mappingView(DEFAULT_MAPPING, direction.direction)} />
          )}
        </Details>
      )}
      {session.isAdmin && <Note data-testid="console-link">{t('pane.console_link')}</Note>}
    </Page>
  );
}

/** What went wrong with the backend; with data still shown, a notice that it is stale. */
function FailureNotice({ failure, dataAt }: { failure: BackendFailure; dataAt?: number }) {
  const t = useT();
  const locale = useLocale();
  if (failure.kind === 'unavailable' && dataAt !== undefined) {
    return (
      <Callout data-testid="stale-notice" title={formatExact(dataAt, locale)}>
        {t('backend.stale', { when: formatAgo(dataAt, Date.now(), locale) })}
      </Callout>
    );
  }
  return (
    <Callout role="alert" $danger data-testid="backend-problem" data-problem={failure.kind}>
      {translateLabel(t, failureLabel(failure))}
    </Callout>
  );
}

/** The direction in force and what the other side does with an agent's own change; admins also see where it comes from. */
function Direction({ direction, fromBackend, isAdmin }: { direction: DirectionInForce; fromBackend: boolean; isAdmin: boolean }) {
  const t = useT();
  const keepInStep = keepInStepLabel(direction);
  const master = twoWayMasterLabel(direction);
  return (
    <>
      <Field data-testid="sync-direction" data-direction={direction.direction} data-source={fromBackend ? direction.source : 'setting'}>
        {t('pane.direction', { direction: t(`direction.${direction.direction}`) })}
        {isAdmin && fromBackend && <Note data-testid="direction-source">{t(`direction_source.${direction.source}`)}</Note>}
        {isAdmin && fromBackend && direction.error && (
          <Note data-testid="direction-read-failed">{t('direction_source.read_failed', { error: direction.error })}</Note>
        )}
      </Field>
      {keepInStep && (
        <Note data-testid="keep-in-step" data-keep-in-step={String(direction.keepInStep === true)}>
          {translateLabel(t, keepInStep)}
        </Note>
      )}
      {master && (
        <Note data-testid="two-way-master" data-master={direction.twoWayMaster ?? 'aircall'}>
          {translateLabel(t, master)}
        </Note>
      )}
    </>
  );
}

const SIDES_SHOWN: Side[] = ['aircall', 'zendesk'];

/** Both statuses, the rule, the last sync and why nothing syncs. */
function AgentStatus({ status }: { status: MeStatusResponse }) {
  const t = useT();
  const locale = useLocale();
  const session = useSession();
  const note = syncNote(status);
  const changed = otherSideChange(status);
  // Call-aware status (issue 14 §1): the setting as it applies; the ongoing hold, when on a call.
  const callStatus = status.callStatus && !status.onCall ? callStatusLabel(status.callStatus, session.isAdmin) : undefined;
  // Without omnichannel routing (issue 14 §3): the Talk availability in use, or Zendesk not synced (setting off).
  const zendeskMode = zendeskModeLabel(status);
  const now = Date.now();
  return (
    <>
      <dl>
        {SIDES_SHOWN.map((side) => {
          const view = status[side];
          return (
            <Field as="div" key={side} data-testid={`${side}-status`} data-status={view?.key ?? 'unknown'}>
              <dt>{t(`side.${side}`)}</dt>
              <dd title={view ? formatExact(view.observedAt, locale) : undefined}>{translateLabel(t, sideStatusLabel(side, view))}</dd>
            </Field>
          );
        })}
      </dl>
      <Rule rule={status.rule} />
      {zendeskMode &&
        (status.zendeskStatusMode?.state === 'talk_off' ? (
          <Callout data-testid="zendesk-status-mode" data-state="talk_off">
            {translateLabel(t, zendeskMode)}
          </Callout>
        ) : (
          <Note data-testid="zendesk-status-mode" data-state={status.zendeskStatusMode?.state}>
            {translateLabel(t, zendeskMode)}
          </Note>
        ))}
      {note && (
        <Callout
          role={note.kind === 'paused' || note.kind === 'needs_reconnect' ? 'alert' : undefined}
          $danger={note.kind === 'paused' || note.kind === 'needs_reconnect'}
          data-testid="sync-note"
          data-reason={note.kind === 'unlinked' ? note.reason : note.kind}
        >
          {translateLabel(t, noteLabel(note, { isAdmin: session.isAdmin, email: status.agent.email ?? session.user.email }))}
        </Callout>
      )}
      {changed && (
        <Callout data-testid="other-side-changed" data-side={changed.side} title={formatExact(changed.at, locale)}>
          {translateLabel(t, otherSideChangedLabel(changed))}
        </Callout>
      )}
      {status.onCall && (
        <Callout data-testid="on-call" data-phase={status.onCall.phase} data-status={status.onCall.key} title={formatExact(status.onCall.since, locale)}>
          {translateLabel(t, onCallLabel(status.onCall))}
        </Callout>
      )}
      {callStatus && (
        <Note data-testid="call-status" data-state={status.callStatus?.state}>
          {translateLabel(t, callStatus)}
        </Note>
      )}
      <Field
        data-testid="last-sync"
        data-outcome={status.lastSync?.outcome ?? 'none'}
        title={status.lastSync ? formatExact(status.lastSync.at, locale) : undefined}
      >
        <strong>{t('last_sync.label')}: </strong>
        {status.lastSync ? capitalise(translateLabel(t, lastSyncLabel(status.lastSync, formatAgo(status.lastSync.at, now, locale)))) : t('last_sync.never')}
      </Field>
    </>
  );
}

function Rule({ rule }: { rule?: RuleView }) {
  const t = useT();
  if (!rule) {
    return (
      <Field data-testid="sync-rule" data-from="" data-to="">
        {t('pane.no_rule')}
      </Field>
    );
  }
  const label = (end: { side: Side; key: string }) =>
    translateLabel(t, { key: 'pane.status_on_side', vars: { side: { key: `side.${end.side}` }, status: statusKeyLabel(end.side, end.key) } });
  return (
    <Field data-testid="sync-rule" data-from={rule.from.key} data-to={rule.to?.key ?? ''}>
      {rule.to ? t('pane.rule', { from: label(rule.from), to: label(rule.to) }) : t('pane.rule_not_synced', { from: label(rule.from) })}
    </Field>
  );
}
