// The whole app for a ZAF session: Garden's theme, then the registered client or the outside-Zendesk message.
import { DEFAULT_THEME, ThemeProvider } from '@zendeskgarden/react-theming';
import { ByLocation } from './ByLocation';
import { t } from './i18n';
import { Callout, Page } from './ui';
import type { ZafSession } from './zaf/start';
import { ZafProvider } from './zaf/ZafProvider';

/** Renders the app for `session`: the component for this instance's location once registered. */
export function Root({ session }: { session: ZafSession }) {
  return (
    <ThemeProvider theme={DEFAULT_THEME}>
      {session.kind === 'outside_zendesk' ? (
        <Page>
          <Callout role="alert" data-testid="outside-zendesk">
            {t('pane.outside_zendesk')}
          </Callout>
        </Page>
      ) : (
        <ZafProvider client={session.client} registered={session.registered}>
          <ByLocation />
        </ZafProvider>
      )}
    </ThemeProvider>
  );
}
