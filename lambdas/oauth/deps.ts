// What the onboarding routes are given: the runtime's deps with the credential and session stores, the onboarding
// store, and the box that seals a pending Aircall token.
import type { CredentialStore } from '../credentials/port';
import type { SecretContext } from '../secrets/provider';
import type { SessionStore } from '../sessions/port';
import type { SyncDeps } from '../sync/deps';
import type { OnboardingStore } from './store';

export type OnboardingDeps = SyncDeps & { credentials: CredentialStore; sessions: SessionStore };

/** Seals and opens a secret for a context (lambdas/secrets `SecretBox`). */
export interface Sealer {
  seal(plaintext: string, context: SecretContext): Promise<string>;
  open(sealed: string, context: SecretContext): Promise<string>;
}

export interface Onboarding {
  deps: OnboardingDeps;
  store: OnboardingStore;
  sealer: Sealer;
}

/** The runtime's deps with both stores; a runtime without them is a wiring mistake (lambdas/runtime.ts). */
export function onboardingDeps(deps: SyncDeps): OnboardingDeps {
  const extra = deps as SyncDeps & { credentials?: CredentialStore };
  if (!extra.credentials) throw new Error('This runtime has no credential store (lambdas/runtime.ts)');
  if (!extra.sessions) throw new Error('This runtime has no session store (lambdas/runtime.ts)');
  return extra as OnboardingDeps;
}

/** The encryption context of a pending Aircall token: no account exists yet, so the chain's own id names it. */
export const pendingAircallContext = (chainHash: string): SecretContext => ({
  accountId: `pending-${chainHash.slice(0, 32)}`,
  field: 'aircall.pendingAccessToken',
});
