import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/index.js';
import { type Session, signUp } from '../helpers/factories.js';
import type { TestContext } from '../helpers/harness.js';
import {
  as,
  createSandboxChannel,
  type DispatchTest,
  getMessage,
  patchChannel,
  sendMessage,
  setupDispatchTest,
  startRoles,
  stopRoles,
  waitFor,
} from './support.js';

let env: DispatchTest;
let t: TestContext;
let owner: Session;
// Each test uses its own channel; the workers are shared.
let workers: RunningWorker[] = [];

beforeAll(async () => {
  env = await setupDispatchTest();
  t = env.t;
  owner = await signUp(t);
  // POST /v1/messages → send lane (the API adds the job) → provider; the outcomes' events → outbox → RabbitMQ.
  workers = await startRoles(t, ['outbox-relay', 'event-consumer', 'send']);
});

afterAll(async () => {
  await stopRoles(workers);
  await env?.close();
});

/** Polls the message over the API until `done` holds for it. */
function waitForMessage(id: string, done: (m: any) => boolean, what: string, timeoutMs = 20_000) {
  return waitFor(
    async () => {
      const message = await getMessage(t, owner, id);
      return done(message) ? message : undefined;
    },
    what,
    timeoutMs,
  );
}

describe('single messages', () => {
  it('go queued → sent → delivered on a sandbox channel, with the provider id and segments', async () => {
    const channel = await createSandboxChannel(t, owner);
    const body = 'Your code is 4821. '.repeat(10); // 190 GSM-7 characters: two SMS parts
    const created = await sendMessage(t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712345678',
      message_body: body,
    });
    expect(created.status).toBe('queued');

    const delivered = await waitForMessage(created.id, (m) => m.status === 'delivered', 'delivery');
    expect(delivered).toMatchObject({
      status: 'delivered',
      attempts: 1,
      segments: 2,
      message_body: body,
      error_details: null,
    });
    expect(delivered.provider_message_id).toMatch(/^sbx_/);
    expect(Date.parse(delivered.sent_at)).toBeLessThanOrEqual(Date.parse(delivered.delivered_at));

    // The outcome is an event of the message (singles only): sent, then delivered.
    const events = await env.sql.query(
      `SELECT event_type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY occurred_at`,
      [created.id],
    );
    expect(events.rows.map((r) => r.event_type)).toEqual([
      'message.created',
      'message.sent',
      'message.delivered',
    ]);
    expect(JSON.stringify(events.rows)).not.toContain('Your code');

    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toMatch(/turumba_sends_total\{channel_type="sandbox",outcome="sent"\} [1-9]/);
    expect(metrics.text).toMatch(
      /turumba_provider_send_duration_seconds_count\{channel_type="sandbox"\} [1-9]/,
    );
    expect(metrics.text).toContain('turumba_queue_jobs{queue="send-single",state="waiting"}');
  });

  it('retry a retryable provider failure after the channel interval, then succeed, counting attempts', async () => {
    const channel = await createSandboxChannel(t, owner, {
      config: { failure_rate: 1 },
      retry_count: 5,
      retry_interval: 1,
    });
    const created = await sendMessage(t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712345679',
      message_body: 'Hello',
    });
    const failed = await waitForMessage(created.id, (m) => m.status === 'failed', 'a failed attempt');
    expect(failed.attempts).toBeGreaterThanOrEqual(1);
    expect(failed.error_details).toMatchObject({ code: 'sandbox_failure', retryable: true });
    expect(failed.failed_at).not.toBeNull();

    await patchChannel(t, owner, channel.id, { config: { failure_rate: 0 } });
    const delivered = await waitForMessage(
      created.id,
      (m) => m.status === 'delivered',
      'delivery after retries',
    );
    expect(delivered.attempts).toBeGreaterThanOrEqual(2);
    expect(delivered.attempts).toBeLessThanOrEqual(6);
    expect(delivered.error_details).toBeNull();
    expect(delivered.provider_message_id).toMatch(/^sbx_/);
  });

  it('wait, with their channel in error, while its credentials cannot be read', async () => {
    const res = await t.request('POST', '/v1/channels', {
      ...as(owner),
      body: {
        name: 'Twilio',
        channel_type: 'sms',
        provider: 'twilio',
        credentials: { account_sid: `AC${'1'.repeat(32)}`, auth_token: 'f'.repeat(32) },
        config: { from: '+15005550006' },
        retry_count: 3,
        retry_interval: 1,
      },
    });
    expect(res.status, res.text).toBe(201);
    // Credentials sealed under a key this process does not have (a rotated CREDENTIALS_KEY): the
    // adapter cannot be built until someone enters them again. Like refused credentials, the channel
    // goes to `error` and holds its messages; no message is given up, no provider contacted.
    await env.sql.query(`UPDATE channels SET credentials_key_id = '00000000' WHERE id = $1`, [res.body.id]);

    const created = await sendMessage(t, owner, {
      channel_id: res.body.id,
      delivery_address: '+255712345680',
      message_body: 'Hello',
    });
    const channel = await waitFor(async () => {
      const r = await t.request('GET', `/v1/channels/${res.body.id}`, as(owner));
      return r.body.status === 'error' ? r.body : undefined;
    }, 'the channel in error');
    expect(channel.error_message).toMatch(/CREDENTIALS_KEY; enter them again/);
    const held = await getMessage(t, owner, created.id);
    expect(held).toMatchObject({ status: 'queued', attempts: 0, provider_message_id: null, failed_at: null });
  });

  it('fail permanently once the retries are used up; POST retry re-queues it and it is sent', async () => {
    const channel = await createSandboxChannel(t, owner, {
      config: { failure_rate: 1 },
      retry_count: 1,
      retry_interval: 1,
    });
    const created = await sendMessage(t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712345681',
      message_body: 'Hello again',
    });
    const exhausted = await waitForMessage(
      created.id,
      (m) => m.status === 'permanently_failed',
      'retries used up',
    );
    // retry_count 1: the first attempt and one retry.
    expect(exhausted.attempts).toBe(2);
    expect(exhausted.error_details).toMatchObject({ code: 'sandbox_failure', reason: 'retries_exhausted' });

    await patchChannel(t, owner, channel.id, { config: { failure_rate: 0 } });
    const retried = await t.request('POST', `/v1/messages/${created.id}/retry`, as(owner));
    expect(retried.status, retried.text).toBeLessThan(300);
    expect(retried.body.status).toBe('queued');

    const delivered = await waitForMessage(
      created.id,
      (m) => m.status === 'delivered',
      'delivery after redrive',
    );
    // A fresh round: 3 when the first new attempt saw the new config, 4 when it still ran on the
    // channel as cached (about a second) and failed, and the round's retry then succeeded.
    expect([3, 4]).toContain(delivered.attempts);
    expect(delivered.provider_message_id).toMatch(/^sbx_/);
  });

  it('can be cancelled while failed and waiting for a retry, which then never comes', async () => {
    const channel = await createSandboxChannel(t, owner, {
      config: { failure_rate: 1 },
      retry_count: 5,
      retry_interval: 2,
    });
    const created = await sendMessage(t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712345682',
      message_body: 'Stop trying',
    });
    const failed = await waitForMessage(created.id, (m) => m.status === 'failed', 'the first failure');
    const cancel = await t.request('PATCH', `/v1/messages/${created.id}`, {
      ...as(owner),
      body: { status: 'cancelled' },
    });
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    // Past the retry's time (2 s): no further attempt, and the message can now be deleted.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await getMessage(t, owner, created.id)).toMatchObject({
      status: 'cancelled',
      attempts: failed.attempts,
    });
    expect((await t.request('DELETE', `/v1/messages/${created.id}`, as(owner))).status).toBe(204);
  });

  it('fail a message of a disabled channel permanently, saying why', async () => {
    const channel = await createSandboxChannel(t, owner);
    // Disabled after the message was accepted (the API refuses new messages on a disabled channel).
    const created = await sendMessage(t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712345682',
      message_body: 'Hello',
      scheduled_at: new Date(Date.now() + 1_500).toISOString(),
    });
    expect(created.status).toBe('scheduled');
    await patchChannel(t, owner, channel.id, { is_enabled: false });

    const failed = await waitForMessage(created.id, (m) => m.status === 'permanently_failed', 'refusal');
    expect(failed.error_details).toMatchObject({ code: 'channel_disabled' });
    expect(failed.attempts).toBe(0);
  });

  it('send a scheduled message at its time, not before', async () => {
    const channel = await createSandboxChannel(t, owner);
    const at = Date.now() + 2_000;
    const created = await sendMessage(t, owner, {
      channel_id: channel.id,
      delivery_address: '+255712345683',
      message_body: 'Later',
      scheduled_at: new Date(at).toISOString(),
    });
    expect(created.status).toBe('scheduled');
    const delivered = await waitForMessage(created.id, (m) => m.status === 'delivered', 'the scheduled send');
    expect(Date.parse(delivered.sent_at)).toBeGreaterThanOrEqual(at - 1_000);
  });
});
