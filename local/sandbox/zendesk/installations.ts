// App installations (Apps API, zendesk-api.md §10): what an admin sets in Admin Center › Apps › the app › Settings.
import { SandboxInputError } from '../common';
import { secondIso } from './formats';
import { ZendeskModelError } from './model';

/** A setting value as Zendesk keeps it: text, number or checkbox. */
export type SettingValue = string | number | boolean;

/** One installation. `secure_settings` are kept apart: the API never returns them (zaf.md §7), the control API does. */
export interface Installation {
  id: number;
  app_id: number;
  settings: Record<string, SettingValue>;
  secure_settings: Record<string, string>;
  enabled: boolean;
  created_at: number;
  updated_at: number;
}

/** What installing takes (`POST /_sandbox/installations`). */
export interface InstallationInput {
  app_id?: number;
  settings?: Record<string, SettingValue>;
  secure_settings?: Record<string, string>;
  enabled?: boolean;
}

/** What an admin changes (`PATCH /_sandbox/installations/{id}`): settings merge key by key; `null` clears one. */
export interface InstallationPatch {
  settings?: Record<string, SettingValue | null>;
  secure_settings?: Record<string, string | null>;
  enabled?: boolean;
}

/** The app id an installation gets when none is given. */
export const SANDBOX_APP_ID = 1_042_001;
const FIRST_INSTALLATION_ID = 360_012_000_001;

/** The installations of one sandboxed account. */
export class InstallationRegistry {
  private readonly items = new Map<number, Installation>();
  private nextId = FIRST_INSTALLATION_ID;

  constructor(private readonly now: () => number) {}

  list(): Installation[] {
    return [...this.items.values()].sort((a, b) => a.id - b.id).map(copy);
  }

  get(id: number): Installation | undefined {
    const item = this.items.get(id);
    return item && copy(item);
  }

  /** Installs an app (validated like the control API's body); returns the new installation. */
  create(input: unknown): Installation {
    const body = object(input, 'the body');
    const appId = body.app_id === undefined ? SANDBOX_APP_ID : body.app_id;
    if (typeof appId !== 'number' || !Number.isSafeInteger(appId) || appId <= 0) throw new SandboxInputError('app_id must be a positive integer');
    const now = this.now();
    const item: Installation = {
      id: this.nextId++,
      app_id: appId,
      settings: merge({}, settingsOf(body.settings, 'settings')),
      secure_settings: merge({}, secureOf(body.secure_settings)),
      enabled: enabledOf(body.enabled) ?? true,
      created_at: now,
      updated_at: now,
    };
    this.items.set(item.id, item);
    return copy(item);
  }

  /** Changes an installation as an admin would in Admin Center; `not_found` when there is none. */
  update(id: number, input: unknown): Installation {
    const item = this.items.get(id);
    if (!item) throw new ZendeskModelError('not_found', `no installation ${id}`);
    const body = object(input, 'the body');
    const settings = settingsOf(body.settings, 'settings');
    const secure = secureOf(body.secure_settings);
    const enabled = enabledOf(body.enabled);
    item.settings = merge(item.settings, settings);
    item.secure_settings = merge(item.secure_settings, secure);
    if (enabled !== undefined) item.enabled = enabled;
    item.updated_at = this.now();
    return copy(item);
  }

  /** Uninstalls; `false` when there was no such installation. */
  delete(id: number): boolean {
    return this.items.delete(id);
  }

  clear(): void {
    this.items.clear();
    this.nextId = FIRST_INSTALLATION_ID;
  }
}

/**
 * An installation as the Apps API shows it: no secure settings. The non-secure settings also appear as
 * `settings_objects` (`[{name, value}]`) and carry the installation's `name` and `title`, as Admin Center keeps them.
 */
export function installationView(item: Installation): Record<string, unknown> {
  const settings = { name: 'Agent Status Sync', title: 'Agent Status Sync', ...item.settings };
  return {
    id: item.id,
    app_id: item.app_id,
    product: 'support',
    settings,
    settings_objects: Object.entries(settings).map(([name, value]) => ({ name, value })),
    enabled: item.enabled,
    role_restrictions: null,
    group_restrictions: null,
    created_at: secondIso(item.created_at),
    updated_at: secondIso(item.updated_at),
  };
}

/** The control API's view: everything, secure settings included (never served by the Apps API). */
export function installationControlView(item: Installation): Record<string, unknown> {
  return { ...installationView(item), secure_settings: { ...item.secure_settings } };
}

function copy(item: Installation): Installation {
  return { ...item, settings: { ...item.settings }, secure_settings: { ...item.secure_settings } };
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SandboxInputError(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function settingsOf(value: unknown, what: string): Record<string, SettingValue | null> {
  if (value === undefined) return {};
  const settings = object(value, what);
  for (const [key, v] of Object.entries(settings)) {
    if (v !== null && typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) {
      throw new SandboxInputError(`${what}.${key} must be a string, a number, a boolean or null`);
    }
  }
  return settings as Record<string, SettingValue | null>;
}

function secureOf(value: unknown): Record<string, string | null> {
  if (value === undefined) return {};
  const secure = object(value, 'secure_settings');
  for (const [key, v] of Object.entries(secure)) {
    if (v !== null && typeof v !== 'string') throw new SandboxInputError(`secure_settings.${key} must be a string or null`);
  }
  return secure as Record<string, string | null>;
}

function enabledOf(value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new SandboxInputError('enabled must be true or false');
}

function merge<T>(into: Record<string, T>, patch: Record<string, T | null>): Record<string, T> {
  const out = { ...into };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}
