// The whole app for a ZAF session: Garden's theme, then the registered client or the outside-Zendesk message.
import { DEFAULT_THEME, ThemeProvider } from '@zendeskgarden/react-theming';
import { t } from './i18n';
import { TopBarPane } from './TopBarPane';
import { Callout, Page } from './ui';
import type { ZafSession } from './zaf/start';
import { ZafProvider } from './zaf/ZafProvider';

/**
 * Renders the app for `session`. Only `top_bar` is declared in manifest.json, so every location shows the pane;
 * choosing a component by `context.location` comes with a second location (e.g. `background`).
 */
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
          <TopBarPane />
        </ZafProvider>
      )}
    </ThemeProvider>
  );
}
