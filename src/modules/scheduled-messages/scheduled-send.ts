import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { groupMessages, type scheduledMessages } from '../../db/schema/index.js';
import { ValidationError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { createGroupMessage } from '../group-messages/service.js';
import { createMessage } from '../messages/create-message.js';

type ScheduleRow = typeof scheduledMessages.$inferSelect;

/** The columns of a schedule that say what it sends each time it runs (the rest say when). */
export const CONTENT_COLUMNS = [
  'name',
  'sendType',
  // null once the channel was deleted (the schedule keeps running into failed runs)
  'channelId',
  'contactId',
  'deliveryAddress',
  'contactGroupIds',
  'templateId',
  'messageBody',
  'subject',
  'variables',
  // `HH:MM` in each recipient's zone (group), carried to the run's broadcast
  'localSendTime',
  // {DATE} and {TIME} of a run's message are written in the schedule's zone
  'timezone',
] as const satisfies readonly (keyof ScheduleRow)[];

/** What a schedule sends each time it runs. */
export type ScheduleContent = Pick<ScheduleRow, (typeof CONTENT_COLUMNS)[number]>;

/** The content a stored schedule sends. */
export function contentOf(row: ScheduleRow): ScheduleContent {
  return Object.fromEntries(CONTENT_COLUMNS.map((column) => [column, row[column]])) as ScheduleContent;
}

export type ScheduledSend = { messageId: string | null; groupMessageId: string | null };

const DEFAULT_NAME = 'Scheduled message';

const gone = (path: string, what: string) =>
  new ValidationError(`${what} was deleted`, [{ path, message: `${what} was deleted` }]);

/** A channel, template or contact deleted after the schedule was saved makes its runs fail, not crash. */
function checkReferencesKept(content: ScheduleContent): string {
  if (!content.channelId) throw gone('channel_id', 'the channel');
  if (!content.templateId && !content.messageBody) throw gone('template_id', 'the template');
  if (content.sendType === 'single' && !content.contactId && !content.deliveryAddress) {
    throw gone('contact_id', 'the contact');
  }
  return content.channelId;
}

/**
 * Creates the message (single) or the queued broadcast (group) of one run, through the same
 * operations as POST /v1/messages and POST /v1/group-messages (which write their own events), and
 * tags it with the schedule's id. `scheduleId` null is a dry run's: nothing is tagged. A broadcast is
 * held for approval like any other (over the account's threshold, `pending_approval`), asked for by
 * `author`, the schedule's creator, who therefore cannot approve it. With a local send time, the
 * broadcast carries it and starts from `occurrence` (its `scheduled_at`).
 */
export async function createScheduledSend(
  tx: DbOrTx,
  ctx: OpContext,
  content: ScheduleContent,
  scheduleId: string | null,
  author?: string | null,
  occurrence?: Date,
): Promise<ScheduledSend> {
  const channelId = checkReferencesKept(content);
  const body = content.templateId
    ? { template_id: content.templateId }
    : { message_body: content.messageBody ?? undefined };
  const variables = Object.keys(content.variables).length > 0 ? content.variables : undefined;
  if (content.sendType === 'single') {
    const row = await createMessage(
      tx,
      ctx,
      {
        channel_id: channelId,
        contact_id: content.contactId ?? undefined,
        delivery_address: content.deliveryAddress ?? undefined,
        subject: content.subject ?? undefined,
        variables,
        ...body,
      },
      { timezone: content.timezone, ...(scheduleId ? { scheduledMessageId: scheduleId } : {}) },
    );
    return { messageId: row.id, groupMessageId: null };
  }
  const row = await createGroupMessage(
    tx,
    ctx,
    {
      name: content.name ?? DEFAULT_NAME,
      channel_id: channelId,
      contact_group_ids: content.contactGroupIds,
      variables,
      status: 'queued',
      // A broadcast sent at each recipient's local time starts from the occurrence itself, so a run
      // a few milliseconds late does not push the zones whose time it is to the next day.
      ...(content.localSendTime
        ? { local_send_time: content.localSendTime, scheduled_at: occurrence?.toISOString() }
        : {}),
      ...body,
    },
    author,
  );
  if (scheduleId) {
    await tx
      .update(groupMessages)
      .set({ scheduledMessageId: scheduleId })
      .where(eq(groupMessages.id, row.id));
  }
  return { messageId: null, groupMessageId: row.id };
}

class DryRunRollback extends Error {}

/**
 * Runs `createScheduledSend` in a savepoint and rolls it back: the schedule is checked at creation by
 * exactly the code that will send it (channel, contact address, template, groups), and nothing stays.
 */
export async function checkScheduledSend(
  tx: DbOrTx,
  ctx: OpContext,
  content: ScheduleContent,
): Promise<void> {
  try {
    await tx.transaction(async (savepoint) => {
      await createScheduledSend(savepoint, { ...ctx, db: savepoint }, content, null);
      throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
}
