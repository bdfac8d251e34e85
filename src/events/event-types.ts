/** Event types of the contract ("Events (RabbitMQ)"); the routing key of each event is its type. */
export const GROUP_MESSAGE_EVENT_TYPES = [
  'group_message.created',
  'group_message.queued',
  'group_message.cancelled',
  'group_message.completed',
] as const;

export const SCHEDULED_MESSAGE_EVENT_TYPES = [
  'scheduled_message.created',
  'scheduled_message.updated',
  'scheduled_message.triggered',
  'scheduled_message.paused',
  'scheduled_message.resumed',
  'scheduled_message.cancelled',
] as const;

/**
 * `message.*`: the contract's types plus `message.queued` (a message put back in the queue, e.g. by
 * POST /v1/messages/{id}/retry), an internal extension consumed from `message_dispatch`.
 */
export const MESSAGE_EVENT_TYPES = [
  'message.created',
  'message.queued',
  'message.sent',
  'message.delivered',
  'message.failed',
  'message.received',
] as const;

export const EVENT_TYPES = [
  ...GROUP_MESSAGE_EVENT_TYPES,
  ...SCHEDULED_MESSAGE_EVENT_TYPES,
  ...MESSAGE_EVENT_TYPES,
  'channel.status_changed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The types routed to a processing queue, so the event consumer must have a handler for each. */
export const CONSUMED_EVENT_TYPES = [
  ...GROUP_MESSAGE_EVENT_TYPES,
  ...SCHEDULED_MESSAGE_EVENT_TYPES,
  ...MESSAGE_EVENT_TYPES,
] as const;
export type ConsumedEventType = (typeof CONSUMED_EVENT_TYPES)[number];

/** Narrows a string read off the wire to a consumed event type. */
export function isConsumedEventType(value: string): value is ConsumedEventType {
  return (CONSUMED_EVENT_TYPES as readonly string[]).includes(value);
}
