import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specFor } from '../../channels/support.js';
import { createApiKey, createContact, type Session, signUp } from '../../helpers/factories.js';
import { setupTestApp, type TestContext } from '../../helpers/harness.js';
import { anyJson, bodyFor, type Components, hostileString, type SchemaNode } from './openapi-arbitraries.js';
import { type OpenApiDocument, responseChecker } from './response-schemas.js';

// Walks every operation of /openapi.json and sends generated inputs, valid and hostile (wrong
// types, huge strings, unicode, nulls, extra fields, another tenant's ids, missing and forged
// auth). Whatever comes in: no 5xx, no answer other than the document declares for its operation
// and status, no byte of the other tenant's data, no secret in any body.
// FUZZ_REQUESTS sets the budget: a few thousand in CI, many more with `npm run fuzz`.

const BUDGET = Number(process.env.FUZZ_REQUESTS ?? 3000);
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
// Routes that end the fuzzer's own session or never finish: skipped, and covered by their own tests.
const SKIPPED = [/logout/, /password/, /\/events\/stream/, /sessions/];

type Parameter = { name: string; in: 'path' | 'query' | 'header'; schema?: SchemaNode };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: SchemaNode }> };
};
type Document = { paths: Record<string, Record<string, Operation>>; components?: Components };

let t: TestContext;
let doc: Document;
let mine: Session;
let myKey: string;
let other: Session;
/** Strings of the other tenant that must never reach this tenant: ids, names, addresses, secrets. */
const theirs: string[] = [];
/** This tenant's own ids: paths that name them reach the operation's success answers too. */
const myIds: string[] = [];
/** Secrets of this tenant's own channel: never in any response either. */
const mySecrets: string[] = [];

async function seedTenant(session: Session, marker: string, secrets: string[]): Promise<string[]> {
  const auth = { token: session.token, accountId: session.accountId };
  const spec = specFor('twilio');
  secrets.push(...spec.secrets);
  const channel = await t.request('POST', '/v1/channels', {
    ...auth,
    body: {
      name: `${marker}-channel`,
      channel_type: 'sms',
      provider: 'twilio',
      credentials: spec.credentials,
      config: spec.config,
    },
  });
  expect(channel.status, channel.text).toBe(201);
  const sandbox = await t.request('POST', '/v1/channels', {
    ...auth,
    body: { name: `${marker}-sandbox`, channel_type: 'sandbox' },
  });
  const contact = await createContact(t, session, {
    name: `${marker}-contact`,
    email: `${marker}@example.org`,
    phone: '+14155550199',
  });
  const template = await t.request('POST', '/v1/templates', {
    ...auth,
    body: { name: `${marker}-template`, message_body: `${marker} body {NAME}` },
  });
  const group = await t.request('POST', '/v1/contact-groups', { ...auth, body: { name: `${marker}-group` } });
  const message = await t.request('POST', '/v1/messages', {
    ...auth,
    body: { channel_id: sandbox.body.id, contact_id: contact.id, message_body: `${marker} message` },
  });
  const broadcast = await t.request('POST', '/v1/group-messages', {
    ...auth,
    body: {
      name: `${marker}-broadcast`,
      channel_id: sandbox.body.id,
      template_id: template.body.id,
      contact_group_ids: [group.body.id],
      contact_ids: [contact.id],
    },
  });
  const schedule = await t.request('POST', '/v1/scheduled-messages', {
    ...auth,
    body: {
      name: `${marker}-schedule`,
      send_type: 'single',
      channel_id: sandbox.body.id,
      contact_id: contact.id,
      message_body: `${marker} reminder`,
      scheduled_at: '2099-06-01T09:00:00Z',
      is_recurring: true,
      recurrence_rule: 'daily',
    },
  });
  const person = await t.request('POST', '/v1/persons', { ...auth, body: { name: `${marker}-person` } });
  const optOut = await t.request('POST', '/v1/opt-outs', {
    ...auth,
    body: { channel_type: 'email', address: `${marker}-out@example.org` },
  });
  return [
    channel.body.id,
    sandbox.body.id,
    contact.id,
    template.body.id,
    group.body.id,
    message.body.id,
    broadcast.body.id,
    schedule.body.id,
    person.body.id,
    optOut.body.id,
  ].filter(Boolean);
}

