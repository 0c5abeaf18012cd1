// The onboarding steps the backend runs once both sides are connected: each with its result, a clear error and a
// Retry (POST /api/admin/setup).
import { Button } from '@zendeskgarden/react-buttons';
import { ONBOARDING_STEPS, type OnboardingStepStatus, type OnboardingStepView } from '../../../shared/console';
import { useLocale, useT } from '../i18n';
import { formatAgo, formatExact } from '../status/time';
import { Note, Subtitle } from '../ui';
import type { ConsoleApi } from './api';
import { Actions, ActionError, Section, ToneTag } from './bits';
import type { Action } from './useConsole';

const TONE: Record<OnboardingStepStatus, 'good' | 'bad' | 'plain'> = { done: 'good', failed: 'bad', pending: 'plain', blocked: 'plain' };

/** The steps in their documented order; a step the backend did not report shows as pending. */
export function orderedSteps(steps: OnboardingStepView[]): OnboardingStepView[] {
  return ONBOARDING_STEPS.map((step) => steps.find((s) => s.step === step) ?? { step, status: 'pending' });
}

export function Steps({ steps, api, action }: { steps: OnboardingStepView[]; api: ConsoleApi; action: Action }) {
  const t = useT();
  const locale = useLocale();
  const rows = orderedSteps(steps);
  const runnable = rows.some((s) => s.status === 'pending' || s.status === 'failed');
  const allDone = rows.every((s) => s.status === 'done');
  return (
    <Section aria-labelledby="steps-title" data-testid="onboarding-steps" data-all-done={String(allDone)}>
      <Subtitle id="steps-title">{t('console.steps.title')}</Subtitle>
      <Note>{allDone ? t('console.steps.all_done') : t('console.steps.intro')}</Note>
      <ol>
        {rows.map((s) => (
          <li key={s.step} data-testid={`step-${s.step}`} data-status={s.status}>
            <strong>{t(`console.steps.name.${s.step}`)}</strong>{' '}
            <ToneTag tone={TONE[s.status]} data-testid={`step-${s.step}-status`}>
              {t(`console.steps.status.${s.status}`)}
            </ToneTag>
            {s.at !== undefined && <span title={formatExact(s.at, locale)}> · {formatAgo(s.at, Date.now(), locale)}</span>}
            {s.detail && <Note data-testid={`step-${s.step}-detail`}>{s.detail}</Note>}
            {s.status === 'failed' && (
              <>
                <Note role="alert" data-testid={`step-${s.step}-error`}>
                  {t('console.steps.error', { error: s.error ?? t('console.steps.no_reason') })}
                </Note>
                <Button
                  size="small"
                  disabled={action.busy !== undefined}
                  onClick={() => void action.run('setup', () => api.setup([s.step]))}
                  data-testid={`step-${s.step}-retry`}
                >
                  {t('console.steps.retry')}
                </Button>
              </>
            )}
          </li>
        ))}
      </ol>
      {runnable && (
        <Actions>
          <Button isPrimary disabled={action.busy !== undefined} onClick={() => void action.run('setup', () => api.setup())} data-testid="setup-run">
            {action.busy === 'setup'
              ? t('console.steps.running')
              : rows.some((s) => s.status === 'failed')
                ? t('console.steps.retry_all')
                : t('console.steps.run')}
          </Button>
        </Actions>
      )}
      <ActionError action={action} name="setup" />
    </Section>
  );
}
