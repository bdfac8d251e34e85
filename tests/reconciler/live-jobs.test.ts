import { UnrecoverableError, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureJob, readLiveJobIds } from '../../src/dispatch/reconcile/live-jobs.js';
import { waitFor } from '../fanout/support.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

describe('which jobs count as live', () => {
  it('counts waiting, delayed and running jobs, but not a running job whose lock is gone', async () => {
    const name = 'live-jobs-probe';
    const queue = t.runtime.queues.get(name);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const connection = t.runtime.redis.duplicate();
    const worker = new Worker(name, () => held, { connection, prefix: t.queuePrefix, concurrency: 1 });
    try {
      await queue.add('probe', {}, { jobId: 'job-running' });
      await waitFor(async () => (await queue.getJobState('job-running')) === 'active', 'the job to run');
      await queue.add('probe', {}, { jobId: 'job-waiting' });
      await queue.add('probe', {}, { jobId: 'job-delayed', delay: 3_600_000 });
      expect((await readLiveJobIds(queue)).sort()).toEqual(['job-delayed', 'job-running', 'job-waiting']);

      // What a dead worker leaves: the job still listed active, its lock expired.
      await t.runtime.redis.del(queue.toKey('job-running:lock'));
      expect((await readLiveJobIds(queue)).sort()).toEqual(['job-delayed', 'job-waiting']);
    } finally {
      release();
      await worker.close(true);
      await connection.quit();
    }
  });
});

describe('ensureJob', () => {
  it('adds a missing job, leaves a live one, and re-adds a failed one after its cool-down', async () => {
    const queue = t.runtime.queues.get('send-single');
    const payload = { messageId: crypto.randomUUID(), accountId: crypto.randomUUID(), attempt: 1 };
    const jobId = `send:${payload.messageId}:1`;

    expect(await ensureJob(t.runtime.queues, 'send', payload, { cooldownMs: 0, delay: 3_600_000 })).toBe(
      'added',
    );
    expect(await queue.getJobState(jobId)).toBe('delayed');
    expect(await ensureJob(t.runtime.queues, 'send', payload, { cooldownMs: 0 })).toBe('live');

    // Our own outage failed the job for good: BullMQ keeps it, and would ignore a plain add.
    await (await queue.getJob(jobId))!.promote();
    const connection = t.runtime.redis.duplicate();
    const worker = new Worker(
      'send-single',
      async () => {
        throw new UnrecoverableError('database down');
      },
      { connection, prefix: t.queuePrefix },
    );
    await waitFor(async () => (await queue.getJobState(jobId)) === 'failed', 'the job to fail');
    await worker.close();
    await connection.quit();

    expect(await ensureJob(t.runtime.queues, 'send', payload, { cooldownMs: 60_000 })).toBe('cooling');
    expect(await queue.getJobState(jobId)).toBe('failed');
    expect(await ensureJob(t.runtime.queues, 'send', payload, { cooldownMs: 0 })).toBe('added');
    expect(await queue.getJobState(jobId)).toBe('waiting');
  });
});
