import pg from 'pg';
import { expect } from 'vitest';
import type { FanoutSettings } from '../../src/dispatch/fanout/run-fanout.js';
import { countSendBacklog } from '../../src/dispatch/fanout/send-batches.js';
import { startEventConsumer } from '../../workers/event-consumer.js';
import { startFanoutWorker } from '../../workers/fanout.js';
import type { RunningWorker } from '../../workers/index.js';
import { startOutboxRelay } from '../../workers/outbox-relay.js';
import { startSendWorker } from '../../workers/send.js';
import type { Session } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';

export const as = (s: Session) => ({ token: s.token, accountId: s.accountId });

/** Opens a plain SQL client on the file's database (seeding thousands of rows over HTTP is slow). */
export async function openSql(t: TestContext): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  return client;
}

/**
 * Inserts `count` contacts in one statement and returns their ids in creation order. Phones are
 * `+1<area><7 digits>` (unique per call through `area`); every `noPhoneEvery`-th contact has none.
 */
export async function seedContacts(
  sql: pg.Client,
  accountId: string,
  count: number,
  options: { area: number; noPhoneEvery?: number },
): Promise<{ id: string; phone: string | null }[]> {
  const every = options.noPhoneEvery ?? 0;
  const result = await sql.query<{ id: string; phone: string | null }>(
    `INSERT INTO contacts (account_id, first_name, phone)
     SELECT $1, 'Contact ' || i,
       CASE WHEN $3 > 0 AND i % $3 = 0 THEN NULL ELSE '+1' || $4 || lpad(i::text, 7, '0') END
     FROM generate_series(1, $2::int) i
     ORDER BY i
     RETURNING id, phone`,
    [accountId, count, every, String(options.area)],
  );
  return result.rows;
}

/** A contact group created over the API, with members added in SQL. */
export async function createContactGroup(
  t: TestContext,
  sql: pg.Client,
  owner: Session,
  name: string,
  contactIds: string[],
): Promise<string> {
  const res = await t.request('POST', '/v1/contact-groups', { ...as(owner), body: { name } });
  expect(res.status, res.text).toBe(201);
  await sql.query(
    `INSERT INTO contact_group_members (group_id, contact_id, account_id)
     SELECT $1, unnest($2::uuid[]), $3`,
    [res.body.id, contactIds, owner.accountId],
  );
  return res.body.id;
}

/**
 * A queued broadcast to `recipients` contacts seeded for it (phones in `area`), in one group named
 * like the broadcast; returns its id.
 */
export async function queueBroadcast(
  t: TestContext,
  sql: pg.Client,
  owner: Session,
  options: { channelId: string; recipients: number; area: number; name: string; messageBody?: string },
): Promise<string> {
  const contacts = await seedContacts(sql, owner.accountId, options.recipients, { area: options.area });
  const group = await createContactGroup(
    t,
    sql,
    owner,
    options.name,
    contacts.map((c) => c.id),
  );
  const created = await t.request('POST', '/v1/group-messages', {
    ...as(owner),
    body: {
      name: options.name,
      channel_id: options.channelId,
      message_body: options.messageBody ?? 'Hi',
      contact_group_ids: [group],
      status: 'queued',
    },
  });
  expect(created.status, created.text).toBe(201);
  return created.body.id;
}

export type Roles = { fanout?: Partial<FanoutSettings>; send?: boolean };

/** Starts the dispatch roles in-process: outbox relay, event consumer, fan-out, and send if asked. */
export async function startRoles(t: TestContext, roles: Roles = {}): Promise<RunningWorker[]> {
  const started = [
    await startOutboxRelay(t.runtime),
    await startEventConsumer(t.runtime),
    await startFanoutWorker(t.runtime, roles.fanout),
  ];
  if (roles.send) started.push(await startSendWorker(t.runtime));
  return started;
}

export async function stopRoles(workers: RunningWorker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.close()));
}

/** Unfinished send-batch jobs (waiting, delayed, running). */
export function sendBacklog(t: TestContext): Promise<number> {
  return countSendBacklog(t.runtime.queues);
}

/** Polls `check` until it returns something other than undefined/false. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type GroupView = {
  id: string;
  status: string;
  total_recipients: number;
  sent_count: number;
  delivered_count: number;
  failed_count: number;
  skipped_count: number;
  cancelled_count: number;
  pending_count: number;
  started_at: string | null;
  completed_at: string | null;
};

/**
 * Reads the broadcast as a user does and checks the contract's sum: sent + failed + skipped +
 * cancelled + pending = total, with no counter negative and pending never hidden by a clamp.
 */
export async function readGroup(t: TestContext, owner: Session, id: string): Promise<GroupView> {
  const res = await t.request<GroupView>('GET', `/v1/group-messages/${id}`, as(owner));
  expect(res.status, res.text).toBe(200);
  const g = res.body;
  const done = g.sent_count + g.failed_count + g.skipped_count + g.cancelled_count;
  expect(done, `counters exceed the total: ${JSON.stringify(g)}`).toBeLessThanOrEqual(g.total_recipients);
  expect(done + g.pending_count).toBe(g.total_recipients);
  expect(g.delivered_count).toBeLessThanOrEqual(g.sent_count);
  return g;
}

/** Polls the broadcast, checking the sum at every read, until `until` holds. */
export async function watchGroup(
  t: TestContext,
  owner: Session,
  id: string,
  until: (g: GroupView) => boolean,
  what: string,
  onRead: (g: GroupView) => Promise<void> | void = () => {},
  timeoutMs = 90_000,
): Promise<GroupView> {
  return waitFor(
    async () => {
      const g = await readGroup(t, owner, id);
      await onRead(g);
      return until(g) ? g : undefined;
    },
    what,
    timeoutMs,
  );
}

export const FINISHED = ['completed', 'partially_failed', 'failed', 'cancelled'];
