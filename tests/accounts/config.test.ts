// Configuration: defaults, validation naming the variable, QUEUE_URL required only where used.
import { ConfigError, DEFAULT_CONFIG, config, loadConfig, requireQueueUrl, resetConfigCache } from '../../lambdas/config';

describe('loadConfig', () => {
  it('applies the defaults', () => {
    expect(loadConfig({})).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toMatchObject({
      tableName: 'agent-status-sync',
      aircallApiUrl: 'https://api.aircall.io',
      dedupeTtlSeconds: 604_800,
      auditRetentionDays: 30,
      echoWindowMs: 120_000,
      maxBodyBytes: 262_144,
      zendeskSignatureToleranceMs: 300_000,
      logLevel: 'INFO',
      settingsRefreshSeconds: 60,
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        TABLE_NAME: 'sync-test',
        QUEUE_URL: 'http://sqs.us-east-1.localhost:4566/000000000000/sync.fifo',
        AIRCALL_API_URL: 'http://127.0.0.1:4011/',
        ZENDESK_API_URL: 'http://127.0.0.1:4012/{subdomain}',
        DEDUPE_TTL_SECONDS: '3600',
        AUDIT_RETENTION_DAYS: '7',
        ECHO_WINDOW_MS: '60000',
        MAX_BODY_BYTES: '1024',
        ZENDESK_SIGNATURE_TOLERANCE_MS: '60000',
        LOG_LEVEL: 'debug',
        SETTINGS_REFRESH_SECONDS: '5',
        RECONCILE_INTERVAL_MS: '60000',
      }),
    ).toEqual({
      tableName: 'sync-test',
      queueUrl: 'http://sqs.us-east-1.localhost:4566/000000000000/sync.fifo',
      aircallApiUrl: 'http://127.0.0.1:4011',
      zendeskApiUrl: 'http://127.0.0.1:4012/{subdomain}',
      dedupeTtlSeconds: 3600,
      auditRetentionDays: 7,
      echoWindowMs: 60_000,
      maxBodyBytes: 1024,
      zendeskSignatureToleranceMs: 60_000,
      logLevel: 'DEBUG',
      settingsRefreshSeconds: 5,
      reconcilePeriodMs: 60_000,
      aircallDashboardUrl: 'https://dashboard.aircall.io',
    });
  });

  it('names every bad variable in one ConfigError', () => {
    let error: unknown;
    try {
      loadConfig({ ECHO_WINDOW_MS: 'soon', MAX_BODY_BYTES: '0', AIRCALL_API_URL: 'api.aircall.io', LOG_LEVEL: 'loud', TABLE_NAME: 'a b' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['TABLE_NAME', 'LOG_LEVEL', 'AIRCALL_API_URL', 'ECHO_WINDOW_MS', 'MAX_BODY_BYTES']);
    expect((error as Error).message).toContain('ECHO_WINDOW_MS must be a whole number');
  });

  it.each(['0', '-1', '1.5', 'soon', '86401'])('refuses SETTINGS_REFRESH_SECONDS=%s, naming it', (raw) => {
    expect(() => loadConfig({ SETTINGS_REFRESH_SECONDS: raw })).toThrow(/SETTINGS_REFRESH_SECONDS must be a whole number from 1 to 86400/);
  });

  it('requires QUEUE_URL only where asked, with a message naming it', () => {
    expect(() => requireQueueUrl(loadConfig({}))).toThrow(/QUEUE_URL is required/);
    expect(requireQueueUrl(loadConfig({ QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/q.fifo' }))).toBe('https://sqs.eu-west-1.amazonaws.com/1/q.fifo');
  });

  it('caches config() until reset', () => {
    resetConfigCache();
    const first = config();
    expect(config()).toBe(first);
    resetConfigCache();
  });
});
