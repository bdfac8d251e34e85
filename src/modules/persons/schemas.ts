import { z } from '@hono/zod-openapi';
import { Attributes } from '../contacts/fields.js';

export const Person = z
  .object({
    id: z.uuid(),
    name: z.string(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Person');
export type Person = z.infer<typeof Person>;

export const PersonCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    attributes: Attributes.nullable()
      .optional()
      .openapi({ description: 'Replaces the whole object; null clears it' }),
  })
  .openapi('PersonCreate');
export type PersonCreate = z.infer<typeof PersonCreate>;

export const PersonUpdate = PersonCreate.partial().openapi('PersonUpdate');
export type PersonUpdate = z.infer<typeof PersonUpdate>;
