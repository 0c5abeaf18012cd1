// Small pieces every console section uses: the section frame, a connection state tag, an action's error.
import { getColor } from '@zendeskgarden/react-theming';
import styled from 'styled-components';
import type { ConnectionState } from '../../../shared/console';
import { useT, type Translate } from '../i18n';
import { Callout, Page } from '../ui';
import type { ConsoleCallError } from './api';
import type { Action } from './useConsole';

export const Section = styled.section`
  margin: ${(p) => p.theme.space.md} 0;
  border: ${(p) => p.theme.borders.sm};
  border-color: ${(p) => getColor({ theme: p.theme, variable: 'border.default' })};
  border-radius: ${(p) => p.theme.borderRadii.md};
  padding: ${(p) => p.theme.space.sm} ${(p) => p.theme.space.md} ${(p) => p.theme.space.md};
  & > h2 {
    margin-top: ${(p) => p.theme.space.xs};
  }
  /* A full page is wide: terms in a fixed column, not 40% of it. */
  & dl > div > dt {
    flex: 0 0 14em;
    min-width: 0;
  }
`;

/** The console's page: readable width on a full-page location. */
export const ConsolePage = styled(Page)`
  max-width: 64em;
`;

export const Actions = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${(p) => p.theme.space.sm};
  margin-top: ${(p) => p.theme.space.sm};
`;

const Tag = styled.span<{ $tone: 'good' | 'bad' | 'plain' }>`
  display: inline-block;
  border-radius: ${(p) => p.theme.borderRadii.md};
  padding: 0 ${(p) => p.theme.space.xs};
  font-size: ${(p) => p.theme.fontSizes.sm};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  background-color: ${(p) =>
    getColor({ theme: p.theme, variable: p.$tone === 'good' ? 'background.success' : p.$tone === 'bad' ? 'background.danger' : 'background.subtle' })};
  color: ${(p) =>
    getColor({ theme: p.theme, variable: p.$tone === 'good' ? 'foreground.success' : p.$tone === 'bad' ? 'foreground.danger' : 'foreground.default' })};
`;

/** "Connected" / "Needs reconnecting" / "Not connected". */
export function StateTag({ state, testid }: { state: ConnectionState; testid: string }) {
  const t = useT();
  const tone = state === 'connected' ? 'good' : state === 'needs_reconnect' ? 'bad' : 'plain';
  return (
    <Tag $tone={tone} data-testid={testid} data-state={state}>
      {t(`console.state.${state}`)}
    </Tag>
  );
}

/** A good or bad word in a tag (a step's status, a webhook's activity). */
export function ToneTag({ tone, children, ...rest }: { tone: 'good' | 'bad' | 'plain'; children: string } & Record<`data-${string}`, string>) {
  return (
    <Tag $tone={tone} {...rest}>
      {children}
    </Tag>
  );
}

/** What went wrong with an admin call, for people: the backend's own message when it sent one. */
export function failureText(t: Translate, failure: ConsoleCallError): string {
  if (failure.backendMessage) return t('console.error.backend', { message: failure.backendMessage });
  if (failure.status === 0) return t('console.error.network');
  if (failure.code === 'bad_response') return t('console.error.bad_response');
  return t('console.error.status', { status: failure.status });
}

/** The error of `name`'s last run, if it failed. */
export function ActionError({ action, name }: { action: Action; name: string }) {
  const t = useT();
  if (action.error?.name !== name) return null;
  return (
    <Callout role="alert" $danger data-testid={`error-${name}`}>
      {failureText(t, action.error.failure)}
    </Callout>
  );
}
