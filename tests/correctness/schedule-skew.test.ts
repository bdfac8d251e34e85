import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOccurrence } from '../../src/modules/scheduled-messages/run-occurrence.js';
import { openSql } from '../fanout/support.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import { as, createTenant, singleSchedule, type Tenant } from '../scheduling/support.js';

// Suspected in the correctness review: a pause and a resume on processes whose clocks disagree could
// put next_trigger_at back onto an occurrence that already ran; the run's unique key then refused
// every attempt and the schedule never ran again.

let t: TestContext;
let tenant: Tenant;
let sql: pg.Client;

beforeAll(async () => {
  t = await setupTestApp();
  tenant = await createTenant(t);
  sql = await openSql(t);
});
afterAll(async () => {
  await sql.end();
  await t.close();
});

const MINUTE = 60_000;

async function everyMinute(): Promise<{ id: string; next: number }> {
  const created = await t.request('POST', '/v1/scheduled-messages', {
    ...as(tenant.owner),
    body: singleSchedule(tenant, {
      scheduled_at: new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + MINUTE).toISOString(),
      is_recurring: true,
      recurrence_rule: 'cron:* * * * *',
    }),
  });
  expect(created.status, created.text).toBe(201);
  return { id: created.body.id, next: Date.parse(created.body.next_trigger_at) };
}

const read = async (id: string) => {
  const res = await t.request('GET', `/v1/scheduled-messages/${id}`, as(tenant.owner));
  expect(res.status, res.text).toBe(200);
  return res.body as { status: string; next_trigger_at: string | null; trigger_count: number };
};

describe('a schedule pointed back at an occurrence that already ran', () => {
  it('moves on to the next occurrence instead of wedging', async () => {
    const { id, next } = await everyMinute();
    const deps = { db: t.runtime.database.db, logger: t.runtime.logger, graceMs: 3_600_000 };
    const ref = { scheduledMessageId: id, accountId: tenant.owner.accountId, occurrenceAt: next };
    // The occurrence runs (as a worker whose clock is at that minute would run it).
    const first = await runOccurrence(deps, ref, () => new Date(next));
    expect(first).toMatchObject({ done: true, outcome: 'triggered' });
    // A resume computed on a clock a minute behind puts the pointer back on it.
    await sql.query('UPDATE scheduled_messages SET next_trigger_at = $2 WHERE id = $1', [id, new Date(next)]);

    const again = await runOccurrence(deps, ref, () => new Date(next + 1_000));
    expect(again.done).toBe(false);
    expect((await read(id)).next_trigger_at).toBe(new Date(next + MINUTE).toISOString());
    // The next occurrence runs as usual: exactly one run per occurrence, two in all.
    const following = await runOccurrence(
      deps,
      { ...ref, occurrenceAt: next + MINUTE },
      () => new Date(next + MINUTE),
    );
    expect(following).toMatchObject({ done: true, outcome: 'triggered' });
    const runs = await sql.query(
      'SELECT occurrence_at FROM scheduled_message_runs WHERE scheduled_message_id = $1',
      [id],
    );
    expect(runs.rows.length).toBe(2);
    expect((await read(id)).trigger_count).toBe(2);
  });

  it('resumes after the last occurrence that ran, even one ahead of this clock', async () => {
    const { id, next } = await everyMinute();
    // A worker whose clock runs ahead recorded the coming occurrence already.
    await sql.query(
      `INSERT INTO scheduled_message_runs (scheduled_message_id, account_id, occurrence_at, outcome)
       VALUES ($1, $2, $3, 'triggered')`,
      [id, tenant.owner.accountId, new Date(next)],
    );
    expect((await t.request('POST', `/v1/scheduled-messages/${id}/pause`, as(tenant.owner))).status).toBe(
      200,
    );
    const resumed = await t.request('POST', `/v1/scheduled-messages/${id}/resume`, as(tenant.owner));
    expect(resumed.status, resumed.text).toBe(200);
    expect(Date.parse(resumed.body.next_trigger_at)).toBeGreaterThan(next);
  });
});
