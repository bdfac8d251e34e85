import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

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
    jobId: (p: { importId: string }) => `import:${p.importId}`,
  },
} as const satisfies Record<
  string,
  { queue: string; payload: z.ZodTypeAny; options: JobsOptions; jobId: (payload: never) => string }
>;

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
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
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
