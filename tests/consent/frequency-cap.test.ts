import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { contactId, expectCountersAddUp } from './support.js';

let env: DispatchTest;
let t: TestContext;
let owner: Session;
let workers: RunningWorker[] = [];
let channel: any;
let template: { id: string };

beforeAll(async () => {
  env = await setupDispatchTest();
  t = env.t;
  owner = await signUp(t, { accountName: 'Acme' });
  channel = await createSandboxChannel(t, owner);
  template = await createTemplate(t, owner, { message_body: 'News' });
  workers = await startRoles(t, ['send']);
});
afterAll(async () => {
  await stopRoles(workers);
  await env?.close();
});

async function setCap(cap: Record<string, unknown> | null): Promise<void> {
  const res = await t.request('PATCH', `/v1/accounts/${owner.accountId}`, {
    ...as(owner),
    body: { consent: { frequency_cap: cap } },
  });
  expect(res.status, res.text).toBe(200);
}

// The send path reads account settings through a cache of 2 s: a change applies after that.
const settingsApply = () => new Promise((resolve) => setTimeout(resolve, 2_500));

/** A broadcast to these contacts, sent to the end; returns the finished group and its messages. */
async function broadcast(recipients: { phone: string; id: string }[]) {
  const group = await seedGroup(env.sql, {
    accountId: owner.accountId,
    channelId: channel.id,
    templateId: template.id,
    recipients: recipients.map((r) => ({ address: r.phone, contactId: r.id })),
  });
  await enqueueBatches(t, owner, channel.id, group);
  const done = await waitFor(async () => {
    const g = await getGroupMessage(t, owner, group.groupId);
    return g.status === 'completed' ? g : undefined;
  }, 'the broadcast to complete');
  expectCountersAddUp(done);
  const statuses = await Promise.all(group.messageIds.map((id) => getMessage(t, owner, id)));
  return { done, statuses };
}

describe('the frequency cap', () => {
  it('skips contacts who had their broadcasts for the day, across broadcasts; singles are not capped', async () => {
    const people = [];
    for (const phone of ['+255716000001', '+255716000002', '+255716000003']) {
      people.push({ phone, id: await contactId(t, owner, { phone }) });
    }
    const [x, y, z] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    await setCap({ per_day: 1 });

    const first = await broadcast([x, y]);
    expect(first.done).toMatchObject({ sent_count: 2, skipped_count: 0 });

    const draft = await t.request('POST', '/v1/group-messages', {
      ...as(owner),
      body: {
        name: 'Check',
        channel_id: channel.id,
        template_id: template.id,
        contact_ids: [x.id, y.id, z.id],
      },
    });
    const check = await t.request('POST', `/v1/group-messages/${draft.body.id}/check`, as(owner));
    expect(check.body).toMatchObject({
      recipients: 3,
      sendable: 1,
      skipped_by_reason: { frequency_capped: 2 },
    });

    const second = await broadcast([x, y, z]);
    expect(second.done).toMatchObject({
      total_recipients: 3,
      sent_count: 1,
      skipped_count: 2,
      pending_count: 0,
    });
    expect(second.statuses.map((m) => [m.contact_id, m.status, m.error_details?.code ?? null])).toEqual([
      [x.id, 'skipped', 'frequency_capped'],
      [y.id, 'skipped', 'frequency_capped'],
      [z.id, 'delivered', null],
    ]);

    // A single (transactional) message still goes out.
    const [single] = await seedSingles(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      addresses: [x.phone],
    });
    await env.sql.query('UPDATE messages SET contact_id = $1 WHERE id = $2', [x.id, single]);
    await enqueueSingles(t, owner, [single!]);
    await waitFor(async () => {
      const m = await getMessage(t, owner, single!);
      return m.status === 'delivered' ? m : undefined;
    }, 'the single message to be delivered');
  });

  it('counts a rolling week: a broadcast two days ago counts for the week, not for the day', async () => {
    const phone = '+255716000010';
    const w = { phone, id: await contactId(t, owner, { phone }) };
    await setCap({ per_day: 1 });
    await broadcast([w]);
    await env.sql.query(
      `UPDATE messages SET sent_at = now() - interval '2 days' WHERE contact_id = $1 AND group_message_id IS NOT NULL`,
      [w.id],
    );
    const dayOnly = await broadcast([w]);
    expect(dayOnly.statuses[0].status).toBe('delivered');

    await setCap({ per_day: null, per_week: 2 });
    await settingsApply();
    const capped = await broadcast([w]);
    expect(capped.statuses[0]).toMatchObject({
      status: 'skipped',
      error_details: { code: 'frequency_capped' },
    });
  });
});

describe('the frequency cap under concurrency', () => {
  it('two broadcasts sending to the same contacts at the same time: with a cap of 1, each contact gets exactly one', async () => {
    // A slow provider keeps sends in flight while the other broadcast's batches are claimed.
    const slow = await createSandboxChannel(t, owner, { name: 'Slow sandbox', config: { delay_ms: 40 } });
    const people: { phone: string; id: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const phone = `+2557170${String(i).padStart(5, '0')}`;
      people.push({ phone, id: await contactId(t, owner, { phone }) });
    }
    await setCap({ per_day: 1, per_week: null });
    await settingsApply();
    // Both broadcasts wait in the queue, then two send processes start at once and take them together.
    await stopRoles(workers);
    const seed = () =>
      seedGroup(env.sql, {
        accountId: owner.accountId,
        channelId: slow.id,
        templateId: template.id,
        recipients: people.map((p) => ({ address: p.phone, contactId: p.id })),
      });
    const a = await seed();
    const b = await seed();
    await enqueueBatches(t, owner, slow.id, a, 4);
    await enqueueBatches(t, owner, slow.id, b, 4);
    workers = [...(await startRoles(t, ['send'])), ...(await startRoles(t, ['send']))];

    const finished = async (groupId: string) =>
      waitFor(async () => {
        const g = await getGroupMessage(t, owner, groupId);
        return ['completed', 'partially_failed', 'failed'].includes(g.status) ? g : undefined;
      }, 'the broadcast to finish');
    const [doneA, doneB] = await Promise.all([finished(a.groupId), finished(b.groupId)]);
    for (const done of [doneA, doneB]) {
      expectCountersAddUp(done);
      expect(done).toMatchObject({ total_recipients: 24, failed_count: 0, pending_count: 0 });
    }
    expect(doneA.sent_count + doneB.sent_count).toBe(24);
    expect(doneA.skipped_count + doneB.skipped_count).toBe(24);

    // Per contact: one delivered message and one skipped with frequency_capped, never two sends.
    const messages = await Promise.all(
      [...a.messageIds, ...b.messageIds].map((id) => getMessage(t, owner, id)),
    );
    for (const person of people) {
      const theirs = messages.filter((m) => m.contact_id === person.id);
      expect(theirs.map((m) => m.status).sort(), person.phone).toEqual(['delivered', 'skipped']);
      expect(theirs.find((m) => m.status === 'skipped').error_details.code).toBe('frequency_capped');
    }
  });
});