beforeAll(async () => {
  t = await setupTestApp();
  doc = (await t.request<Document>('GET', '/openapi.json')).body;
  mine = await signUp(t);
  other = await signUp(t);
  myKey = await createApiKey(t, mine, 'admin');
  const marker = `zq${randomBytes(6).toString('hex')}`;
  const ids = await seedTenant(other, marker, theirs);
  theirs.push(marker, other.accountId, other.email, ...ids);
  myIds.push(...(await seedTenant(mine, `me${randomBytes(4).toString('hex')}`, mySecrets)));
}, 60_000);
afterAll(() => t.close());

function operations() {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .filter(() => !SKIPPED.some((pattern) => pattern.test(path)))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

type Auth = { token?: string; accountId?: string; label: string };

function authArbitrary(): fc.Arbitrary<Auth> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant({ token: mine.token, accountId: mine.accountId, label: 'mine' }) },
    { weight: 2, arbitrary: fc.constant({ token: myKey, label: 'my key' }) },
    { weight: 1, arbitrary: fc.constant({ label: 'none' }) },
    // My token with the other tenant's account header: never their data.
    {
      weight: 1,
      arbitrary: fc.constant({ token: mine.token, accountId: other.accountId, label: 'header of theirs' }),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constant(`${mine.token.split('.').slice(0, 2).join('.')}.forged`),
          fc.constant('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
          // Headers carry bytes: what a client's UTF-8 looks like on the wire, without control characters.
          hostileString.map(
            (s) =>
              `tk_${Buffer.from(s, 'utf8')
                .toString('latin1')
                .split('')
                .filter((ch) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f)
                .join('')}`,
          ),
        )
        .map((token) => ({ token, accountId: mine.accountId, label: 'forged' })),
    },
  );
}

/** What the server reads from a percent-encoded path or query (the text a 404 may quote back). */
function sent(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replaceAll('+', ' '));
  } catch {
    return encoded;
  }
}

/** Every byte percent-encoded, as on the wire (a lone surrogate becomes U+FFFD's bytes). */
function percentEncoded(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

function pathArbitrary(path: string): fc.Arbitrary<string> {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return fc.constant(path);
  const idValue = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...theirs.filter((v) => /^[0-9a-f-]{36}$/.test(v))) },
    { weight: 2, arbitrary: fc.constantFrom(...myIds) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: hostileString.map((s) => s.slice(0, 300)) },
  );
  return fc
    .tuple(...names.map(() => idValue))
    .map((values) => names.reduce((p, name, i) => p.replace(`{${name}}`, percentEncoded(values[i]!)), path));
}

/** Whether `url`, once normalised as a server reads it, still matches the path template. */
function addresses(template: string, url: string): boolean {
  const pattern = template.replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(new URL(url, 'http://fuzz').pathname);
}

function queryArbitrary(params: Parameter[]): fc.Arbitrary<string> {
  const query = params.filter((p) => p.in === 'query');
  if (query.length === 0) return fc.constant('');
  return fc
    .array(
      fc.tuple(
        fc.constantFrom(...query.map((p) => p.name)),
        fc.oneof(
          hostileString,
          anyJson.map((v) => JSON.stringify(v) ?? ''),
          fc.constant('name:eq:x'),
        ),
      ),
      { maxLength: 3 },
    )
    .map((pairs) =>
      pairs.length ? `?${new URLSearchParams(pairs.map(([k, v]) => [k, v.slice(0, 2000)]))}` : '',
    );
}

