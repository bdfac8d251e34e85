import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../providers/http/client.js';
import { retryAfterMs } from '../../providers/http/error-table.js';
import { isPrivateAddress } from '../../providers/http/private-hosts.js';
import { ProviderError } from '../../src/errors.js';

let server: Server;
let base: string;
let connections = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url === '/hang') return; // never answers
    if (req.url === '/reset') return void req.socket.destroy();
    if (req.url === '/big') {
      res.end('x'.repeat(3 * 1024 * 1024));
      return;
    }
    if (req.url === '/streamed') {
      // No Content-Length: the size shows only while reading.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(600, 1));
      res.end(Buffer.alloc(600, 2));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-echo': req.headers['x-test'] ?? '' });
    res.end(JSON.stringify({ path: req.url }));
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (options: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ providerName: 'Peer', baseUrl: base, allowPrivateHosts: true, ...options });

const failure = async (work: Promise<unknown>): Promise<ProviderError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
};

describe('the provider HTTP client', () => {
  it('joins paths to the base URL and returns any answer with lower-case headers', async () => {
    const http = client({ baseUrl: `${base}/api/` });
    const res = await http.send({ method: 'GET', url: '/v1/thing?x=1', headers: { 'x-test': 'yes' } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ path: '/api/v1/thing?x=1' });
    expect(res.headers['x-echo']).toBe('yes');
    await http.close();
  });

  it('keeps connections alive across calls', async () => {
    const http = client();
    const before = connections;
    for (let i = 0; i < 20; i++) await http.send({ method: 'GET', url: '/' });
    // undici may open a second socket while the first is being handed back; never one per call.
    expect(connections - before).toBeGreaterThanOrEqual(1);
    expect(connections - before).toBeLessThanOrEqual(2);
    await http.close();
  });

  it('turns a call that outlives its deadline into a retryable provider_timeout', async () => {
    const http = client({ timeoutMs: 200 });
    const error = await failure(http.send({ method: 'GET', url: '/hang' }));
    expect(error).toMatchObject({ code: 'provider_timeout', retryable: true });
    await http.close();
  });

  it('never writes a call whose deadline passed while it waited for a socket', async () => {
    // One socket, held by a call that is never answered: the second call waits in the pool, its
    // deadline passes there, and when the first call's deadline frees the socket it is not sent.
    const http = client({ connections: 1 });
    const held = failure(http.send({ method: 'GET', url: '/hang', timeoutMs: 400 }));
    const queued = failure(http.send({ method: 'POST', url: '/queued', body: 'x', timeoutMs: 100 }));
    expect(await queued).toMatchObject({ code: 'provider_timeout', retryable: true });
    expect(await held).toMatchObject({ code: 'provider_timeout' });
    // The pool is usable again and the queued call never reached the server.
    expect((await http.send({ method: 'GET', url: '/after' })).status).toBe(200);
    expect(seen).toContain('/after');
    expect(seen).not.toContain('/queued');
    await http.close();
  });

  it('cuts a download at its limit, announced or seen while reading', async () => {
    const http = client();
    const announced = await http.download(`${base}/big`, 1_000);
    expect(announced).toMatchObject({ status: 200, tooLarge: true });
    expect(announced.body.length).toBe(0);
    const streamed = await http.download(`${base}/streamed`, 1_000);
    expect(streamed.tooLarge).toBe(true);
    expect(streamed.body.length).toBe(1_000);
    expect(streamed.body[999]).toBe(2);
    const whole = await http.download(`${base}/streamed`, 1_200);
    expect(whole).toMatchObject({ tooLarge: false });
    expect(whole.body.length).toBe(1_200);
    await http.close();
  });

  it('turns a reset and a refused connection into retryable connection failures', async () => {
    const http = client();
    expect(await failure(http.send({ method: 'GET', url: '/reset' }))).toMatchObject({
      code: 'provider_connection_failed',
      retryable: true,
    });
    const closed = new HttpClient({
      providerName: 'Peer',
      baseUrl: 'http://127.0.0.1:1',
      allowPrivateHosts: true,
    });
    expect(await failure(closed.send({ method: 'GET', url: '/' }))).toMatchObject({
      code: 'provider_connection_failed',
    });
    await Promise.all([http.close(), closed.close()]);
  });

  it('refuses private hosts unless PROVIDER_PRIVATE_HOSTS allows them, by address and by name', async () => {
    for (const url of [base, base.replace('127.0.0.1', 'localhost')]) {
      const http = new HttpClient({ providerName: 'Peer', baseUrl: url, allowPrivateHosts: false });
      const error = await failure(http.send({ method: 'GET', url: '/' }));
      expect(error).toMatchObject({ code: 'host_not_allowed', retryable: false });
      await http.close();
    }
    expect(
      ['127.0.0.1', '10.1.2.3', '169.254.169.254', '192.168.0.1', '::1', '::ffff:127.0.0.1', 'fd00::1'].map(
        isPrivateAddress,
      ),
    ).toEqual([true, true, true, true, true, true, true]);
    expect(['8.8.8.8', '2001:4860:4860::8888'].map(isPrivateAddress)).toEqual([false, false]);
  });

  it('cuts a huge answer instead of holding it all', async () => {
    const http = client();
    const res = await http.send({ method: 'GET', url: '/big' });
    expect(res.text.length).toBe(1024 * 1024);
    await http.close();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after': '3' })).toBe(3_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5_000);
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
  });
});
