import type { Options } from 'amqplib';
import { z } from 'zod';

/** The message body of every domain event (contract "Events (RabbitMQ)"). */
export const EventEnvelope = z.object({
  id: z.uuid(),
  // A plain string here: an unknown type is a routing decision of the consumer, not a parse error.
  event_type: z.string().min(1),
  aggregate_type: z.string().min(1),
  aggregate_id: z.uuid(),
  account_id: z.uuid().nullable(),
  occurred_at: z.iso.datetime({ offset: true }),
  payload: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** An outbox row as the relay reads it. */
export type OutboxRow = {
  id: string;
  accountId: string | null;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
};

/** The wire body of an outbox row. */
export function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    event_type: row.eventType,
    aggregate_type: row.aggregateType,
    aggregate_id: row.aggregateId,
    account_id: row.accountId,
    occurred_at: row.occurredAt.toISOString(),
    payload: row.payload,
  };
}

/** AMQP properties of an event: consumers dedupe on `messageId`, which is the event id. */
export function toPublishOptions(envelope: EventEnvelope): Options.Publish {
  return {
    messageId: envelope.id,
    type: envelope.event_type,
    persistent: true,
    contentType: 'application/json',
    timestamp: Math.floor(Date.parse(envelope.occurred_at) / 1000),
    appId: 'turumba',
  };
}
