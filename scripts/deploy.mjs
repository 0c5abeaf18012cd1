// npm run deploy: deploys the CDK stack (infra/) with the operator's AWS credentials, then prints what to paste where.
//
// Usage: npm run deploy -- --region eu-west-1 [--alarm-email ops@example.com] [--no-reserve-concurrency]
//          [--profile NAME] [--bootstrap] [--yes] [--log-level INFO] [--aircall-api-url URL] [--public-url URL]
//        npm run deploy -- --print-outputs [FILE]     (prints the last deployment's outputs again; no AWS call)
//
// Refuses (exit 2, nothing run) when no AWS credentials can be found or no region is given: both are checked here,
// offline, before the CDK CLI is started. Exit codes: 0 deployed, 1 the CDK CLI failed, 2 usage or set-up problem.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STACK = 'AgentStatusSync';
const DEFAULT_OUTPUTS = join(root, 'cdk.out', 'deploy-outputs.json');
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

const HELP = `npm run deploy -- --region REGION [options]

Deploys the Agent Status Sync backend (infra/, stack ${STACK}) with your AWS credentials, then prints
what to register with Zendesk and Aircall (OAuth redirect URIs, Aircall's install URI) for either mode:
hosted (one backend for every customer, a Marketplace listing) or self-hosted (your own accounts).

  --region REGION          AWS region, e.g. eu-west-1 (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's region)
  --profile NAME           AWS profile to use (default: AWS_PROFILE, else "default")
  --alarm-email ADDRESS    subscribe this address to the alarms (AWS e-mails a confirmation link first)
  --no-reserve-concurrency do not reserve Lambda concurrency (AWS accounts still limited to 10 concurrent executions)
  --log-level LEVEL        handlers' log level: ${LOG_LEVELS.join(', ')} (default INFO)
  --aircall-api-url URL    Aircall API base URL (default https://api.aircall.io)
  --public-url URL         the backend's public URL when a custom domain fronts the API (default: the API's URL)
  --bootstrap              run "cdk bootstrap" first (once per account and region)
  --yes                    do not ask to approve IAM and security-group changes
  --instance-role          trust the EC2 instance role (skips the local credential check)
  --print-outputs [FILE]   print the outputs of the last deployment again (default ${DEFAULT_OUTPUTS})
`;

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      region: { type: 'string' },
      profile: { type: 'string' },
      'alarm-email': { type: 'string' },
      'no-reserve-concurrency': { type: 'boolean', default: false },
      'log-level': { type: 'string' },
      'aircall-api-url': { type: 'string' },
      'public-url': { type: 'string' },
      bootstrap: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      'instance-role': { type: 'boolean', default: false },
      'print-outputs': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  }));
} catch (error) {
  refuse(`${error.message}\n\n${HELP}`);
}

if (args.help) {
  console.log(HELP);
  process.exit(0);
}
if (args['print-outputs']) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? DEFAULT_OUTPUTS;
  if (!existsSync(file)) refuse(`No outputs file at ${file}: deploy first (npm run deploy -- --region …)`);
  console.log(formatOutputs(readOutputs(file)));
  process.exit(0);
}

