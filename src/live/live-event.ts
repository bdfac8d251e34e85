import type { Permission } from '../modules/roles/permissions.js';

/** The kinds of change a live stream (`GET /v1/events/stream`) carries. */
export const LIVE_EVENT_TYPES = [
  'group_message.progress',
  'message.status',
  'contact_import.progress',
  'channel.status',
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/**
 * One change of one account, as published after the transaction that made it committed. `version`
 * orders the states of one thing (a group's counters) that may be published out of commit order;
 * a stream drops a state older than one it already handled.
 */
export type LiveEvent = {
  accountId: string;
  type: LiveEventType;
  data: Record<string, unknown>;
  version?: number;
};

/** What a stream entry holds: the events of one write, without their account (the buffer is per account). */
export type LiveEntryEvent = { type: LiveEventType; data: Record<string, unknown>; v?: number };

/** The read permission a caller needs to see each kind of event on its stream. */
export const LIVE_EVENT_PERMISSION: Record<LiveEventType, Permission> = {
  'group_message.progress': 'group_messages:read',
  'message.status': 'messages:read',
  'contact_import.progress': 'contacts:read',
  'channel.status': 'channels:read',
};

/**
 * How long every account's events stay in Redis for `Last-Event-ID` resume. The contract promises
 * 60 s; twice that covers a browser that backs off before reconnecting.
 */
export const LIVE_RETENTION_MS = 120_000;

/** Redis names under the queue prefix: one pub/sub channel for every account, one buffer stream per account. */
export function liveKeys(prefix: string) {
  return {
    channel: `${prefix}:live`,
    buffer: (accountId: string) => `${prefix}:live:buffer:${accountId}`,
    ticket: (hash: string) => `${prefix}:live:ticket:${hash}`,
    streams: (principal: string) => `${prefix}:live:streams:${principal}`,
  };
}

/** The `group_message.progress` payload from a group_messages row's counters (snake_case, as the API shows them). */
export function groupProgressData(g: {
  id: string;
  status: string;
  total_recipients: number;
  sent_count: number;
  delivered_count: number;
  failed_count: number;
  skipped_count: number;
  cancelled_count: number;
}): Record<string, unknown> {
  return {
    id: g.id,
    status: g.status,
    sent_count: g.sent_count,
    delivered_count: g.delivered_count,
    failed_count: g.failed_count,
    skipped_count: g.skipped_count,
    cancelled_count: g.cancelled_count,
    pending_count: Math.max(
      0,
      g.total_recipients - g.sent_count - g.failed_count - g.skipped_count - g.cancelled_count,
    ),
  };
}
