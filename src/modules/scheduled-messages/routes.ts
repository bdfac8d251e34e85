import { createRoute } from '@hono/zod-openapi';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import { recipientsFor } from '../../http/contact-privacy.js';
import type { App } from '../../http/context.js';
import { registerDeleteRoute } from '../../http/delete-route.js';
import { parseListQuery } from '../../http/list-query.js';
import {
  BEARER,
  errorResponses as e,
  IdParams,
  jsonBody,
  jsonResponse,
  ListQuerySchema,
  listOf,
  tenantErrors,
} from '../../http/openapi.js';
import {
  OccurrenceList,
  OccurrencePreviewList,
  OccurrencesQuery,
  ScheduledMessage,
  ScheduledMessageCreate,
  ScheduledMessageRun,
  ScheduledMessageUpdate,
  ScheduledOccurrencesPreview,
} from './schemas.js';
import * as service from './service.js';

const tags = ['Scheduled messages'];
const TIMING_NOTES =
  'scheduled_at without an offset is wall-clock time in `timezone`. Recurrences keep the wall-clock time across daylight-saving changes: a time inside a spring gap runs shifted forward by the gap (02:30 → 03:30), a time repeated in autumn runs once, at its first occurrence; monthly:29..31 runs on the last day of shorter months.';

export function registerScheduledMessageRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;
  const transitions = [
    {
      verb: 'pause',
      summary: 'Pause an active schedule (pending or triggered)',
      run: service.pauseScheduledMessage,
    },
    {
      verb: 'resume',
      summary: 'Resume a paused schedule from now on (missed occurrences are skipped, never sent in a burst)',
      run: service.resumeScheduledMessage,
    },
    {
      verb: 'cancel',
      summary: 'Cancel a schedule for good (runs already made stay)',
      run: service.cancelScheduledMessage,
    },
  ] as const;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/scheduled-messages',
      tags,
      security: BEARER,
      summary: 'Schedule a message (single) or a broadcast (group), once or recurring',
      description: `Each run creates a message or a queued broadcast carrying scheduled_message_id, exactly once per occurrence. ${TIMING_NOTES}`,
      middleware: [can('scheduled_messages:send')] as const,
      request: jsonBody(ScheduledMessageCreate),
      responses: { 201: jsonResponse(ScheduledMessage, 'Created'), ...tenantErrors, 422: e[422] },
    }),
    async (c) => {
      const row = await service.createScheduledMessage(opContext(c, deps), c.req.valid('json'));
      return c.json(recipientsFor(c).present(service.toScheduledMessage(row)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scheduled-messages',
      tags,
      security: BEARER,
      summary: 'Schedules of the account',
      middleware: [can('scheduled_messages:read')] as const,
      request: { query: ListQuerySchema },
      responses: {
        200: jsonResponse(listOf(ScheduledMessage, 'ScheduledMessageList'), 'Schedules'),
        ...tenantErrors,
      },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.scheduledMessageList);
      const page = await service.listScheduledMessages(opContext(c, deps), parsed);
      return c.json({ ...page, items: page.items.map(recipientsFor(c).present) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scheduled-messages/{id}',
      tags,
      security: BEARER,
      summary: 'One schedule with next_trigger_at, last_triggered_at and trigger_count',
      middleware: [can('scheduled_messages:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(ScheduledMessage, 'The schedule'), ...tenantErrors },
    }),
    async (c) => {
      const row = await service.getScheduledMessage(opContext(c, deps), c.req.valid('param').id);
      return c.json(recipientsFor(c).present(service.toScheduledMessage(row)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/scheduled-messages/{id}',
      tags,
      security: BEARER,
      summary: 'Edit a pending or paused schedule',
      description: `Any field of a create; null clears an optional one. ${TIMING_NOTES}`,
      middleware: [can('scheduled_messages:send')] as const,
      request: { params: IdParams, ...jsonBody(ScheduledMessageUpdate) },
      responses: {
        200: jsonResponse(ScheduledMessage, 'Updated'),
        ...tenantErrors,
        409: e[409],
        422: e[422],
      },
    }),
    async (c) => {
      const row = await service.updateScheduledMessage(
        opContext(c, deps),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(recipientsFor(c).present(service.toScheduledMessage(row)), 200);
    },
  );

  registerDeleteRoute(app, deps, {
    path: '/v1/scheduled-messages/{id}',
    tags,
    summary: 'Delete a schedule and its run records (an active one stops; its messages stay)',
    permission: 'scheduled_messages:manage',
    remove: service.deleteScheduledMessage,
  });

  for (const { verb, summary, run } of transitions) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/v1/scheduled-messages/{id}/${verb}`,
        tags,
        security: BEARER,
        summary,
        middleware: [can('scheduled_messages:send')] as const,
        request: { params: IdParams },
        responses: { 200: jsonResponse(ScheduledMessage, 'The schedule'), ...tenantErrors, 409: e[409] },
      }),
      async (c) => {
        const row = await run(opContext(c, deps), c.req.valid('param').id);
        return c.json(recipientsFor(c).present(service.toScheduledMessage(row)), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scheduled-messages/{id}/occurrences',
      tags,
      security: BEARER,
      summary: 'The next N trigger times (UTC, at most 100), without side effects',
      middleware: [can('scheduled_messages:read')] as const,
      request: { params: IdParams, query: OccurrencesQuery },
      responses: { 200: jsonResponse(OccurrenceList, 'Trigger times'), ...tenantErrors },
    }),
    async (c) => {
      const dates = await service.listUpcomingOccurrences(
        opContext(c, deps),
        c.req.valid('param').id,
        c.req.valid('query').count,
      );
      return c.json({ items: dates.map((d) => d.toISOString()) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/scheduled-messages/occurrences/preview',
      tags,
      security: BEARER,
      summary: 'The next N trigger times (UTC, at most 100) of a schedule that is not saved (extension)',
      'x-turumba-extension': 'Lets a form show the next runs of a rule before it is saved.',
      description: `The timing fields of a create (scheduled_at, timezone, is_recurring, recurrence_rule, recurrence_end_at), checked as a create checks them: a bad one answers 422 naming the field. Nothing is stored. ${TIMING_NOTES}`,
      middleware: [can('scheduled_messages:read')] as const,
      request: jsonBody(ScheduledOccurrencesPreview),
      responses: {
        200: jsonResponse(OccurrencePreviewList, 'Trigger times'),
        ...tenantErrors,
        422: e[422],
      },
    }),
    async (c) => {
      const preview = await service.previewOccurrences(opContext(c, deps), c.req.valid('json'));
      return c.json({ timezone: preview.timezone, items: preview.items.map((d) => d.toISOString()) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scheduled-messages/{id}/runs',
      tags,
      security: BEARER,
      summary: 'Past occurrences: triggered (with the message or broadcast id), missed or failed',
      middleware: [can('scheduled_messages:read')] as const,
      request: { params: IdParams, query: ListQuerySchema },
      responses: {
        200: jsonResponse(listOf(ScheduledMessageRun, 'ScheduledMessageRunList'), 'Runs'),
        ...tenantErrors,
      },
    }),
    async (c) => {
      const parsed = parseListQuery(c.req.valid('query'), service.scheduledRunList);
      return c.json(
        await service.listScheduledRuns(opContext(c, deps), c.req.valid('param').id, parsed),
        200,
      );
    },
  );
}
