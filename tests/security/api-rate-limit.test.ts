import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRateLimiter } from '../../src/security/api-rate-limit.js';
import { addMember, roleId, type Session, signUp } from '../helpers/factories.js';
import { type ApiResponse, setupTestApp, type TestContext } from '../helpers/harness.js';

// Each API key, and each user across their sessions, has a token bucket in Redis: BURST requests in a
// row, then PER_SECOND. Low figures here so a test can run a bucket dry in a few requests.
const PER_SECOND = 0.5;
const BURST = 10;

let t: TestContext;
beforeAll(async () => {
  t = await setupTestApp({
    API_RATE_LIMIT_PER_SECOND: String(PER_SECOND),
    API_RATE_LIMIT_BURST: String(BURST),
  });
});
afterAll(() => t.close());

const as = (session: Session) => ({ token: session.token, accountId: session.accountId });

async function newKey(owner: Session, name = 'limited'): Promise<{ id: string; key: string }> {
  const res = await t.request('POST', '/v1/api-keys', {
    ...as(owner),
    body: { name, role_id: await roleId(t, owner, 'admin') },
  });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id, key: res.body.key };
}

const headersOf = (res: ApiResponse) => ({
  limit: res.headers.get('ratelimit-limit'),
  remaining: res.headers.get('ratelimit-remaining'),
  reset: res.headers.get('ratelimit-reset'),
  retryAfter: res.headers.get('retry-after'),
});

/**
 * Retry-After of a refusal: the whole seconds until one token is back, at most 1 / perSecond (the bucket
 * had just run dry; less when the requests before took a while and some of the token had come back).
 */
function expectRetryAfter(res: { headers: Headers }, perSecond: number): void {
  const seconds = Number(res.headers.get('retry-after'));
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(Math.ceil(1 / perSecond));
}

/** Sends `n` GET /v1/contacts one after the other with `token`. */
async function burst(token: string, n: number): Promise<ApiResponse[]> {
  const out: ApiResponse[] = [];
  for (let i = 0; i < n; i++) out.push(await t.request('GET', '/v1/contacts', { token }));
  return out;
}

