import { expect } from 'vitest';
import { ROLE_STARTERS, type RunningWorker } from '../../workers/index.js';
import { startWebhookWorker } from '../../workers/webhooks.js';
import { as, setupDispatchTest, waitFor } from '../dispatch/support.js';
import { signUp } from '../helpers/factories.js';
import { type ContractEnv, PUBLIC_BASE_URL } from './contract.js';

export { PUBLIC_BASE_URL };

/** Short scans and leases so a channel's mailbox session starts (and moves) within a test's patience. */
export const SESSION_TIMINGS = { scanMs: 150, leaseMs: 2_000 };

/**
 * The platform for email tests: every role a mail crosses (send out; the `webhooks` role with the
 * IMAP sessions in), loopback servers allowed, links under PUBLIC_BASE_URL.
 */
export async function startEmailEnv(
  env: Record<string, string> = {},
  options: { sessions?: boolean } = {},
): Promise<ContractEnv> {
  const dispatch = await setupDispatchTest({
    PROVIDER_PRIVATE_HOSTS: 'true',
    PUBLIC_BASE_URL,
    ...env,
  });
  const t = dispatch.t;
  const owner = await signUp(t);
  const workers: RunningWorker[] = [];
  for (const role of ['outbox-relay', 'event-consumer', 'fanout', 'send'] as const) {
    workers.push(await ROLE_STARTERS[role](t.runtime));
  }
  if (options.sessions !== false) {
    workers.push(await startWebhookWorker(t.runtime, { pollMs: 100, sessions: SESSION_TIMINGS }));
  }
  return { env: dispatch, t, owner, workers };
}

export async function channelStatus(c: ContractEnv, id: string): Promise<any> {
  const res = await c.t.request('GET', `/v1/channels/${id}`, as(c.owner));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export function waitForChannel(c: ContractEnv, id: string, status: string, timeoutMs = 20_000) {
  return waitFor(
    async () => {
      const channel = await channelStatus(c, id);
      return channel.status === status ? channel : undefined;
    },
    `channel ${status}`,
    timeoutMs,
  );
}

/** Inbound messages of a channel, as the API lists them (newest first). */
export async function inboundOf(c: ContractEnv, channelId: string): Promise<any[]> {
  const res = await c.t.request(
    'GET',
    `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channelId}&sort=created_at:desc&page_size=100`,
    as(c.owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}
