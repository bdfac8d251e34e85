import { randomBytes } from 'node:crypto';
import { loadConfig } from './src/config.js';
import { runMigrations } from './src/db/migrate.js';
import { accounts, channels } from './src/db/schema/index.js';
import { createMessage } from './src/modules/messages/create-message.js';
import { runOccurrence } from './src/modules/scheduled-messages/run-occurrence.js';
import { createScheduledMessage } from './src/modules/scheduled-messages/service.js';
import { createLogger } from './src/observability/logger.js';
import { createRuntime } from './src/runtime.js';

const url = `postgres://postgres@127.0.0.1:5432/turumba_scratch_${randomBytes(3).toString('hex')}`;
await runMigrations(url);
const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'test' });
const rt = createRuntime(config, createLogger('warn'));
const db = rt.database.db;
const [acc] = await db.insert(accounts).values({ name: 'x' }).returning();
const [ch] = await db
  .insert(channels)
  .values({ accountId: acc!.id, name: 's', channelType: 'sandbox', provider: 'sandbox', webhookToken: 'x' })
  .returning();
const ctx = { accountId: acc!.id, actor: { type: 'system' as const }, requestId: 'x', logger: rt.logger, db };
const row = await createScheduledMessage(ctx, {
  send_type: 'single',
  channel_id: ch!.id,
  delivery_address: '+251911234567',
  message_body: 'hi',
  scheduled_at: new Date().toISOString(),
  timezone: 'Africa/Addis_Ababa',
  recurrence_rule: 'cron:*/30 * * * * *',
} as any);
const pct = (a: number[]) => {
  a.sort((x, y) => x - y);
  return `p50 ${a[Math.floor(a.length / 2)]!.toFixed(1)} p90 ${a[Math.floor(a.length * 0.9)]!.toFixed(1)}`;
};
let times: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  await db.transaction((tx) =>
    createMessage(tx, ctx, {
      channel_id: ch!.id,
      delivery_address: '+251911234567',
      message_body: 'hi',
    } as any),
  );
  times.push(performance.now() - t);
}
console.log('createMessage tx', pct(times));
times = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  await db.transaction(async (tx) => {
    await tx.execute('select 1');
  });
  times.push(performance.now() - t);
}
console.log('empty tx', pct(times));
let next = row.nextTriggerAt!.getTime();
times = [];
for (let i = 0; i < 400; i++) {
  const t = performance.now();
  const r = await runOccurrence(
    { db, logger: rt.logger, graceMs: 1e12 },
    { scheduledMessageId: row.id, accountId: acc!.id, occurrenceAt: next },
    () => new Date(next + 5),
  );
  times.push(performance.now() - t);
  next = r.done ? r.nextTriggerAt!.getTime() : 0;
}
console.log('runOccurrence', pct(times));
await rt.close();
