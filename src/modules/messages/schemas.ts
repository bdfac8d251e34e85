import { z } from '@hono/zod-openapi';
import { MESSAGE_DIRECTIONS, MESSAGE_STATUSES } from '../../db/schema/messages.js';

export const Message = z
  .object({
    id: z.uuid(),
    channel_id: z.uuid().nullable(),
    contact_id: z.uuid().nullable(),
    group_message_id: z.uuid().nullable(),
    scheduled_message_id: z.uuid().nullable(),
    template_id: z.uuid().nullable(),
    direction: z.enum(MESSAGE_DIRECTIONS),
    status: z.enum(MESSAGE_STATUSES),
    delivery_address: z.string().nullable(),
    message_body: z.string().nullable(),
    subject: z.string().nullable(),
    media_url: z.string().nullable().openapi({ description: 'Media sent with the body (https URL)' }),
    provider_message_id: z.string().nullable(),
    segments: z.number().int().nullable(),
    attempts: z.number().int(),
    metadata: z.record(z.string(), z.unknown()),
    error_details: z.record(z.string(), z.unknown()).nullable(),
    scheduled_at: z.string().nullable(),
    sent_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
    failed_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Message');
export type Message = z.infer<typeof Message>;

const Variables = z
  .record(
    z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'variable names are letters, digits and _'),
    z.string().max(5000),
  )
  .refine((v) => Object.keys(v).length <= 100, { message: 'at most 100 variables' });

const MAX_METADATA_DEPTH = 32;

/**
 * True when no value sits deeper than `max` levels of objects and arrays. Iterative on purpose: the
 * size check below uses JSON.stringify, which recursion-overflows (RangeError, a 500) on a body of a
 * few thousand nested arrays; this check runs first and refuses such bodies with a 422.
 */
function nestsAtMost(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= max) return false;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return true;
}

const Metadata = z
  .record(z.string().max(100), z.unknown())
  .refine((v) => nestsAtMost(v, MAX_METADATA_DEPTH), {
    message: `metadata nests at most ${MAX_METADATA_DEPTH} levels`,
    abort: true,
  })
  .refine((v) => JSON.stringify(v).length <= 16_384, { message: 'metadata is limited to 16 KB' });

export const MessageCreate = z
  .object({
    channel_id: z.uuid(),
    contact_id: z.uuid().optional(),
    delivery_address: z.string().trim().min(1).max(320).optional(),
    message_body: z.string().min(1).max(10_000).optional(),
    template_id: z.uuid().optional(),
    variables: Variables.optional(),
    subject: z.string().max(998).optional(),
    media_url: z
      .url({ protocol: /^https$/, error: 'must be an https URL' })
      .max(2000)
      .optional()
      .openapi({
        description:
          'An image, video, audio file or document to send with the body, by https URL. Only on channels that carry media (WhatsApp, Messenger, Telegram, Twilio MMS, email); elsewhere 422 `media_not_supported`.',
      }),
    metadata: Metadata.optional(),
    transactional: z.boolean().optional().openapi({
      description: 'A message the recipient is waiting for (a code, a receipt): it ignores quiet hours',
    }),
    scheduled_at: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Send later (ISO 8601 with offset)' }),
  })
  .superRefine((v, ctx) => {
    if (!v.contact_id && !v.delivery_address) {
      ctx.addIssue({
        code: 'custom',
        path: ['contact_id'],
        message: 'contact_id or delivery_address is required',
      });
    }
    if ((v.message_body === undefined) === (v.template_id === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['message_body'],
        message: 'give exactly one of message_body and template_id',
      });
    }
  })
  .openapi('MessageCreate');
export type MessageCreate = z.infer<typeof MessageCreate>;

export const MessageUpdate = z
  .object({
    metadata: Metadata.optional().openapi({ description: 'Replaces the metadata object' }),
    status: z.literal('cancelled').optional().openapi({
      description:
        'Cancel while scheduled or queued, or failed and waiting for its retry (an extension of the contract: a retry that a throttling provider keeps putting off can be stopped)',
    }),
  })
  .refine((v) => v.metadata !== undefined || v.status !== undefined, { message: 'nothing to change' })
  .openapi('MessageUpdate');
