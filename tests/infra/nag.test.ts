// cdk-nag's AwsSolutions and Serverless packs over the synthesised SyncStack: every finding is either fixed or
// accepted beside its resource with a reason (infra/lib/sync-stack.ts `accept`). Errors and warnings alike fail here.
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { SyncStackProps } from '../../infra/lib/sync-stack';
import { testStack, type Json } from './template';

function checked<S extends Stack>(stack: S): S {
  Aspects.of(stack).add(new AwsSolutionsChecks());
  Aspects.of(stack).add(new ServerlessChecks());
  return stack;
}

/** Unsuppressed findings as `path rule`, errors and warnings apart. */
function findings(stack: Stack) {
  const annotations = Annotations.fromStack(stack);
  const line = (m: SynthesisMessage) => `${m.id} ${String(m.entry.data).split(':')[0]}`;
  return {
    errors: annotations.findError('*', Match.stringLikeRegexp('^(AwsSolutions|Serverless)-')).map(line),
    warnings: annotations.findWarning('*', Match.stringLikeRegexp('^(AwsSolutions|Serverless)-')).map(line),
  };
}

describe.each<[string, SyncStackProps]>([
  ['the default stack', {}],
  ['a stack mailing its alarms', { alarmEmail: 'ops@example.com' }],
  ['a stack without reserved concurrency', { reserveConcurrency: false }],
])('%s', (_name, props) => {
  it('has no AwsSolutions or Serverless finding left without a reason', () => {
    expect(findings(checked(testStack(props)))).toEqual({ errors: [], warnings: [] });
  });
});

describe('the accepted findings', () => {
  it('each carry a reason that says why, and none accepts one of the gaps this stack fixes', () => {
    const stack = checked(testStack({ alarmEmail: 'ops@example.com' }));
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Json>;
    const accepted = Object.values(resources).flatMap((r) => (r.Metadata?.cdk_nag?.rules_to_suppress ?? []) as Array<{ id: string; reason: string }>);
    expect(accepted.length).toBeGreaterThan(0);
    for (const { id, reason } of accepted) expect({ id, reason: reason.length >= 60 }).toEqual({ id, reason: true });
    const ids = new Set(accepted.map((a) => a.id));
    // Fixed, not accepted: access logging, TLS-only alarm topic, the AWS-managed log policy, wildcard grants.
    for (const fixed of ['AwsSolutions-APIG1', 'Serverless-APIGWAccessLogging', 'AwsSolutions-SNS3', 'AwsSolutions-IAM4', 'AwsSolutions-IAM5']) {
      expect(ids).not.toContain(fixed);
    }
  });

  it('the packs do run: an alarm topic without enforceSSL is reported (a silent checker would pass any stack)', () => {
    const stack = checked(new Stack(new App(), 'Probe'));
    new Topic(stack, 'Plain');
    expect(findings(stack).errors).toEqual(expect.arrayContaining([expect.stringMatching(/Plain\/Resource AwsSolutions-SNS3$/)]));
  });
});
