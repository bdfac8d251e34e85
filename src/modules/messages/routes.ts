import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { notifyListeners } from '../../db/notify.js';
import { withDeadline } from '../../deadline.js';
import type { RouteDeps } from '../../http/app.js';
import { opContext } from '../../http/auth.js';
import { recipientsFor } from '../../http/contact-privacy.js';
import type { App, AppEnv } from '../../http/context.js';
import { registerDeleteRoute } from '../../http/delete-route.js';
import { createIdempotently, IdempotencyKeyHeader } from '../../http/idempotency.js';
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
import { OUTBOX_CHANNEL, writeEvents } from '../../outbox/write-event.js';
import { createMessage } from './create-message.js';
import { Message, MessageCreate, MessageUpdate } from './schemas.js';
import * as service from './service.js';

const tags = ['Messages'];

export function registerMessageRoutes(app: App, deps: RouteDeps): void {
  const { can } = deps.guards;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/messages',
      tags,
      security: BEARER,
      summary: 'Send one message (202: queued, or scheduled with scheduled_at)',
      description:
        'Renders the body (message_body or template_id) for the contact, resolves the address for the channel type, stores the message and dispatches it. Honours Idempotency-Key.',
      middleware: [can('messages:send')] as const,
      request: { headers: IdempotencyKeyHeader, ...jsonBody(MessageCreate) },
      responses: { 202: jsonResponse(Message, 'Accepted'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const dispatch = deps.config.priority.directEnqueue ? 'caller' : 'event';
      const result = await createIdempotently(
        c,
        deps,
        input,
        async (ctx) => ({
          status: 202,
          body: service.toMessage(await createMessage(ctx.db, ctx, input, { dispatch })),
        }),
        // A read, then the message and its events in one statement (see createMessage).
        { writesOnce: true },
      );
      if (!result.replayed) {
        // Committed: the relay publishes its events (createMessage leaves the wake-up to its caller).
        await notifyListeners(deps.database.db, OUTBOX_CHANNEL);
        if (dispatch === 'caller') await enqueueCreatedMessage(deps, c, result.body);
      }
      return c.json(recipientsFor(c).present(result.body), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/messages',
      tags,
      security: BEARER,
      summary:
        'Messages of the account (filter by status, channel_id, contact_id, group_message_id, dates, ...)',
      middleware: [can('messages:read')] as const,
      request: { query: ListQuerySchema },
      responses: { 200: jsonResponse(listOf(Message, 'MessageList'), 'Messages'), ...tenantErrors },
    }),
    async (c) => {
      const view = recipientsFor(c);
      view.assertQueryAllowed();
      const parsed = parseListQuery(c.req.valid('query'), service.messageList);
      const page = await service.listMessages(opContext(c, deps), parsed);
      return c.json({ ...page, items: page.items.map(view.present) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/messages/{id}',
      tags,
      security: BEARER,
      summary: 'One message with its lifecycle fields',
      middleware: [can('messages:read')] as const,
      request: { params: IdParams },
      responses: { 200: jsonResponse(Message, 'The message'), ...tenantErrors },
    }),
    async (c) =>
      c.json(
        recipientsFor(c).present(
          service.toMessage(await service.getMessage(opContext(c, deps), c.req.valid('param').id)),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/messages/{id}',
      tags,
      security: BEARER,
      summary:
        'Replace metadata, or cancel (status: cancelled) while scheduled, queued or failed (waiting for a retry)',
      middleware: [can('messages:send')] as const,
      request: { params: IdParams, ...jsonBody(MessageUpdate) },
      responses: { 200: jsonResponse(Message, 'Updated'), ...tenantErrors, 409: e[409], 422: e[422] },
    }),
    async (c) => {
      const row = await service.updateMessage(
        opContext(c, deps),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(recipientsFor(c).present(service.toMessage(row)), 200);
    },
  );

  registerDeleteRoute(app, deps, {
    path: '/v1/messages/{id}',
    tags,
    summary: 'Delete a finished message (sent, delivered, permanently_failed, cancelled, skipped)',
    permission: 'messages:manage',
    conflict: true,
    remove: service.deleteMessage,
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/messages/{id}/retry',
      tags,
      security: BEARER,
      summary:
        'Re-queue a permanently failed message (outbound only: a consent confirmation, direction `system`, is not sent again: 409)',
      middleware: [can('messages:send')] as const,
      request: { params: IdParams },
      responses: { 202: jsonResponse(Message, 'Re-queued'), ...tenantErrors, 409: e[409] },
    }),
    async (c) =>
      c.json(
        recipientsFor(c).present(
          service.toMessage(await service.retryMessage(opContext(c, deps), c.req.valid('param').id)),
        ),
        202,
      ),
  );
}

/**
 * Singles do not wait for the outbox: once the message is committed, the API puts it on the single
 * lane itself (a scheduled one as a delayed job), and no event does it a second time. When Redis
 * refuses, a `message.queued` event hands it to the event consumer; should the process die before
 * either, the reconciler restores the job (a queued single without one, after its grace).
 */
async function enqueueCreatedMessage(
  deps: RouteDeps,
  c: Context<AppEnv>,
  message: { id: string; status: string; scheduled_at: string | null; channel_id: string | null },
): Promise<void> {
  if (message.status !== 'queued' && message.status !== 'scheduled') return;
  const accountId = c.get('tenant')!.accountId;
  const due = message.status === 'scheduled' && message.scheduled_at ? Date.parse(message.scheduled_at) : 0;
  const delay = Math.max(0, due - Date.now());
  try {
    await withDeadline(
      deps.queues.enqueue(
        'send',
        { messageId: message.id, accountId, attempt: 1 },
        delay > 0 ? { delay } : {},
      ),
      deps.config.priority.enqueueTimeoutMs,
      // A late add is the same job (its id is deterministic); a job whose message moved on sends nothing.
      () => new Error(`no answer from Redis within ${deps.config.priority.enqueueTimeoutMs} ms`),
    );
  } catch (error) {
    const logger = c.get('logger');
    logger.warn(
      { message_id: message.id, err: (error as Error).message },
      'direct enqueue failed; a message.queued event will dispatch the message',
    );
    const handOver = {
      accountId,
      eventType: 'message.queued',
      aggregateType: 'message',
      aggregateId: message.id,
      payload: { reason: 'enqueue_failed', channel_id: message.channel_id },
    };
    try {
      await writeEvents(deps.database.db, [handOver]);
    } catch (err) {
      logger.error(
        { message_id: message.id, err: (err as Error).message },
        'the message.queued event was not written either; the reconciler will restore the job',
      );
    }
  }
}
