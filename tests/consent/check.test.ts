import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createSandboxChannel } from '../dispatch/support.js';
import { addMember, type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { contactId, optOut } from './support.js';

let t: TestContext;
let owner: Session;
let other: Session;
let viewer: Session;

beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Acme' });
  other = await signUp(t, { accountName: 'Other' });
  viewer = await addMember(t, owner, 'viewer');
});
afterAll(() => t.close());

async function draftBroadcast(body: Record<string, unknown>): Promise<any> {
  const res = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: { name: 'Offer', ...body },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe('POST /v1/group-messages/{id}/check', () => {
  it('reports audience, sendable, skips by reason, missing variables, encoding, segments and a sample, sending nothing', async () => {
    const channel = await createSandboxChannel(t, owner);
    const ann = await contactId(t, owner, { first_name: 'Ann', phone: '+255715000001' });
    const abebe = await contactId(t, owner, { first_name: 'አበበ', phone: '+255715000002' });
    const nameless = await contactId(t, owner, { phone: '+255715000003' });
    const stopped = await contactId(t, owner, { first_name: 'Cy', phone: '+255715000004' });
    const mailOnly = await contactId(t, owner, { first_name: 'Di', email: 'di@example.com' });
    await optOut(t, owner, 'sandbox', '+255715000004');
    const group = await draftBroadcast({
      channel_id: channel.id,
      message_body: 'Hi {FIRST_NAME}, our sale starts today',
      contact_ids: [ann, abebe, nameless, stopped, mailOnly],
      status: 'draft',
    });

    const res = await t.request('POST', `/v1/group-messages/${group.id}/check`, as(viewer));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      recipients: 5,
      sendable: 3,
      skipped_by_reason: { opted_out: 1, no_address: 1 },
      missing_variables: { FIRST_NAME: 1 },
      encoding: 'UCS-2',
      segments_total: 3,
    });
    expect(res.body.sample).toHaveLength(3);
    expect(res.body.sample).toContainEqual({ contact_id: ann, body: 'Hi Ann, our sale starts today' });
    expect(res.body.sample).toContainEqual({ contact_id: abebe, body: 'Hi አበበ, our sale starts today' });
    // Unchanged and unsent: still a draft, no message written.
    const after = await t.request('GET', `/v1/group-messages/${group.id}`, as(owner));
    expect(after.body).toMatchObject({ status: 'draft', total_recipients: 0, sent_count: 0 });
    const messages = await t.request('GET', `/v1/messages?filter=group_message_id:eq:${group.id}`, as(owner));
    expect(messages.body.total).toBe(0);
  });

  it('counts a skip_contact template’s skips and long GSM bodies in segments', async () => {
    const channel = await createSandboxChannel(t, owner);
    const template = await t.request('POST', '/v1/templates', {
      ...as(owner),
      body: { name: 'Code', message_body: `${'x'.repeat(158)} {CODE}`, fallback_strategy: 'skip_contact' },
    });
    expect(template.status, template.text).toBe(201);
    const withCode = await contactId(t, owner, { phone: '+255715000011', attributes: { code: '12345' } });
    const without = await contactId(t, owner, { phone: '+255715000012' });
    const group = await draftBroadcast({
      channel_id: channel.id,
      template_id: template.body.id,
      contact_ids: [withCode, without],
    });
    const res = await t.request('POST', `/v1/group-messages/${group.id}/check`, as(owner));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      recipients: 2,
      sendable: 1,
      skipped_by_reason: { skip_contact: 1 },
      missing_variables: { CODE: 1 },
      encoding: 'GSM-7',
      segments_total: 2,
    });
  });

  it('needs authentication, and answers 404 for another account’s broadcast', async () => {
    const channel = await createSandboxChannel(t, owner);
    const id = await contactId(t, owner, { phone: '+255715000021' });
    const group = await draftBroadcast({ channel_id: channel.id, message_body: 'Hello', contact_ids: [id] });
    expect((await t.request('POST', `/v1/group-messages/${group.id}/check`)).status).toBe(401);
    const foreign = await t.request('POST', `/v1/group-messages/${group.id}/check`, as(other));
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain('Hello');
  });
});
