import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { scheduledMessageRuns, scheduledMessages } from '../../db/schema/index.js';
import {
  isActiveSchedule,
  type ScheduleRunOutcome,
  type ScheduleStatus,
} from '../../db/schema/scheduled-messages.js';
import { AppError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import type { Logger } from '../../observability/logger.js';
import { writeEvents } from '../../outbox/write-event.js';
import { listOccurrences, nextOccurrence } from '../../scheduling/occurrences.js';
import { timingOf } from './schedule-definition.js';
import { contentOf, createScheduledSend } from './scheduled-send.js';

/** One occurrence of one schedule: what a `schedule-trigger` job carries. */
export type OccurrenceRef = { scheduledMessageId: string; accountId: string; occurrenceAt: number };

export type RunOccurrenceDeps = { db: Db; logger: Logger; graceMs: number };

export type RunOccurrenceResult =
  /**
   * The schedule moved on (paused, edited, cancelled, or this occurrence already ran): nothing done.
   * `nextTriggerAt` is set when the schedule was moved past occurrences already recorded.
   */
  | { done: false; nextTriggerAt?: Date | null }
  | { done: true; outcome: ScheduleRunOutcome; nextTriggerAt: Date | null };

// Occurrences recorded per transaction while catching up after a long outage; a longer backlog is
// worked through in further runs, each enqueued at once.
const CATCH_UP_BATCH = 1000;

type ScheduleRow = typeof scheduledMessages.$inferSelect;
type RunRow = typeof scheduledMessageRuns.$inferInsert;

/** The unique key refused a run: another process recorded this occurrence first. */
class OccurrenceTaken extends Error {}

/** The message or broadcast of a run was refused for good (channel disabled or deleted, ...). */
class SendRefused extends Error {}

/**
 * Runs one occurrence of a schedule, exactly once. Under a row lock it checks that the schedule is
 * still active and still waiting for this occurrence; it records the run in scheduled_message_runs,
 * whose unique (schedule, occurrence) key rolls the whole transaction back if any other process got
 * there first, so at most one message or broadcast exists per occurrence.
 *
 * After an outage several occurrences may be due at once. They coalesce: only the latest can fire,
 * and only if it is at most `graceMs` late; every other one is recorded as missed. The schedule's
 * next_trigger_at, last_triggered_at, trigger_count and status change in the same transaction.
 */
export async function runOccurrence(
  deps: RunOccurrenceDeps,
  ref: OccurrenceRef,
  now: () => Date = () => new Date(),
): Promise<RunOccurrenceResult> {
  const notTaken = (error: unknown): Promise<RunOccurrenceResult> => {
    if (error instanceof OccurrenceTaken) return realignPastRecorded(deps, ref);
    throw error;
  };
  try {
    return await attempt(deps, ref, now, null);
  } catch (error) {
    // The send was refused for good: record the run as failed, in a transaction of its own (the
    // refused one rolled back whole, which spares a savepoint on every successful run).
    if (!(error instanceof SendRefused)) return notTaken(error);
    return attempt(deps, ref, now, error.message).catch(notTaken);
  }
}

/**
 * The unique key refused a run: this occurrence is recorded already. Usually another process ran it
 * and moved the schedule on (nothing to do). But when the schedule still waits for it — a pause and
 * resume on a clock behind the one that ran it put next_trigger_at back — it would be refused
 * forever: the schedule moves on past the last recorded occurrence instead, without running anything.
 */
async function realignPastRecorded(
  deps: RunOccurrenceDeps,
  ref: OccurrenceRef,
): Promise<RunOccurrenceResult> {
  return deps.db.transaction(async (tx) => {
    const row = await lockIfWaiting(tx, ref);
    if (!row) return { done: false } as const;
    const latest = await lastRecordedOccurrence(tx, row.id);
    const from = latest && latest.getTime() > ref.occurrenceAt ? latest : new Date(ref.occurrenceAt);
    const nextTriggerAt = nextOccurrence(timingOf(row), from);
    await tx
      .update(scheduledMessages)
      .set({
        nextTriggerAt,
        status: nextStatus(row, nextTriggerAt, row.triggerCount, row.triggerCount > 0),
        updatedAt: new Date(),
      })
      .where(eq(scheduledMessages.id, row.id));
    deps.logger.warn(
      { scheduled_message_id: row.id, occurrence_at: new Date(ref.occurrenceAt).toISOString() },
      'schedule pointed at an occurrence that already ran; moved on to the next',
    );
    return { done: false, nextTriggerAt } as const;
  });
}

/** The latest occurrence of a schedule with a recorded run (any outcome), or null. */
export async function lastRecordedOccurrence(db: DbOrTx, scheduledMessageId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`max(${scheduledMessageRuns.occurrenceAt})::text` })
    .from(scheduledMessageRuns)
    .where(eq(scheduledMessageRuns.scheduledMessageId, scheduledMessageId));
  return row?.at ? new Date(row.at) : null;
}

/** One transaction: lock the schedule, check it still waits for this occurrence, record it. */
async function attempt(
  deps: RunOccurrenceDeps,
  ref: OccurrenceRef,
  now: () => Date,
  refusal: string | null,
): Promise<RunOccurrenceResult> {
  return deps.db.transaction(async (tx) => {
    const row = await lockIfWaiting(tx, ref);
    return row ? await recordOccurrences(tx, deps, row, now(), refusal) : ({ done: false } as const);
  });
}

