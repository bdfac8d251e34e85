import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Admission control: an API process serves at most API_MAX_IN_FLIGHT requests under /v1 at once and
// answers the rest 503 `overloaded` at once, rather than holding them without bound.

let t: TestContext;
let owner: Session;

beforeAll(async () => {
  t = await setupTestApp({ API_MAX_IN_FLIGHT: '2' });
  owner = await signUp(t, { accountName: 'Admission' });
});
afterAll(async () => {
  await t?.close();
});

let phone = 0;
/** A request whose body arrives only when `finish` is called: it stays in progress until then. */
function slowCreate() {
  phone += 1;
  const number = `+25571200000${phone}`;
  let finish!: () => void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"name":"Slow'));
      finish = () => {
        controller.enqueue(new TextEncoder().encode(` sender","phone":"${number}"}`));
        controller.close();
      };
    },
  });
  const response = t.app.request(
    '/v1/contacts',
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${owner.token}`,
        'x-account-id': owner.accountId,
      },
      body,
      duplex: 'half',
    } as RequestInit,
    { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
  );
  return { response: Promise.resolve(response), finish };
}

const listContacts = () =>
  t.request('GET', '/v1/contacts', { token: owner.token, accountId: owner.accountId });

describe('admission control', () => {
  it('answers 503 overloaded past API_MAX_IN_FLIGHT, serves the held requests, then takes new ones', async () => {
    const held = [slowCreate(), slowCreate()];
    // Let both reach the route and wait for their bodies.
    await new Promise((r) => setTimeout(r, 100));

    const refused = await listContacts();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 503, code: 'overloaded' });
    // Outside /v1 nothing is counted: health and metrics still answer. Nor are providers' webhooks
    // (a refused receipt may never come again): an unknown channel's answers 404, not 503.
    expect((await t.request('GET', '/healthz')).status).toBe(200);
    const webhook = await t.request('POST', `/v1/webhooks/twilio/${owner.accountId}`, {
      rawBody: 'MessageSid=SM1&MessageStatus=delivered',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(webhook.status).not.toBe(503);
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toMatch(/^turumba_http_requests_shed_total 1$/m);

    for (const h of held) h.finish();
    const answered = await Promise.all(held.map((h) => h.response));
    expect(answered.map((r) => r.status)).toEqual([201, 201]);

    const served = await listContacts();
    expect(served.status).toBe(200);
    expect(served.body.items).toHaveLength(2);
  });

  it('documents the 503 on /v1 operations', async () => {
    const document = (await t.request('GET', '/openapi.json')).body;
    expect(document.paths['/v1/contacts'].get.responses['503']).toEqual({
      $ref: '#/components/responses/Overloaded',
    });
    expect(document.components.responses.Overloaded.description).toMatch(/API_MAX_IN_FLIGHT/);
    // The live stream is long by nature and not counted, nor are providers' webhooks.
    expect(document.paths['/v1/events/stream'].get.responses['503']).toBeUndefined();
    const webhooks = Object.keys(document.paths).filter((path) => path.startsWith('/v1/webhooks/'));
    expect(webhooks.length).toBeGreaterThan(0);
    for (const path of webhooks) {
      for (const operation of Object.values(document.paths[path]) as { responses?: object }[]) {
        expect(operation.responses ?? {}).not.toHaveProperty('503');
      }
    }
  });
});
