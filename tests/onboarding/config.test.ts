import { ConfigError, loadConfig, requirePublicUrl } from '../../lambdas/config';

describe('onboarding configuration', () => {
  it('reads the public URL, both OAuth clients and the Aircall Dashboard URL', () => {
    const cfg = loadConfig({
      PUBLIC_URL: 'https://sync.example.com/',
      ZENDESK_OAUTH_CLIENT_ID: 'zdg-agent-status-sync',
      ZENDESK_OAUTH_CLIENT_SECRET: 'zs',
      AIRCALL_OAUTH_CLIENT_ID: 'ac-id',
      AIRCALL_OAUTH_CLIENT_SECRET: 'as',
      AIRCALL_DASHBOARD_URL: 'http://127.0.0.1:3001',
    });
    expect(cfg.publicUrl).toBe('https://sync.example.com');
    expect(cfg.zendeskOAuth).toEqual({ clientId: 'zdg-agent-status-sync', clientSecret: 'zs' });
    expect(cfg.aircallOAuth).toEqual({ clientId: 'ac-id', clientSecret: 'as' });
    expect(cfg.aircallDashboardUrl).toBe('http://127.0.0.1:3001');
    expect(requirePublicUrl(cfg)).toBe('https://sync.example.com');
  });

  it('defaults the Dashboard to Aircall’s and leaves the rest unset', () => {
    const cfg = loadConfig({});
    expect(cfg.aircallDashboardUrl).toBe('https://dashboard.aircall.io');
    expect(cfg).not.toHaveProperty('publicUrl');
    expect(cfg).not.toHaveProperty('zendeskOAuth');
    expect(cfg).not.toHaveProperty('aircallOAuth');
    expect(() => requirePublicUrl(cfg)).toThrow(/PUBLIC_URL is required/);
  });

  it('names every bad variable, without echoing a secret', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PUBLIC_URL: 'ftp://x', ZENDESK_OAUTH_CLIENT_SECRET: 'very-secret-value', AIRCALL_OAUTH_CLIENT_ID: 'a', AIRCALL_DASHBOARD_URL: 'not a url' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error?.problems.join('\n') ?? '';
    expect(text).toMatch(/^PUBLIC_URL /m);
    expect(text).toMatch(/ZENDESK_OAUTH_CLIENT_ID and ZENDESK_OAUTH_CLIENT_SECRET must be set together \(the id is missing\)/);
    expect(text).toMatch(/AIRCALL_OAUTH_CLIENT_ID and AIRCALL_OAUTH_CLIENT_SECRET must be set together \(the secret is missing\)/);
    expect(text).toMatch(/^AIRCALL_DASHBOARD_URL /m);
    expect(text).not.toContain('very-secret-value');
  });
});
