import { createRoute, z } from '@hono/zod-openapi';
import { audienceOf, countAudience } from '../../dispatch/fanout/audience.js';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import { readsContacts } from '../../http/contact-privacy.js';
import type { App } from '../../http/context.js';
import {
  BEARER,
  errorResponses as e,
  IdParams,
  jsonBody,
  jsonResponse,
  tenantErrors,
} from '../../http/openapi.js';
import { checkGroupMessage } from './check-group-message.js';

const GroupMessageCheck = z
  .object({
    recipients: z.number().int().openapi({ description: 'Contacts in the audience now' }),
    sendable: z.number().int().openapi({ description: 'Recipients who would be sent a message' }),
    skipped_by_reason: z.record(z.string(), z.number().int()).openapi({
      description:
        'Recipients who would not be sent to, by reason: `opted_out`, `no_address`, `skip_contact`, `frequency_capped`, `outside_session_window`, ...',
      example: { opted_out: 12, no_address: 3 },
    }),
    missing_variables: z.record(z.string(), z.number().int()).openapi({
      description: 'Template variables without a value, with the number of recipients lacking each',
      example: { FIRST_NAME: 40 },
    }),
    encoding: z.enum(['GSM-7', 'UCS-2']).openapi({ description: 'UCS-2 when any body needs it' }),
    segments_total: z
      .number()
      .int()
      .openapi({ description: 'SMS parts the sendable messages would take (1 per message off SMS)' }),
    sample: z.array(z.object({ contact_id: z.uuid(), body: z.string() })).openapi({
      description:
        'The first few rendered bodies; empty for a caller without contacts:read (the bodies carry contact fields)',
    }),
  })
  .openapi('GroupMessageCheck');

const AudienceCountRequest = z
  .strictObject({
    contact_group_ids: z.array(z.uuid()).max(100).default([]),
    contact_ids: z.array(z.uuid()).max(10_000).default([]),
    exclude_contact_ids: z.array(z.uuid()).max(10_000).default([]),
  })
  .openapi('GroupMessageAudience');

const AudienceCount = z
  .object({
    recipients: z.number().int().openapi({
      description:
        'Distinct contacts of the account in contact_group_ids or contact_ids, minus exclude_contact_ids: the total_recipients a broadcast with this audience would start with now',
    }),
  })
  .openapi('GroupMessageAudienceCount');

/**
 * `POST /v1/group-messages/{id}/check`: what a broadcast would send, without sending (contract:
 * Consent); `POST /v1/group-messages/audience`: how many an audience not saved yet reaches.
 */
export function registerGroupMessageCheckRoutes(app: App, deps: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/group-messages/audience',
      tags: ['Group messages'],
      security: BEARER,
      summary: 'Count the recipients of an audience before the broadcast is saved (extension)',
      description:
        'Counts the audience as the fan-out will: contacts of the groups plus the listed contacts, each once, minus the exclusions; ids of another account count for nothing. In the body, so an audience of thousands of listed contacts fits (a query string of their ids would not).',
      // A count, like the check's `recipients`: whoever may read broadcasts may count an audience.
      middleware: [deps.guards.can('group_messages:read')] as const,
      request: jsonBody(AudienceCountRequest),
      responses: { 200: jsonResponse(AudienceCount, 'The count'), ...tenantErrors, 422: e[422] },
    }),
    async (c) => {
      const ctx = opContext(c, deps);
      const audience = c.req.valid('json');
      const recipients = await countAudience(
        ctx.db,
        audienceOf({
          accountId: ctx.accountId,
          contactGroupIds: audience.contact_group_ids,
          contactIds: audience.contact_ids,
          excludeContactIds: audience.exclude_contact_ids,
          startedAt: null,
        }),
      );
      return c.json({ recipients }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/group-messages/{id}/check',
      tags: ['Group messages'],
      security: BEARER,
      summary: 'Pre-send check: audience, sendable recipients, reasons for skips, missing variables, size',
      description:
        'Prepares every recipient as the send would (address, rendered body, opt-outs, frequency cap) and reports the result; nothing is sent or written.',
      middleware: [deps.guards.can('group_messages:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(GroupMessageCheck, 'The check'), ...tenantErrors, 422: e[422] },
    }),
    async (c) => {
      const check = await checkGroupMessage(opContext(c, deps), c.req.valid('param').id);
      return c.json(readsContacts(c) ? check : { ...check, sample: [] }, 200);
    },
  );
}
