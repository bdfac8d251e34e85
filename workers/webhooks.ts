import { Counter, type Registry } from 'prom-client';
import { sqlState } from '../src/dispatch/status-writer.js';
import type { AppDeps } from '../src/http/context.js';
import { OutboxListener } from '../src/outbox/listener.js';
import { Wakeup } from '../src/outbox/wakeup.js';
import {
  DEFAULT_SUPERVISOR_OPTIONS,
  SessionSupervisor,
  type SupervisorOptions,
} from '../src/sessions/session-supervisor.js';
import {
  type ApplySettings,
  applyOneByOne,
  applyWebhookBatch,
  type BatchResult,
  DEFAULT_APPLY_SETTINGS,
  pruneWebhookEvents,
} from '../src/webhooks/apply-events.js';
import { WEBHOOK_CHANNEL } from '../src/webhooks/inbox.js';
import type { RunningWorker } from './index.js';

export type WebhookWorkerOptions = Partial<ApplySettings> & {
  /** Backstop poll when no notification comes (waiting receipts coming due). */
  pollMs?: number;
  /**
   * After a batch smaller than the limit, how long to let events gather before the next one. Each
   * batch is a transaction that walks the due index: receipts trickling in over an SMPP bind or
   * provider webhooks one by one made batches of about 15 events at 5 ms of scanning each.
   */
  gatherMs?: number;
  /** Scan and lease timings of the session listeners (IMAP mailboxes). */
  sessions?: Partial<SupervisorOptions>;
};

// Handled events are kept a week (troubleshooting, and the dedupe window for late provider retries).
const KEEP_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The `webhooks` role: applies the provider webhooks the API stored in `webhook_events` — receipts
 * through the one receipt path, inbound messages to messages and contacts — in batches, woken by a
 * NOTIFY from the API and polling as a backstop. Any number of processes may run it (SKIP LOCKED).
 *
 * It also runs the session listeners of providers that receive over a connection of their own
 * (email's IMAP mailbox): they feed the same inbox, and this role is the one that reads it. Each
 * channel's listener runs in one process at a time, the holder of its lease in Redis (see
 * src/sessions/session-supervisor.ts). There is no balancing: a process takes any free channel it
 * sees, which is fine for sessions that cost an idle socket each; a second process is a standby
 * that takes over the channels of one that dies.
 */
export async function startWebhookWorker(
  deps: AppDeps,
  options: WebhookWorkerOptions = {},
): Promise<RunningWorker> {
  const logger = deps.logger.child({ role: 'webhooks' });
  const db = deps.database.db;
  const settings: ApplySettings = { ...DEFAULT_APPLY_SETTINGS, ...options };
  const pollMs = options.pollMs ?? 1_000;
  const gatherMs = options.gatherMs ?? 20;
  const wakeup = new Wakeup();
  const listener = new OutboxListener({
    databaseUrl: deps.config.databaseUrl,
    logger,
    onNotify: () => wakeup.notify(),
    reconnectMinMs: 500,
    reconnectMaxMs: 10_000,
    channel: WEBHOOK_CHANNEL,
  });
  listener.start();
  const events = webhookEventCounter(deps.metrics.registry);
  const sessions = new SessionSupervisor(
    db,
    deps.redis,
    deps.config.queuePrefix,
    deps.config,
    logger.child({ module: 'sessions' }),
    { ...DEFAULT_SUPERVISOR_OPTIONS, ...options.sessions },
  );
  sessions.start();
  let stopped = false;
  let lastPrune = 0;

  const loop = (async () => {
    while (!stopped) {
      let result: BatchResult = { handled: 0, outcomes: [], progress: [] };
      try {
        result = await applyWebhookBatch(db, settings);
      } catch (error) {
        logger.warn(
          { err: (error as Error).name, code: sqlState(error) },
          'applying webhooks failed; one by one',
        );
        result = await applyOneByOne(db, settings, (id, err) =>
          logger.warn(
            { event_id: id, err: (err as Error).name, code: sqlState(err) },
            'a webhook event failed',
          ),
        ).catch(() => result);
      }
      for (const o of result.outcomes) events.inc({ kind: o.kind, state: o.state });
      await deps.live.publisher.publish(result.progress);
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        await pruneWebhookEvents(db, KEEP_MS).catch(() => 0);
      }
      if (stopped || result.handled >= settings.batchSize) continue;
      // Events came and more may be on their way: gather them, then take them in one batch (what
      // committed meanwhile is read whatever the notifications). Nothing came: wait to be woken.
      if (result.handled > 0 && gatherMs > 0) await wakeup.wait(gatherMs, false);
      else await wakeup.wait(pollMs, true);
    }
  })();

  return {
    role: 'webhooks',
    async close() {
      stopped = true;
      wakeup.interrupt();
      await sessions.close();
      await loop;
      await listener.close();
    },
  };
}

/** `turumba_webhook_events_total{kind, state}`: provider webhook events handled, by what became of them. */
function webhookEventCounter(registry: Registry): Counter<'kind' | 'state'> {
  const name = 'turumba_webhook_events_total';
  return (
    (registry.getSingleMetric(name) as Counter<'kind' | 'state'> | undefined) ??
    new Counter({
      name,
      help: 'Provider webhook events applied by the webhooks role, by kind (status, inbound) and state (applied, waiting, ignored, orphaned)',
      labelNames: ['kind', 'state'] as const,
      registers: [registry],
    })
  );
}
