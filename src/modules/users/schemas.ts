import { z } from '@hono/zod-openapi';

export const Member = z
  .object({
    id: z.uuid().openapi({ description: 'The user id' }),
    email: z.string(),
    name: z.string().nullable(),
    email_verified: z.boolean(),
    role: z.object({ id: z.uuid(), name: z.string() }),
    joined_at: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Member');
export type Member = z.infer<typeof Member>;

export const MemberUpdate = z.object({ role_id: z.uuid() }).openapi('MemberUpdate');
