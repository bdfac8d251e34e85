import { DelayedError, type Job } from 'bullmq';
import type { ChannelRow } from '../modules/channels/present-channel.js';
import type { ErrorDetails } from './outcomes.js';

export const CHANNEL_GONE: ErrorDetails = {
  code: 'channel_not_found',
  message: 'The channel of this message no longer exists',
};

/** Why no message can be sent on this channel at all, or null when it can send. */
export function channelRefusal(channel: ChannelRow | null): ErrorDetails | null {
  if (!channel) return CHANNEL_GONE;
  if (!channel.isEnabled) {
    return {
      code: 'channel_disabled',
      message: 'The channel is disabled; enable it, then retry the message',
    };
  }
  return null;
}

/**
 * How long a job waits before looking again at a channel in `error` (credentials refused, no
 * balance): its messages stay `queued` and their jobs sit in the delayed set, so nothing is lost
 * and nothing is sent until a verify puts the channel back to `connected`.
 */
export const CHANNEL_HOLD_MS = 5_000;

/** The time to wait when the channel is held (status `error`), else null. */
export function channelHold(channel: Pick<ChannelRow, 'status'>): number | null {
  return channel.status === 'error' ? CHANNEL_HOLD_MS : null;
}

/** Rate-limit tokens for `segments` (a take never exceeds one window of the channel's limit). */
export function tokensFor(channel: Pick<ChannelRow, 'rateLimit'>, segments: number): number {
  return channel.rateLimit ? Math.max(1, Math.min(segments, channel.rateLimit)) : segments;
}

/**
 * Puts the running job back in the delayed set until `timestamp` and stops processing it, without
 * counting an attempt: the limiter's wait, or a retry or schedule that is not due, holds no worker
 * slot and no in-process timer.
 */
export async function postponeJob(job: Job, token: string | undefined, timestamp: number): Promise<never> {
  await job.moveToDelayed(timestamp, token);
  throw new DelayedError();
}
