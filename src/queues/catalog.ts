import { type AdvancedRepeatOptions, type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { scheduleRepeatStrategy } from '../scheduling/repeat-strategy.js';

/**
 * Every BullMQ queue and its job: payload schema (ids only, never bodies or secrets), attempts,
 * backoff and removal. `enqueue` is type-checked against this catalog.
 */
export const JOBS = {
  'contact-import': {
    queue: 'contact-import',
    payload: z.object({ importId: z.uuid(), accountId: z.uuid() }),
    options: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 7 * 86_400 },
    },
    // Not `import:<id>`: BullMQ refuses a custom id with ':' unless it has exactly three parts.
    jobId: (p: { importId: string }) => `import-${p.importId}`,
  },
  // BullMQ accepts a custom job id with ':' only when it has exactly three parts (a:b:c).
  send: {
    queue: 'send-single',
    // `attempt` only names the job (`send:<message>:<attempt>`), so each attempt is its own job.
    payload: z.object({ messageId: z.uuid(), accountId: z.uuid(), attempt: z.number().int().positive() }),
    options: {
      // Provider failures are handled on the message (status, retry job); these attempts cover
      // our own outages (database, Redis) while a job runs.
      attempts: 3,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 86_400 },
    },
    jobId: (p: { messageId: string; attempt: number }) => `send:${p.messageId}:${p.attempt}`,
  },
  fanout: {
    queue: 'fanout',
    // `page` only names the run: 0 from `group_message.queued`; a resumed run (reconciler) passes
    // the pages written so far, so its id never collides with an earlier run's. Every run resumes
    // from the group's fanout_cursor.
    payload: z.object({
      groupMessageId: z.uuid(),
      accountId: z.uuid(),
      page: z.number().int().nonnegative(),
    }),
    options: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 86_400 },
    },
    jobId: (p: { groupMessageId: string; page: number }) => `fanout:${p.groupMessageId}:${p.page}`,
  },
  'send-batch': {
    queue: 'send-bulk',
    // A batch of one group's messages on one channel, in any state: the worker sends only those it
    // claims, and splits a batch into rate-limit takes itself (by segments), so 100 ids is always fine.
    payload: z.object({
      groupMessageId: z.uuid(),
      accountId: z.uuid(),
      channelId: z.uuid(),
      messageIds: z.array(z.uuid()).min(1).max(100),
    }),
    options: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 86_400 },
    },
    // Producers pass their own id (fan-out: `batch:<group>:<page>.<n>`; retries `retry:<group>:<first id>.<attempt>`).
    jobId: (p: { groupMessageId: string; messageIds: string[] }) =>
      `batch:${p.groupMessageId}:${p.messageIds[0]}`,
  },
  'schedule-trigger': {
    queue: 'scheduler',
    // A recurring schedule is a BullMQ job scheduler (`schedule-<id>`, see schedule-jobs.ts) whose
    // jobs carry occurrenceAt 0 (the occurrence is the job's own time plus the lead). A one-time
    // schedule, or an occurrence the scheduler does not cover (overdue, imminent), is one delayed job
    // whose id names the occurrence, so re-adding it is a no-op; the run itself is unique per
    // (schedule, occurrence) in PostgreSQL.
    payload: z.object({
      scheduledMessageId: z.uuid(),
      accountId: z.uuid(),
      occurrenceAt: z.number().int().nonnegative(),
    }),
    options: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 86_400 },
    },
    jobId: (p: { scheduledMessageId: string; occurrenceAt: number }) =>
      `occ:${p.scheduledMessageId}:${p.occurrenceAt}`,
  },
} as const satisfies Record<
  string,
  { queue: string; payload: z.ZodTypeAny; options: JobsOptions; jobId: (payload: never) => string }
>;

/** Queue settings beyond the connection: the scheduler queue repeats with our occurrence arithmetic. */
export const QUEUE_SETTINGS: Record<string, AdvancedRepeatOptions> = {
  [JOBS['schedule-trigger'].queue]: { repeatStrategy: scheduleRepeatStrategy },
};

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;

/** Queues of one process, sharing its Redis connection and prefix. */
export class Queues {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {}

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const settings = QUEUE_SETTINGS[name];
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        ...(settings ? { settings } : {}),
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds a job with its deterministic id; adding the same job twice is a no-op in BullMQ. */
  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options: JobsOptions = {},
  ): Promise<void> {
    const def = JOBS[name];
    const data = def.payload.parse(payload);
    await this.get(def.queue).add(name, data, {
      ...def.options,
      jobId: def.jobId(data as never),
      ...options,
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
