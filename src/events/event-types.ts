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
 * `message.*`: the contract's types plus `message.queued`, an internal extension consumed from
 * `message_dispatch`: a message for the event consumer to put on its send lane (a retry of a
 * permanently failed one, a schedule's run, a keyword's confirmation, or a single whose creator could
 * not add its job itself).
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

/**
 * The message events `message_dispatch` is bound to: the one that puts a single message on its send
 * lane. The others are published for subscribers and never routed there: a quorum-queue write, a
 * delivery and an ack each, for nothing to do. That includes `message.created`: the API adds a new
 * single's job itself after the commit (the reconciler restores the job should the process die in
 * between), and whoever leaves the job to the event consumer writes `message.queued` beside it.
 */
export const DISPATCHED_MESSAGE_EVENT_TYPES = ['message.queued'] as const;

/** The types routed to a processing queue, so the event consumer must have a handler for each. */
export const CONSUMED_EVENT_TYPES = [
  ...GROUP_MESSAGE_EVENT_TYPES,
  ...SCHEDULED_MESSAGE_EVENT_TYPES,
  ...DISPATCHED_MESSAGE_EVENT_TYPES,
] as const;
export type ConsumedEventType = (typeof CONSUMED_EVENT_TYPES)[number];

/** Narrows a string read off the wire to a consumed event type. */
export function isConsumedEventType(value: string): value is ConsumedEventType {
  return (CONSUMED_EVENT_TYPES as readonly string[]).includes(value);
}

/** True for an event type of the contract, consumed or not. */
export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
