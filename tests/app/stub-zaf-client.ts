// A typed stub of the ZAF client for UI tests: the host's side of registration and events, in memory.
import type { ZafClient, ZafContext, ZafMetadata, ZafRegistration, ZafSettings } from 'zendesk_app_framework_sdk';

type Handler = (data: never) => void;

/** A client that registers when the test says so, with the settings the test gives. */
export class StubZafClient implements ZafClient {
  private readonly handlers = new Map<string, Handler[]>();
  private registration: ZafRegistration | null = null;
  readonly registrationData: ZafRegistration;

  constructor(settings: ZafSettings, context: Partial<ZafContext> = {}) {
    this.registrationData = {
      metadata: { appId: 0, name: 'Agent Status Sync', version: '0.1.0', installationId: 1, settings },
      context: { product: 'support', location: 'top_bar', instanceGuid: 'test-guid', account: { subdomain: 'example' }, ...context },
    };
  }

  on(name: string, handler: Handler): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }

  off(name: string, handler: Handler): boolean {
    const list = this.handlers.get(name) ?? [];
    this.handlers.set(name, list.filter((h) => h !== handler));
    return list.includes(handler);
  }

  /** Like the SDK: resolves with the registration's metadata, once registered. */
  metadata(): Promise<ZafMetadata> {
    return this.whenRegistered().then((r) => r.metadata);
  }

  context(): Promise<ZafContext> {
    return this.whenRegistered().then((r) => r.context);
  }

  /** How many handlers listen to `name`. */
  listeners(name: string): number {
    return this.handlers.get(name)?.length ?? 0;
  }

  /** The host's `zaf.app.registered` message. */
  register(): void {
    this.registration = this.registrationData;
    this.emit('app.registered', this.registrationData);
  }

  /** A host event, such as `pane.activated`. */
  emit(name: string, data: unknown): void {
    for (const handler of this.handlers.get(name) ?? []) (handler as (d: unknown) => void)(data);
  }

  private whenRegistered(): Promise<ZafRegistration> {
    if (this.registration) return Promise.resolve(this.registration);
    return new Promise((resolve) => this.on('app.registered', resolve as Handler));
  }
}
