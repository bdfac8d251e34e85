import { Reconciler } from '../src/dispatch/reconcile/reconciler.js';
import { RECONCILE_DEFAULTS, type ReconcileSettings } from '../src/dispatch/reconcile/settings.js';
import type { AppDeps } from '../src/http/context.js';
import { reconcilerMetrics } from '../src/observability/reconciler-metrics.js';
import type { RunningWorker } from './index.js';

/**
 * The `reconciler` role: restores work PostgreSQL says is due but Redis does not hold, once at start
 * and then every few seconds. Any number of processes may run it; an advisory lock lets one at a
 * time do a run.
 */
export async function startReconciler(
  deps: AppDeps,
  overrides: Partial<ReconcileSettings> = {},
): Promise<RunningWorker> {
  const reconciler = new Reconciler(
    {
      database: deps.database,
      queues: deps.queues,
      logger: deps.logger.child({ role: 'reconciler' }),
      metrics: reconcilerMetrics(deps.metrics.registry),
    },
    { ...RECONCILE_DEFAULTS, ...overrides },
  );
  reconciler.start();
  return { role: 'reconciler', close: () => reconciler.stop() };
}
