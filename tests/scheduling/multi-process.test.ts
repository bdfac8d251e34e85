import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.js';
import { runOccurrence } from '../../src/modules/scheduled-messages/run-occurrence.js';
import type { RunningWorker } from '../../workers/index.js';
import { createVhost } from '../events/broker.js';
import type { Session } from '../helpers/factories.js';
import { setupTestApp, type TestContext } from '../helpers/harness.js';
import {
  as,
  createSchedule,
  createTenant,
  getSchedule,
  inMs,
  listRuns,
  type Pipeline,
  scheduleMessages,
  singleSchedule,
  startEventPipeline,
  startTestScheduler,
  type Tenant,
  waitFor,
} from './support.js';

let t: TestContext;
let vhost: Awaited<ReturnType<typeof createVhost>>;
let pipeline: Pipeline;
let tenant: Tenant;
let owner: Session;

let otherProcess: Promise<SchedulerProcess> | undefined;

beforeAll(async () => {
  vhost = await createVhost();
  t = await setupTestApp({ AMQP_URL: vhost.url() });
  // Starting a second Node process takes a few seconds: let it boot while the rest is set up.
  otherProcess = spawnSchedulerProcess();
  otherProcess.catch(() => {});
  pipeline = await startEventPipeline(t);
  tenant = await createTenant(t);
  owner = tenant.owner;
});
afterAll(async () => {
  await (await otherProcess?.catch(() => undefined))?.stop();
  await pipeline?.stop();
  await t?.close();
  await vhost?.remove();
});

/**
 * `npm run start:worker` with only the scheduler role, as its own OS process, on this file's
 * database, queue prefix and vhost. Resolves once it logs that its workers started.
 */
type SchedulerProcess = { child: ChildProcess; stop: () => Promise<void> };

async function spawnSchedulerProcess(): Promise<SchedulerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--worker'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: t.databaseUrl,
      QUEUE_PREFIX: t.queuePrefix,
      AMQP_URL: vhost.url(),
      WORKER_ROLES: 'scheduler',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      JWT_SECRET: randomBytes(32).toString('hex'),
      CREDENTIALS_KEY: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(
    () => output.includes('workers started') || child.exitCode !== null,
    'the scheduler process',
    30_000,
  );
  if (child.exitCode !== null) throw new Error(`scheduler process exited: ${output}`);
  return {
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('exactly one run per occurrence whatever the number of scheduler processes', () => {
  it('a 2-second cron with two scheduler processes produces one run and one message per occurrence', async () => {
    const other = await otherProcess!;
    let local: RunningWorker | undefined;
    try {
      local = await startTestScheduler(t);
      const created = await createSchedule(
        t,
        owner,
        singleSchedule(tenant, {
          scheduled_at: inMs(0),
          recurrence_rule: 'cron:*/2 * * * * *',
          timezone: 'Australia/Sydney',
        }),
      );
      await waitFor(
        async () => (await getSchedule(t, owner, created.id)).trigger_count >= 3,
        'three runs',
        20_000,
      );
      const cancelled = await t.request('POST', `/v1/scheduled-messages/${created.id}/cancel`, as(owner));
      expect(cancelled.status).toBe(200);

      const runs = await listRuns(t, owner, created.id);
      const times = runs.map((r) => Date.parse(r.occurrence_at));
      expect(runs.every((r) => r.outcome === 'triggered')).toBe(true);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(2000);
      const messages = await scheduleMessages(t, owner, created.id);
      expect(messages.map((m) => m.id).sort()).toEqual(runs.map((r) => r.message_id).sort());
      expect(cancelled.body.trigger_count).toBe(runs.length);
    } finally {
      await local?.close();
      await other.stop();
      otherProcess = undefined;
    }
  });

  it('concurrent runs of one occurrence from separate connection pools create one message', async () => {
    const created = await createSchedule(t, owner, singleSchedule(tenant, { scheduled_at: inMs(60_000) }));
    const ref = {
      scheduledMessageId: created.id,
      accountId: owner.accountId,
      occurrenceAt: Date.parse(created.next_trigger_at),
    };
    const pools: Database[] = [createDatabase(t.databaseUrl), createDatabase(t.databaseUrl)];
    try {
      // Run "late" (as a worker would after the time passed), eight times at once over two pools.
      const at = () => new Date(ref.occurrenceAt + 10);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          runOccurrence({ db: pools[i % 2]!.db, logger: t.runtime.logger, graceMs: 3_600_000 }, ref, at),
        ),
      );
      expect(results.filter((r) => r.done)).toHaveLength(1);
      expect(await scheduleMessages(t, owner, created.id)).toHaveLength(1);
      expect(await listRuns(t, owner, created.id)).toHaveLength(1);
      expect(await getSchedule(t, owner, created.id)).toMatchObject({
        status: 'completed',
        trigger_count: 1,
      });
    } finally {
      await Promise.all(pools.map((p) => p.pool.end()));
    }
  });
});