// ---- Checks that need no network ------------------------------------------------------------------------------------
const env = process.env;
const profile = args.profile ?? env.AWS_PROFILE ?? 'default';
const config = readIni(env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config'));
const credentialsFile = readIni(env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'));
const profileConfig = config[profile === 'default' ? 'default' : `profile ${profile}`] ?? {};

if (args['alarm-email'] !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(args['alarm-email'])) {
  refuse(`--alarm-email must be an e-mail address, got "${args['alarm-email']}"`);
}
if (args['log-level'] !== undefined && !LOG_LEVELS.includes(args['log-level'].toUpperCase())) {
  refuse(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${args['log-level']}"`);
}
if (args['aircall-api-url'] !== undefined && !/^https:\/\/[^\s]+$/.test(args['aircall-api-url'])) {
  refuse(`--aircall-api-url must be an https:// URL, got "${args['aircall-api-url']}"`);
}
if (args['public-url'] !== undefined && !/^https:\/\/[^/\s]+(\/[^\s]*[^/\s])?$/.test(args['public-url'])) {
  refuse(`--public-url must be an https:// URL without a trailing slash, got "${args['public-url']}"`);
}
const region = args.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profileConfig.region;
if (!region) refuse('No AWS region: pass --region (e.g. --region eu-west-1), or set AWS_REGION, or a region in your AWS profile.');
if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) refuse(`"${region}" is not an AWS region name such as eu-west-1`);

const source = credentialSource();
if (!source) {
  refuse(
    [
      'No AWS credentials found, so nothing was deployed. Provide one of:',
      '  - AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys)',
      `  - a profile (--profile NAME or AWS_PROFILE; now "${profile}") in ~/.aws/credentials or ~/.aws/config,`,
      '    e.g. after "aws configure" or "aws configure sso" + "aws sso login"',
      '  - web identity or container credentials (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, AWS_CONTAINER_CREDENTIALS_*)',
      '  - on an EC2 instance with a role: --instance-role',
    ].join('\n'),
  );
}

// ---- Deploy -----------------------------------------------------------------------------------------------------
const cdkBin = join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk');
if (!existsSync(cdkBin)) refuse('The CDK CLI is not installed: run npm install first');
const cdkEnv = { ...env, AWS_REGION: region, AWS_DEFAULT_REGION: region, CDK_DISABLE_VERSION_CHECK: '1', ...(args.profile && { AWS_PROFILE: args.profile }) };
const context = [
  ['region', region],
  ['alarmEmail', args['alarm-email']],
  ['reserveConcurrency', args['no-reserve-concurrency'] ? 'false' : undefined],
  ['logLevel', args['log-level']?.toUpperCase()],
  ['aircallApiUrl', args['aircall-api-url']],
  ['publicUrl', args['public-url']],
].flatMap(([key, value]) => (value === undefined ? [] : ['-c', `${key}=${value}`]));

console.log(`Deploying ${STACK} to ${region} with ${source}.`);
if (args.bootstrap) run(['bootstrap', ...context]);
mkdirSync(dirname(DEFAULT_OUTPUTS), { recursive: true });
run(['deploy', STACK, ...context, '--outputs-file', DEFAULT_OUTPUTS, ...(args.yes ? ['--require-approval', 'never'] : [])]);
console.log(`\n${formatOutputs(readOutputs(DEFAULT_OUTPUTS))}`);

// ---- Helpers ----------------------------------------------------------------------------------------------------

/** Where the AWS SDK would find credentials, judged from files and variables only (no network), or undefined. */
function credentialSource() {
  if (args['instance-role']) return 'the EC2 instance role';
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return 'the keys in AWS_ACCESS_KEY_ID';
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) return 'web identity (AWS_ROLE_ARN)';
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return 'container credentials';
  const keys = credentialsFile[profile] ?? {};
  if (keys.aws_access_key_id && keys.aws_secret_access_key) return `profile "${profile}" (~/.aws/credentials)`;
  const usable = ['aws_access_key_id', 'role_arn', 'sso_session', 'sso_start_url', 'credential_process', 'login_session'];
  if (usable.some((k) => profileConfig[k])) return `profile "${profile}" (~/.aws/config)`;
  return undefined;
}

/** A minimal INI reader for the AWS config files: `{ section: { key: value } }`; a missing file is empty. */
function readIni(file) {
  if (!existsSync(file)) return {};
  const sections = {};
  let current;
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.replace(/^\s*[#;].*$/, '').trim();
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = section[1].trim();
      sections[current] ??= {};
    } else if (current && line.includes('=')) {
      const [key, ...rest] = line.split('=');
      sections[current][key.trim()] = rest.join('=').trim();
    }
  }
  return sections;
}

function run(cdkArgs) {
  const result = spawnSync(process.execPath, [cdkBin, ...cdkArgs], { cwd: root, env: cdkEnv, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`deploy: "cdk ${cdkArgs[0]}" failed (exit ${result.status ?? result.signal}); see its messages above.`);
    if (cdkArgs[0] === 'deploy') console.error('deploy: a first deployment in an account and region needs --bootstrap.');
    process.exit(1);
  }
}

function readOutputs(file) {
  const outputs = JSON.parse(readFileSync(file, 'utf8'))[STACK];
  if (!outputs?.ApiUrl) refuse(`${file} holds no outputs of ${STACK}`);
  return outputs;
}

/** What the operator needs next, from the stack outputs: what to register where, for either mode. */
function formatOutputs(o) {
  const publicUrl = o.PublicUrl ?? o.ApiUrl;
  const host = new URL(publicUrl).host;
  const table = (rows) => {
    const shown = rows.filter(([, value]) => value);
    const width = Math.max(...shown.map(([label]) => label.length));
    return shown.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  };
  const putSecret = (arn) => `aws secretsmanager put-secret-value --secret-id ${arn ?? '<secret ARN>'} --secret-string '{"client_id":"…","client_secret":"…"}'`;
  return [
    `${STACK} outputs:`,
    ...table([
      ['Public URL (PUBLIC_URL)', publicUrl],
      ['HTTP API', o.ApiUrl !== publicUrl ? o.ApiUrl : undefined],
      ['Health check', o.HealthUrl],
      ['Table (TABLE_NAME for npm run accounts)', o.TableName],
      ['Secrets key (SECRETS_KMS_KEY_ID for npm run accounts)', o.SecretsKeyArn],
      ['Dead-letter queue', o.DeadLetterQueueUrl],
      ['Alarm topic (subscribe to get the alarms)', o.AlarmTopicArn],
    ]),
    '',
    'Register with Zendesk (an OAuth client; docs/deploying.md):',
    ...table([
      ['Redirect URL', o.ZendeskOAuthRedirectUri ?? `${publicUrl}/oauth/zendesk/callback`],
      ['Client secret goes into', o.ZendeskOAuthClientSecretArn],
    ]),
    '  Hosted (one backend for every customer, a Marketplace listing): Zendesk creates global OAuth clients only.',
    '    Build a local client with identifier zdg-… and that redirect URL in a d3v- sponsored account, request it in',
    '    the Marketplace portal (Organization > Global OAuth Request), claim it and link it to the listing.',
    '  Self-hosted (your own Zendesk account): in Admin Center, add an OAuth client of kind Confidential with that',
    '    redirect URL (no global client needed for internal use).',
    `  Then: ${putSecret(o.ZendeskOAuthClientSecretArn)}`,
    '',
    'Register with Aircall:',
    ...table([
      ['Install URI', o.AircallInstallUri ?? `${publicUrl}/oauth/aircall/install`],
      ['Redirect URI', o.AircallOAuthRedirectUri ?? `${publicUrl}/oauth/aircall/callback`],
      ['Client secret goes into', o.AircallOAuthClientSecretArn],
    ]),
    "  Hosted: an app in Aircall's Technology Partner programme with that install URI and redirect URI, then",
    `    ${putSecret(o.AircallOAuthClientSecretArn)}`,
    '  Self-hosted: nothing to register: an admin pastes an Aircall API ID and token in the admin console.',
    '',
    'Webhooks need no pasting: the backend registers them when an admin connects each side, at',
    `  ${o.ZendeskWebhookUrl ?? `${publicUrl}/webhooks/zendesk/{accountId}`} and ${o.AircallWebhookUrl ?? `${publicUrl}/webhooks/aircall/{accountId}`}`,
    '',
    'The Zendesk app for this backend:',
    `  Hosted listing:        npm run package -- --marketplace --backend-host ${host}`,
    `  Self-hosted (private): npm run package -- --backend-host ${host}`,
    "Accounts from a file (optional, the operator's migration path; same region and credentials):",
    `  TABLE_NAME=${o.TableName ?? '<table>'} SECRETS_KMS_KEY_ID=${o.SecretsKeyArn ?? '<key>'} npm run accounts -- import accounts.json`,
    `Check: curl ${o.HealthUrl ?? `${publicUrl}/health`}   → {"status":"ok"}`,
  ].join('\n');
}

function refuse(message) {
  console.error(`deploy: ${message}`);
  process.exit(2);
}
