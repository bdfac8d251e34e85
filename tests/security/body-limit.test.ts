import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApi } from '../../src/http/serve-api.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// The 1 MB body limit as a client meets it over HTTP (Node's server, as `npm start` runs it): decided from Content-Length when the request
// has one, counted while reading when the body is chunked, and out of the way of bodies within it.

describe('the JSON body limit over HTTP', () => {
  let t: TestContext;
  let owner: Session;
  let server: ReturnType<typeof serveApi>;
  let port: number;
  // One kept-alive connection at a time, as a client library keeps them: after a 413 whose body the
  // server did not read, the next request must not land on that dead connection.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  beforeAll(async () => {
    t = await setupTestApp();
    owner = await signUp(t);
    await new Promise<void>((resolve) => {
      server = serveApi(t.app, { port: 0, httpHeadersTimeoutMs: 5_000, httpRequestTimeoutMs: 10_000 }, () =>
        resolve(),
      );
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  /** POSTs `chunks` to /v1/contacts: with a Content-Length, or chunked (no length announced). */
  function post(
    chunks: string[],
    chunked: boolean,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Record<string, unknown> }> {
    const length = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          agent,
          method: 'POST',
          path: '/v1/contacts',
          headers: {
            authorization: `Bearer ${owner.token}`,
            'x-account-id': owner.accountId,
            'content-type': 'application/json',
            ...(chunked ? {} : { 'content-length': String(length) }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            text += d;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
          );
        },
      );
      // The server may answer 413 before reading the rest and close: a write failing then is not a
      // failure here, but a request that gets no answer is.
      const noAnswer = setTimeout(() => reject(new Error('no answer')), 5_000);
      req.on('response', () => clearTimeout(noAnswer));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
  const pieces = (text: string) => text.match(/[\s\S]{1,65536}/g) ?? [];

  it('refuses a body whose Content-Length is over the limit with 413', async () => {
    const res = await post([huge], false);
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(res.body.code).toBe('payload_too_large');
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('refuses a chunked body once it grows over the limit with 413', async () => {
    const res = await post(pieces(huge), true);
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(res.body.code).toBe('payload_too_large');
  });

  it('reads bodies within the limit, with a length or chunked, on the same client after a 413', async () => {
    const withLength = await post([JSON.stringify({ name: 'Ada', phone: '+254711000001' })], false);
    expect(withLength.status).toBe(201);
    expect(withLength.body.name).toBe('Ada');
    // The headers set once the route has answered reach the client.
    expect(withLength.headers['x-request-id']).toMatch(/^[\w-]{8,}$/);
    expect(withLength.headers['ratelimit-limit']).toBeDefined();
    expect(withLength.headers['content-type']).toContain('application/json');
    const chunked = await post(['{"name":"Grace",', '"phone":"+254711000002"}'], true);
    expect(chunked.status).toBe(201);
    expect(chunked.body.name).toBe('Grace');
  });
});