/** The schedule, locked, while it is active and waits for this occurrence; else undefined. */
async function lockIfWaiting(tx: DbOrTx, ref: OccurrenceRef): Promise<ScheduleRow | undefined> {
  const [row] = await tx
    .select()
    .from(scheduledMessages)
    .where(
      and(eq(scheduledMessages.id, ref.scheduledMessageId), eq(scheduledMessages.accountId, ref.accountId)),
    )
    .for('update');
  return row && isActiveSchedule(row.status) && row.nextTriggerAt?.getTime() === ref.occurrenceAt
    ? row
    : undefined;
}

async function recordOccurrences(
  tx: DbOrTx,
  deps: RunOccurrenceDeps,
  row: ScheduleRow,
  at: Date,
  refusal: string | null,
) {
  const timing = timingOf(row);
  const first = row.nextTriggerAt!;
  // Usually the occurrence after this one is still ahead: then it is the next, and there is no backlog.
  const [following] = listOccurrences(timing, { from: new Date(first.getTime() + 1), limit: 1 });
  const later =
    following && following.getTime() <= at.getTime()
      ? listOccurrences(timing, { from: following, until: at, limit: CATCH_UP_BATCH })
      : [];
  const due = [first, ...later];
  const backlogGoesOn = later.length === CATCH_UP_BATCH;
  const last = due[due.length - 1]!;
  const fires = !backlogGoesOn && at.getTime() - last.getTime() <= deps.graceMs;
  const missed = fires ? due.slice(0, -1) : due;

  const runs: RunRow[] = missed.map((occurrenceAt) => ({
    scheduledMessageId: row.id,
    accountId: row.accountId,
    occurrenceAt,
    outcome: 'missed',
  }));
  const failure = fires ? refusal : null;
  const sent = fires && refusal === null ? await sendRun(tx, deps, row, last) : null;
  if (fires) {
    runs.push({
      scheduledMessageId: row.id,
      accountId: row.accountId,
      occurrenceAt: last,
      outcome: sent ? 'triggered' : 'failed',
      messageId: sent?.messageId ?? null,
      groupMessageId: sent?.groupMessageId ?? null,
      error: failure,
    });
  }
  const inserted = await tx
    .insert(scheduledMessageRuns)
    .values(runs)
    .onConflictDoNothing()
    .returning({ id: scheduledMessageRuns.id });
  if (inserted.length !== runs.length) throw new OccurrenceTaken();

  const nextTriggerAt = later.length === 0 ? (following ?? null) : nextOccurrence(timing, last);
  const triggerCount = row.triggerCount + (sent ? 1 : 0);
  const status = nextStatus(row, nextTriggerAt, triggerCount, sent !== null);
  const lastError = sent ? null : (failure ?? missedMessage(missed.length, deps.graceMs));
  await tx
    .update(scheduledMessages)
    .set({
      status,
      nextTriggerAt,
      lastTriggeredAt: sent ? at : row.lastTriggeredAt,
      triggerCount,
      missedCount: sql`${scheduledMessages.missedCount} + ${missed.length}`,
      lastError,
      updatedAt: at,
    })
    .where(eq(scheduledMessages.id, row.id));
  if (sent) {
    await writeEvents(tx, [
      {
        accountId: row.accountId,
        eventType: 'scheduled_message.triggered',
        aggregateType: 'scheduled_message',
        aggregateId: row.id,
        payload: {
          occurrence_at: last.toISOString(),
          message_id: sent.messageId,
          group_message_id: sent.groupMessageId,
          trigger_count: triggerCount,
          next_trigger_at: nextTriggerAt?.toISOString() ?? null,
        },
      },
    ]);
  }
  const outcome = runs[runs.length - 1]!.outcome;
  return { done: true, outcome, nextTriggerAt } as const;
}

/** Creates the run's message or broadcast; a refusal for good (an AppError) becomes SendRefused. */
async function sendRun(tx: DbOrTx, deps: RunOccurrenceDeps, row: ScheduleRow, occurrence: Date) {
  const ctx: OpContext = {
    accountId: row.accountId,
    actor: { type: 'system' },
    requestId: `schedule:${row.id}:${occurrence.getTime()}`,
    logger: deps.logger,
    db: tx,
  };
  try {
    return await createScheduledSend(tx, ctx, contentOf(row), row.id, row.createdByUserId, occurrence);
  } catch (error) {
    // A send that can never succeed (channel deleted or disabled, contact without an address) is a
    // failed run; anything else (database trouble) rolls back and the job is retried.
    if (error instanceof AppError) throw new SendRefused(error.message);
    throw error;
  }
}

function missedMessage(count: number, graceMs: number): string {
  const what = count === 1 ? 'an occurrence was' : `${count} occurrences were`;
  return `${what} missed: more than ${Math.round(graceMs / 1000)} s late, or superseded by a later one`;
}

/**
 * pending → triggered once a run has sent; completed when nothing is left to run, except a one-time
 * schedule whose only run could not be sent or was missed, which is failed.
 */
function nextStatus(
  row: ScheduleRow,
  next: Date | null,
  triggerCount: number,
  sent: boolean,
): ScheduleStatus {
  if (next) return triggerCount > 0 ? 'triggered' : 'pending';
  if (!row.isRecurring && !sent) return 'failed';
  return 'completed';
}
