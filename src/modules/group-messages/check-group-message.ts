import { and, eq, inArray } from 'drizzle-orm';
import { channels, contacts } from '../../db/schema/index.js';
import { audienceOf, readAudiencePage } from '../../dispatch/fanout/audience.js';
import type { PendingMessage } from '../../dispatch/load-messages.js';
import { prepareMessages } from '../../dispatch/prepare-messages.js';
import { RenderContext } from '../../dispatch/render-context.js';
import { ValidationError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import { measureSms, type SmsEncoding } from '../../templates/index.js';
import { getGroupMessage } from './service.js';

export type GroupMessageCheck = {
  recipients: number;
  sendable: number;
  skipped_by_reason: Record<string, number>;
  missing_variables: Record<string, number>;
  encoding: SmsEncoding;
  segments_total: number;
  sample: { contact_id: string; body: string }[];
};

// Contacts read and prepared per round trip.
const PAGE = 1_000;
const SAMPLE_SIZE = 3;

/**
 * What a broadcast would do if it were sent now, without sending or writing anything: its audience
 * as the fan-out reads it, each recipient prepared by the send path's own code (address, body
 * rendered from the template, opt-outs, the frequency cap, session windows), so the figures are the
 * ones the send would reach. A recipient that would not be sent is counted under its reason (the
 * `error_details.reason` or `code` its message would get); variables without a value are counted
 * per variable; `encoding` is UCS-2 when any body needs it; `segments_total` is what SMS-like
 * channels would bill (1 per message elsewhere); `sample` is the first few rendered bodies.
 */
export async function checkGroupMessage(ctx: OpContext, id: string): Promise<GroupMessageCheck> {
  const group = await getGroupMessage(ctx, id);
  const [channel] = group.channelId
    ? await ctx.db
        .select()
        .from(channels)
        .where(and(eq(channels.id, group.channelId), eq(channels.accountId, ctx.accountId)))
    : [];
  if (!channel) {
    throw new ValidationError('The broadcast has no channel to check against', [
      { path: 'channel_id', message: 'the channel no longer exists' },
    ]);
  }
  const audience = audienceOf({ ...group, startedAt: group.startedAt ?? new Date() });
  const context = new RenderContext(ctx.db);
  const result: GroupMessageCheck = {
    recipients: 0,
    sendable: 0,
    skipped_by_reason: {},
    missing_variables: {},
    encoding: 'GSM-7',
    segments_total: 0,
    sample: [],
  };
  let after: string | null = null;
  for (;;) {
    const page = await readAudiencePage(ctx.db, audience, after, PAGE);
    if (page.length === 0) break;
    after = page.at(-1)!;
    const ids = page.filter((contactId) => !audience.excluded.has(contactId));
    const rows = await loadContacts(ctx, ids);
    result.recipients += rows.length;
    const prepared = await prepareMessages(
      rows.map((contact) => asPending(contact, group)),
      channel,
      context,
      // Quiet hours and local send times delay a send, they do not prevent it: the check reports
      // what will be sent.
      { timing: false },
    );
    for (const p of prepared) {
      if ('outcome' in p) {
        const error = 'error' in p.outcome ? p.outcome.error : undefined;
        const reason = error?.reason ?? error?.code ?? p.outcome.kind;
        result.skipped_by_reason[reason] = (result.skipped_by_reason[reason] ?? 0) + 1;
        for (const name of error?.missing_variables ?? []) countMissing(result, name);
        continue;
      }
      const { send } = p;
      result.sendable += 1;
      result.segments_total += send.segments;
      if (measureSms(send.body).encoding === 'UCS-2') result.encoding = 'UCS-2';
      for (const name of send.missingVariables ?? []) countMissing(result, name);
      if (result.sample.length < SAMPLE_SIZE) {
        result.sample.push({ contact_id: send.message.contactId!, body: send.body });
      }
    }
    if (page.length < PAGE) break;
  }
  return result;
}

function countMissing(result: GroupMessageCheck, name: string): void {
  result.missing_variables[name] = (result.missing_variables[name] ?? 0) + 1;
}

type ContactRow = Awaited<ReturnType<typeof loadContacts>>[number];

async function loadContacts(ctx: OpContext, ids: string[]) {
  if (ids.length === 0) return [];
  return ctx.db
    .select({
      id: contacts.id,
      name: contacts.name,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      phone: contacts.phone,
      email: contacts.email,
      telegramChatId: contacts.telegramChatId,
      messengerPsid: contacts.messengerPsid,
      timezone: contacts.timezone,
      attributes: contacts.attributes,
    })
    .from(contacts)
    .where(and(eq(contacts.accountId, ctx.accountId), inArray(contacts.id, ids)))
    .orderBy(contacts.id);
}

/** The message the fan-out would write for a contact, as the send path reads it (never stored). */
function asPending(
  contact: ContactRow,
  group: { id: string; accountId: string; channelId: string | null; templateId: string | null },
): PendingMessage {
  return {
    id: contact.id,
    accountId: group.accountId,
    status: 'queued',
    direction: 'outbound',
    channelId: group.channelId,
    groupMessageId: group.id,
    templateId: group.templateId,
    deliveryAddress: null,
    messageBody: null,
    subject: null,
    mediaUrl: null,
    variables: {},
    attempts: 0,
    scheduledAt: null,
    nextAttemptAt: null,
    transactional: false,
    contactId: contact.id,
    contact: { ...contact, attributes: contact.attributes ?? {} },
  };
}