describe('fuzzing every operation of /openapi.json', () => {
  it('holds answers to the documented status, content type and schema', () => {
    const check = responseChecker(doc as unknown as OpenApiDocument);
    const json = 'application/json';
    const page = { items: [], total: 0, total_is_estimate: false, page: 1, page_size: 20 };
    expect(check('GET', '/v1/contacts', 200, json, JSON.stringify(page))).toBeNull();
    expect(check('GET', '/v1/contacts', 200, json, JSON.stringify({ ...page, total: 'many' }))).toMatch(
      /body\/total must be integer/,
    );
    expect(check('GET', '/v1/contacts', 200, json, JSON.stringify({ items: [{ id: 'x' }] }))).toMatch(
      /must have required property/,
    );
    expect(check('GET', '/v1/contacts', 200, 'text/html', '<p>')).toMatch(/content type "text\/html"/);
    expect(check('GET', '/v1/contacts', 418, json, '{}')).toMatch(/status 418 is not documented/);
  });

  it(
    `answers ${BUDGET} generated requests without a 5xx, an undocumented answer, a leak of another tenant or a secret`,
    async () => {
      const ops = operations();
      const checkResponse = responseChecker(doc as unknown as OpenApiDocument);
      // The first way each operation and status differs from the document, reported all at once.
      const mismatches = new Map<string, string>();
      expect(ops.length).toBeGreaterThan(50);
      const perOperation = Math.max(3, Math.ceil(BUDGET / ops.length));
      const statuses = new Map<number, number>();
      for (const { method, path, op } of ops) {
        const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
        await fc.assert(
          fc.asyncProperty(
            authArbitrary(),
            pathArbitrary(path),
            queryArbitrary(op.parameters ?? []),
            method === 'GET' || method === 'DELETE'
              ? fc.constant(undefined)
              : bodyFor(jsonSchema, doc.components ?? {}),
            async (auth, url, query, body) => {
              const res = await t.request(method, `${url}${query}`, {
                ...(auth.token ? { token: auth.token } : {}),
                ...(auth.accountId ? { accountId: auth.accountId } : {}),
                ...(body !== undefined ? { rawBody: JSON.stringify(body) ?? 'null' } : {}),
              });
              statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
              const where = `${method} ${url}${query} as ${auth.label}`;
              expect(res.status, `${where}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
              // A path value that is empty or a dot segment ("%2E") makes another path, the router's
              // 404: that answer is not this operation's.
              const mismatch = addresses(path, url)
                ? checkResponse(method, path, res.status, res.headers.get('content-type'), res.text)
                : null;
              const operation = `${method} ${path} → ${res.status}`;
              if (mismatch && !mismatches.has(operation))
                mismatches.set(operation, `${mismatch} (${where}: ${res.text.slice(0, 200)})`);
              // Their ids may come back only where we sent them (a 404 naming the path we asked for).
              for (const value of theirs) {
                if (
                  sent(url).includes(value) ||
                  sent(query).includes(value) ||
                  JSON.stringify(body ?? '').includes(value)
                )
                  continue;
                expect(res.text.includes(value), `${where} leaked another tenant's ${value}`).toBe(false);
              }
              for (const secret of mySecrets)
                expect(res.text.includes(secret), `${where} showed a secret`).toBe(false);
            },
          ),
          { numRuns: perOperation, endOnFailure: true },
        );
      }
      expect(
        [...mismatches].map(([operation, mismatch]) => `${operation}: ${mismatch}`),
        'answers that differ from /openapi.json',
      ).toEqual([]);
      // The run exercised more than the auth wall: successes and validation failures both happened.
      expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
      expect([...statuses.keys()].some((s) => s === 400 || s === 422)).toBe(true);
      // No secret and no other tenant's data in the log lines either.
      const log = t.logLines.join('\n');
      for (const secret of [...mySecrets, ...theirs.filter((v) => v.includes('@'))])
        expect(log.includes(secret)).toBe(false);
    },
    Math.max(120_000, BUDGET * 200),
  );
});
