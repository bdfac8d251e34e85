import type { ChannelType } from '../messages/address.js';
import { contactAddress, isSmsLike } from '../messages/address.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import { compileTemplate, measureSms, renderTemplate } from '../templates/index.js';
import type { PendingMessage } from './load-messages.js';
import type { ErrorDetails, SendOutcome } from './outcomes.js';
import type { AccountSource, GroupSource, RenderContext, TemplateSource } from './render-context.js';

/** A message ready for the provider: its address, final body and size. */
export type PreparedMessage = {
  message: PendingMessage;
  to: string;
  body: string;
  subject: string | null;
  /** Media sent with the body (providers whose definition has `media`). */
  mediaUrl: string | null;
  /** SMS parts for SMS-like channels (what the rate limit counts), else 1. */
  segments: number;
  /** True when the body was rendered here: it is stored with the `sent` write. */
  rendered: boolean;
};

/** Either a message to send, or the outcome it already has (skipped, or a failure no attempt can fix). */
export type Preparation = { send: PreparedMessage } | { outcome: SendOutcome };

type Sources = { group: GroupSource | null; account: AccountSource | null };

/**
 * Prepares messages of one channel for sending: the body as stored, or rendered from the template
 * (broadcast: the group's; single: its own) with the send's variables, the contact, the account and
 * the channel's sender name; the delivery address; the SMS segment count. A template's
 * `skip_contact` fallback yields `skipped`.
 */
export async function prepareMessages(
  rows: PendingMessage[],
  channel: ChannelRow,
  context: RenderContext,
): Promise<Preparation[]> {
  const accountId = channel.accountId;
  const groupIds = [...new Set(rows.map((r) => r.groupMessageId).filter((g): g is string => g !== null))];
  const groups = new Map(
    await Promise.all(groupIds.map(async (id) => [id, await context.group(accountId, id)] as const)),
  );
  const account = await context.account(accountId);
  const prepared: Preparation[] = [];
  for (const row of rows) {
    const group = row.groupMessageId ? (groups.get(row.groupMessageId) ?? null) : null;
    prepared.push(await prepareOne(row, channel, context, { group, account }));
  }
  return prepared;
}

async function prepareOne(
  row: PendingMessage,
  channel: ChannelRow,
  context: RenderContext,
  sources: Sources,
): Promise<Preparation> {
  const type = channel.channelType as ChannelType;
  const to = row.deliveryAddress ?? (row.contact ? contactAddress(row.contact, type) : undefined);
  if (!to) {
    const error = {
      code: 'no_address',
      message: `The contact has no address for ${type} channels`,
      reason: 'no_address',
    };
    return { outcome: unclaimed(row, error, row.groupMessageId ? 'skipped' : 'permanently_failed') };
  }
  let body = row.messageBody;
  let subject = row.subject;
  let rendered = false;
  if (body === null) {
    const templateId = row.templateId ?? sources.group?.templateId ?? null;
    const template = templateId ? await context.template(channel.accountId, templateId) : null;
    if (!template) {
      const error = {
        code: 'template_not_found',
        message: 'The message has no body and its template no longer exists',
      };
      return { outcome: unclaimed(row, error, 'permanently_failed') };
    }
    const result = renderBody(row, channel, template, sources);
    if ('error' in result) return { outcome: unclaimed(row, result.error, 'permanently_failed') };
    if (result.skip) {
      const error = {
        code: 'skipped',
        message: 'A template variable has no value and the template skips such contacts',
        reason: 'skip_contact',
        missing_variables: result.missing,
      };
      return { outcome: unclaimed(row, error, 'skipped') };
    }
    body = result.body;
    subject ??= result.subject;
    rendered = true;
  }
  const segments = isSmsLike(type) ? measureSms(body).segments : 1;
  return { send: { message: row, to, body, subject, mediaUrl: row.mediaUrl, segments, rendered } };
}

type Rendered =
  | { body: string; subject: string | null; skip: boolean; missing: string[] }
  | { error: ErrorDetails };

function renderBody(
  row: PendingMessage,
  channel: ChannelRow,
  template: TemplateSource,
  sources: Sources,
): Rendered {
  const renderSources = {
    variables: { ...sources.group?.variables, ...row.variables },
    contact: row.contact,
    account: sources.account,
    sender: channel,
  };
  try {
    const compiled = compileTemplate(template.messageBody, { html: channel.channelType === 'email' });
    const body = renderTemplate(compiled, renderSources, template.fallbackStrategy, template.defaultValues);
    let subject: string | null = null;
    if (template.subject && channel.channelType === 'email') {
      const compiledSubject = compileTemplate(template.subject, { html: false });
      subject = renderTemplate(compiledSubject, renderSources, 'keep_placeholder').body;
    }
    return { body: body.body, subject, skip: body.skip, missing: body.missing_variables };
  } catch {
    // Saved templates are checked on write; one that no longer compiles cannot be sent.
    return {
      error: {
        code: 'template_invalid',
        message: 'The template can no longer be rendered; fix it and retry',
      },
    };
  }
}

function unclaimed(
  row: PendingMessage,
  error: ErrorDetails,
  kind: 'skipped' | 'permanently_failed',
): SendOutcome {
  const base = { id: row.id, accountId: row.accountId, groupMessageId: row.groupMessageId, error };
  return kind === 'skipped' ? { ...base, kind } : { ...base, kind, attempt: null };
}
