import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { isProviderId, PROVIDERS } from '../../../providers/registry.js';
import { auditChanges, auditInsertFrom, auditValues } from '../../audit/record-audit.js';
import type { DbOrTx } from '../../db/client.js';
import { builtQuery, compiledStatement } from '../../db/named-query.js';
import { accounts, channels, contacts, messages, outboxEvents, templates } from '../../db/schema/index.js';
import { ValidationError } from '../../errors.js';
import type { OpContext } from '../../http/context.js';
import {
  ADDRESS_FIELD,
  type ChannelType,
  contactAddress,
  isSmsLike,
  parseAddress,
} from '../../messages/address.js';
import { IN_WRITE_ORDER } from '../../outbox/write-event.js';
import { compileTemplate, type FallbackStrategy, measureSms, renderTemplate } from '../../templates/index.js';
import type { MessageCreate } from './schemas.js';
import { MESSAGE_AUDIT } from './service.js';

const invalid = (path: string, message: string, code = 'validation_failed') =>
  new ValidationError(message, [{ path, message }], code);

/** Normalizes an explicit delivery address for the channel type, or fails with 422 at `delivery_address`. */
function normalizeAddress(raw: string, type: ChannelType, defaultCountry: string | null): string {
  const parsed = parseAddress(raw, type, defaultCountry);
  if (!parsed.ok) throw invalid('delivery_address', `delivery_address ${parsed.message}`);
  // Email addresses keep the case the user wrote (a mailbox may be case-sensitive); consent compares lower-case.
  return ADDRESS_FIELD[type] === 'email' ? raw.trim() : parsed.address;
}

/** Whether the channel's provider sends `media_url` (contract: Rich content). */
function carriesMedia(provider: string): boolean {
  return isProviderId(provider) && PROVIDERS[provider].media;
}

/**
 * The channel, its account, and the contact and template named, in one statement. A missing id
 * (null) joins nothing; another account's contact or template joins nothing either.
 */
function sourcesQuery(db: DbOrTx) {
  return db
    .select({ channel: channels, account: accounts, contact: contacts, template: templates })
    .from(channels)
    .innerJoin(accounts, eq(accounts.id, channels.accountId))
    .leftJoin(
      contacts,
      and(eq(contacts.id, sql.placeholder('contactId')), eq(contacts.accountId, channels.accountId)),
    )
    .leftJoin(
      templates,
      and(eq(templates.id, sql.placeholder('templateId')), eq(templates.accountId, channels.accountId)),
    )
    .where(
      and(
        eq(channels.id, sql.placeholder('channelId')),
        eq(channels.accountId, sql.placeholder('accountId')),
      ),
    );
}

async function loadSources(db: DbOrTx, ctx: OpContext, input: MessageCreate) {
  // Built once: building a select of four whole tables (about 100 columns) per request was a tenth
  // of the API's CPU per message. Planned on every call (see `builtQuery`).
  const [found] = await builtQuery(db, 'message-sources', sourcesQuery).execute({
    channelId: input.channel_id,
    accountId: ctx.accountId,
    contactId: input.contact_id ?? null,
    templateId: input.template_id ?? null,
  });
  // Another account's channel is indistinguishable from a missing one.
  if (!found) throw invalid('channel_id', 'no such channel in this account');
  const { channel, account } = found;
  if (!channel.isEnabled) throw invalid('channel_id', 'the channel is disabled', 'channel_disabled');
  if (input.media_url !== undefined && !carriesMedia(channel.provider)) {
    throw invalid(
      'media_url',
      `${channel.provider} channels cannot carry media (media_url): only WhatsApp, Messenger, Telegram, Twilio (MMS) and email can`,
      'media_not_supported',
    );
  }
  const contact = found.contact ?? undefined;
  if (input.contact_id && !contact) throw invalid('contact_id', 'no such contact in this account');
  const template = found.template ?? undefined;
  if (input.template_id && !template) throw invalid('template_id', 'no such template in this account');
  return { channel, account, contact, template };
}

/** Where a new message's send job comes from. */
export type MessageOrigin = {
  /** The schedule whose run this message is: written with the row, not by a second update. */
  scheduledMessageId?: string;
  /**
   * `caller`: the caller adds the job after its commit (the API: `enqueueCreatedMessage`), with the
   * reconciler as the backstop should it never get there. `event` (the default): a `message.queued`
   * event is written beside `message.created`, and the event consumer adds it.
   */
  dispatch?: 'caller' | 'event';
  /** The zone {DATE} and {TIME} are written in: a schedule's, else the account's. */
  timezone?: string;
};

const value = (name: string) => sql.placeholder(name);

/**
 * The message, its events and its audit entry in one statement: atomic without a transaction of
 * its own, and one round trip instead of four on the hottest API path.
 * Compiled once and named, so each connection parses and plans it once: it reads no table (its
 * plan cannot go stale as the tables grow), and building and planning it cost more than running it.
 */
