import { z } from '@hono/zod-openapi';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    request_id: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** Error responses shared by routes; pick the ones a route can answer. */
export const errorResponses = {
  400: problem('Malformed request (bad JSON, bad query, wrong type)'),
  401: problem('Missing or invalid credentials'),
  403: problem('Authenticated but not allowed'),
  404: problem('Not found (or belongs to another account)'),
  409: problem('Conflict with the current state'),
  422: problem('Well-formed but not acceptable; `errors` names the fields'),
  429: problem('Throttled; see Retry-After'),
  501: problem('Not implemented for this provider yet'),
} as const;

/** Responses every authenticated, tenant-scoped route may give. */
export const tenantErrors = {
  400: errorResponses[400],
  401: errorResponses[401],
  403: errorResponses[403],
  404: errorResponses[404],
} as const;

export const IdParams = z.object({
  id: z
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' }, example: '5f0c8a4e-2b6d-4c57-9d35-1a2b3c4d5e6f' }),
});

const stringOrList = z.union([z.string(), z.array(z.string())]).optional();

export const ListQuerySchema = z.object({
  filter: stringOrList.openapi({
    description:
      'FIELD:OP:VALUE, repeatable (AND). OPs: eq ne lt le gt ge contains icontains in like range is_null startswith endswith',
    example: 'name:icontains:acme',
  }),
  sort: stringOrList.openapi({ description: 'FIELD:asc|desc, repeatable', example: 'created_at:desc' }),
  page: z.string().optional().openapi({ description: 'Page number from 1', example: '1' }),
  page_size: z
    .string()
    .optional()
    .openapi({ description: 'Items per page, 1 to 100 (default 20)', example: '20' }),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

/** `{ items, total, page, page_size }` around an item schema. */
export function listOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      total: z.number().int(),
      total_is_estimate: z.boolean().openapi({
        description:
          "true when more than 10,000 rows match: `total` is then the database planner's estimate, not an exact count (extension)",
      }),
      page: z.number().int(),
      page_size: z.number().int(),
    })
    .openapi(name);
}

export const AccountIdHeader = z.object({
  'x-account-id': z
    .string()
    .optional()
    .openapi({ description: 'The account to act in; optional for a user with one account' }),
});

export const jsonBody = <T extends z.ZodTypeAny>(schema: T, description = 'JSON body') => ({
  body: { required: true, description, content: { 'application/json': { schema } } },
});

export const jsonResponse = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const BEARER = [{ bearerAuth: [] }];

/** ISO 8601 UTC string of a date, or null. */
export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}
