import { acknowledgeMessageEvent, enqueueMessageDispatch } from '../dispatch/enqueue-message-dispatch.js';
import { onGroupMessageQueued } from '../dispatch/fanout/on-group-message-queued.js';
import type { AppDeps } from '../http/context.js';
import { syncScheduleOnEvent } from '../modules/scheduled-messages/event-handlers.js';
import type { Logger } from '../observability/logger.js';
import type { EventEnvelope } from './envelope.js';
import type { ConsumedEventType } from './event-types.js';

/** What a handler gets besides the event: the process's collaborators and a logger bound to the event. */
export type EventHandlerContext = { deps: AppDeps; logger: Logger };

/**
 * Reacts to one event. It must be idempotent (the relay publishes at least once and the broker
 * redelivers after a crash): enqueue BullMQ jobs with deterministic ids, update rows conditionally.
 * Throw `UnrecoverableError` (bullmq) or a ZodError for a permanent failure (dead-lettered at once);
 * any other error is treated as transient and retried a bounded number of times.
 */
export type EventHandler = (event: EventEnvelope, ctx: EventHandlerContext) => Promise<void>;

/** One handler per consumed event type: a missing one fails to compile. */
export type EventHandlerMap = Readonly<Record<ConsumedEventType, EventHandler>>;

// Placeholder for a type whose reaction is not built yet: acknowledged and logged, nothing else.
const logUnhandled: EventHandler = async (_event, { logger }) => {
  logger.info('event has no handler yet');
};

/**
 * The event consumer's handlers. The fan-out and scheduler work replace the placeholders with their
 * handlers (import the handler and put it on its line).
 */
export const EVENT_HANDLERS: EventHandlerMap = {
  'group_message.created': logUnhandled,
  'group_message.queued': onGroupMessageQueued,
  'group_message.cancelled': logUnhandled,
  'group_message.completed': logUnhandled,
  'scheduled_message.created': syncScheduleOnEvent,
  'scheduled_message.updated': syncScheduleOnEvent,
  // The schedule's job scheduler adds the next occurrence's job when this one starts.
  'scheduled_message.triggered': acknowledgeMessageEvent,
  'scheduled_message.paused': syncScheduleOnEvent,
  'scheduled_message.resumed': syncScheduleOnEvent,
  'scheduled_message.cancelled': syncScheduleOnEvent,
  'message.queued': enqueueMessageDispatch,
};
