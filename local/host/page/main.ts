// The local host page: the top bar (agent switcher, status switches, the app's icon and pane), the sandboxes'
// read-out and the app's frames, wired to the ZAF host protocol in zaf-host.ts. Each location loads as Zendesk loads
// a remote location of a `signedUrls` app: a form POST of the signed token into the iframe (zaf.md §6.5).
import type { Person } from '../sandboxes';
import { ZafHost, type HostedInstance, type ProxyAnswer } from './zaf-host';

/** What `GET /_host/state` answers (local/host/server.ts). */
interface HostState {
  subdomain: string;
  app: {
    name: string;
    version: string;
    locations: Record<string, { url: string; size?: { width?: string; height?: string } }>;
    icon?: string;
    /** The nav-bar icon (the admin console's location), when the package has one. */
    navIcon?: string;
  };
  installation: { id: number; appId: number; settings: Record<string, unknown>; source: 'zendesk_sandbox' | 'demo_account' };
  statuses: { zendesk: string[]; aircall: string[] };
  people: Person[];
}

/** One load of the app's top-bar frame: when its navigation started and when it first rendered a status. */
interface AppLoad {
  personId: number;
  guid: string;
  startedAt: number;
  /** The frame's load event: app.js fetched and run. */
  loadedAt?: number;
  /** The SDK's handshake, the first backend request, its answer (performance.now() of this page). */
  handshakeAt?: number;
  requestAt?: number;
  responseAt?: number;
  renderedAt?: number;
}

/** The marker the app sets on <body> once its first status has rendered (app/src/StatusPane.tsx). */
const statusRendered = (doc: Document | null | undefined): boolean => doc?.body?.dataset.statusRendered === '1';
const POLL_MS = 1000;
const AIRCALL_LABELS: Record<string, string> = { available: 'Available', unavailable: 'Unavailable', custom: 'Auto (custom)' };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const label = (name: string) => (AIRCALL_LABELS[name] ?? name.replace(/_/g, ' ')).replace(/^./, (c) => c.toUpperCase());

let state: HostState;
let people: Person[] = [];
let selected: Person | undefined;
let iconSymbol = 'default';
const loads: AppLoad[] = [];

