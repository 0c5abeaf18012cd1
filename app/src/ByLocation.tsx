// One bundle, two locations (manifest.json): the top-bar pane, or the background instance that keeps the icon current.
import { BackgroundIconKeeper } from './Background';
import { StatusPane } from './StatusPane';
import { SessionProvider } from './zaf/session';
import { useZaf } from './zaf/ZafProvider';

/** Picks the component by `context.location` (zaf.md §9); any location other than `background` shows the pane. */
export function ByLocation() {
  const { context } = useZaf();
  return <SessionProvider>{context.location === 'background' ? <BackgroundIconKeeper /> : <StatusPane />}</SessionProvider>;
}
