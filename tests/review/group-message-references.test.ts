import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

// Ids in a body must be checked against the caller's account: another tenant's contact is never
// stored on (or echoed by) a broadcast, whatever the fan-out does with it later.

let t: TestContext;
let owner: Session;
let stranger: Session;
let channelId: string;
let mine: string[];
let theirs: string;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Broadcaster' });
  stranger = await signUp(t, { accountName: 'Stranger' });
  channelId = await createSandboxChannel(t, owner);
  mine = [
    (await createContact(t, owner, { phone: '+251911000001' })).id,
    (await createContact(t, owner, { phone: '+251911000002' })).id,
  ];
  theirs = (await createContact(t, stranger, { phone: '+251911000003' })).id;
});
afterAll(() => t.close());

const as = (extra: Record<string, unknown> = {}) => ({
  token: owner.token,
  accountId: owner.accountId,
  ...extra,
});

describe('POST /v1/group-messages', () => {
  it("keeps only the account's own contacts in contact_ids and exclude_contact_ids", async () => {
    const unknown = randomUUID();
    const res = await t.request(
      'POST',
      '/v1/group-messages',
      as({
        body: {
          name: 'Mixed',
          channel_id: channelId,
          message_body: 'Hi',
          contact_ids: [mine[0], theirs, unknown, mine[1]],
          exclude_contact_ids: [theirs, mine[1]],
        },
      }),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.contact_ids).toEqual([mine[0], mine[1]]);
    expect(res.body.exclude_contact_ids).toEqual([mine[1]]);
    expect(res.text).not.toContain(theirs);
    const read = await t.request('GET', `/v1/group-messages/${res.body.id}`, as());
    expect(read.body.contact_ids).toEqual([mine[0], mine[1]]);
  });

  it('answers 422 when only foreign or unknown contacts are left as the audience', async () => {
    const res = await t.request(
      'POST',
      '/v1/group-messages',
      as({
        body: {
          name: 'Foreign',
          channel_id: channelId,
          message_body: 'Hi',
          contact_ids: [theirs, randomUUID()],
        },
      }),
    );
    expect(res.status, res.text).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('contact_group_ids');
  });
});

describe('PATCH /v1/group-messages/{id}', () => {
  it("drops another account's contacts from a draft's lists", async () => {
    const draft = await t.request(
      'POST',
      '/v1/group-messages',
      as({
        body: { name: 'Draft', channel_id: channelId, message_body: 'Hi', contact_ids: [mine[0]] },
      }),
    );
    expect(draft.status, draft.text).toBe(201);
    const res = await t.request(
      'PATCH',
      `/v1/group-messages/${draft.body.id}`,
      as({
        body: { contact_ids: [theirs, mine[1]], exclude_contact_ids: [theirs] },
      }),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.contact_ids).toEqual([mine[1]]);
    expect(res.body.exclude_contact_ids).toEqual([]);
  });
});
