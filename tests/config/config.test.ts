import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, WORKER_ROLES } from '../../src/config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HEX_KEY = randomBytes(32).toString('hex');

/** The ConfigError thrown for `env`, failing the test when nothing is thrown. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('defaults to the values of the contract table', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 8080,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/turumba',
      redisUrl: 'redis://127.0.0.1:6379',
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
      queuePrefix: 'turumba',
      systemSmtpUrl: undefined,
      mailFrom: 'Turumba <no-reply@localhost>',
      requireEmailVerification: true,
      admin: undefined,
      publicBaseUrl: 'http://localhost:8080',
      providerBaseUrlOverride: false,
      providerPrivateHosts: false,
      workerRoles: [...WORKER_ROLES],
      logLevel: 'info',
    });
    // The API rate limit is on unless turned off.
    expect(config.apiRateLimit).toEqual({ perSecond: 50, burst: 200 });
    expect(loadConfig({ API_RATE_LIMIT_PER_SECOND: '0' }).apiRateLimit).toBeUndefined();
    expect(loadConfig({ API_RATE_LIMIT_PER_SECOND: '2.5', API_RATE_LIMIT_BURST: '20' }).apiRateLimit).toEqual(
      {
        perSecond: 2.5,
        burst: 20,
      },
    );
    expect(configError({ API_RATE_LIMIT_BURST: '0' }).message).toContain('API_RATE_LIMIT_BURST');
    // Outside production, missing secrets are generated (and the entry point warns about each).
    expect(config.generatedSecrets.sort()).toEqual(['CREDENTIALS_KEY', 'JWT_SECRET']);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.credentialsKey.length).toBe(32);
    expect(loadConfig({}).jwtSecret).not.toBe(config.jwtSecret);
  });

  it('treats empty variables as unset and derives PUBLIC_BASE_URL from PORT', () => {
    const config = loadConfig({ PORT: '9090', REDIS_URL: '', WORKER_ROLES: '' });
    expect(config.port).toBe(9090);
    expect(config.publicBaseUrl).toBe('http://localhost:9090');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.workerRoles).toEqual([...WORKER_ROLES]);
  });

  it('reads explicit values', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      CREDENTIALS_KEY: HEX_KEY,
      WORKER_ROLES: 'send, scheduler',
      AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
      PUBLIC_BASE_URL: 'https://api.example.com/',
      ADMIN_USER: 'ops',
      ADMIN_PASSWORD: 'ops-password',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      jwtSecret: 'x'.repeat(40),
      workerRoles: ['send', 'scheduler'],
      requireEmailVerification: false,
      publicBaseUrl: 'https://api.example.com',
      admin: { user: 'ops', password: 'ops-password' },
      generatedSecrets: [],
    });
    expect(config.credentialsKey.equals(Buffer.from(HEX_KEY, 'hex'))).toBe(true);
  });

  it('names the variable of each bad value', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
      [{ DATABASE_URL: 'mysql://root@127.0.0.1/turumba' }, 'DATABASE_URL'],
      [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
      [{ AMQP_URL: 'nope' }, 'AMQP_URL'],
      [{ AUTH_REQUIRE_EMAIL_VERIFICATION: 'maybe' }, 'AUTH_REQUIRE_EMAIL_VERIFICATION'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
      [{ CREDENTIALS_KEY: 'abc' }, 'CREDENTIALS_KEY'],
      [{ ADMIN_USER: 'ops' }, 'ADMIN_PASSWORD'],
    ];
    for (const [env, variable] of cases) expect(configError(env).message).toContain(variable);
  });

  it('refuses unknown WORKER_ROLES and lists the known ones', () => {
    const { message } = configError({ WORKER_ROLES: 'send,bogus' });
    expect(message).toContain('WORKER_ROLES');
    expect(message).toContain('bogus');
    expect(message).toContain('scheduler');
  });

  it('requires JWT_SECRET and CREDENTIALS_KEY in production', () => {
    expect(configError({ NODE_ENV: 'production', CREDENTIALS_KEY: HEX_KEY }).message).toContain('JWT_SECRET');
    expect(configError({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).message).toContain(
      'CREDENTIALS_KEY',
    );
  });
});

describe('the entry point', () => {
  it('exits with 1 and a clear message, without a stack trace, on a bad PORT', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        'npx',
        ['tsx', 'src/main.ts'],
        // Should the config pass by mistake, the timeout kills the server instead of hanging the run.
        { cwd: ROOT, env: { ...process.env, PORT: 'abc', LOG_LEVEL: 'silent' }, timeout: 25_000 },
        (error, _stdout, stderr) => resolve({ code: error ? ((error.code as number) ?? null) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/ConfigError|ZodError/);
  });
});
