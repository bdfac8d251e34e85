import { z } from '@hono/zod-openapi';

export const MAX_MEMBER_IDS = 10_000;

export const ContactGroup = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    contact_count: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('ContactGroup');
export type ContactGroup = z.infer<typeof ContactGroup>;

export const ContactGroupCreate = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({ description: 'Unique per account, case-insensitively' }),
    description: z.string().trim().max(1000).nullable().optional(),
  })
  .openapi('ContactGroupCreate');
export type ContactGroupCreate = z.infer<typeof ContactGroupCreate>;

export const ContactGroupUpdate = ContactGroupCreate.partial().openapi('ContactGroupUpdate');
export type ContactGroupUpdate = z.infer<typeof ContactGroupUpdate>;

export const MembersInput = z
  .object({
    contact_ids: z
      .array(z.uuid().transform((id) => id.toLowerCase()))
      .min(1)
      .max(MAX_MEMBER_IDS)
      .openapi({ description: `1 to ${MAX_MEMBER_IDS} contact ids` }),
  })
  .openapi('ContactGroupMembersInput');

export const MembersAdded = z
  .object({
    added: z
      .number()
      .int()
      .openapi({ description: 'Contacts newly added (members already in the group are not counted)' }),
    not_found: z.array(z.uuid()).openapi({ description: 'Ids that are not contacts of this account' }),
  })
  .openapi('ContactGroupMembersAdded');

export const MembersRemoved = z
  .object({
    removed: z.number().int().openapi({ description: 'Memberships removed' }),
    not_found: z.array(z.uuid()).openapi({ description: 'Ids that are not contacts of this account' }),
  })
  .openapi('ContactGroupMembersRemoved');
