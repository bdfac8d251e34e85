import { randomUUID } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ForbiddenError, RateLimitedError, UnauthorizedError } from '../../errors.js';
import type { RouteDeps } from '../../http/app.js';
import { markTenantGuard } from '../../http/auth.js';
import type { Actor, App, AppEnv, Tenant } from '../../http/context.js';
import { BEARER, errorResponses as e, jsonResponse, tenantErrors } from '../../http/openapi.js';
import { isStreamId } from '../../live/hub.js';
import { LIVE_EVENT_PERMISSION } from '../../live/live-event.js';
import { openLiveStream } from '../../live/live-stream.js';
import { hasPermission } from '../roles/permissions.js';
import { STREAM_DESCRIPTION, StreamQuery, StreamTicket } from './schemas.js';

const tags = ['Events'];
// At most one progress event per group per this many milliseconds on a stream (the contract's figure).
const PROGRESS_COALESCE_MS = 500;
// The stream re-checks the caller's access every this many heartbeats (a removed member, a revoked key).
const RECHECK_EVERY_HEARTBEATS = 4;

const principalOf = (actor: Actor) =>
  actor.type === 'user' ? `user:${actor.userId}` : `key:${actor.apiKeyId}`;

export function registerEventRoutes(app: App, deps: RouteDeps): void {
  const { guards } = deps;

  // A ticket stands in for the Authorization header; without one, the stream takes the usual credentials.
  const streamGuard: MiddlewareHandler<AppEnv> = markTenantGuard(async (c, next) => {
    const ticket = c.req.query('ticket');
    if (ticket === undefined) return guards.member(c, next);
    const grant = await deps.live.tickets.redeem(ticket);
    if (!grant) throw new UnauthorizedError('The ticket is unknown, used or expired', 'invalid_ticket');
    const header = c.req.header('x-account-id')?.trim().toLowerCase();
    if (header && header !== grant.accountId) {
      throw new ForbiddenError('The ticket was issued for another account', 'not_a_member');
    }
    c.set('actor', grant.actor);
    c.set('tenant', await guards.tenantOf(grant.actor, grant.accountId));
    await next();
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/events/tickets',
      tags,
      security: BEARER,
      summary: 'A single-use ticket to open the event stream without headers (browser EventSource)',
      description: 'The ticket acts as the caller, in the account of the request, once, within 30 seconds.',
      middleware: [guards.member] as const,
      responses: { 201: jsonResponse(StreamTicket, 'The ticket'), ...tenantErrors },
    }),
    async (c) => {
      const { ticket, expiresAt } = await deps.live.tickets.issue({
        accountId: tenantOf(c.get('tenant')).accountId,
        actor: c.get('actor')!,
      });
      return c.json({ ticket, expires_at: expiresAt.toISOString() }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events/stream',
      tags,
      security: BEARER,
      summary: 'Live events of the account (Server-Sent Events)',
      description: STREAM_DESCRIPTION,
      middleware: [streamGuard] as const,
      request: { query: StreamQuery },
      responses: {
        200: {
          description: 'An endless `text/event-stream`',
          content: {
            'text/event-stream': {
              schema: {
                type: 'string' as const,
                example:
                  'id: 1765000000000-0\nevent: group_message.progress\ndata: {"id":"…","status":"processing","sent_count":120,"delivered_count":80,"failed_count":1,"skipped_count":0,"cancelled_count":0,"pending_count":879}\n\n',
              },
            },
          },
        },
        ...tenantErrors,
        429: e[429],
      },
    }),
    async (c) => {
      const actor = c.get('actor')!;
      const tenant = tenantOf(c.get('tenant'));
      if (!Object.values(LIVE_EVENT_PERMISSION).some((p) => hasPermission(tenant.permissions, p))) {
        throw new ForbiddenError('Your role can read none of the live events', 'permission_denied');
      }
      const header = c.req.header('last-event-id')?.trim();
      const lastEventId = header && isStreamId(header) ? header : c.req.valid('query').last_event_id;
      const { live } = deps;
      const principal = principalOf(actor);
      const streamId = randomUUID();
      if (!(await live.slots.acquire(principal, streamId, live.streamsPerUser))) {
        throw new RateLimitedError(
          `At most ${live.streamsPerUser} event streams may be open at once; close one first`,
          live.heartbeatMs / 1000,
        );
      }
      let heartbeats = 0;
      const logger = c.get('logger');
      let body: ReadableStream<Uint8Array>;
      try {
        body = await openLiveStream({
          hub: live.hub,
          accountId: tenant.accountId,
          permissions: tenant.permissions,
          lastEventId,
          heartbeatMs: live.heartbeatMs,
          coalesceMs: PROGRESS_COALESCE_MS,
          async stillAllowed() {
            await live.slots.refresh(principal, streamId);
            if (++heartbeats % RECHECK_EVERY_HEARTBEATS !== 0) return true;
            try {
              await deps.guards.tenantOf(actor, tenant.accountId);
              return true;
            } catch {
              return false;
            }
          },
          onEnd: () => {
            live.slots.release(principal, streamId).catch(() => {});
            logger.debug({ account_id: tenant.accountId }, 'event stream ended');
          },
        });
      } catch (error) {
        await live.slots.release(principal, streamId).catch(() => {});
        throw error;
      }
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          // nginx and friends would otherwise buffer the stream.
          'X-Accel-Buffering': 'no',
        },
      }) as never;
    },
  );
}

function tenantOf(tenant: Tenant | undefined): Tenant {
  if (!tenant) throw new Error('event route used without its tenant guard');
  return tenant;
}