describe('per-key and per-user API rate limits', () => {
  it('allows a burst, then answers 429 with Retry-After and RateLimit-* headers, and refills with time', async () => {
    const owner = await signUp(t);
    const { key } = await newKey(owner);
    const allowed = await burst(key, BURST);
    expect(allowed.map((r) => r.status)).toEqual(Array(BURST).fill(200));
    expect(headersOf(allowed[0]!)).toMatchObject({ limit: String(BURST), remaining: String(BURST - 1) });
    expect(allowed.map((r) => Number(r.headers.get('ratelimit-remaining')))).toEqual(
      Array.from({ length: BURST }, (_, i) => BURST - 1 - i),
    );
    // Full again after (BURST - remaining) / PER_SECOND seconds.
    expect(Number(headersOf(allowed[0]!).reset)).toBe(Math.ceil(1 / PER_SECOND));

    const refused = await t.request('GET', '/v1/contacts', { token: key });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, code: 'rate_limited' });
    const h = headersOf(refused);
    expect(h.limit).toBe(String(BURST));
    expect(h.remaining).toBe('0');
    // The bucket is nearly empty: one token comes back within 1 / PER_SECOND seconds, all within BURST / PER_SECOND.
    expectRetryAfter(refused, PER_SECOND);
    expect(Number(h.reset)).toBeGreaterThan(BURST / PER_SECOND - 2);
    expect(Number(h.reset)).toBeLessThanOrEqual(BURST / PER_SECOND);

    // A refused request takes nothing; waiting less than Retry-After is still too early.
    expect((await t.request('GET', '/v1/contacts', { token: key })).status).toBe(429);
    await sleep(Number(h.retryAfter) * 1000 + 50);
    const again = await t.request('GET', '/v1/contacts', { token: key });
    expect(again.status, again.text).toBe(200);
    expect(again.headers.get('ratelimit-remaining')).toBe('0');
    expect((await t.request('GET', '/v1/contacts', { token: key })).status).toBe(429);
  });

  it("keeps one key's exhaustion away from another key and from the user's session", async () => {
    const owner = await signUp(t);
    const first = await newKey(owner, 'first');
    const second = await newKey(owner, 'second');
    await burst(first.key, BURST);
    expect((await t.request('GET', '/v1/contacts', { token: first.key })).status).toBe(429);

    const other = await t.request('GET', '/v1/contacts', { token: second.key });
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-remaining')).toBe(String(BURST - 1));
    const session = await t.request('GET', '/v1/contacts', as(owner));
    expect(session.status).toBe(200);
    // The owner spent two requests making each key (the role lookup and the POST).
    expect(Number(session.headers.get('ratelimit-remaining'))).toBeGreaterThanOrEqual(BURST - 5);
    expect(Number(session.headers.get('ratelimit-remaining'))).toBeLessThanOrEqual(BURST - 4);
  });

  it("counts a user's requests in one bucket across sessions and accounts, on routes outside an account too", async () => {
    const owner = await signUp(t);
    const second = await t.request('POST', '/v1/auth/login', {
      body: { email: owner.email, password: owner.password },
    });
    expect(second.status).toBe(200);
    const tokens = [owner.token, second.body.access_token as string];
    const answers: ApiResponse[] = [];
    for (let i = 0; i < BURST; i++) {
      answers.push(
        await t.request('GET', i % 2 === 0 ? '/v1/context/basic' : '/v1/contacts', { token: tokens[i % 2] }),
      );
    }
    expect(answers.map((r) => r.status)).toEqual(Array(BURST).fill(200));
    const refused = await t.request('GET', '/v1/accounts', { token: tokens[1] });
    expect(refused.status).toBe(429);
    expectRetryAfter(refused, PER_SECOND);
  });

  it('does not count unauthenticated routes', async () => {
    for (let i = 0; i < BURST + 2; i++) {
      const health = await t.request('GET', '/healthz');
      expect(health.status).toBe(200);
      expect(health.headers.get('ratelimit-limit')).toBeNull();
    }
    const login = await t.request('POST', '/v1/auth/login', {
      body: { email: 'nobody@example.com', password: 'wrong password here' },
    });
    expect(login.status).toBe(401);
    expect(login.headers.get('ratelimit-limit')).toBeNull();
  });

  it('lets an account set its own limit (account:manage only, validated), and go back to the default', async () => {
    const owner = await signUp(t);
    const agent = await addMember(t, owner, 'agent');
    const { key } = await newKey(owner);
    // The settings change through a key of their own: the owner's bucket stays for the rest.
    const manager = { token: (await newKey(owner, 'manager')).key };
    const path = `/v1/accounts/${owner.accountId}`;

    const denied = await t.request('PATCH', path, {
      ...as(agent),
      body: { api_rate_limit: { per_second: 1000, burst: 10_000 } },
    });
    expect(denied.status).toBe(403);
    for (const bad of [
      { per_second: 0, burst: 5 },
      { per_second: 1, burst: 0 },
      { per_second: 1, burst: 2.5 },
      { per_second: 20_000, burst: 5 },
      { per_second: 1 },
      { per_second: 1, burst: 5, extra: true },
    ]) {
      const res = await t.request('PATCH', path, { ...manager, body: { api_rate_limit: bad } });
      expect(res.status, JSON.stringify(bad)).toBe(422);
    }

    const set = await t.request('PATCH', path, {
      ...manager,
      body: { api_rate_limit: { per_second: 0.2, burst: 3 } },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body.api_rate_limit).toEqual({ per_second: 0.2, burst: 3 });
    expect((await t.request('GET', path, as(owner))).body.api_rate_limit).toEqual({
      per_second: 0.2,
      burst: 3,
    });

    const answers = await burst(key, 4);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(answers[0]!.headers.get('ratelimit-limit')).toBe('3');
    expectRetryAfter(answers[3]!, 0.2);
    // The account's limit holds for its members' sessions too, whatever route they take in it.
    const member = await t.request('GET', '/v1/contacts', as(agent));
    expect(member.headers.get('ratelimit-limit')).toBe('3');

    const audit = await t.request('GET', '/v1/audit-log?filter=action:eq:account.updated', as(owner));
    expect(audit.body.items[0].changes.api_rate_limit).toMatchObject({ to: { per_second: 0.2, burst: 3 } });

    // Back to the platform's default for everyone (the key's bucket keeps what it had: still empty).
    const reset = await t.request('PATCH', path, { ...manager, body: { api_rate_limit: null } });
    expect(reset.status, reset.text).toBe(200);
    expect(reset.body.api_rate_limit).toBeNull();
    const after = await t.request('GET', '/v1/contacts', { token: key });
    expect(after.status).toBe(429);
    expect(after.headers.get('ratelimit-limit')).toBe(String(BURST));
  });

  it('lets a bucket key expire once it would be full again, so idle callers leave nothing in Redis', async () => {
    const owner = await signUp(t);
    const { id, key } = await newKey(owner);
    const redisKey = `${t.queuePrefix}:ratelimit:key:${id}`;
    await burst(key, 3);
    const ttl = await t.runtime.redis.pttl(redisKey);
    // Three tokens spent: full again after 3 / PER_SECOND seconds, and not kept longer.
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual((3 / PER_SECOND) * 1000);

    const path = `/v1/accounts/${owner.accountId}`;
    expect(
      (
        await t.request('PATCH', path, {
          ...as(owner),
          body: { api_rate_limit: { per_second: 100, burst: 5 } },
        })
      ).status,
    ).toBe(200);
    await t.request('GET', '/v1/contacts', { token: key });
    expect(await t.runtime.redis.pttl(redisKey)).toBeLessThanOrEqual(10);
    await sleep(50);
    expect(await t.runtime.redis.exists(redisKey)).toBe(0);
  });

  it('documents the 429 and the RateLimit-* headers on every rate-limited operation', async () => {
    const doc = (await t.request('GET', '/openapi.json')).body;
    expect(doc.components.responses.RateLimited.headers).toHaveProperty('Retry-After');
    expect(doc.paths['/v1/contacts'].get.responses['429']).toEqual({
      $ref: '#/components/responses/RateLimited',
    });
    expect(doc.paths['/v1/contacts'].get.responses['200'].headers).toHaveProperty('RateLimit-Remaining');
    expect(doc.paths['/v1/context/basic'].get.responses['429']).toBeDefined();
    expect(doc.paths['/healthz'].get.responses['429']).toBeUndefined();
    expect(doc.paths['/v1/auth/register'].post.responses['429']).toBeUndefined();
  });
});

