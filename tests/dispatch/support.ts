import pg from 'pg';
import { expect } from 'vitest';
import { JOBS } from '../../src/queues/catalog.js';
import { ROLE_STARTERS, type RunningWorker } from '../../workers/index.js';
import { createVhost } from '../events/broker.js';
import type { Session } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

export { waitFor } from '../events/broker.js';

export const as = (s: Session) => ({ token: s.token, accountId: s.accountId });

export type DispatchTest = { t: TestContext; sql: pg.Client; close: () => Promise<void> };

/**
 * This file's platform with a RabbitMQ vhost of its own (the relay and the event consumer run here,
 * and files running in parallel would otherwise take each other's `message_dispatch` deliveries),
 * and a plain SQL client for seeding what a fan-out would have written.
 */
export async function setupDispatchTest(env: Record<string, string> = {}): Promise<DispatchTest> {
  const vhost = await createVhost();
  const t = await setupTestApp({ AMQP_URL: vhost.url(), ...env });
  const sql = new pg.Client({ connectionString: t.databaseUrl });
  await sql.connect();
  return {
    t,
    sql,
    async close() {
      await sql.end();
      await t.close();
      await vhost.remove();
    },
  };
}

/** Starts worker roles in-process with the file's runtime; close them with `stopRoles`. */
export async function startRoles(
  t: TestContext,
  roles: ('outbox-relay' | 'event-consumer' | 'send')[],
): Promise<RunningWorker[]> {
  const started: RunningWorker[] = [];
  for (const role of roles) started.push(await ROLE_STARTERS[role](t.runtime));
  return started;
}

export async function stopRoles(workers: RunningWorker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.close()));
}

/** A sandbox channel created over the API. */
export async function createSandboxChannel(
  t: TestContext,
  owner: Session,
  fields: Record<string, unknown> = {},
): Promise<any> {
  const res = await t.request('POST', '/v1/channels', {
    ...as(owner),
    body: {
      name: 'Sandbox',
      channel_type: 'sandbox',
      provider: 'sandbox',
      credentials: {},
      config: {},
      ...fields,
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** PATCHes a channel over the API. */
export async function patchChannel(
  t: TestContext,
  owner: Session,
  id: string,
  body: Record<string, unknown>,
) {
  const res = await t.request('PATCH', `/v1/channels/${id}`, { ...as(owner), body });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** POST /v1/messages. */
export async function sendMessage(
  t: TestContext,
  owner: Session,
  body: Record<string, unknown>,
): Promise<any> {
  const res = await t.request('POST', '/v1/messages', { ...as(owner), body });
  expect(res.status, res.text).toBe(202);
  return res.body;
}

export async function getMessage(t: TestContext, owner: Session, id: string): Promise<any> {
  const res = await t.request('GET', `/v1/messages/${id}`, as(owner));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export async function getGroupMessage(t: TestContext, owner: Session, id: string): Promise<any> {
  const res = await t.request('GET', `/v1/group-messages/${id}`, as(owner));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export type SeededGroup = { groupId: string; messageIds: string[] };

/**
 * A broadcast as the fan-out leaves it: the group (fan-out finished, total set) and one `queued`
 * message per recipient, in SQL; bodies are rendered by the send worker from `templateId`.
 */
export async function seedGroup(
  sql: pg.Client,
  options: {
    accountId: string;
    channelId: string;
    templateId: string;
    recipients: { address: string; contactId?: string }[];
    status?: string;
  },
): Promise<SeededGroup> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO group_messages (account_id, name, channel_id, template_id, status, total_recipients,
       fanout_completed_at, started_at)
     VALUES ($1, 'Broadcast', $2, $3, $4, $5, now(), now()) RETURNING id`,
    [
      options.accountId,
      options.channelId,
      options.templateId,
      options.status ?? 'processing',
      options.recipients.length,
    ],
  );
  const groupId = rows[0]!.id;
  const inserted = await sql.query<{ id: string }>(
    `INSERT INTO messages (account_id, channel_id, group_message_id, template_id, contact_id, delivery_address,
       status, queued_at)
     SELECT $1, $2, $3, $4, r.contact_id, r.address, 'queued', now()
     FROM unnest($5::text[], $6::uuid[]) WITH ORDINALITY AS r(address, contact_id, n)
     ORDER BY r.n
     RETURNING id`,
    [
      options.accountId,
      options.channelId,
      groupId,
      options.templateId,
      options.recipients.map((r) => r.address),
      options.recipients.map((r) => r.contactId ?? null),
    ],
  );
  return { groupId, messageIds: inserted.rows.map((r) => r.id) };
}

/** Enqueues a seeded group's messages as `send-batch` jobs of `size`, as the fan-out does. */
export async function enqueueBatches(
  t: TestContext,
  owner: Session,
  channelId: string,
  group: SeededGroup,
  size = 100,
): Promise<void> {
  for (let i = 0; i < group.messageIds.length; i += size) {
    await t.runtime.queues.enqueue('send-batch', {
      groupMessageId: group.groupId,
      accountId: owner.accountId,
      channelId,
      messageIds: group.messageIds.slice(i, i + size),
    });
  }
}

/** True when neither send lane holds a job (waiting, delayed, running). */
export async function sendQueuesIdle(t: TestContext): Promise<boolean> {
  for (const def of [JOBS.send, JOBS['send-batch']]) {
    const counts = await t.runtime.queues
      .get(def.queue)
      .getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).some((n) => n > 0)) return false;
  }
  return true;
}

/** Phone numbers `+2557<area><5 digits>` for `count` recipients. */
export function phones(count: number, area: number): string[] {
  return Array.from({ length: count }, (_, i) => `+2557${area}${String(i).padStart(5, '0')}`);
}

/** A template created over the API. */
export async function createTemplate(
  t: TestContext,
  owner: Session,
  body: Record<string, unknown>,
): Promise<{ id: string }> {
  const res = await t.request('POST', '/v1/templates', { ...as(owner), body: { name: 'Template', ...body } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Single messages as POST /v1/messages stores them (body rendered, queued), in SQL; returns their ids. */
export async function seedSingles(
  sql: pg.Client,
  options: { accountId: string; channelId: string; addresses: string[]; body?: string },
): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO messages (account_id, channel_id, delivery_address, message_body, status, queued_at)
     SELECT $1, $2, a.address, $4, 'queued', now()
     FROM unnest($3::text[]) WITH ORDINALITY AS a(address, n)
     ORDER BY a.n
     RETURNING id`,
    [options.accountId, options.channelId, options.addresses, options.body ?? 'Hello'],
  );
  return rows.map((r) => r.id);
}

/** Puts stored single messages on the single lane, as the API does after it stores one. */
export async function enqueueSingles(t: TestContext, owner: Session, ids: string[]): Promise<void> {
  for (const messageId of ids) {
    await t.runtime.queues.enqueue('send', { messageId, accountId: owner.accountId, attempt: 1 });
  }
}
