import { type SQL, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { notifyListeners } from '../db/notify.js';
import { recordset } from '../db/recordset.js';
import type { LiveEvent } from '../live/live-event.js';
import type { LivePublisher } from '../live/publisher.js';
import { type DomainEvent, IN_WRITE_ORDER, OUTBOX_CHANNEL, writeEvents } from '../outbox/write-event.js';
import { addDelta, applyGroupProgress, type GroupDelta, lockGroups } from './group-progress.js';
import type { SendOutcome } from './outcomes.js';
import { applyReceipts } from './receipts.js';

type Written = {
  id: string;
  group_message_id: string | null;
  account_id: string;
  channel_id: string | null;
  status: string;
};
type Row = Record<string, unknown>;

// A claimed attempt is written only while it is still that attempt's `sending`; an unclaimed message
// (attempt null) only while it still waits. A stale or replayed write changes nothing.
const CLAIMED_TEXT = `m.status = 'sending' AND m.attempts = u.attempt`;
const WAITING_TEXT = `m.status IN ('queued', 'failed', 'scheduled')`;
const CLAIMED = sql.raw(CLAIMED_TEXT);
const WAITING = sql.raw(WAITING_TEXT);
const STILL_OURS = sql.raw(
  `((u.attempt IS NOT NULL AND ${CLAIMED_TEXT}) OR (u.attempt IS NULL AND ${WAITING_TEXT}))`,
);

/**
 * The condition for `rows`: the one of their kind when they are all claimed (every sent row, most
 * rows of a flush) or all unclaimed. PostgreSQL plans the two-way OR against each of the table's
 * partial indexes: 0.7-2.5 ms of planning a flush, more than the write itself.
 */
function stillOurs(rows: Row[]): SQL {
  if (rows.every((r) => r.attempt !== null && r.attempt !== undefined)) return CLAIMED;
  if (rows.every((r) => r.attempt === null || r.attempt === undefined)) return WAITING;
  return STILL_OURS;
}

const CANCELLED_GROUP = sql.raw(
  `SELECT 1 FROM group_messages g WHERE g.id = m.group_message_id AND g.status = 'cancelled'`,
);

/** Runs one `UPDATE messages ... FROM recordset(rows)` and returns the rows it changed. */
async function updateFrom(tx: DbOrTx, rows: Row[], columns: SQL, set: SQL): Promise<Written[]> {
  if (rows.length === 0) return [];
  const result = await tx.execute<Written>(sql`
    UPDATE messages m SET ${set}, updated_at = now()
    FROM ${recordset(rows, 'u', columns)} AS u
    WHERE m.id = u.id AND m.account_id = u.account_id AND ${stillOurs(rows)}
    RETURNING m.id, m.group_message_id, m.account_id, m.channel_id, m.status`);
  return result.rows;
}

/** What a message held for its broadcast's local send time says while it waits. */
export const WAITING_LOCAL_TIME = {
  code: 'waiting_local_time',
  message: 'Waiting for the broadcast’s local send time in the recipient’s time zone',
} as const;

function needsCancelView(o: SendOutcome): boolean {
  return (
    o.kind === 'failed' ||
    o.kind === 'released' ||
    o.kind === 'skipped' ||
    o.kind === 'deferred' ||
    (o.kind === 'permanently_failed' && o.attempt === null)
  );
}

function byKind<K extends SendOutcome['kind']>(outcomes: SendOutcome[], kind: K) {
  return outcomes.filter((o): o is Extract<SendOutcome, { kind: K }> => o.kind === kind);
}

// A sent outcome's row: the provider's id, the rendered body, and a delivery that came with the send.
const SENT_COLUMNS = sql`id uuid, account_id uuid, attempt int, provider_message_id text, segments int, body text, subject text, sent_at timestamptz, delivered_at timestamptz`;
const SENT_SET = sql`status = CASE WHEN u.delivered_at IS NULL THEN 'sent' ELSE 'delivered' END,
  provider_message_id = u.provider_message_id, segments = u.segments,
  message_body = COALESCE(u.body, m.message_body), subject = COALESCE(u.subject, m.subject),
  sent_at = u.sent_at,
  delivered_at = CASE WHEN u.delivered_at IS NULL THEN NULL ELSE GREATEST(u.delivered_at, u.sent_at) END,
  next_attempt_at = NULL, error_details = NULL`;

function sentRow(o: Extract<SendOutcome, { kind: 'sent' }>) {
  return {
    id: o.id,
    account_id: o.accountId,
    attempt: o.attempt,
    provider_message_id: o.providerMessageId,
    segments: o.segments,
    body: o.body,
    subject: o.subject,
    sent_at: o.sentAt.toISOString(),
    delivered_at: immediateDelivery(o)?.toISOString() ?? null,
  };
}

/**
 * A flush that is only single messages sent, each in one part and with no receipt to apply beyond a
 * delivery reported with the send: the flush of a transactional send, most of the time.
 */
function onlyPlainSingleSends(outcomes: SendOutcome[]): outcomes is Extract<SendOutcome, { kind: 'sent' }>[] {
  return outcomes.every(
    (o) =>
      o.kind === 'sent' &&
      o.groupMessageId === null &&
      (o.parts?.length ?? 0) < 2 &&
      ((o.receipts?.length ?? 0) === 0 || immediateDelivery(o) !== undefined),
  );
}

/**
 * `writeOutcomes` for `onlyPlainSingleSends`: the rows and their `message.sent` / `message.delivered`
 * events in one statement, atomic by itself, instead of a transaction of four round trips. The same
 * row write and the same events as the general path (whose event payloads are built here, in the
 * same code); an event is written only for a row the write changed.
 */
async function writeSingleSends(
  db: Db,
  outcomes: Extract<SendOutcome, { kind: 'sent' }>[],
): Promise<boolean[]> {
  const result = await db.execute<{ id: string }>(singleSendsStatement(outcomes));
  if (result.rows.length > 0) await notifyListeners(db, OUTBOX_CHANNEL);
  const applied = new Set(result.rows.map((r) => r.id));
  return outcomes.map((o) => applied.has(o.id));
}

// CLAIMED for a single's sent outcome (whose attempt is never null), written so that no index but the
// primary key can serve it: on a table of a few rows, or with statistics older than the table's
// growth, the planner took the pending-work index (status) for it. The account is compared as text,
// the status through an expression.
const SENDING_BY_KEY = sql.raw(
  `m.account_id::text = u.account_id::text AND (m.status || '') = 'sending' AND m.attempts = u.attempt`,
);

/**
 * The statement of `writeSingleSends`. One outcome (most flushes of singles) is read with
 * `jsonb_to_record`, one row the planner knows of, rather than as a recordset: PostgreSQL plans it
 * in a third of the time (0.13 ms against 0.40 ms; planning the recordset's UPDATE took longer than
 * running it, 0.76 ms against 0.43 ms a call at 100 singles a second). It stays unnamed, planned with its values on every call: a
 * plan kept by the connection would be the one made on whatever the table looked like then (a
 * sequential scan, had the table been analyzed while it held a few rows).
 */
export function singleSendsStatement(outcomes: Extract<SendOutcome, { kind: 'sent' }>[]): SQL {
  const rows = outcomes.map((o) => ({
    ...sentRow(o),
    events: sentEvents(o, immediateDelivery(o) !== undefined),
  }));
  const one = rows.length === 1 ? rows[0]! : undefined;
  const columns = sql`${SENT_COLUMNS}, events jsonb`;
  const source = one
    ? sql`(SELECT * FROM jsonb_to_record(${JSON.stringify(one)}::jsonb) AS u(${columns}))`
    : recordset(rows, 'u', columns);
  // Each event's payload gets the row's ids, as the general path's does.
  return sql`
    WITH u AS (
      UPDATE messages m SET ${SENT_SET}, updated_at = now()
      FROM ${source} AS u
      WHERE m.id = u.id AND ${SENDING_BY_KEY}
      RETURNING m.id, m.account_id, m.channel_id, u.events),
    e AS (
      INSERT INTO outbox_events (account_id, event_type, aggregate_type, aggregate_id, payload, occurred_at)
      SELECT u.account_id, x.event->>'type', 'message', u.id,
        (x.event->'payload') || jsonb_build_object('message_id', u.id, 'channel_id', u.channel_id),
        ${IN_WRITE_ORDER('x.n')}
      FROM u CROSS JOIN LATERAL jsonb_array_elements(u.events) WITH ORDINALITY AS x(event, n)
      ORDER BY u.id, x.n)
    SELECT u.id FROM u`;
}

/**
 * Writes a batch of outcomes in one transaction: one UPDATE per kind, the group counters (one
 * UPDATE for all groups, then completion), and `message.sent` / `message.failed` events for single
 * messages. Broadcast messages get no per-message event: at broadcast volume that would put the
 * outbox on the hot path, and a broadcast's progress is on its group (counters, `group_message.completed`).
 * Returns, per outcome, whether it was applied (false: the message had moved on). Once committed, the
 * groups' new counters go to live streams through `live` (one Redis call for the whole flush).
 */
export async function writeOutcomes(
  db: Db,
  outcomes: SendOutcome[],
  live?: LivePublisher,
): Promise<boolean[]> {
  if (outcomes.length === 0) return [];
  if (onlyPlainSingleSends(outcomes)) return writeSingleSends(db, outcomes);
  // Writes that must see a cancel consistently (those touching waiting rows, or deciding between
  // failed and cancelled) lock the flush's groups first, in id order and in the same order as a
  // cancel (group, then its messages). A flush of only `sent` / claimed `permanently_failed` rows —
  // the hot path — touches rows a cancel never does, so it takes the group rows only for the
  // counter UPDATE at its end (also in id order, see applyGroupProgress).
  const groupIds = outcomes.some(needsCancelView)
    ? [...new Set(outcomes.map((o) => o.groupMessageId).filter((g): g is string => g !== null))]
    : [];
  let progress: LiveEvent[] = [];
  const applied = await db.transaction(async (tx) => {
    await lockGroups(tx, groupIds);
    // A delivery the provider reported with the send itself (the sandbox does) is folded into this
    // one row write: the row goes straight to `delivered` in the same transaction, which no reader can
    // tell from two writes, and a broadcast saves a third write per message.
    const sentOutcomes = byKind(outcomes, 'sent');
    const sent = await updateFrom(tx, sentOutcomes.map(sentRow), SENT_COLUMNS, SENT_SET);
    await insertParts(tx, sentOutcomes, sent);
    const failed = await updateFrom(
      tx,
      byKind(outcomes, 'failed').map((o) => ({
        id: o.id,
        account_id: o.accountId,
        attempt: o.attempt,
        error: o.error,
        next_attempt_at: o.nextAttemptAt.toISOString(),
      })),
      sql`id uuid, account_id uuid, attempt int, error jsonb, next_attempt_at timestamptz`,
      // A retry of a cancelled group's message would never be claimed: it is cancelled instead, so
      // the group's pending count still reaches 0.
      sql`status = CASE WHEN EXISTS (${CANCELLED_GROUP}) THEN 'cancelled' ELSE 'failed' END,
        error_details = u.error, next_attempt_at = u.next_attempt_at, failed_at = now()`,
    );
    const permanentlyFailed = await updateFrom(
      tx,
      byKind(outcomes, 'permanently_failed').map((o) => ({
        id: o.id,
        account_id: o.accountId,
        attempt: o.attempt,
        error: o.error,
      })),
      sql`id uuid, account_id uuid, attempt int, error jsonb`,
      sql`status = 'permanently_failed', error_details = u.error, next_attempt_at = NULL, failed_at = now()`,
    );
    const skipped = await updateFrom(
      tx,
      byKind(outcomes, 'skipped').map((o) => ({
        id: o.id,
        account_id: o.accountId,
        attempt: null,
        error: o.error,
      })),
      sql`id uuid, account_id uuid, attempt int, error jsonb`,
      sql`status = 'skipped', error_details = u.error, next_attempt_at = NULL`,
    );
    // Waiting for the recipient's quiet hours to end, or for the broadcast's local send time in the
    // recipient's zone (said in error_details, which the group's waiting counts read): scheduled
    // again, counted as pending meanwhile. A retry's own error_details stay.
    const deferred = await updateFrom(
      tx,
      byKind(outcomes, 'deferred').map((o) => ({
        id: o.id,
        account_id: o.accountId,
        attempt: null,
        until: o.until.toISOString(),
        waiting: o.waiting ? WAITING_LOCAL_TIME : null,
      })),
      sql`id uuid, account_id uuid, attempt int, until timestamptz, waiting jsonb`,
      sql`status = 'scheduled', scheduled_at = u.until,
        error_details = CASE WHEN u.waiting IS NOT NULL THEN u.waiting
          WHEN m.error_details->>'code' = ${WAITING_LOCAL_TIME.code} THEN NULL ELSE m.error_details END`,
    );
    // A claim given back unsent; in a group cancelled meanwhile it is cancelled (the cancel skipped it
    // while it was `sending`), so the group's pending count still reaches 0.
    const released = await updateFrom(
      tx,
      byKind(outcomes, 'released').map((o) => ({
        id: o.id,
        account_id: o.accountId,
        attempt: o.attempt,
        previous_status: o.previousStatus,
      })),
      sql`id uuid, account_id uuid, attempt int, previous_status text`,
      sql`status = CASE WHEN EXISTS (${CANCELLED_GROUP}) THEN 'cancelled' ELSE u.previous_status END,
        attempts = m.attempts - 1`,
    );

    const deltas = new Map<string, GroupDelta>();
    for (const row of sent) {
      if (!row.group_message_id) continue;
      addDelta(
        deltas,
        row.group_message_id,
        row.status === 'delivered' ? { sent: 1, delivered: 1 } : { sent: 1 },
      );
    }
    for (const row of permanentlyFailed)
      if (row.group_message_id) addDelta(deltas, row.group_message_id, { failed: 1 });
    for (const row of skipped)
      if (row.group_message_id) addDelta(deltas, row.group_message_id, { skipped: 1 });
    for (const row of [...failed, ...released]) {
      if (row.group_message_id && row.status === 'cancelled')
        addDelta(deltas, row.group_message_id, { cancelled: 1 });
    }
    // The relay is woken once this has committed (below), not by a NOTIFY in it (src/db/notify.ts).
    await writeEvents(tx, singleMessageEvents(outcomes, sent, permanentlyFailed), { notify: false });
    // Receipts that came with the sends, through the one receipt path, in this same transaction.
    const sentIds = new Set(sent.map((r) => r.id));
    const receipts = sentOutcomes.flatMap((o) =>
      sentIds.has(o.id) && !immediateDelivery(o) ? (o.receipts ?? []) : [],
    );
    await applyReceipts(tx, receipts, deltas, { notify: false });
    progress = await applyGroupProgress(tx, deltas);
    // A failed attempt whose message was cancelled instead gets no retry job.
    const retrying = failed.filter((r) => r.status === 'failed');
    return new Set(
      [...sent, ...retrying, ...permanentlyFailed, ...skipped, ...deferred, ...released].map((r) => r.id),
    );
  });
  // Only single messages get events here (a broadcast's completion notifies in its transaction).
  if (outcomes.some((o) => o.groupMessageId === null)) await notifyListeners(db, OUTBOX_CHANNEL);
  if (live) await live.publish(progress);
  return outcomes.map((o) => applied.has(o.id));
}

/**
 * The parts of multi-part sends (SMPP), so each part's receipt finds its message. Written in the
 * same transaction as the `sent` row: a part receipt that arrives earlier waits in the inbox until
 * both are there.
 */
async function insertParts(
  tx: DbOrTx,
  sentOutcomes: Extract<SendOutcome, { kind: 'sent' }>[],
  written: Written[],
): Promise<void> {
  const channels = new Map(written.map((r) => [r.id, r.channel_id]));
  const rows = sentOutcomes.flatMap((o) => {
    const channelId = channels.get(o.id);
    if (!channelId || !o.parts || o.parts.length < 2) return [];
    return o.parts.map((part, i) => ({
      channel_id: channelId,
      provider_part_id: part,
      message_id: o.id,
      part_number: i + 1,
      parts_total: o.parts!.length,
    }));
  });
  if (rows.length === 0) return;
  // A message sent again (a retry after a failed part, a redrive) has new parts: the old attempt's
  // would keep it from ever being delivered (not all parts delivered) and could fail it late.
  await tx.execute(sql`
    DELETE FROM message_parts
    WHERE message_id = ANY(${sql.param([...new Set(rows.map((r) => r.message_id))])}::uuid[])
      AND NOT (provider_part_id = ANY(${sql.param(rows.map((r) => r.provider_part_id))}::text[]))`);
  await tx.execute(sql`
    INSERT INTO message_parts (channel_id, provider_part_id, message_id, part_number, parts_total)
    SELECT r.channel_id, r.provider_part_id, r.message_id, r.part_number, r.parts_total
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(channel_id uuid, provider_part_id text, message_id uuid, part_number smallint, parts_total smallint)
    ON CONFLICT (channel_id, provider_part_id) DO NOTHING`);
}

/** When the send's own receipts say the message was delivered (and none says failed). */
function immediateDelivery(o: Extract<SendOutcome, { kind: 'sent' }>): Date | undefined {
  const receipts = o.receipts ?? [];
  if (receipts.some((r) => r.status === 'failed')) return undefined;
  return receipts.find((r) => r.status === 'delivered' || r.status === 'read')?.occurredAt;
}

/** The events of a single message sent (and delivered, when the send said so), less its ids. */
function sentEvents(
  o: Extract<SendOutcome, { kind: 'sent' }>,
  delivered: boolean,
): { type: string; payload: Record<string, unknown> }[] {
  const sent = {
    type: 'message.sent',
    payload: {
      status: 'sent',
      provider_message_id: o.providerMessageId,
      segments: o.segments,
      attempts: o.attempt,
      sent_at: o.sentAt.toISOString(),
    },
  };
  if (!delivered) return [sent];
  return [
    sent,
    { type: 'message.delivered', payload: { status: 'delivered', provider_message_id: o.providerMessageId } },
  ];
}

function singleMessageEvents(
  outcomes: SendOutcome[],
  sent: Written[],
  permanentlyFailed: Written[],
): DomainEvent[] {
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const event = (row: Written, eventType: string, payload: Record<string, unknown>): DomainEvent => ({
    accountId: row.account_id,
    eventType,
    aggregateType: 'message',
    aggregateId: row.id,
    payload: { message_id: row.id, channel_id: row.channel_id, ...payload },
  });
  const events: DomainEvent[] = [];
  for (const row of sent) {
    const o = byId.get(row.id);
    if (row.group_message_id || o?.kind !== 'sent') continue;
    for (const e of sentEvents(o, row.status === 'delivered')) events.push(event(row, e.type, e.payload));
  }
  for (const row of permanentlyFailed) {
    const o = byId.get(row.id);
    if (row.group_message_id || o?.kind !== 'permanently_failed') continue;
    events.push(event(row, 'message.failed', { status: 'permanently_failed', error_details: o.error }));
  }
  return events;
}
