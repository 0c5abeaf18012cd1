// CDK app entry (cdk.json runs it with tsx): one SyncStack, account and region from the CLI's environment.
// Offline check, no AWS credentials needed: `npm run synth` (= `cdk synth -q` with the pinned aws-cdk@2.1148.1; set
// CDK_DISABLE_VERSION_CHECK=1 to skip the CLI's version lookup). It bundles the five handlers with the local esbuild
// and runs CDK's CloudFormation Validate plugin, so it takes ~15-25 s: not part of jest.
import { App } from 'aws-cdk-lib';
import { LOG_LEVELS } from '../../lambdas/config';
import { SyncStack, type SyncStackProps } from '../lib/sync-stack';

const app = new App();
// Optional settings come from context: `npx cdk synth -c aircallApiUrl=https://… -c logLevel=DEBUG`.
const aircallApiUrl: unknown = app.node.tryGetContext('aircallApiUrl');
const logLevel: unknown = app.node.tryGetContext('logLevel');
if (aircallApiUrl !== undefined && (typeof aircallApiUrl !== 'string' || !/^https:\/\//.test(aircallApiUrl))) {
  throw new Error(`Context aircallApiUrl must be an https:// URL, got ${JSON.stringify(aircallApiUrl)}`);
}
if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel as (typeof LOG_LEVELS)[number])) {
  throw new Error(`Context logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
}

new SyncStack(app, 'AgentStatusSync', {
  description: 'Agent Status Sync for Aircall and Zendesk',
  // Environment-agnostic unless the CLI knows the target: synth then needs no credentials and no lookups.
  env:
    process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
      ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
      : undefined,
  aircallApiUrl: aircallApiUrl as string | undefined,
  logLevel: logLevel as SyncStackProps['logLevel'],
});
