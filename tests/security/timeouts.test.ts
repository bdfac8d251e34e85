import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApi } from '../../src/http/serve-api.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Unbounded work: a request that waits on the database forever, a body too big to buffer, and a
// client that sends its request a byte at a time to hold a connection (slowloris).

describe('statement_timeout on the API pool', () => {
  let t: TestContext;
  let owner: Session;
  beforeAll(async () => {
    t = await setupTestApp({ API_STATEMENT_TIMEOUT_MS: '500' });
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  it('cancels a request stuck behind a lock with 503 problem+json, and the next one works', async () => {
    const channelId = await createSandboxChannel(t, owner);
    const locker = new pg.Client({ connectionString: t.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM channels WHERE id = $1 FOR UPDATE', [channelId]);
      const started = Date.now();
      const stuck = await t.request('PATCH', `/v1/channels/${channelId}`, {
        token: owner.token,
        accountId: owner.accountId,
        body: { name: 'renamed' },
      });
      expect(stuck.status, stuck.text).toBe(503);
      expect(stuck.headers.get('content-type')).toContain('application/problem+json');
      expect(stuck.body.code).toBe('query_timeout');
      expect(stuck.headers.get('retry-after')).toBe('1');
      expect(Date.now() - started).toBeLessThan(10_000);
      await locker.query('ROLLBACK');
      const after = await t.request('PATCH', `/v1/channels/${channelId}`, {
        token: owner.token,
        accountId: owner.accountId,
        body: { name: 'renamed' },
      });
      expect(after.status, after.text).toBe(200);
      expect(after.body.name).toBe('renamed');
    } finally {
      await locker.end();
    }
  });

  it('applies to the API pool only: workers keep theirs unbounded', async () => {
    const api = await t.runtime.apiDatabase.pool.query('SHOW statement_timeout');
    const workers = await t.runtime.database.pool.query('SHOW statement_timeout');
    expect(api.rows[0].statement_timeout).toBe('500ms');
    expect(workers.rows[0].statement_timeout).toBe('0');
  });

  it('caps JSON bodies at 1 MB with 413', async () => {
    const res = await t.request('POST', '/v1/contacts', {
      token: owner.token,
      accountId: owner.accountId,
      rawBody: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });
});

describe('slow clients', () => {
  let t: TestContext;
  let server: ReturnType<typeof serveApi>;
  let port: number;
  beforeAll(async () => {
    t = await setupTestApp();
    await new Promise<void>((resolve) => {
      server = serveApi(t.app, { port: 0, httpHeadersTimeoutMs: 400, httpRequestTimeoutMs: 800 }, () =>
        resolve(),
      );
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  /** Opens a socket, writes `first`, then one more byte every 100 ms; resolves with what came back when closed. */
  function trickle(first: string, byte: string): Promise<{ answer: string; heldMs: number }> {
    return new Promise((resolve) => {
      const started = Date.now();
      let answer = '';
      const socket: Socket = connect(port, '127.0.0.1', () => socket.write(first));
      const timer = setInterval(() => socket.writable && socket.write(byte), 100);
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, heldMs: Date.now() - started });
      });
      // The test fails (rather than hangs) if the server never closes.
      setTimeout(() => socket.destroy(), 15_000).unref();
    });
  }

  it('closes a connection whose headers never end (408)', async () => {
    const { answer, heldMs } = await trickle('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ', 'a');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(heldMs).toBeLessThan(10_000);
  });

  it('closes a connection whose body never ends (408)', async () => {
    const { answer, heldMs } = await trickle(
      'POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
      ' ',
    );
    expect(answer).toMatch(/HTTP\/1\.1 408/);
    expect(heldMs).toBeLessThan(10_000);
  });

  it('still serves a client that sends promptly', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });
});
