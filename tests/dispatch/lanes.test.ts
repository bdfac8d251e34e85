import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import {
  createSandboxChannel,
  createTemplate,
  type DispatchTest,
  enqueueBatches,
  enqueueSingles,
  phones,
  seedGroup,
  seedSingles,
  setupDispatchTest,
  startRoles,
  stopRoles,
  waitFor,
} from './support.js';

let env: DispatchTest;
let t: TestContext;
let owner: Session;
let workers: RunningWorker[] = [];

beforeAll(async () => {
  env = await setupDispatchTest();
  t = env.t;
  owner = await signUp(t);
});

afterEach(async () => {
  await stopRoles(workers);
  workers = [];
});

afterAll(async () => {
  await env?.close();
});

/** sent_at of the channel's messages once `count` of them are sent, in ms, ascending. */
async function sentTimes(channelId: string, count: number): Promise<number[]> {
  return waitFor(
    async () => {
      const { rows } = await env.sql.query<{ sent_at: Date }>(
        `SELECT sent_at FROM messages WHERE channel_id = $1 AND sent_at IS NOT NULL ORDER BY sent_at`,
        [channelId],
      );
      return rows.length >= count ? rows.map((r) => r.sent_at.getTime()) : undefined;
    },
    `${count} sends`,
    30_000,
  );
}

describe('send lanes and rate limits', () => {
  it('hold a channel to its rate limit across two worker processes, on both lanes', async () => {
    const LIMIT = 20;
    const channel = await createSandboxChannel(t, owner, { rate_limit: LIMIT });
    const template = await createTemplate(t, owner, { message_body: 'Broadcast' });
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(45, 51).map((address) => ({ address })),
    });
    const singles = await seedSingles(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      addresses: phones(15, 52),
    });
    await enqueueBatches(t, owner, channel.id, group, 10);
    await enqueueSingles(t, owner, singles);
    // Two send roles, each with its own Redis connections, sharing only Redis and PostgreSQL.
    workers = [...(await startRoles(t, ['send'])), ...(await startRoles(t, ['send']))];

    const times = await sentTimes(channel.id, 60);
    // The provider saw at most the limit (+5% for clock jitter) in any one-second window.
    let busiest = 0;
    for (let i = 0; i < times.length; i++) {
      let j = i;
      while (j < times.length && times[j]! < times[i]! + 1_000) j++;
      busiest = Math.max(busiest, j - i);
    }
    expect(busiest).toBeLessThanOrEqual(Math.floor(LIMIT * 1.05));
    expect(busiest).toBeGreaterThan(LIMIT / 2);
  });

  it("hold a broadcast to its own send_rate on an unlimited channel, and leave another broadcast's pace alone", async () => {
    const SEND_RATE = 10;
    const channel = await createSandboxChannel(t, owner);
    const template = await createTemplate(t, owner, { message_body: 'Paced' });
    const paced = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(35, 54).map((address) => ({ address })),
    });
    await env.sql.query('UPDATE group_messages SET send_rate = $2 WHERE id = $1', [paced.groupId, SEND_RATE]);
    const free = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(200, 55).map((address) => ({ address })),
    });
    await enqueueBatches(t, owner, channel.id, paced);
    await enqueueBatches(t, owner, channel.id, free);
    workers = [...(await startRoles(t, ['send'])), ...(await startRoles(t, ['send']))];

    const times = await waitFor(
      async () => {
        const { rows } = await env.sql.query<{ sent_at: Date; group_message_id: string }>(
          `SELECT sent_at, group_message_id FROM messages WHERE channel_id = $1 AND sent_at IS NOT NULL ORDER BY sent_at`,
          [channel.id],
        );
        return rows.length >= 235 ? rows : undefined;
      },
      'both broadcasts sent',
      30_000,
    );
    const pacedTimes = times
      .filter((r) => r.group_message_id === paced.groupId)
      .map((r) => r.sent_at.getTime());
    const freeTimes = times
      .filter((r) => r.group_message_id === free.groupId)
      .map((r) => r.sent_at.getTime());
    let busiest = 0;
    for (let i = 0; i < pacedTimes.length; i++) {
      let j = i;
      while (j < pacedTimes.length && pacedTimes[j]! < pacedTimes[i]! + 1_000) j++;
      busiest = Math.max(busiest, j - i);
    }
    // At most send_rate (+5% for clock jitter) in any second: 35 messages take at least three seconds.
    expect(busiest).toBeLessThanOrEqual(Math.floor(SEND_RATE * 1.05));
    expect(pacedTimes.at(-1)! - pacedTimes[0]!).toBeGreaterThanOrEqual(2_900);
    // The other broadcast on the same channel is not held to it: it is done before the paced one.
    expect(freeTimes.at(-1)!).toBeLessThan(pacedTimes.at(-1)!);
  });

  it('send a single message ahead of most of a 2,000-message broadcast queued before it on the same channel', async () => {
    // Each provider call takes 50 ms, so the broadcast takes a while to get through.
    const channel = await createSandboxChannel(t, owner, { config: { delay_ms: 50 } });
    const template = await createTemplate(t, owner, { message_body: 'Big news' });
    const group = await seedGroup(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      templateId: template.id,
      recipients: phones(2_000, 53).map((address) => ({ address })),
    });
    await enqueueBatches(t, owner, channel.id, group);
    const [single] = await seedSingles(env.sql, {
      accountId: owner.accountId,
      channelId: channel.id,
      addresses: ['+255799000001'],
    });
    await enqueueSingles(t, owner, [single!]);
    workers = await startRoles(t, ['send']);

    await sentTimes(channel.id, 2_001);
    const { rows } = await env.sql.query<{ before: number }>(
      `SELECT count(*)::int AS before FROM messages b, messages s
       WHERE s.id = $1 AND b.group_message_id = $2 AND b.sent_at < s.sent_at`,
      [single, group.groupId],
    );
    // In one FIFO queue it would be 2,000th; on its own lane it goes out with the first wave.
    expect(rows[0]!.before).toBeLessThan(1_000);
  });
});
