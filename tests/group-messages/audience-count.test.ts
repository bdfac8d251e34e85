import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  apiKeyWithPermissions,
  createContact,
  createSandboxChannel,
  type Session,
  signUp,
} from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let owner: Session;
let other: Session;
const as = (s: Session) => ({ token: s.token, accountId: s.accountId });

const group = async (session: Session, name: string, members: string[]) => {
  const created = await t.request('POST', '/v1/contact-groups', { ...as(session), body: { name } });
  await t.request('POST', `/v1/contact-groups/${created.body.id}/members`, {
    ...as(session),
    body: { contact_ids: members },
  });
  return created.body.id as string;
};

const count = (body: Record<string, unknown>, session = owner) =>
  t.request('POST', '/v1/group-messages/audience', { ...as(session), body });

let contacts: string[];
let customers: string;
let vips: string;
let foreignGroup: string;
let foreignContact: string;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Counting' });
  other = await signUp(t, { accountName: 'Elsewhere' });
  contacts = [];
  for (let i = 0; i < 6; i++)
    contacts.push((await createContact(t, owner, { phone: `+25191100000${i}` })).id);
  customers = await group(owner, 'Customers', contacts.slice(0, 4));
  vips = await group(owner, 'VIPs', contacts.slice(2, 5));
  foreignContact = (await createContact(t, other, { phone: '+251911999999' })).id;
  foreignGroup = await group(other, 'Theirs', [foreignContact]);
});
afterAll(async () => {
  await t.close();
});

describe('POST /v1/group-messages/audience', () => {
  it('counts groups and listed contacts once each, minus the exclusions', async () => {
    // Customers: 0-3, VIPs: 2-4; the union is 0-4.
    expect((await count({ contact_group_ids: [customers, vips] })).body).toEqual({ recipients: 5 });
    // Contact 5 is new, contact 1 is already a customer.
    const listed = await count({ contact_group_ids: [customers], contact_ids: [contacts[5], contacts[1]] });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.recipients).toBe(5);
    // Excluding a member of both groups and a listed contact.
    const excluded = await count({
      contact_group_ids: [customers, vips],
      contact_ids: [contacts[5]],
      exclude_contact_ids: [contacts[3], contacts[5]],
    });
    expect(excluded.body.recipients).toBe(4);
    expect((await count({})).body.recipients).toBe(0);
  });

  it("agrees with the pre-send check of a draft with the same audience (the fan-out's own reader)", async () => {
    const channelId = await createSandboxChannel(t, owner);
    const audience = {
      contact_group_ids: [customers, vips],
      contact_ids: [contacts[5], contacts[2]],
      exclude_contact_ids: [contacts[0]],
    };
    const counted = await count(audience);
    const draft = await t.request('POST', '/v1/group-messages', {
      ...as(owner),
      body: { name: 'Same', channel_id: channelId, message_body: 'Hello', ...audience },
    });
    expect(draft.status, draft.text).toBe(201);
    const check = await t.request('POST', `/v1/group-messages/${draft.body.id}/check`, as(owner));
    expect(check.status, check.text).toBe(200);
    expect(counted.body.recipients).toBe(5);
    expect(check.body.recipients).toBe(counted.body.recipients);
  });

  it("counts nothing of another account's groups or contacts", async () => {
    const res = await count({ contact_group_ids: [foreignGroup], contact_ids: [foreignContact] });
    expect(res.body.recipients).toBe(0);
    // Their own audience, counted by them.
    expect((await count({ contact_group_ids: [foreignGroup] }, other)).body.recipients).toBe(1);
  });

  it('takes thousands of listed contacts in the body', async () => {
    const many = Array.from({ length: 10_000 }, () => crypto.randomUUID());
    const res = await count({ contact_ids: [...many.slice(0, 9_999), contacts[0]] });
    expect(res.status, res.text).toBe(200);
    // Ids that are no contact of the account count for nothing.
    expect(res.body.recipients).toBe(1);
    const tooMany = await count({ contact_ids: [...many, contacts[0]] });
    expect(tooMany.status).toBe(422);
  });

  it('refuses malformed ids and unknown fields, and callers who cannot read broadcasts', async () => {
    expect((await count({ contact_ids: ['nope'] })).status).toBe(422);
    expect((await count({ groups: [customers] })).status).toBe(422);
    // Read access is enough (the pre-send check shows the same figure).
    const viewer = await addMember(t, owner, 'viewer');
    expect((await count({ contact_group_ids: [customers] }, viewer)).body).toEqual({ recipients: 4 });
    const key = await apiKeyWithPermissions(t, owner, 'contact reader', ['contacts:read']);
    const refused = await t.request('POST', '/v1/group-messages/audience', {
      token: key,
      body: { contact_group_ids: [customers] },
    });
    expect(refused.status).toBe(403);
    expect((await t.request('POST', '/v1/group-messages/audience', { body: {} })).status).toBe(401);
  });
});
