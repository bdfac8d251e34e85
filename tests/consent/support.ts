import { expect } from 'vitest';
import { as, waitFor } from '../dispatch/support.js';
import type { Session } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import { startTestScheduler } from '../scheduling/support.js';

/** `sent + failed + skipped + cancelled + pending = total`, as the contract requires at every read. */
export function expectCountersAddUp(group: any) {
  const { total_recipients, sent_count, failed_count, skipped_count, cancelled_count, pending_count } = group;
  expect(sent_count + failed_count + skipped_count + cancelled_count + pending_count).toBe(total_recipients);
}

/** A contact with these fields, created over the API; returns its id. */
export async function contactId(
  t: TestContext,
  owner: Session,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await t.request('POST', '/v1/contacts', { ...as(owner), body });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** An opt-out recorded over the API. */
export async function optOut(t: TestContext, owner: Session, channelType: string, address: string) {
  const res = await t.request('POST', '/v1/opt-outs', {
    ...as(owner),
    body: { channel_type: channelType, address },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/**
 * Runs a group schedule once, a second from now, to `contactIds` (through a contact group made for
 * it), with a scheduler of its own; returns the schedule and the broadcast its run created.
 */
export async function runGroupSchedule(
  t: TestContext,
  owner: Session,
  channelId: string,
  contactIds: string[],
  fields: Record<string, unknown> = {},
): Promise<{ schedule: any; broadcast: any }> {
  const members = await t.request('POST', '/v1/contact-groups', { ...as(owner), body: { name: 'Audience' } });
  expect(members.status, members.text).toBe(201);
  const added = await t.request('POST', `/v1/contact-groups/${members.body.id}/members`, {
    ...as(owner),
    body: { contact_ids: contactIds },
  });
  expect(added.status, added.text).toBeLessThan(300);
  const scheduler = await startTestScheduler(t);
  try {
    const schedule = await t.request('POST', '/v1/scheduled-messages', {
      ...as(owner),
      body: {
        name: 'Scheduled news',
        send_type: 'group',
        channel_id: channelId,
        contact_group_ids: [members.body.id],
        message_body: 'News',
        scheduled_at: new Date(Date.now() + 1_000).toISOString(),
        timezone: 'Africa/Nairobi',
        ...fields,
      },
    });
    expect(schedule.status, schedule.text).toBe(201);
    const broadcast = await waitFor(async () => {
      const list = await t.request(
        'GET',
        `/v1/group-messages?filter=scheduled_message_id:eq:${schedule.body.id}`,
        as(owner),
      );
      return list.body.items?.[0];
    }, 'the schedule’s broadcast');
    return { schedule: schedule.body, broadcast };
  } finally {
    await scheduler.close();
  }
}
