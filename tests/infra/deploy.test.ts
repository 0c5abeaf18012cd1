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
    const unknown = deploy(['--regoin', 'eu-west-1']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--regoin'");
  });

  it('documents its parameters in --help', () => {
    const run = deploy(['--help']);
    expect(run.status).toBe(0);
    for (const flag of ['--region', '--profile', '--alarm-email', '--no-reserve-concurrency', '--bootstrap', '--yes', '--print-outputs'])
      expect(run.stdout).toContain(flag);
  });

  it('prints the backend URL, the webhook URLs and the next commands from the outputs of a deployment', () => {
    const api = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
    const file = join(home, 'outputs.json');
    writeFileSync(
      file,
      JSON.stringify({
        AgentStatusSync: {
          ApiUrl: api,
          AircallWebhookUrl: `${api}/webhooks/aircall/{accountId}`,
          ZendeskWebhookUrl: `${api}/webhooks/zendesk/{accountId}`,
          HealthUrl: `${api}/health`,
          TableName: 'AgentStatusSync-Table-XYZ',
          ZendeskOAuthClientSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ZendeskOAuthClient-abc',
          AlarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:AgentStatusSync-AlarmTopic-abc',
        },
      }),
    );
    const run = deploy(['--print-outputs', file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Backend URL \\(the app's backendUrl setting\\)\\s+${api}\\n`));
    expect(run.stdout).toContain(`${api}/webhooks/aircall/<account id>`);
    expect(run.stdout).toContain(`${api}/webhooks/zendesk/<account id>`);
    expect(run.stdout).toContain('TABLE_NAME=AgentStatusSync-Table-XYZ npm run accounts -- import accounts.json');
    expect(run.stdout).toContain(`curl ${api}/health`);
    expect(run.stdout).toMatch(/Alarm topic \(subscribe to get the alarms\)\s+arn:aws:sns:eu-west-1:123456789012:AgentStatusSync-AlarmTopic-abc\n/);
  });
});
