import { expect } from 'vitest';
import { as } from '../dispatch/support.js';
import type { Session } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';

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
