// Where the local host finds the app's installation settings: the Zendesk sandbox's installation, else a fallback.
// This is the one place that knows; switching the source is a change here only.
import { pickInstallation } from '../../shared/sync/direction';

/** An installation as Zendesk keeps it: both kinds of settings. May hold secrets: never log it. */
export interface Installation {
  id: number;
  appId: number;
  /** Non-secure settings: what `metadata().settings` shows the app. */
  settings: Record<string, string | number | boolean>;
  /** Secure settings: never sent to the page (the app has none since issue 13; kept for other installations). */
  secureSettings: Record<string, string>;
  /** Secure parameters' manifest `scopes`, by name (zaf.md §2.3). */
  scopes: Record<string, string[]>;
  /** Where it came from, for the page: never a value. */
  source: 'zendesk_sandbox' | 'demo_account';
}

export interface InstallationSource {
  /** The installation in force now (read on every call, so an admin's change applies at the next request). */
  current(): Promise<Installation>;
}

/**
 * Reads our installation (the core's `pickInstallation`) from the Zendesk sandbox's control API (`GET /_sandbox/installations`,
 * which includes secure settings). When the sandbox has none (or predates installations), `fallback` applies:
 * the page shows those settings, but no location loads (a signed POST needs an installation in the sandbox).
 */
export function installationSource(options: {
  zendeskUrl: string;
  fallback?: Omit<Installation, 'source' | 'scopes'>;
  scopes?: Record<string, string[]>;
}): InstallationSource {
  const scopes = options.scopes ?? {};
  return {
    async current() {
      const response = await fetch(`${options.zendeskUrl}/_sandbox/installations`);
      if (response.ok) {
        const body = (await response.json()) as { installations?: SandboxInstallation[] };
        // The core's rule, so the host uses the installation the backend takes its direction from.
        const all = body.installations ?? [];
        const choice = pickInstallation(all.map((i) => ({ id: String(i.id), appId: String(i.app_id), enabled: i.enabled !== false, settings: i.settings })));
        const found = choice.found ? all.find((i) => String(i.id) === choice.installation.id) : undefined;
        if (found) {
          return {
            id: found.id,
            appId: found.app_id,
            settings: { ...found.settings },
            secureSettings: { ...(found.secure_settings ?? {}) },
            scopes,
            source: 'zendesk_sandbox',
          };
        }
      } else if (response.status !== 404) {
        throw new Error(`the Zendesk sandbox answered ${response.status} to GET /_sandbox/installations`);
      }
      if (!options.fallback) throw new Error('the app is not installed in the Zendesk sandbox (no enabled installation)');
      return {
        ...options.fallback,
        settings: { ...options.fallback.settings },
        secureSettings: { ...options.fallback.secureSettings },
        scopes,
        source: 'demo_account',
      };
    },
  };
}

/** The control API's view of an installation (local/sandbox/zendesk/installations.ts). */
interface SandboxInstallation {
  id: number;
  app_id: number;
  enabled?: boolean;
  settings: Record<string, string | number | boolean>;
  secure_settings?: Record<string, string>;
}
