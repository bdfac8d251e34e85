import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClaimCap, claimMessages } from '../../src/dispatch/claim-messages.js';
import { type Session, signUp } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
let owner: Session;
let other: Session;
beforeAll(async () => {
  t = await setupTestApp();
  owner = await signUp(t, { accountName: 'Claiming' });
  other = await signUp(t, { accountName: 'Elsewhere' });
});
afterAll(async () => {
  await t.close();
});

/** One message of `owner` per case (each to a contact of its own), with the columns the claim reads. */
async function insertCases(contacts: Map<string, string>) {
  const { pool } = t.runtime.database;
  const group = async (status: string) =>
    (
      await pool.query<{ id: string }>(
        `INSERT INTO group_messages (account_id, name, status) VALUES ($1, 'Claimed', $2) RETURNING id`,
        [owner.accountId, status],
      )
    ).rows[0]!.id;
  const live = await group('processing');
  const cancelled = await group('cancelled');
  const insert = async (columns: Record<string, unknown>) => {
    const row = { status: 'queued', group_message_id: live, ...columns };
    const names = Object.keys(row);
    const contactId = await contact();
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO messages (account_id, contact_id, delivery_address, message_body, ${names.join(', ')})
       VALUES ($1, $2, '+251911000001', 'Hello', ${names.map((_, i) => `$${i + 3}`).join(', ')}) RETURNING id`,
      [owner.accountId, contactId, ...Object.values(row)],
    );
    contacts.set(rows[0]!.id, contactId);
    return rows[0]!.id;
  };
  const soon = new Date(Date.now() + 600_000);
  const past = new Date(Date.now() - 1_000);
  return {
    claimable: {
      queued: await insert({}),
      dueRetry: await insert({ status: 'failed', next_attempt_at: past, attempts: 1 }),
      dueSchedule: await insert({ status: 'scheduled', scheduled_at: past }),
      single: await insert({ group_message_id: null }),
    },
    unclaimable: {
      retryLater: await insert({ status: 'failed', next_attempt_at: soon, attempts: 1 }),
      scheduledLater: await insert({ status: 'scheduled', scheduled_at: soon }),
      inCancelledGroup: await insert({ group_message_id: cancelled }),
      sending: await insert({ status: 'sending', attempts: 1 }),
      sent: await insert({ status: 'sent', attempts: 1 }),
    },
  };
}

let phones = 0;
async function contact() {
  phones += 1;
  return (
    await t.runtime.database.pool.query<{ id: string }>(
      `INSERT INTO contacts (account_id, phone) VALUES ($1, $2) RETURNING id`,
      [owner.accountId, `+2519110${String(phones).padStart(5, '0')}`],
    )
  ).rows[0]!.id;
}

describe('claiming messages for sending', () => {
  // Uncapped (single messages, broadcasts without a frequency cap) and capped claims are two paths of
  // the database function: both must claim exactly the messages still waiting and due.
  for (const capped of [false, true]) {
    it(`claims only waiting, due messages of the account outside cancelled broadcasts (${capped ? 'capped' : 'uncapped'})`, async () => {
      const contacts = new Map<string, string>();
      const cases = await insertCases(contacts);
      const cap = (id: string): ClaimCap | undefined =>
        capped ? { contactId: contacts.get(id)!, perDay: 100, perWeek: null } : undefined;
      const ids = [...Object.values(cases.claimable), ...Object.values(cases.unclaimable)];
      // Another account's message is never claimed through this account.
      expect(
        await claimMessages(t.runtime.database.db, [
          { id: cases.claimable.queued, accountId: other.accountId },
        ]),
      ).toEqual([null]);
      const results = await claimMessages(
        t.runtime.database.db,
        ids.map((id) => ({ id, accountId: owner.accountId, cap: cap(id) })),
      );
      const byId = new Map(ids.map((id, i) => [id, results[i]]));
      for (const [name, id] of Object.entries(cases.claimable)) {
        expect(byId.get(id), name).toMatchObject({ id });
      }
      expect(byId.get(cases.claimable.queued)).toMatchObject({ attempt: 1, previousStatus: 'queued' });
      expect(byId.get(cases.claimable.dueRetry)).toMatchObject({ attempt: 2, previousStatus: 'failed' });
      expect(byId.get(cases.claimable.dueSchedule)).toMatchObject({ previousStatus: 'scheduled' });
      for (const [name, id] of Object.entries(cases.unclaimable)) expect(byId.get(id), name).toBeNull();

      const { rows } = await t.runtime.database.pool.query<{ id: string; status: string }>(
        `SELECT id, status FROM messages WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const status = new Map(rows.map((r) => [r.id, r.status]));
      for (const id of Object.values(cases.claimable)) expect(status.get(id)).toBe('sending');
      expect(status.get(cases.unclaimable.retryLater)).toBe('failed');
      expect(status.get(cases.unclaimable.inCancelledGroup)).toBe('queued');
      // A message asked for twice in one claim is claimed once, as the first asker asked, for it.
      const [queued] = (
        await t.runtime.database.pool.query<{ id: string }>(
          `INSERT INTO messages (account_id, delivery_address, message_body, status)
           VALUES ($1, '+251911000002', 'Twice', 'queued') RETURNING id`,
          [owner.accountId],
        )
      ).rows;
      const twice = await claimMessages(t.runtime.database.db, [
        { id: queued!.id, accountId: owner.accountId },
        { id: queued!.id, accountId: other.accountId },
      ]);
      expect(twice).toEqual([expect.objectContaining({ id: queued!.id, attempt: 1 }), null]);
      // A second claim of the same ids finds nothing left to claim.
      const again = await claimMessages(
        t.runtime.database.db,
        ids.map((id) => ({ id, accountId: owner.accountId, cap: cap(id) })),
      );
      expect(again.every((r) => r === null)).toBe(true);
    });
  }
});
