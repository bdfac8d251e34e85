import { z } from '@hono/zod-openapi';
import { TICKET_TTL_SECONDS } from '../../live/tickets.js';

export const StreamTicket = z
  .object({
    ticket: z.string().openapi({ example: 'evt_3q2-7wKJ0yq6mZ7n0m9fV3x1aB4cD5eF' }),
    expires_at: z.string().openapi({ description: 'ISO 8601; the ticket works once, until then' }),
  })
  .openapi('StreamTicket');

export const StreamQuery = z.object({
  ticket: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'A ticket from POST /v1/events/tickets, instead of the Authorization header' }),
  last_event_id: z
    .string()
    .regex(/^\d{1,15}-\d{1,15}$/, 'must be an event id such as 1765000000000-0')
    .optional()
    .openapi({
      description:
        'Resume after this event id, like the `Last-Event-ID` header (which wins); for a new EventSource, which cannot set the header',
    }),
});

export const STREAM_DESCRIPTION = `Server-Sent Events (\`text/event-stream\`) of the account's changes, as they commit.

**Authentication.** The usual \`Authorization: Bearer\` (an access token or an API key) and
\`X-Account-Id\`; or, for a browser \`EventSource\` (which cannot set headers), \`?ticket=\` from
\`POST /v1/events/tickets\`: single use, valid ${TICKET_TTL_SECONDS} seconds, acting as the caller and account that
asked for it. A stream carries only the events the caller's role may read.

**Events** (\`event:\` names; \`data:\` is JSON):
- \`group_message.progress\` (needs \`group_messages:read\`): \`{ id, status, sent_count, delivered_count,
  failed_count, skipped_count, cancelled_count, pending_count }\`, at most one every 500 ms per group
  (the latest counters win; the last one of a finished broadcast always arrives).
- \`message.status\` (\`messages:read\`): \`{ id, status }\` for single messages (sent, delivered,
  permanently_failed). Messages of a broadcast report through their group's progress instead.
- \`contact_import.progress\` (\`contacts:read\`): \`{ id, status, total_rows, imported, updated, failed }\`.
- \`channel.status\` (\`channels:read\`): \`{ id, status, error_message }\`.
- \`resync\`: \`{}\`, sent first when the resume point is older than the server keeps (120 s): refetch
  what you show, then carry on from this stream.

**Ids and resume.** Every event has an \`id:\`; reconnect with \`Last-Event-ID\` (the browser does it by
itself) or \`?last_event_id=\` to receive what you missed within the last 60 s at least. An event may
arrive twice after a resume; every payload is a state, so applying it twice is harmless.

**Liveness.** A comment line (\`: heartbeat\`) every 15 seconds (EVENT_STREAM_HEARTBEAT_SECONDS). The
stream ends when the caller loses access to the account, or when the server stops; reconnect.

**Limits.** At most 5 open streams per user or API key across all servers (EVENT_STREAMS_PER_USER);
one more answers 429 problem+json.`;
