// The app's entry (bundled to assets/app.js): one ZAF client for the page, then React.
import { createRoot } from 'react-dom/client';
import ZAFClient from 'zendesk_app_framework_sdk';
import { Root } from './Root';
import { startZaf } from './zaf/start';

// Once per page, before React: the client must exist (and listen for `app.registered`) exactly once.
const session = startZaf(ZAFClient);
const container = document.getElementById('root');
if (container) createRoot(container).render(<Root session={session} />);
