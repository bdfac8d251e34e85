import type { ProviderDefinition } from '../../providers/definition.js';
import { isProviderId, PROVIDERS } from '../../providers/registry.js';
import type { ProviderTemplate } from '../../providers/types.js';
import type { ChannelType } from '../messages/address.js';
import { contactAddress, isSmsLike } from '../messages/address.js';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import { compileTemplate, measureSms, renderTemplate, templateParameters } from '../templates/index.js';
import { deferQuietHours, skipFrequencyCapped, skipOptedOut } from './consent-gate.js';
import type { PendingMessage } from './load-messages.js';
import { deferLocalSendTime } from './local-time-gate.js';
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
  /** A template approved with the provider, sent by name with its parameters (WhatsApp). */
  template: ProviderTemplate | null;
  /** Whether the recipient wrote within the provider's session window (providers that have one). */
  sessionOpen?: boolean;
  /** Template variables that had no value when the body was rendered here (the pre-send check reports them). */
  missingVariables?: string[];
};

/** Either a message to send, or the outcome it already has (skipped, or a failure no attempt can fix). */
export type Preparation = { send: PreparedMessage } | { outcome: SendOutcome };

type Sources = { group: GroupSource | null; account: AccountSource | null };

/**
 * Prepares messages of one channel for sending: the body as stored, or rendered from the template
 * (broadcast: the group's; single: its own) with the send's variables, the contact, the account and
 * the channel's sender name; the delivery address; the SMS segment count. A template's
 * `skip_contact` fallback yields `skipped`. On a provider with its own templates (WhatsApp), a
 * template of the channel's type with an `external_template_id` is sent by name with its variables
 * as parameters. On a provider with a session window (WhatsApp, Messenger), a free-form message to
 * someone who has not written within it fails here with `outside_session_window`, before any claim
 * or provider call, unless the channel may send outside it (a Messenger message tag). A recipient
 * in the opt-out registry for the channel's type is `skipped` with `opted_out`, and a broadcast
 * recipient over the account's frequency cap with `frequency_capped`; a broadcast recipient whose
 * local send time has not come is `deferred` to it (see local-time-gate.ts), and one inside quiet
 * hours to the end of the window (see consent-gate.ts). `timing: false` leaves both out.
 *
 * The claim counts the frequency cap exactly (see claim-messages.ts); the count here, before it, only
 * pays for its query where something is spent before the claim — a broadcast's `send_rate` tokens —
 * or where nothing is claimed (the pre-send check). `earlyCap: false` leaves it to the claim.
 */
export async function prepareMessages(
  rows: PendingMessage[],
  channel: ChannelRow,
  context: RenderContext,
  options: { timing?: boolean; earlyCap?: boolean } = {},
): Promise<Preparation[]> {
  const accountId = channel.accountId;
  const groupIds = [...new Set(rows.map((r) => r.groupMessageId).filter((g): g is string => g !== null))];
  const groups = new Map(
    await Promise.all(groupIds.map(async (id) => [id, await context.group(accountId, id)] as const)),
  );
  const account = await context.account(accountId);
  const definition = isProviderId(channel.provider) ? PROVIDERS[channel.provider] : undefined;
  const prepared: Preparation[] = [];
  for (const row of rows) {
    const group = row.groupMessageId ? (groups.get(row.groupMessageId) ?? null) : null;
    prepared.push(await prepareOne(row, channel, context, { group, account }, definition));
  }
  // Consent first: an opted-out recipient is skipped, not failed for a closed session window.
  await skipOptedOut(context.db, prepared, accountId, channel.channelType as ChannelType);
  if (options.earlyCap !== false) {
    await skipFrequencyCapped(context.db, prepared, accountId, account?.consent.frequency_cap);
  }
  if (options.timing !== false && account) {
    const now = new Date();
    deferLocalSendTime(prepared, groups, account.timezone, now);
    deferQuietHours(prepared, channel.quietHours ?? account.quietHours, account.timezone, now);
  }
  if (definition?.sessionWindow) await checkSessionWindow(prepared, channel, context, definition);
  return prepared;
}

