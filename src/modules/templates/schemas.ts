import { z } from '@hono/zod-openapi';
import { CHANNEL_TYPES } from '../../db/schema/channels.js';
import { APPROVAL_STATUSES, FALLBACK_STRATEGIES } from '../../db/schema/templates.js';

const MAX_BODY = 100_000;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const ChannelType = z.enum(CHANNEL_TYPES);

export const Template = z
  .object({
    id: z.uuid(),
    name: z.string(),
    message_body: z.string(),
    subject: z.string().nullable(),
    category: z.string().nullable(),
    channel_type: z.string().nullable(),
    language: z.string().nullable(),
    variables: z.array(z.string()).openapi({
      description: 'Upper-cased variable names used by message_body and subject; derived, read-only',
      example: ['FIRST_NAME', 'CODE'],
    }),
    default_values: z.record(z.string(), z.string()),
    fallback_strategy: z.enum(FALLBACK_STRATEGIES),
    approval_status: z.enum(APPROVAL_STATUSES),
    external_template_id: z.string().nullable(),
    created_by_user_id: z.uuid().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Template');
export type Template = z.infer<typeof Template>;

const DefaultValues = z
  .record(z.string().regex(VARIABLE_NAME, 'variable names are letters, digits and _'), z.string().max(1000))
  .refine((record) => Object.keys(record).length <= 100, { message: 'at most 100 default values' })
  // Names match case-insensitively: store them the way the template's `variables` lists them.
  .transform((record) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toUpperCase(), value])),
  )
  .openapi({ example: { FIRST_NAME: 'there' } });

const fields = {
  name: z.string().trim().min(1).max(200),
  message_body: z
    .string()
    .min(1)
    .max(MAX_BODY)
    .openapi({
      description: [
        'Text with {VARIABLE} placeholders; Handlebars {{VARIABLE}}, {{#if VARIABLE}}...{{else}}...{{/if}} and {{#unless}} over the same names (letters, digits, _), matched case-insensitively.',
        "Values, first match wins: the send's variables, the contact (NAME FIRST_NAME LAST_NAME PHONE EMAIL), the contact's attributes, ACCOUNT_NAME, SENDER_NAME (the channel's sender_name), DATE (YYYY-MM-DD) and TIME (HH:mm, 24-hour) in the schedule's or account's time zone.",
        'Values are HTML-escaped for email only. Partials, other helpers and dotted paths are refused (422).',
      ].join(' '),
      example: 'Hi {first_name}{{#if CITY}} from {CITY}{{/if}}, your code is {CODE}.',
    }),
  subject: z
    .string()
    .max(998)
    .nullable()
    .optional()
    .openapi({ description: 'Email subject; may use variables' }),
  category: z.string().trim().max(100).nullable().optional(),
  channel_type: ChannelType.nullable().optional(),
  language: z.string().trim().max(35).nullable().optional().openapi({
    example: 'en',
    description:
      'Required (422 without) on a whatsapp template with external_template_id: the language it was approved in, e.g. en_US',
  }),
  default_values: DefaultValues.optional(),
  fallback_strategy: z.enum(FALLBACK_STRATEGIES).optional().openapi({
    description:
      'For a variable with no value: keep_placeholder (default) leaves it as written, use_default uses default_values (else empty), skip_contact skips the recipient',
  }),
  approval_status: z.enum(APPROVAL_STATUSES).optional(),
  external_template_id: z.string().trim().max(200).nullable().optional(),
};

// `variables` is derived from the body; a client-sent `variables` is ignored like any other
// read-only field (id, created_at), so a GET → edit → PATCH round trip works.
export const TemplateCreate = z.object(fields).openapi('TemplateCreate');
export type TemplateCreate = z.infer<typeof TemplateCreate>;

export const TemplateUpdate = z.object(fields).partial().openapi('TemplateUpdate');
export type TemplateUpdate = z.infer<typeof TemplateUpdate>;

export const TemplatePreviewRequest = z
  .object({
    message_body: z.string().min(1).max(MAX_BODY).optional(),
    template_id: z.uuid().optional(),
    contact_id: z.uuid().optional(),
    variables: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .openapi({ description: 'Custom values; they win over every other source', example: { CODE: '1234' } }),
    channel_type: ChannelType.optional().openapi({
      description: "Defaults to the template's; email renders HTML-escaped values",
    }),
  })
  .superRefine((input, ctx) => {
    const given = Number(input.message_body !== undefined) + Number(input.template_id !== undefined);
    if (given === 0) {
      ctx.addIssue({ code: 'custom', path: ['message_body'], message: 'give message_body or template_id' });
    } else if (given === 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['template_id'],
        message: 'give message_body or template_id, not both',
      });
    }
  })
  .openapi('TemplatePreviewRequest');
export type TemplatePreviewRequest = z.infer<typeof TemplatePreviewRequest>;

export const TemplatePreview = z
  .object({
    body: z.string(),
    missing_variables: z.array(z.string()),
    encoding: z.enum(['GSM-7', 'UCS-2']).openapi({ description: 'As an SMS; returned for every channel' }),
    segments: z.number().int(),
    characters: z.number().int().openapi({ description: 'Unicode code points' }),
  })
  .openapi('TemplatePreview');
export type TemplatePreview = z.infer<typeof TemplatePreview>;
