import { z } from '@hono/zod-openapi';
import { CHANNEL_TYPES } from '../../db/schema/channels.js';
import { OPT_OUT_SOURCES } from '../../db/schema/webhooks.js';

export const OptOut = z
  .object({
    id: z.uuid(),
    channel_type: z.enum(CHANNEL_TYPES),
    address: z
      .string()
      .openapi({ description: 'In the channel type’s canonical form (E.164, lower-case email…)' }),
    contact_id: z.uuid().nullable(),
    source: z.enum(OPT_OUT_SOURCES),
    reason: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('OptOut');
export type OptOut = z.infer<typeof OptOut>;

export const OptOutCreate = z
  .object({
    channel_type: z.enum(CHANNEL_TYPES),
    address: z.string().min(1).max(320),
    reason: z.string().max(500).optional(),
  })
  .openapi('OptOutCreate');
export type OptOutCreate = z.infer<typeof OptOutCreate>;

export const OptOutImportResult = z
  .object({
    rows: z.number().int(),
    imported: z.number().int(),
    already_opted_out: z.number().int(),
    failed: z.number().int(),
    errors: z.array(z.object({ row: z.number().int(), message: z.string() })).openapi({
      description: 'The first 100 rows that could not be read',
    }),
  })
  .openapi('OptOutImportResult');
