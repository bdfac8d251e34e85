import { z } from '@hono/zod-openapi';
import { Timezone } from '../accounts/schemas.js';
import { Email } from '../auth/schemas.js';
import { Attributes, OptionalText, Tags } from './fields.js';

export const Contact = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    phone: z.string().nullable().openapi({ description: 'E.164', example: '+251911234567' }),
    email: z.string().nullable(),
    telegram_chat_id: z.string().nullable(),
    messenger_psid: z.string().nullable(),
    timezone: z.string().nullable().openapi({ description: 'IANA time zone (quiet hours)' }),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    tags: z.array(z.string()),
    person_id: z.uuid().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Contact');
export type Contact = z.infer<typeof Contact>;

// Telegram chat ids are integers (negative for groups) or @channel names; clients send either type.
const TelegramChatId = z
  .union([z.string().trim().min(1).max(100), z.number().int()])
  .transform(String)
  .nullable()
  .optional()
  .openapi({ description: 'Stored and returned as a string', example: '123456789' });

export const ContactCreate = z
  .object({
    name: OptionalText(200),
    first_name: OptionalText(100),
    last_name: OptionalText(100),
    phone: z.string().max(64).nullable().optional().openapi({
      description:
        "Any common format; stored in E.164. A national number is read in the account's default_country_code",
      example: '+251 91 123 4567',
    }),
    email: Email.nullable().optional().openapi({ description: 'Unique per account, case-insensitively' }),
    telegram_chat_id: TelegramChatId,
    messenger_psid: z.string().trim().min(1).max(100).nullable().optional(),
    timezone: Timezone.nullable().optional().openapi({
      description: "IANA time zone for quiet hours; else the phone number's country's, else the account's",
    }),
    attributes: Attributes.nullable()
      .optional()
      .openapi({ description: 'Replaces the whole object; null clears it' }),
    tags: Tags.nullable().optional().openapi({ description: 'Replaces the whole list; null clears it' }),
    person_id: z.uuid().nullable().optional().openapi({ description: 'A person of the same account' }),
  })
  .openapi('ContactCreate');
export type ContactCreate = z.infer<typeof ContactCreate>;

/** Every field optional; `null` clears a field. */
export const ContactUpdate = ContactCreate.partial().openapi('ContactUpdate');
export type ContactUpdate = z.infer<typeof ContactUpdate>;