function activity(line: string): void {
  const list = $('activity');
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${line}`;
  list.prepend(item);
  while (list.children.length > 40) list.lastElementChild?.remove();
}

function problem(message: string | undefined): void {
  const p = $('problem');
  p.hidden = message === undefined;
  p.textContent = message ?? '';
}

function notify(message: string, kind = 'notice', durationMs = 5000): void {
  const note = document.createElement('div');
  note.className = 'notification';
  note.dataset.kind = kind;
  note.textContent = message;
  $('notifications').append(note);
  setTimeout(() => note.remove(), durationMs);
}

/** The app calls its backend itself (fetch with its session, issue 13): there is no request proxy to emulate any more. */
async function noProxy(): Promise<ProxyAnswer> {
  return { kind: 'refused', status: 501, message: 'the local host has no request proxy: the app calls its backend with fetch and its session' };
}

// ---- the top bar's icon and pane -------------------------------------------------------------------------------

const pane = $('app-pane');
const iconButton = $<HTMLButtonElement>('app-icon');
let iconHasSymbols = false;
let iconViewBox = '0 0 18 18';
let plainIcon: SVGElement | undefined;

async function loadIcon(): Promise<void> {
  iconButton.title = state.app.name;
  iconButton.setAttribute('aria-label', `${state.app.name} (toggle the app pane)`);
  if (!state.app.icon) return;
  const text = await (await fetch(state.app.icon)).text();
  const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  // zaf.md §1: an icon with <symbol>s switches between them (`client.set('iconSymbol', id)`); one is "default".
  iconHasSymbols = svg.querySelector('symbol') !== null;
  iconViewBox = svg.getAttribute('viewBox') ?? iconViewBox;
  if (!iconHasSymbols && svg instanceof SVGElement) {
    // Inline, so `currentColor` takes the bar's text colour. ZAS strips scripts from app SVGs; so do we.
    for (const node of Array.from(svg.querySelectorAll('script, foreignObject'))) node.remove();
    for (const node of [svg, ...Array.from(svg.querySelectorAll('*'))]) {
      for (const attr of Array.from(node.attributes)) if (/^on/i.test(attr.name)) node.removeAttribute(attr.name);
    }
    svg.setAttribute('aria-hidden', 'true');
    plainIcon = document.importNode(svg, true) as SVGElement;
  }
  renderIcon();
}

function renderIcon(): void {
  iconButton.dataset.symbol = iconSymbol;
  if (!state.app.icon) {
    iconButton.textContent = state.app.name.slice(0, 1);
    return;
  }
  if (iconHasSymbols) {
    iconButton.innerHTML = `<svg viewBox="${iconViewBox}" aria-hidden="true" fill="currentColor"><use href="${state.app.icon}#${encodeURIComponent(iconSymbol)}"></use></svg>`;
  } else if (plainIcon) {
    iconButton.replaceChildren(plainIcon);
  }
}

function setPaneOpen(open: boolean): void {
  if (!pane.hidden === open) return;
  pane.hidden = !open;
  iconButton.setAttribute('aria-expanded', String(open));
  const topBar = host.find('top_bar');
  if (topBar) host.emit(topBar, open ? 'pane.activated' : 'pane.deactivated');
}
iconButton.addEventListener('click', () => setPaneOpen(pane.hidden));

function resize(frame: HTMLIFrameElement | undefined, size: unknown): void {
  if (!frame || typeof size !== 'object' || size === null) return;
  const { width, height } = size as { width?: unknown; height?: unknown };
  const css = (v: unknown) =>
    typeof v === 'number' ? `${v}px` : typeof v === 'string' && /^\d+(\.\d+)?(px|%)?$/.test(v) ? (/\d$/.test(v) ? `${v}px` : v) : undefined;
  const w = css(width);
  const h = css(height);
  if (w) frame.style.width = w;
  if (h) frame.style.height = h;
}

// ---- the ZAF host --------------------------------------------------------------------------------------------

const frames = new Map<string, HTMLIFrameElement>();
const instances = new Map<string, HostedInstance>();

const host = new ZafHost({
  metadata: () => ({
    appId: state.installation.appId,
    name: state.app.name,
    version: state.app.version,
    installationId: state.installation.id,
    settings: state.installation.settings,
  }),
  account: () => ({ subdomain: state.subdomain }),
  currentUser: () => {
    const p = selected as Person;
    return { id: p.zendeskId, name: p.name, email: p.email, role: p.role, locale: p.locale };
  },
  request: noProxy,
  set(target, key, value) {
    if (key !== 'iconSymbol' || typeof value !== 'string') return false;
    // Only the top bar has an icon; the background instance reaches it through client.instance(guid).
    if (target.location !== 'top_bar') return false;
    iconSymbol = value;
    renderIcon();
    // A cross-origin frame's DOM is out of reach: the first icon the app sets after its data came is the render mark.
    const load = loads.find((l) => l.guid === target.guid);
    if (load && load.responseAt !== undefined && load.renderedAt === undefined) markRendered(load);
    activity(`${target.location}: iconSymbol = ${value}`);
    return true;
  },
  invoke(target, action, args) {
    switch (action) {
      case 'resize':
        resize(frames.get(target.guid), args[0]);
        return { result: null };
      case 'notify':
        notify(String(args[0] ?? ''), typeof args[1] === 'string' ? args[1] : 'notice', typeof args[2] === 'number' ? args[2] : 5000);
        activity(`${target.location}: notify "${String(args[0] ?? '')}"`);
        return { result: null };
      case 'popover': {
        const arg = args[0];
        if (arg === 'hide') setPaneOpen(false);
        else if (arg === 'toggle') setPaneOpen(pane.hidden);
        else if (typeof arg === 'object' && arg !== null) resize(frames.get(host.find('top_bar')?.guid ?? ''), arg);
        else setPaneOpen(true);
        return { result: null };
      }
      case 'preloadPane':
      case 'track':
        return { result: null };
      default:
        return undefined;
    }
  },
  log: (from, line) => activity(`${from.location}: ${line}`),
  milestone(from, name) {
    const load = loads.find((l) => l.guid === from.guid);
    if (load && load[`${name}At`] === undefined) load[`${name}At`] = performance.now();
  },
});

/** The origin each frame's document comes from (the backend's, for a signed location): the only one it may post from. */
const frameOrigins = new Map<string, string>();

window.addEventListener('message', (event) => {
  for (const [guid, frame] of frames) {
    if (event.source !== frame.contentWindow) continue;
    if (event.origin !== frameOrigins.get(guid)) return;
    const instance = instances.get(guid);
    if (instance) host.receive(instance, event.data);
    return;
  }
});

/** The location URL with the ZAF query the SDK reads (zaf.md §8): this page's origin and the instance's guid. */
function appUrl(url: string, guid: string): URL {
  const base = /^https?:\/\//.test(url) ? new URL(url) : new URL(`/app/${url}`, location.origin);
  base.searchParams.set('origin', location.origin);
  base.searchParams.set('app_guid', guid);
  return base;
}

/**
 * Loads a remote location as Zendesk does with `signedUrls`: the token for the signed-in person (minted by the
 * Zendesk sandbox through the host's server), then a form POST of `token` to the location URL, into the frame.
 */
async function signedLoad(frame: HTMLIFrameElement, locationName: string, url: URL): Promise<void> {
  const response = await fetch('/_host/signed-url', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ person: selected?.zendeskId, location: locationName, url: url.toString() }),
  });
  const answer = (await response.json()) as { token?: string; error?: { message: string } };
  if (!answer.token) throw new Error(answer.error?.message ?? `the host answered ${response.status}`);
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = url.toString();
  form.target = frame.name;
  form.hidden = true;
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = 'token';
  field.value = answer.token;
  form.append(field);
  document.body.append(form);
  frame.dataset.navigated = '1';
  form.submit();
  form.remove();
  activity(`${locationName}: signed POST to ${url.origin}${url.pathname}`);
}

function startInstance(locationName: string, parent: HTMLElement, size?: { width?: string; height?: string }): void {
  const spec = state.app.locations[locationName];
  if (!spec) return;
  const guid = crypto.randomUUID();
  const frame = document.createElement('iframe');
  frame.name = `app-${guid}`;
  frame.title = `${state.app.name} (${locationName === 'top_bar' ? 'app pane' : locationName === 'nav_bar' ? 'nav bar' : 'background'})`;
  frame.dataset.testid = locationName === 'top_bar' ? 'app-frame' : `app-frame-${locationName}`;
  if (size) resize(frame, size);
  const url = appUrl(spec.url, guid);
  frameOrigins.set(guid, url.origin);
  const instance: HostedInstance = {
    guid,
    location: locationName,
    // To the frame's own origin: the browser drops a message whose target origin is not the document's.
    post: (message) => frame.contentWindow?.postMessage(JSON.stringify(message), url.origin),
  };
  frames.set(guid, frame);
  instances.set(guid, instance);
  host.add(instance);
  parent.append(frame);
  if (locationName === 'top_bar') watchFirstRender(frame, guid);
  if (url.origin === location.origin) {
    frame.dataset.navigated = '1';
    frame.src = url.toString(); // a package asset (no signedUrls for those, zaf.md §6.5)
    return;
  }
  signedLoad(frame, locationName, url).catch((error: Error) => {
    problem(`The ${locationName} location could not be loaded: ${error.message}`);
    activity(`${locationName}: not loaded (${error.message})`);
  });
}

function markRendered(load: AppLoad): void {
  if (load.renderedAt !== undefined) return;
  load.renderedAt = performance.now();
  activity(`top_bar: first status shown ${Math.round(load.renderedAt - load.startedAt)} ms after the frame started loading`);
}

/** Records when the top-bar frame first shows a status, measured from its navigation (for `npm run bench -- app`). */
function watchFirstRender(frame: HTMLIFrameElement, guid: string): void {
  const load: AppLoad = { personId: selected?.zendeskId ?? 0, guid, startedAt: performance.now() };
  loads.push(load);
  frame.addEventListener('load', () => {
    if (frame.dataset.navigated !== '1') return; // the empty frame's load, before the signed POST
    load.loadedAt ??= performance.now();
    let doc: Document | null = null;
    try {
      doc = frame.contentDocument; // null (or a throw) for the backend's origin: the icon marks the render then
    } catch {
      doc = null;
    }
    const done = () => markRendered(load);
    if (!doc) return;
    if (statusRendered(doc)) return done();
    const observer = new MutationObserver(() => {
      if (!statusRendered(doc)) return;
      observer.disconnect();
      done();
    });
    observer.observe(doc.documentElement, { attributes: true, subtree: true, attributeFilter: ['data-status-rendered'] });
  });
}

// ---- the nav bar: the app's full-page location (the admin console), opened with its icon ------------------------

const consoleView = $('console-view');
const navButton = $<HTMLButtonElement>('nav-icon');

/** Shows or hides the nav-bar app's page; its instance starts the first time it is shown, as Zendesk loads it. */
function setConsoleOpen(open: boolean): void {
  consoleView.hidden = !open;
  navButton.setAttribute('aria-pressed', String(open));
  // As in Zendesk, opening a nav-bar app closes the top bar's popover.
  if (open) setPaneOpen(false);
  if (open && !host.find('nav_bar')) startInstance('nav_bar', consoleView);
}

/** The nav bar and the nav-bar app's page start under the top bar, however many rows its controls take. */
function fitUnderTopBar(): void {
  const bar = document.querySelector<HTMLElement>('.topbar');
  if (bar) document.documentElement.style.setProperty('--topbar-height', `${bar.offsetHeight}px`);
}

async function loadNavIcon(): Promise<void> {
  if (!state.app.locations.nav_bar) return;
  fitUnderTopBar();
  window.addEventListener('resize', fitUnderTopBar);
  navButton.hidden = false;
  navButton.title = state.app.name;
  navButton.setAttribute('aria-label', `${state.app.name} (open the app from the navigation bar)`);
  if (!state.app.navIcon) {
    navButton.textContent = state.app.name.slice(0, 1);
  } else {
    // Inline, so `currentColor` takes the bar's text colour; scripts and handlers stripped as ZAS does.
    const svg = new DOMParser().parseFromString(await (await fetch(state.app.navIcon)).text(), 'image/svg+xml').documentElement;
    for (const node of Array.from(svg.querySelectorAll('script, foreignObject'))) node.remove();
    for (const node of [svg, ...Array.from(svg.querySelectorAll('*'))]) {
      for (const attr of Array.from(node.attributes)) if (/^on/i.test(attr.name)) node.removeAttribute(attr.name);
    }
    svg.setAttribute('aria-hidden', 'true');
    navButton.replaceChildren(document.importNode(svg, true));
  }
  navButton.addEventListener('click', () => setConsoleOpen(consoleView.hidden));
}

function stopInstances(): void {
  for (const [guid, frame] of frames) {
    const instance = instances.get(guid);
    if (instance) {
      host.emit(instance, 'app.willDestroy');
      host.remove(guid);
    }
    frame.remove();
  }
  frames.clear();
  frameOrigins.clear();
  instances.clear();
}

/** Signs in as `personId`: the app's frames are reloaded as that user, as Zendesk would after a new login. */
function openAs(personId: number): void {
  const person = people.find((p) => p.zendeskId === personId);
  if (!person) throw new Error(`no agent or admin with id ${personId}`);
  selected = person;
  ($('agent') as HTMLSelectElement).value = String(personId);
  const url = new URL(location.href);
  url.searchParams.set('user', String(personId));
  history.replaceState(null, '', url);
  stopInstances();
  iconSymbol = 'default';
  renderIcon();
  if (pane.hidden) setPaneOpen(true);
  startInstance('top_bar', pane, state.app.locations.top_bar?.size);
  if (state.app.locations.background) startInstance('background', $('background-slot'));
  if (!consoleView.hidden) startInstance('nav_bar', consoleView);
  activity(`signed in as ${person.name} (${person.role})`);
  renderPerson();
}

// ---- switcher, status switches, read-out -----------------------------------------------------------------------

function renderSwitcher(): void {
  const select = $<HTMLSelectElement>('agent');
  select.replaceChildren(
    ...people.map((p) => {
      const option = document.createElement('option');
      option.value = String(p.zendeskId);
      option.textContent = `${p.name} (${p.role}${p.aircall ? '' : ', no Aircall user'}) · ${p.email}`;
      return option;
    }),
  );
  select.disabled = false;
  select.addEventListener('change', () => openAs(Number(select.value)));
}

function statusButtons(side: 'aircall' | 'zendesk', names: string[]): void {
  const container = $(`${side}-buttons`);
  container.replaceChildren(
    ...names.map((name) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label(name);
      button.dataset.testid = `${side}-set-${name}`;
      button.dataset.status = name;
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', () => void setStatus(side, name));
      return button;
    }),
  );
}

async function setStatus(side: 'aircall' | 'zendesk', name: string): Promise<void> {
  if (!selected) return;
  const body = side === 'aircall' ? { availability_status: name } : { status: name };
  const response = await fetch(`/_host/people/${selected.zendeskId}/${side}-status`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { person?: Person; error?: { message: string } };
  if (!answer.person) {
    problem(`Could not set the ${side === 'aircall' ? 'Aircall' : 'Zendesk'} status: ${answer.error?.message ?? response.status}`);
    return;
  }
  problem(undefined);
  activity(`${selected.name} set ${side === 'aircall' ? 'Aircall' : 'Zendesk'} to ${label(name)}`);
  updatePerson(answer.person);
}

/** Starts or ends an Aircall call for the signed-in person, as a caller and the agent would (the Aircall sandbox). */
async function call(action: 'start' | 'end'): Promise<void> {
  if (!selected) return;
  const response = await fetch(`/_host/people/${selected.zendeskId}/call/${action}`, { method: 'POST' });
  const answer = (await response.json()) as { person?: Person; error?: { message: string } };
  if (!answer.person) {
    problem(`Could not ${action} the call: ${answer.error?.message ?? response.status}`);
    return;
  }
  problem(undefined);
  activity(`${selected.name}: Aircall call ${action === 'start' ? 'answered' : 'ended'}`);
  updatePerson(answer.person);
}

function updatePerson(person: Person): void {
  people = people.map((p) => (p.zendeskId === person.zendeskId ? person : p));
  if (selected?.zendeskId === person.zendeskId) selected = person;
  renderPerson();
}

function renderPerson(): void {
  const p = selected;
  if (!p) return;
  // The substatus is an unavailable reason only when unavailable (available agents carry `always_opened`).
  const reason = p.aircall?.availabilityStatus === 'unavailable' && p.aircall.substatus ? ` (${p.aircall.substatus.replace(/_/g, ' ')})` : '';
  const aircall = p.aircall ? label(p.aircall.availabilityStatus) + reason : `no Aircall user with ${p.email}`;
  const zendesk = p.zendeskStatus ? label(p.zendeskStatus) : 'no unified status';
  const readA = $('readout-aircall');
  const readZ = $('readout-zendesk');
  readA.textContent = aircall;
  readA.dataset.status = p.aircall?.availabilityStatus ?? 'none';
  readZ.textContent = zendesk;
  readZ.dataset.status = p.zendeskStatus ?? 'none';
  // Live availability: a call can start when Aircall would ring the agent, and end while one is on.
  const live = p.aircall?.availability;
  if (live === 'in_call') readA.textContent += ' · on a call';
  readA.dataset.availability = live ?? 'none';
  ($('call-start') as HTMLButtonElement).disabled = live !== 'available';
  ($('call-end') as HTMLButtonElement).disabled = live !== 'in_call';
  for (const button of Array.from($('aircall-buttons').querySelectorAll('button'))) {
    button.disabled = !p.aircall;
    button.setAttribute('aria-pressed', String(button.dataset.status === p.aircall?.availabilityStatus));
  }
  for (const button of Array.from($('zendesk-buttons').querySelectorAll('button'))) {
    button.disabled = !p.zendeskStatus;
    button.setAttribute('aria-pressed', String(button.dataset.status === p.zendeskStatus));
  }
}

async function poll(): Promise<void> {
  try {
    const response = await fetch('/_host/people');
    if (response.ok) {
      people = ((await response.json()) as { people: Person[] }).people;
      const again = people.find((p) => p.zendeskId === selected?.zendeskId);
      if (again) selected = again;
      renderPerson();
    }
  } catch {
    // The stack is stopping or restarting: the next poll says.
  }
  setTimeout(() => void poll(), POLL_MS);
}

async function start(): Promise<void> {
  const response = await fetch('/_host/state');
  if (!response.ok) throw new Error(((await response.json()) as { error?: { message: string } }).error?.message ?? `state: ${response.status}`);
  state = (await response.json()) as HostState;
  people = state.people;
  $('subdomain').textContent = `${state.subdomain}.zendesk.com`;
  const size = state.app.locations.top_bar?.size?.width;
  if (size) document.documentElement.style.setProperty('--pane-width', size);
  const from =
    state.installation.source === 'zendesk_sandbox'
      ? 'the app installation in the Zendesk sandbox'
      : 'the demo account (no installation in the Zendesk sandbox)';
  $('installation').textContent =
    `${state.app.name} ${state.app.version}, installation ${state.installation.id}: settings from ${from}; sync direction ${String(state.installation.settings.syncDirection ?? 'unset')}; keepInStep ${String(state.installation.settings.keepInStep ?? 'unset')}.`;
  statusButtons('aircall', state.statuses.aircall);
  statusButtons('zendesk', state.statuses.zendesk);
  $('call-start').addEventListener('click', () => void call('start'));
  $('call-end').addEventListener('click', () => void call('end'));
  renderSwitcher();
  await loadIcon();
  await loadNavIcon();
  const wanted = Number(new URL(location.href).searchParams.get('user'));
  const first = people.find((p) => p.zendeskId === wanted) ?? people.find((p) => p.role === 'agent' && p.aircall) ?? people[0];
  if (!first) throw new Error('the Zendesk sandbox has no agent or admin');
  openAs(first.zendeskId);
  setTimeout(() => void poll(), POLL_MS);
}

const ready = start().catch((error: Error) => problem(`The local host could not start: ${error.message}`));

/** For the browser test and the bench: sign in as someone, and the app loads measured so far. */
(window as unknown as { localHost: unknown }).localHost = { ready, openAs, loads, setConsoleOpen };
