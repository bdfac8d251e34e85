import type { WorkerRole } from '../src/config.js';
import type { AppDeps } from '../src/http/context.js';
import { startContactImportWorker } from './contact-import.js';
import { startEventConsumer } from './event-consumer.js';
import { startFanoutWorker } from './fanout.js';
import { startOutboxRelay } from './outbox-relay.js';
import { startReconciler } from './reconciler.js';
import { startScheduler } from './scheduler.js';
import { startSendWorker } from './send.js';
import { startWebhookWorker } from './webhooks.js';

/** A running worker role; `close` stops taking work and waits for what is in flight. */
export type RunningWorker = { role: WorkerRole; close: () => Promise<void> };

type RoleStarter = (deps: AppDeps) => Promise<RunningWorker>;

export const ROLE_STARTERS: Record<WorkerRole, RoleStarter> = {
  'outbox-relay': startOutboxRelay,
  'event-consumer': startEventConsumer,
  scheduler: startScheduler,
  fanout: startFanoutWorker,
  send: startSendWorker,
  reconciler: startReconciler,
  'contact-import': startContactImportWorker,
  webhooks: startWebhookWorker,
};

/** Starts the given roles in this process. */
export async function startWorkers(deps: AppDeps, roles: readonly WorkerRole[]): Promise<RunningWorker[]> {
  const started: RunningWorker[] = [];
  for (const role of roles) started.push(await ROLE_STARTERS[role](deps));
  deps.logger.info({ roles }, 'workers started');
  return started;
}

export async function stopWorkers(workers: RunningWorker[]): Promise<void> {
  await Promise.allSettled(workers.map((w) => w.close()));
}