const createStatement = compiledStatement<Record<string, unknown>>('message-create', (db) => {
  const insert = db
    .insert(messages)
    .values({
      accountId: value('accountId'),
      channelId: value('channelId'),
      contactId: value('contactId'),
      templateId: value('templateId'),
      scheduledMessageId: value('scheduledMessageId'),
      direction: 'outbound',
      status: value('status'),
      deliveryAddress: value('deliveryAddress'),
      messageBody: value('messageBody'),
      subject: value('subject'),
      mediaUrl: value('mediaUrl'),
      variables: value('variables'),
      segments: value('segments'),
      metadata: value('metadata'),
      transactional: value('transactional'),
      errorDetails: value('errorDetails'),
      scheduledAt: value('scheduledAt'),
      queuedAt: value('queuedAt'),
    })
    .returning();
  return sql`
    WITH m AS (${insert.getSQL()}),
    e AS (
      INSERT INTO ${outboxEvents} (account_id, event_type, aggregate_type, aggregate_id, payload, occurred_at)
      SELECT m.account_id, t.type, 'message', m.id, ${value('event')}::jsonb, ${IN_WRITE_ORDER('t.n')}
      FROM m, unnest(${value('eventTypes')}::text[]) WITH ORDINALITY AS t(type, n) ORDER BY t.n),
    a AS (${auditInsertFrom('m')})
    SELECT m.* FROM m`;
});

/**
 * Accepts a single outbound message: checks the channel, resolves the address for its type, renders
 * the body, and stores the message with its `message.created` event (and `message.queued` when the
 * event consumer is to dispatch it) in one statement (in the caller's transaction when there is
 * one; atomic by itself when not). The caller wakes the outbox relay once the statement (or its
 * transaction) has committed (`notifyListeners`): a NOTIFY in the statement itself would queue this
 * commit behind every other notifying one (see src/db/notify.ts).
 */
export async function createMessage(
  tx: DbOrTx,
  ctx: OpContext,
  input: MessageCreate,
  origin: MessageOrigin = {},
) {
  const { channel, account, contact, template } = await loadSources(tx, ctx, input);
  const type = channel.channelType as ChannelType;
  const defaultCountry = channel.defaultCountryCode ?? account.defaultCountryCode;

  let address: string | undefined;
  if (input.delivery_address !== undefined) {
    address = normalizeAddress(input.delivery_address, type, defaultCountry);
  } else if (contact) {
    address = contactAddress(contact, type);
    if (!address) {
      throw invalid(
        'contact_id',
        `the contact has no ${ADDRESS_FIELD[type]} for a ${type} channel`,
        'contact_has_no_address',
      );
    }
  }

  const html = type === 'email';
  const body = template?.messageBody ?? input.message_body!;
  const strategy: FallbackStrategy = template?.fallbackStrategy ?? 'keep_placeholder';
  const defaults = template?.defaultValues ?? {};
  const sources = {
    variables: input.variables ?? null,
    contact: contact ?? null,
    account,
    sender: channel,
    timezone: origin.timezone ?? null,
  };
  const rendered = renderTemplate(compileTemplate(body, { html }), sources, strategy, defaults);
  const subjectSource = input.subject ?? template?.subject ?? undefined;
  const subject = subjectSource
    ? renderTemplate(compileTemplate(subjectSource, { html: false }), sources, strategy, defaults).body
    : null;

  const scheduledAt = input.scheduled_at ? new Date(input.scheduled_at) : null;
  const status = rendered.skip
    ? 'skipped'
    : scheduledAt && scheduledAt.getTime() > Date.now()
      ? 'scheduled'
      : 'queued';
  const eventTypes =
    origin.dispatch !== 'caller' && status !== 'skipped'
      ? ['message.created', 'message.queued']
      : ['message.created'];
  const result = await createStatement(tx, {
    accountId: ctx.accountId,
    channelId: channel.id,
    contactId: contact?.id ?? null,
    templateId: template?.id ?? null,
    scheduledMessageId: origin.scheduledMessageId ?? null,
    status,
    deliveryAddress: address ?? null,
    messageBody: rendered.body,
    subject,
    mediaUrl: input.media_url ?? null,
    variables: input.variables ?? {},
    segments: isSmsLike(type) ? measureSms(rendered.body).segments : null,
    metadata: input.metadata ?? {},
    transactional: input.transactional ?? false,
    errorDetails: rendered.skip
      ? { reason: 'missing_variables', missing_variables: rendered.missing_variables }
      : null,
    scheduledAt,
    queuedAt: status === 'queued' ? new Date() : null,
    event: JSON.stringify({
      channel_id: channel.id,
      status,
      scheduled_at: scheduledAt?.toISOString() ?? null,
    }),
    eventTypes,
    ...auditValues(ctx, {
      action: 'message.created',
      resourceType: 'message',
      changes: auditChanges(
        undefined,
        {
          channel_id: channel.id,
          contact_id: contact?.id ?? null,
          template_id: template?.id ?? null,
          status,
          delivery_address: address ?? null,
          scheduled_at: scheduledAt?.toISOString() ?? null,
          metadata: input.metadata ?? {},
        },
        MESSAGE_AUDIT.fields,
        MESSAGE_AUDIT.personal,
      ),
    }),
  });
  return messageRow(result.rows[0]!);
}

const MESSAGE_COLUMNS = Object.entries(getTableColumns(messages));
type MessageRow = typeof messages.$inferSelect;

/** A `messages` row of a raw statement (driver values by column name) as drizzle's typed row. */
function messageRow(raw: Record<string, unknown>): MessageRow {
  return Object.fromEntries(
    MESSAGE_COLUMNS.map(([key, column]) => {
      const value = raw[column.name];
      return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
    }),
  ) as MessageRow;
}
