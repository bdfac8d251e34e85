import { z } from '@hono/zod-openapi';
import { isValidPermission } from './permissions.js';

export const Role = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    permissions: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Role');
export type Role = z.infer<typeof Role>;

const Permissions = z
  .array(z.string().refine(isValidPermission, { message: 'must be "*", RESOURCE:ACTION or RESOURCE:*' }))
  .max(100)
  .transform((list) => [...new Set(list)])
  .openapi({ example: ['contacts:write', 'messages:send'] });

export const RoleCreate = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(500).nullable().optional(),
    permissions: Permissions,
  })
  .openapi('RoleCreate');

export const RoleUpdate = RoleCreate.partial().openapi('RoleUpdate');
