import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import {
  as,
  createSandboxChannel,
  createTemplate,
  type DispatchTest,
  enqueueBatches,
  enqueueSingles,
  getGroupMessage,
  getMessage,
  seedGroup,
  seedSingles,
  setupDispatchTest,
  startRoles,
  stopRoles,
  waitFor,
} from '../dispatch/support.js';
import { type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import { contactId, expectCountersAddUp, optOut } from './support.js';

let env: DispatchTest;
let t: TestContext;
let owner: Session;
let workers: RunningWorker[] = [];

beforeAll(async () => {
  env = await setupDispatchTest();
  t = env.t;
  owner = await signUp(t, { accountName: 'Acme' });
});
afterEach(async () => {
  await stopRoles(workers);
  workers = [];
});
afterAll(async () => {
  await env?.close();
});

describe('the send path and the opt-out registry', () => {
  it('skips an opted-out recipient of a broadcast (opted_out, counted, never sent) and sends the rest', async () => {
    const channel = await createSandboxChannel(t, owner);
    const template = await createTemplate(t, owner, { message_body: 'Sale today' });
    const phones = ['+255714000001', '+255714000002', '+255714000003'];
    const ids = await Promise.all(phones.map((phone) => contactId(t, owner, { phone })));
    await optOut(t, owner, 'sandbox', phones[1]!);
    // An opt-out on another channel type does not apply here.
    await optOut(t, owner, 'sms', phones[2]!);
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones.map((address, i) => ({ address, contactId: ids[i]! })),
    });
    workers = await startRoles(t, ['send']);
    await enqueueBatches(t, owner, channel.id, group);
    const done = await waitFor(async () => {
      const g = await getGroupMessage(t, owner, group.groupId);
      return g.status === 'completed' ? g : undefined;
    }, 'the broadcast to complete');
    expect(done).toMatchObject({ total_recipients: 3, sent_count: 2, skipped_count: 1, pending_count: 0 });
    expectCountersAddUp(done);
    const skipped = await getMessage(t, owner, group.messageIds[1]!);
    expect(skipped).toMatchObject({
      status: 'skipped',
      attempts: 0,
      provider_message_id: null,
      error_details: { code: 'opted_out' },
    });
    expect((await getMessage(t, owner, group.messageIds[2]!)).status).toBe('delivered');
  });

  it('skips a single message to an opted-out address, and sends again once the opt-out is removed', async () => {
    const channel = await createSandboxChannel(t, owner);
    await optOut(t, owner, 'sandbox', '+255714000009');
    workers = await startRoles(t, ['send']);
    const [first] = await seedSingles(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      addresses: ['+255714000009'],
    });
    await enqueueSingles(t, owner, [first!]);
    const skipped = await waitFor(async () => {
      const m = await getMessage(t, owner, first!);
      return m.status === 'skipped' ? m : undefined;
    }, 'the single to be skipped');
    expect(skipped).toMatchObject({
      attempts: 0,
      provider_message_id: null,
      error_details: { code: 'opted_out' },
    });

    const list = await t.request('GET', '/v1/opt-outs?filter=address:eq:%2B255714000009', as(owner));
    const removed = await t.request('DELETE', `/v1/opt-outs/${list.body.items[0].id}`, as(owner));
    expect(removed.status).toBe(204);
    const [second] = await seedSingles(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      addresses: ['+255714000009'],
    });
    await enqueueSingles(t, owner, [second!]);
    await waitFor(async () => {
      const m = await getMessage(t, owner, second!);
      return m.status === 'delivered' ? m : undefined;
    }, 'the single to be delivered after the opt-in');
  });
});
