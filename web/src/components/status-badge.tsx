import type { Channel, Message } from '../api/types';
import { Badge, type BadgeTone } from './ui/badge';

const MESSAGE_TONES: Record<Message['status'], BadgeTone> = {
  scheduled: 'info',
  queued: 'neutral',
  sending: 'info',
  sent: 'info',
  delivered: 'success',
  failed: 'warning',
  permanently_failed: 'danger',
  cancelled: 'neutral',
  skipped: 'neutral',
};

const CHANNEL_TONES: Record<Channel['status'], BadgeTone> = {
  connected: 'success',
  disconnected: 'neutral',
  rate_limited: 'warning',
  error: 'danger',
  disabled: 'neutral',
};

export function MessageStatusBadge({ status }: { status: Message['status'] }) {
  return <Badge tone={MESSAGE_TONES[status]}>{status.replace('_', ' ')}</Badge>;
}

export function ChannelStatusBadge({ status }: { status: Channel['status'] }) {
  return <Badge tone={CHANNEL_TONES[status]}>{status.replace('_', ' ')}</Badge>;
}

/** Statuses after which a message changes no more (polling stops). */
export const FINAL_MESSAGE_STATUSES: readonly Message['status'][] = [
  'delivered',
  'permanently_failed',
  'cancelled',
  'skipped',
];
