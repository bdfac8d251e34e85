import { z } from '@hono/zod-openapi';

export const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the key, to recognize it' }),
    role: z.object({ id: z.uuid(), name: z.string() }),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    created_by_user_id: z.uuid().nullable().openapi({
      description:
        'The user who created the key; removing that member revokes it, demoting them downgrades it',
    }),
    created_at: z.string(),
  })
  .openapi('ApiKey');
export type ApiKey = z.infer<typeof ApiKey>;

export const CreatedApiKey = ApiKey.extend({
  key: z.string().openapi({ description: 'The secret key, shown only in this response', example: 'tk_...' }),
}).openapi('CreatedApiKey');

export const ApiKeyCreate = z
  .object({
    name: z.string().trim().min(1).max(100),
    role_id: z.uuid().optional().openapi({ description: "Defaults to the caller's own role" }),
  })
  .openapi('ApiKeyCreate');
