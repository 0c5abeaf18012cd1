// What one onboarding step answers (shared design, "Onboarding steps"): the routes turn it into the console's view.
import type { OnboardingStepName } from '../../shared/console';

/** One run of one step. `detail` says what was done; `error` why it failed (for people, credential-free). */
export interface StepResult {
  step: OnboardingStepName;
  ok: boolean;
  detail?: string;
  error?: string;
}
