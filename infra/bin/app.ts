// CDK app entry (cdk.json runs it with tsx): one SyncStack, account and region from the CLI's environment.
// Offline check, no AWS credentials needed: `npm run synth` (= `cdk synth -q` with the pinned aws-cdk@2.1148.1; set
// CDK_DISABLE_VERSION_CHECK=1 to skip the CLI's version lookup). It bundles the six handlers with the local esbuild
// and runs CDK's CloudFormation Validate plugin, so it takes ~15-25 s: not part of jest.
// Optional context (all from `npm run deploy`'s flags too): region, alarmEmail, reserveConcurrency, aircallApiUrl, logLevel,
// publicUrl (a custom domain in front of the API: the hosted backend's).
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

// The table's customer-managed key needs a concrete region at synth time. The CLI sets CDK_DEFAULT_REGION from the AWS
// profile (no credentials needed); `-c region=…` overrides it; a clean machine with neither synthesises for
// us-east-1, which is fine for checking the template. `npm run deploy` always passes the region explicitly.
const regionContext: unknown = app.node.tryGetContext('region');
if (regionContext !== undefined && (typeof regionContext !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(regionContext))) {
  throw new Error(`Context region must be an AWS region such as eu-west-1, got ${JSON.stringify(regionContext)}`);
}
const region = (regionContext as string | undefined) ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1';

const alarmEmail: unknown = app.node.tryGetContext('alarmEmail');
if (alarmEmail !== undefined && (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))) {
  throw new Error(`Context alarmEmail must be an e-mail address, got ${JSON.stringify(alarmEmail)}`);
}
// Context values from the command line are strings: "false" turns the reservations off.
const reserveConcurrency: unknown = app.node.tryGetContext('reserveConcurrency');
if (reserveConcurrency !== undefined && !['true', 'false', true, false].includes(reserveConcurrency as string | boolean)) {
  throw new Error(`Context reserveConcurrency must be true or false, got ${JSON.stringify(reserveConcurrency)}`);
}

const publicUrl: unknown = app.node.tryGetContext('publicUrl');
if (publicUrl !== undefined && (typeof publicUrl !== 'string' || !/^https:\/\/[^/\s]+(\/[^\s]*[^/\s])?$/.test(publicUrl))) {
  throw new Error(`Context publicUrl must be an https:// URL without a trailing slash, got ${JSON.stringify(publicUrl)}`);
}

new SyncStack(app, 'AgentStatusSync', {
  description: 'Agent Status Sync for Aircall and Zendesk',
  // Account-agnostic unless the CLI knows it: synth then needs no credentials and no lookups.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region },
  aircallApiUrl: aircallApiUrl as string | undefined,
  logLevel: logLevel as SyncStackProps['logLevel'],
  alarmEmail: alarmEmail as string | undefined,
  reserveConcurrency: reserveConcurrency === undefined ? undefined : String(reserveConcurrency) === 'true',
  publicUrl: publicUrl as string | undefined,
});
