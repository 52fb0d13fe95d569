import { ConfigError, loadConfig } from '../app-config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the embedded database with demo data on loopback', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', host: '127.0.0.1', port: 3000, seedDemo: true, database: { url: null } });
    expect(config.auth.tokenSecret).toHaveLength(64);
  });

  it('uses DATABASE_URL and then loads no demo data unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/stagebank' })).toMatchObject({
      seedDemo: false,
      database: { url: 'postgres://u@db:5432/stagebank' },
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/stagebank', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it("turns off every job that sends to webhooks with NOTIFICATION_WORKER=false, the change feed's too", () => {
    expect(loadConfig({ NOTIFICATION_WORKER: 'false' }).jobs.disabled.sort()).toEqual(['change-webhooks', 'notifications', 'webhooks']);
    expect(loadConfig({}).jobs.disabled).toEqual([]);
  });

  it('offers demo sign-in only on the embedded default, on loopback, without AUTH_TOKEN_SECRET', () => {
    expect(loadConfig({}).demoSignIn).toBe(true);
    expect(loadConfig({ HOST: '::1' }).demoSignIn).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/stagebank', SEED_DEMO: 'true' }).demoSignIn).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0' }).demoSignIn).toBe(false);
    expect(loadConfig({ AUTH_TOKEN_SECRET: 's'.repeat(32) }).demoSignIn).toBe(false);
    expect(loadConfig({ SEED_DEMO: 'false' }).demoSignIn).toBe(false);
  });

  it('names every bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', SEED_DEMO: 'maybe' });
    expect(problems.map((p) => p.split('=')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SEED_DEMO']);
    expect(problems.join('\n')).toContain('"eighty"');
  });

  it('holds browsers to persisted operations only when asked', () => {
    expect(loadConfig({}).persistedOperations).toEqual({ mode: 'off', file: null });
    expect(loadConfig({ PERSISTED_OPERATIONS: 'browser', PERSISTED_OPERATIONS_FILE: '/srv/ops.json' }).persistedOperations).toEqual({
      mode: 'browser',
      file: '/srv/ops.json',
    });
    expect(problemsOf({ PERSISTED_OPERATIONS: 'all' }).join('\n')).toContain('PERSISTED_OPERATIONS must be off or browser');
  });

  it('requires a token secret of at least 32 characters in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })[0]).toMatch(/^AUTH_TOKEN_SECRET/);
    expect(problemsOf({ AUTH_TOKEN_SECRET: 'short' })[0]).toMatch(/^AUTH_TOKEN_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_TOKEN_SECRET: 'x'.repeat(32) }).auth.tokenSecret).toBe('x'.repeat(32));
  });

  it("takes OpenID Connect together, with the web app's client only alongside an issuer", () => {
    const oidc = { OIDC_ISSUER: 'https://login.school.example', OIDC_AUDIENCE: 'stagebank-api', OIDC_JWKS_URL: 'https://login.school.example/jwks' };
    expect(loadConfig(oidc).auth.oidc).toMatchObject({ issuer: 'https://login.school.example', web: null });
    expect(loadConfig({ ...oidc, OIDC_WEB_CLIENT_ID: 'stagebank-web' }).auth.oidc!.web).toEqual({ clientId: 'stagebank-web', scope: 'openid email profile' });
    expect(
      problemsOf({ OIDC_ISSUER: 'https://login.school.example' })
        .map((p) => p.split('=')[0])
        .sort(),
    ).toEqual(['OIDC_AUDIENCE', 'OIDC_JWKS_URL']);
    expect(problemsOf({ OIDC_WEB_CLIENT_ID: 'stagebank-web' })[0]).toMatch(/^OIDC_ISSUER=.*required with OIDC_WEB_CLIENT_ID/);
    expect(problemsOf({ ...oidc, OIDC_WEB_CLIENT_ID: 'stagebank-web', OIDC_WEB_SCOPE: 'email' })[0]).toMatch(/^OIDC_WEB_SCOPE/);
  });
});
