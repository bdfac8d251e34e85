import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { loadConfig } from './src/config.js';
import { runMigrations } from './src/db/migrate.js';
import { accounts, channels } from './src/db/schema/index.js';
import { createScheduledMessage } from './src/modules/scheduled-messages/service.js';
import { createLogger } from './src/observability/logger.js';
import { createRuntime } from './src/runtime.js';
import { startScheduler } from './workers/scheduler.js';

const url = `postgres://postgres@127.0.0.1:5432/turumba_scratch_${randomBytes(3).toString('hex')}`;
await runMigrations(url);
const config = loadConfig({
  DATABASE_URL: url,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'test',
  QUEUE_PREFIX: `scratch-${randomBytes(3).toString('hex')}`,
});
const rt = createRuntime(config, createLogger('warn'));
const db = rt.database.db;
const [acc] = await db.insert(accounts).values({ name: 'x' }).returning();
const [ch] = await db
  .insert(channels)
  .values({ accountId: acc!.id, name: 's', channelType: 'sandbox', provider: 'sandbox', webhookToken: 'x' })
  .returning();
const ctx = { accountId: acc!.id, actor: { type: 'system' as const }, requestId: 'x', logger: rt.logger, db };
const N = Number(process.argv[2] ?? 1000);
const PERIOD = Number(process.argv[3] ?? 30);
const start = new Date(Date.now() + 60_000).toISOString();
const t = performance.now();
for (let i = 0; i < N; i++) {
  await createScheduledMessage(ctx, {
    send_type: 'single',
    channel_id: ch!.id,
    delivery_address: '+251911234567',
    message_body: 'hi',
    scheduled_at: start,
    timezone: 'Africa/Addis_Ababa',
    recurrence_rule: `cron:${i % PERIOD}/${PERIOD} * * * * *`,
    x: ``,
  } as any);
}
console.log('created', N, 'in', ((performance.now() - t) / 1000).toFixed(1), 's');
const w = await startScheduler(rt);
const from = new Date(Date.parse(start) + 2000);
await new Promise((r) => setTimeout(r, Date.parse(start) - Date.now() + 35_000));
const res = await rt.database.pool.query(
  `with x as (select extract(epoch from m.created_at - r.occurrence_at)*1000 as start_ms, extract(epoch from r.created_at - r.occurrence_at)*1000 as total_ms from scheduled_message_runs r join messages m on m.id = r.message_id where r.outcome='triggered' and r.occurrence_at >= $1)
select percentile_cont(0.5) within group (order by start_ms) p50_start, percentile_cont(0.99) within group (order by start_ms) p99_start, percentile_cont(0.5) within group (order by total_ms) p50, percentile_cont(0.99) within group (order by total_ms) p99, count(*) from x`,
  [from],
);
console.log(res.rows[0]);
await w.close();
await rt.close();
