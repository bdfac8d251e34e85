import { z } from '@hono/zod-openapi';

export const AuditEntry = z
  .object({
    id: z.string().uuid(),
    actor: z.object({
      type: z.enum(['user', 'api_key', 'system']),
      id: z.string().uuid().nullable(),
    }),
    action: z.string().openapi({ example: 'channel.updated' }),
    resource_type: z.string().openapi({ example: 'channel' }),
    resource_id: z.string().nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    created_at: z.string().datetime(),
    changes: z
      .record(z.string(), z.object({ from: z.unknown().optional(), to: z.unknown().optional() }))
      .optional()
      .openapi({
        description: '`{ field: { from, to } }`; secrets appear as "••••" (changed), never their value',
      }),
  })
  .openapi('AuditEntry');
export type AuditEntry = z.infer<typeof AuditEntry>;