describe('without Redis', () => {
  it('lets requests through unlimited rather than holding them until Redis is back', async () => {
    // The API's client queues commands while Redis is away (BullMQ needs it to): the limiter stops waiting.
    const away = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: null, retryStrategy: () => 500 });
    away.on('error', () => {});
    try {
      const started = Date.now();
      const outcome = await new ApiRateLimiter(away, t.queuePrefix).take('key:x', { perSecond: 1, burst: 1 });
      expect(outcome).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      away.disconnect();
    }
  });
});

describe('two API processes on one Redis', () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  /** `npm run start:api` as its own OS process on this file's database, queue prefix and secrets. */
  async function startSecondApi(): Promise<string> {
    const process_ = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--api'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: '0',
        METRICS_PORT: '0',
        DATABASE_URL: t.databaseUrl,
        QUEUE_PREFIX: t.queuePrefix,
        AMQP_URL: t.amqpUrl,
        JWT_SECRET: t.config.jwtSecret,
        CREDENTIALS_KEY: t.config.credentialsKey.toString('hex'),
        API_RATE_LIMIT_PER_SECOND: String(PER_SECOND),
        API_RATE_LIMIT_BURST: String(BURST),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = process_;
    let output = '';
    process_.stdout!.on('data', (chunk) => {
      output += chunk;
    });
    process_.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    for (let waited = 0; waited < 30_000; waited += 100) {
      const port = output.match(/API listening on http:\/\/localhost:(\d+)/)?.[1];
      if (port) return `http://127.0.0.1:${port}`;
      if (process_.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`the second API process did not start: ${output.slice(-2000)}`);
  }

  it('holds one limit for a key whose requests go to either process', async () => {
    const base = await startSecondApi();
    const owner = await signUp(t);
    const { key } = await newKey(owner);
    const statuses: number[] = [];
    const remaining: number[] = [];
    for (let i = 0; i < BURST; i++) {
      const res =
        i % 2 === 0
          ? await t.request('GET', '/v1/contacts', { token: key })
          : await fetch(`${base}/v1/contacts`, { headers: { authorization: `Bearer ${key}` } });
      statuses.push(res.status);
      remaining.push(Number(res.headers.get('ratelimit-remaining')));
    }
    expect(statuses).toEqual(Array(BURST).fill(200));
    expect(remaining).toEqual(Array.from({ length: BURST }, (_, i) => BURST - 1 - i));
    const there = await fetch(`${base}/v1/contacts`, { headers: { authorization: `Bearer ${key}` } });
    expect(there.status).toBe(429);
    expectRetryAfter(there, PER_SECOND);
    expect((await t.request('GET', '/v1/contacts', { token: key })).status).toBe(429);
  }, 60_000);
});
