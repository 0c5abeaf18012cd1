// scripts/deploy.mjs, offline: it refuses clearly before running anything when credentials or the region are missing,
// and prints the outputs an operator needs. (A real deployment needs AWS; see docs/deploying.md.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'ass-deploy-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs the script with no AWS variable inherited and an empty home (no ~/.aws), plus `env`. */
function deploy(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['scripts/deploy.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run deploy', () => {
  it('refuses without AWS credentials, naming where they can come from, and runs nothing', () => {
    const run = deploy(['--region', 'eu-west-1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('No AWS credentials found, so nothing was deployed');
    expect(run.stderr).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(run.stderr).toMatch(/--profile NAME or AWS_PROFILE; now "default"/);
    expect(run.stdout).not.toContain('Deploying');
  });

  it('refuses without a region, even with credentials', () => {
    const run = deploy([], { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('No AWS region: pass --region');
    // Nothing secret is echoed back.
    expect(run.stderr + run.stdout).not.toContain('AKIAEXAMPLE');
  });

  it('takes the region and a profile from ~/.aws/config before refusing for lack of credentials there', () => {
    const aws = join(home, 'cfg');
    writeFileSync(aws, '[profile ops]\nregion = eu-central-1\n');
    const run = deploy(['--profile', 'ops'], { AWS_CONFIG_FILE: aws });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('now "ops"');
  });

  it('refuses malformed parameters with the parameter named', () => {
    expect(deploy(['--region', 'eu-west-1', '--alarm-email', 'not-an-address']).stderr).toContain('--alarm-email must be an e-mail address');
    expect(deploy(['--region', 'Ireland']).stderr).toContain('"Ireland" is not an AWS region name');
    expect(deploy(['--region', 'eu-west-1', '--log-level', 'loud']).stderr).toContain('--log-level must be one of');
    expect(deploy(['--region', 'eu-west-1', '--public-url', 'https://sync.agent-status-sync.org/']).stderr).toContain(
      '--public-url must be an https:// URL without a trailing slash',
    );
    const unknown = deploy(['--regoin', 'eu-west-1']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--regoin'");
  });

  it('documents its parameters in --help', () => {
    const run = deploy(['--help']);
    expect(run.status).toBe(0);
    for (const flag of ['--region', '--profile', '--alarm-email', '--no-reserve-concurrency', '--bootstrap', '--yes', '--print-outputs', '--public-url'])
      expect(run.stdout).toContain(flag);
  });

  it('prints what to register with Zendesk and Aircall, for the hosted and the self-hosted mode, from the outputs of a deployment', () => {
    const api = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
    const site = 'https://sync.agent-status-sync.org';
    const file = join(home, 'outputs.json');
    const zendeskSecret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ZendeskOAuthClient-abc';
    const aircallSecret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:AircallOAuthClient-def';
    writeFileSync(
      file,
      JSON.stringify({
        AgentStatusSync: {
          ApiUrl: api,
          PublicUrl: site,
          ZendeskOAuthRedirectUri: `${site}/oauth/zendesk/callback`,
          AircallOAuthRedirectUri: `${site}/oauth/aircall/callback`,
          AircallInstallUri: `${site}/oauth/aircall/install`,
          AircallWebhookUrl: `${api}/webhooks/aircall/{accountId}`,
          ZendeskWebhookUrl: `${api}/webhooks/zendesk/{accountId}`,
          HealthUrl: `${api}/health`,
          TableName: 'AgentStatusSync-Table-XYZ',
          SecretsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0000-1111',
          ZendeskOAuthClientSecretArn: zendeskSecret,
          AircallOAuthClientSecretArn: aircallSecret,
          AlarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:AgentStatusSync-AlarmTopic-abc',
        },
      }),
    );
    const run = deploy(['--print-outputs', file]);
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(new RegExp(`Public URL \\(PUBLIC_URL\\)\\s+${site}\\n`));
    // Zendesk: the redirect URL, where the client goes, and both ways to get a client.
    expect(out).toMatch(new RegExp(`Register with Zendesk[^\\n]*\\n\\s+Redirect URL\\s+${site}/oauth/zendesk/callback\\n`));
    expect(out).toContain('Zendesk creates global OAuth clients only');
    expect(out).toContain('Organization > Global OAuth Request');
    expect(out).toContain('add an OAuth client of kind Confidential');
    expect(out).toContain(`put-secret-value --secret-id ${zendeskSecret} --secret-string '{"client_id":"…","client_secret":"…"}'`);
    // Aircall: the install URI and redirect URI for the partner app, or nothing for self-hosted (paste in the console).
    expect(out).toMatch(new RegExp(`Install URI\\s+${site}/oauth/aircall/install\\n`));
    expect(out).toMatch(new RegExp(`Redirect URI\\s+${site}/oauth/aircall/callback\\n`));
    expect(out).toContain(`put-secret-value --secret-id ${aircallSecret}`);
    expect(out).toContain('Self-hosted: nothing to register: an admin pastes an Aircall API ID and token in the admin console.');
    // The app package for either mode, on the public host; the file import seals with the secrets key.
    expect(out).toContain('npm run package -- --marketplace --backend-host sync.agent-status-sync.org');
    expect(out).toContain('npm run package -- --backend-host sync.agent-status-sync.org');
    expect(out).toContain(
      'TABLE_NAME=AgentStatusSync-Table-XYZ SECRETS_KMS_KEY_ID=arn:aws:kms:eu-west-1:123456789012:key/0000-1111 npm run accounts -- import accounts.json',
    );
    expect(out).toContain(`curl ${api}/health`);
    expect(out).toMatch(/Alarm topic \(subscribe to get the alarms\)\s+arn:aws:sns:eu-west-1:123456789012:AgentStatusSync-AlarmTopic-abc\n/);
  });
});
