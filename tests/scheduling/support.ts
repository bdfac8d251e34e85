import { expect } from 'vitest';
import { startEventConsumer } from '../../workers/event-consumer.js';
import type { RunningWorker } from '../../workers/index.js';
import { startOutboxRelay } from '../../workers/outbox-relay.js';
import { startScheduler } from '../../workers/scheduler.js';
import { createSandboxChannel, type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';

export const as = (s: Session) => ({ token: s.token, accountId: s.accountId });

/** An ISO instant `ms` from now. */
export const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value other than undefined/false. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export type Tenant = { owner: Session; channelId: string; groupId: string };

/** A signed-up owner with a sandbox channel and a contact group holding one contact. */
export async function createTenant(t: TestContext): Promise<Tenant> {
  const owner = await signUp(t);
  const channelId = await createSandboxChannel(t, owner);
  const group = await t.request('POST', '/v1/contact-groups', { ...as(owner), body: { name: 'Customers' } });
  expect(group.status, group.text).toBe(201);
  const contact = await t.request('POST', '/v1/contacts', {
    ...as(owner),
    body: { name: 'Abebe', phone: '+251911234567' },
  });
  expect(contact.status, contact.text).toBe(201);
  const members = await t.request('POST', `/v1/contact-groups/${group.body.id}/members`, {
    ...as(owner),
    body: { contact_ids: [contact.body.id] },
  });
  expect(members.status, members.text).toBeLessThan(300);
  return { owner, channelId, groupId: group.body.id };
}

/** A single-send schedule body to the sandbox channel; `fields` override. */
export function singleSchedule(tenant: Tenant, fields: Record<string, unknown> = {}) {
  return {
    name: 'Reminder',
    send_type: 'single',
    channel_id: tenant.channelId,
    delivery_address: '+251911234567',
    message_body: 'Your appointment is tomorrow',
    scheduled_at: inMs(3_600_000),
    timezone: 'Africa/Addis_Ababa',
    ...fields,
  };
}

/** Creates a schedule and returns its body (201 expected). */
export async function createSchedule(t: TestContext, owner: Session, body: Record<string, unknown>) {
  const res = await t.request('POST', '/v1/scheduled-messages', { ...as(owner), body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function getSchedule(t: TestContext, owner: Session, id: string) {
  const res = await t.request('GET', `/v1/scheduled-messages/${id}`, as(owner));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** Every run of a schedule, oldest occurrence first. */
export async function listRuns(t: TestContext, owner: Session, id: string): Promise<any[]> {
  const res = await t.request(
    'GET',
    `/v1/scheduled-messages/${id}/runs?sort=occurrence_at:asc&page_size=100`,
    as(owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

/** The messages a schedule created. */
export async function scheduleMessages(t: TestContext, owner: Session, id: string): Promise<any[]> {
  const res = await t.request(
    'GET',
    `/v1/messages?filter=scheduled_message_id:eq:${id}&page_size=100`,
    as(owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

/** Deletes this file's BullMQ keys: Redis here keeps nothing on disk, so a restart looks like this. */
export async function wipeQueueKeys(t: TestContext): Promise<number> {
  const redis = t.runtime.redis;
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.queuePrefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

export type Pipeline = { stop: () => Promise<void> };

/**
 * The parts of the platform a schedule needs to run, in this process: the outbox relay and the
 * event consumer (which arm a schedule's job from its events) on this file's own RabbitMQ vhost.
 */
export async function startEventPipeline(t: TestContext): Promise<Pipeline> {
  const relay = await startOutboxRelay(t.runtime);
  const consumer = await startEventConsumer(t.runtime);
  return {
    async stop() {
      await consumer.close();
      await relay.close();
    },
  };
}

/** A scheduler role on this file's platform; `graceSeconds` overrides SCHEDULE_GRACE_SECONDS. */
export function startTestScheduler(t: TestContext, graceSeconds?: number): Promise<RunningWorker> {
  const config =
    graceSeconds === undefined
      ? t.runtime.config
      : { ...t.runtime.config, scheduleGraceSeconds: graceSeconds };
  return startScheduler({ ...t.runtime, config });
}
