import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { keepGeneratedSecrets } from '../../src/security/data-dir-secrets.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { TwilioPeer } from '../providers/peers/twilio.js';

const run = promisify(execFile);

describe('development secrets kept in DATA_DIR', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'turumba-data-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const start = (env: Record<string, string> = {}) =>
    keepGeneratedSecrets(loadConfig({ NODE_ENV: 'development', DATA_DIR: path.join(dir, 'data'), ...env }));

  it('generates them once, readable by the owner only, and a restart reads the same ones', async () => {
    const first = await start();
    const file = path.join(dir, 'data', 'secrets.json');
    expect(first.file).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, 'data'))).mode & 0o777).toBe(0o700);
    const restarted = await start();
    expect(restarted.config.jwtSecret).toBe(first.config.jwtSecret);
    expect(restarted.config.credentialsKey.equals(first.config.credentialsKey)).toBe(true);
    const stored = JSON.parse(await readFile(file, 'utf8'));
    expect(stored.JWT_SECRET).toBe(first.config.jwtSecret);
  });

  it('lets processes starting together agree on one set', async () => {
    const other = path.join(dir, 'together');
    const all = await Promise.all(
      Array.from({ length: 5 }, () =>
        keepGeneratedSecrets(loadConfig({ NODE_ENV: 'development', DATA_DIR: other })),
      ),
    );
    expect(new Set(all.map((r) => r.config.jwtSecret)).size).toBe(1);
    expect(new Set(all.map((r) => r.config.credentialsKey.toString('hex'))).size).toBe(1);
  });

  it('never stores a secret that is set, nor anything in production', async () => {
    const jwt = randomBytes(32).toString('hex');
    const given = await start({ JWT_SECRET: jwt, CREDENTIALS_KEY: randomBytes(32).toString('hex') });
    expect(given.file).toBeUndefined();
    expect(given.config.jwtSecret).toBe(jwt);
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dir })).toThrow(
      /required when NODE_ENV=production/,
    );
  });
});

describe('credentials key rotation', () => {
  const keyA = randomBytes(32).toString('hex');
  const keyB = randomBytes(32).toString('hex');
  const providerEnv = { PROVIDER_BASE_URL_OVERRIDE: 'true', PROVIDER_PRIVATE_HOSTS: 'true' };
  let first: TestContext;
  const later: TestContext[] = [];
  let peer: TwilioPeer;
  let owner: Session;
  let channelId: string;

  beforeAll(async () => {
    peer = await TwilioPeer.start();
    first = await setupTestApp({ ...providerEnv, CREDENTIALS_KEY: keyA });
    owner = await signUp(first);
    const created = await first.request('POST', '/v1/channels', {
      token: owner.token,
      accountId: owner.accountId,
      body: peer.channelBody(),
    });
    expect(created.status, created.text).toBe(201);
    channelId = created.body.id;
    await createSandboxChannel(first, owner);
  });
  afterAll(async () => {
    for (const t of later) await t.close();
    await first.close();
    await peer.close();
  });

  /** The same database and sessions, restarted with other keys. */
  async function restart(env: Record<string, string>): Promise<TestContext> {
    const t = await setupTestApp({
      ...providerEnv,
      DATABASE_URL: first.databaseUrl,
      JWT_SECRET: first.config.jwtSecret,
      ...env,
    });
    later.push(t);
    return t;
  }
  const verify = (t: TestContext) =>
    t.request('POST', `/v1/channels/${channelId}/verify`, { token: owner.token, accountId: owner.accountId });

  it('reads credentials sealed with an old key, re-encrypts them resumably, then needs only the new key', async () => {
    const both = await restart({ CREDENTIALS_KEY: keyB, CREDENTIALS_KEYS: keyA });
    expect((await verify(both)).body).toMatchObject({ status: 'connected' });

    const cli = () =>
      run(process.execPath, ['--import', 'tsx', 'src/security/rotate-credentials-cli.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: first.databaseUrl,
          CREDENTIALS_KEY: keyB,
          CREDENTIALS_KEYS: keyA,
        },
      });
    expect((await cli()).stdout).toContain('1 re-encrypted');
    // Running it again (or after an interruption) finds nothing left to do.
    expect((await cli()).stdout).toContain('0 re-encrypted, 1 already under the current key');

    const newOnly = await restart({ CREDENTIALS_KEY: keyB });
    expect((await verify(newOnly)).body).toMatchObject({ status: 'connected' });
    const oldOnly = await restart({ CREDENTIALS_KEY: keyA });
    const refused = await verify(oldOnly);
    expect(refused.status, refused.text).toBe(200);
    expect(refused.body.status).toBe('error');
    expect(refused.body.error_message).toMatch(/cannot be decrypted with the current CREDENTIALS_KEY/);
  }, 60_000);
});
