// One bundle, three locations (manifest.json): the top-bar pane, the admin console (nav bar), or the background
// instance that keeps the icon current.
import { BackgroundIconKeeper } from './Background';
import { AdminConsole } from './console/AdminConsole';
import { StatusPane } from './StatusPane';
import { SessionProvider } from './zaf/session';
import { useZaf } from './zaf/ZafProvider';

/** Picks the component by `context.location` (zaf.md §9); any location other than these shows the pane. */
export function ByLocation() {
  const { context } = useZaf();
  const view = context.location === 'background' ? <BackgroundIconKeeper /> : context.location === 'nav_bar' ? <AdminConsole /> : <StatusPane />;
  return <SessionProvider>{view}</SessionProvider>;
}
