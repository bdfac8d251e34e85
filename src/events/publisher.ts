import type { ConfirmChannel } from 'amqplib';
import { describeError } from './describe-error.js';
import { type EventEnvelope, toPublishOptions } from './envelope.js';
import { EVENTS_EXCHANGE } from './topology.js';

/** What the broker answered for one event: confirmed, or the reason it was not. */
export type PublishOutcome = { id: string; error: string | null };

const TIMEOUT_MESSAGE = 'no confirm from the broker in time';

/**
 * Publishes events on a confirm channel and waits for the broker's confirm of each. An event counts
 * as published only when confirmed; a nack, a channel closing with the event unconfirmed, or no
 * confirm within `timeoutMs` yields an error for that event. After a timeout the caller must discard
 * the channel, since a late confirm could still arrive on it.
 */
export async function publishEvents(
  channel: ConfirmChannel,
  events: EventEnvelope[],
  timeoutMs: number,
): Promise<PublishOutcome[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const confirms: Promise<PublishOutcome>[] = [];
    for (const event of events) {
      const { confirm, buffered } = publishOne(channel, event);
      confirms.push(Promise.race([confirm, deadline.then(() => ({ id: event.id, error: TIMEOUT_MESSAGE }))]));
      // Respect the socket's backpressure rather than buffering a whole batch in memory.
      if (!buffered) await Promise.race([waitForDrain(channel), deadline]);
    }
    return await Promise.all(confirms);
  } finally {
    clearTimeout(timer);
  }
}

function publishOne(
  channel: ConfirmChannel,
  event: EventEnvelope,
): { confirm: Promise<PublishOutcome>; buffered: boolean } {
  let buffered = true;
  const confirm = new Promise<PublishOutcome>((resolve) => {
    try {
      buffered = channel.publish(
        EVENTS_EXCHANGE,
        event.event_type,
        Buffer.from(JSON.stringify(event)),
        toPublishOptions(event),
        (err: unknown) => resolve({ id: event.id, error: err ? describeError(err) : null }),
      );
    } catch (err) {
      // A closed channel throws synchronously instead of calling back.
      resolve({ id: event.id, error: describeError(err) });
    }
  });
  return { confirm, buffered };
}

function waitForDrain(channel: ConfirmChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      channel.off('drain', done);
      channel.off('close', done);
      resolve();
    };
    channel.on('drain', done);
    channel.on('close', done);
  });
}