async function prepareOne(
  row: PendingMessage,
  channel: ChannelRow,
  context: RenderContext,
  sources: Sources,
  definition: ProviderDefinition | undefined,
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
  let missingVariables: string[] | undefined;
  const templateId = row.templateId ?? sources.group?.templateId ?? null;
  // A single message's body was rendered when it was created; its template is read again only when
  // the provider may send it by name.
  const template =
    templateId && (body === null || definition?.templates)
      ? await context.template(channel.accountId, templateId)
      : null;
  if (body === null) {
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
    missingVariables = result.missing;
  }
  let providerTemplate: ProviderTemplate | null = null;
  if (definition?.templates && template?.channelType === type && template.externalTemplateId) {
    if (!template.language) {
      const error = {
        code: 'template_invalid',
        message: `A ${type} template needs the language it was approved in (for example en_US)`,
      };
      return { outcome: unclaimed(row, error, 'permanently_failed') };
    }
    const compiled = compileTemplate(template.messageBody, { html: false });
    providerTemplate = {
      name: template.externalTemplateId,
      language: template.language,
      parameters: templateParameters(
        compiled,
        sourcesOf(row, channel, sources),
        template.fallbackStrategy,
        template.defaultValues,
      ),
    };
  }
  const segments = isSmsLike(type) ? measureSms(body).segments : 1;
  return {
    send: {
      message: row,
      to,
      body,
      subject,
      mediaUrl: row.mediaUrl,
      segments,
      rendered,
      template: providerTemplate,
      ...(missingVariables && missingVariables.length > 0 ? { missingVariables } : {}),
    },
  };
}

/**
 * Marks each free-form message with whether its recipient wrote within the provider's window, and
 * fails those outside it when the channel cannot send them (`outside_session_window`).
 */
async function checkSessionWindow(
  prepared: Preparation[],
  channel: ChannelRow,
  context: RenderContext,
  definition: ProviderDefinition,
): Promise<void> {
  const window = definition.sessionWindow!;
  const candidates = prepared.flatMap((p, index) =>
    'send' in p && !p.send.template ? [{ index, send: p.send }] : [],
  );
  if (candidates.length === 0) return;
  const times = await context.lastInbound(
    channel,
    candidates.map(({ send }) => ({
      id: send.message.id,
      contactId: send.message.contactId,
      address: send.to,
    })),
  );
  const since = Date.now() - window.hours * 3_600_000;
  const allowsOutside = window.allowsOutside?.(channel.config) ?? false;
  for (const { index, send } of candidates) {
    const open = (times.get(send.message.id)?.getTime() ?? Number.NEGATIVE_INFINITY) >= since;
    if (open || allowsOutside) {
      send.sessionOpen = open;
      continue;
    }
    const error = {
      code: 'outside_session_window',
      message: `The recipient has not written to this channel in the last ${window.hours} hours: only an approved template can be sent`,
      retryable: false,
    };
    prepared[index] = { outcome: unclaimed(send.message, error, 'permanently_failed') };
  }
}

type Rendered =
  | { body: string; subject: string | null; skip: boolean; missing: string[] }
  | { error: ErrorDetails };

/** Where a recipient's values come from: the send's variables, the contact, the account, the channel. */
function sourcesOf(row: PendingMessage, channel: ChannelRow, sources: Sources) {
  return {
    variables: { ...sources.group?.variables, ...row.variables },
    contact: row.contact,
    account: sources.account,
    sender: channel,
    timezone: sources.group?.timezone ?? null,
  };
}

function renderBody(
  row: PendingMessage,
  channel: ChannelRow,
  template: TemplateSource,
  sources: Sources,
): Rendered {
  const renderSources = sourcesOf(row, channel, sources);
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
