import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_STARTERS, type RunningWorker } from '../../workers/index.js';
import { startWebhookWorker } from '../../workers/webhooks.js';
import { as, type DispatchTest, setupDispatchTest, waitFor } from '../dispatch/support.js';
import { type Session, signUp } from '../helpers/factories.js';
import type { ApiResponse, TestContext } from '../helpers/harness.js';
import type { ChannelView, FaultKind, ProviderPeer, WebhookCall } from './peers/peer.js';

/** The public base URL the platform runs behind in these tests: webhooks are signed over it. */
export const PUBLIC_BASE_URL = 'https://hooks.turumba.test';

/** One platform with every role a provider's path crosses, and a session in it. */
export type ContractEnv = {
  env: DispatchTest;
  t: TestContext;
  owner: Session;
  workers: RunningWorker[];
};

/** Starts the platform for provider tests: base_url and loopback hosts allowed, webhooks signed over PUBLIC_BASE_URL. */
export async function startContractEnv(): Promise<ContractEnv> {
  const env = await setupDispatchTest({
    PROVIDER_BASE_URL_OVERRIDE: 'true',
    PROVIDER_PRIVATE_HOSTS: 'true',
    PUBLIC_BASE_URL,
  });
  const t = env.t;
  const owner = await signUp(t);
  const workers: RunningWorker[] = [];
  for (const role of ['outbox-relay', 'event-consumer', 'fanout', 'send'] as const) {
    workers.push(await ROLE_STARTERS[role](t.runtime));
  }
  // Short waits so a receipt that overtook its send is retried quickly.
  workers.push(await startWebhookWorker(t.runtime, { waitFirstMs: 50, waitMaxMs: 500, pollMs: 100 }));
  return { env, t, owner, workers };
}

export async function stopContractEnv(c: ContractEnv | undefined): Promise<void> {
  if (!c) return;
  await Promise.all(c.workers.map((w) => w.close()));
  await c.env.close();
}

/** Delivers a webhook the way the provider would: to its URL (under PUBLIC_BASE_URL), raw body and headers. */
export function deliver(t: TestContext, call: WebhookCall): Promise<ApiResponse> {
  expect(call.url.startsWith(PUBLIC_BASE_URL), call.url).toBe(true);
  return t.request(call.method, call.url.slice(PUBLIC_BASE_URL.length), {
    // A GET (MessageBird's status reports) has no body at all.
    ...(call.method === 'GET' ? {} : { rawBody: call.body }),
    headers: call.headers,
  });
}

export async function createChannel(c: ContractEnv, body: Record<string, unknown>): Promise<any> {
  const res = await c.t.request('POST', '/v1/channels', { ...as(c.owner), body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** The audit entries of the account's opt-outs of `address` (actor, action, changes). */
export async function optOutAuditOf(c: ContractEnv, address: string): Promise<any[]> {
  const audit = await c.env.sql.query(
    `SELECT actor_type, action, changes FROM audit_log a JOIN opt_outs o ON o.id::text = a.resource_id
     WHERE o.account_id = $1 AND o.address = $2`,
    [c.owner.accountId, address],
  );
  return audit.rows;
}

/** The account's opt-outs of `address`, once there is one: waits for the receipt that records it. */
export async function providerOptOutsOf(c: ContractEnv, address: string): Promise<any[]> {
  return waitFor(async () => {
    const r = await c.env.sql.query(
      'SELECT channel_type, address, source, contact_id, reason FROM opt_outs WHERE account_id = $1 AND address = $2',
      [c.owner.accountId, address],
    );
    return r.rows.length > 0 ? r.rows : undefined;
  }, 'opt-out recorded');
}

/** The one entry a provider-reported opt-out leaves: by the system, the address masked. */
export const providerOptOutEntry = (channelType: string) => ({
  actor_type: 'system',
  action: 'opt_out.created',
  changes: { channel_type: { to: channelType }, address: { to: '••••' }, source: { to: 'provider' } },
});

export async function getMessage(c: ContractEnv, id: string): Promise<any> {
  const res = await c.t.request('GET', `/v1/messages/${id}`, as(c.owner));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export function waitForMessage(c: ContractEnv, id: string, done: (m: any) => boolean, what: string) {
  return waitFor(
    async () => {
      const m = await getMessage(c, id);
      return done(m) ? m : undefined;
    },
    what,
    20_000,
  );
}

export async function sendTo(
  c: ContractEnv,
  channelId: string,
  to: string,
  extra: Record<string, unknown> = {},
) {
  const res = await c.t.request('POST', '/v1/messages', {
    ...as(c.owner),
    body: { channel_id: channelId, delivery_address: to, message_body: 'Hello from the contract', ...extra },
  });
  expect(res.status, res.text).toBe(202);
  return res.body;
}

async function getChannel(c: ContractEnv, id: string): Promise<any> {
  const res = await c.t.request('GET', `/v1/channels/${id}`, as(c.owner));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function inboundMessages(c: ContractEnv, channelId: string): Promise<any[]> {
  const res = await c.t.request(
    'GET',
    `/v1/messages?filter=direction:eq:inbound&filter=channel_id:eq:${channelId}&page_size=100`,
    as(c.owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

async function contactsWithAddress(c: ContractEnv, peer: ProviderPeer, address: string): Promise<any[]> {
  const field = peer.addressField ?? 'phone';
  const res = await c.t.request(
    'GET',
    `/v1/contacts?filter=${field}:eq:${encodeURIComponent(address)}`,
    as(c.owner),
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

/** Waits until the webhooks role has handled every stored webhook of the channel. */
async function webhooksHandled(c: ContractEnv, channelId: string): Promise<void> {
  await waitFor(async () => {
    const r = await c.env.sql.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1 AND state = 'pending'`,
      [channelId],
    );
    return r.rows[0].n === 0;
  }, 'webhooks handled');
}

/**
 * On providers with a session window (WhatsApp, Messenger), free-form messages reach only people
 * who wrote to the channel recently: each address writes first, as a user would.
 */
export async function openSessions(
  c: ContractEnv,
  peer: ProviderPeer,
  channel: ChannelView,
  addresses: string[],
): Promise<void> {
  if (!peer.supports.sessionWindow) return;
  // Ten at a time: a broadcast's 150 recipients write as a crowd would.
  for (let i = 0; i < addresses.length; i += 10) {
    await Promise.all(
      addresses.slice(i, i + 10).map(async (from) => {
        const call = peer.inbound(channel, {
          id: `open-${randomBytes(8).toString('hex')}`,
          from,
          text: 'Hello',
        });
        const res = await deliver(c.t, call);
        expect(res.status, res.text).toBe(200);
      }),
    );
  }
  await webhooksHandled(c, channel.id);
}

/** A broadcast over the API: `count` new contacts in a new group, sent on the channel. */
async function broadcast(
  c: ContractEnv,
  peer: ProviderPeer,
  channel: ChannelView,
  count: number,
  offset: number,
) {
  const channelId = channel.id;
  const contactIds: string[] = [];
  const addresses: string[] = [];
  for (let i = 0; i < count; i++) {
    const address = peer.recipient(offset + i);
    const res = await c.t.request('POST', '/v1/contacts', {
      ...as(c.owner),
      body: { name: `Recipient ${offset + i}`, [peer.addressField ?? 'phone']: address },
    });
    expect(res.status, res.text).toBe(201);
    contactIds.push(res.body.id);
    addresses.push(address);
  }
  await openSessions(c, peer, channel, addresses);
  const group = await c.t.request('POST', '/v1/contact-groups', {
    ...as(c.owner),
    body: { name: `Group ${randomBytes(3).toString('hex')}` },
  });
  expect(group.status, group.text).toBe(201);
  const members = await c.t.request('POST', `/v1/contact-groups/${group.body.id}/members`, {
    ...as(c.owner),
    body: { contact_ids: contactIds },
  });
  expect(members.status, members.text).toBeLessThan(300);
  const created = await c.t.request('POST', '/v1/group-messages', {
    ...as(c.owner),
    body: {
      name: 'Contract broadcast',
      channel_id: channelId,
      message_body: 'Hello {FIRST_NAME}',
      contact_group_ids: [group.body.id],
      status: 'queued',
    },
  });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}

async function readGroup(c: ContractEnv, id: string): Promise<any> {
  const res = await c.t.request('GET', `/v1/group-messages/${id}`, as(c.owner));
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/**
 * The cases every provider adapter must pass, run against its local peer. A provider file calls
 * this with its peer's static `supports` and a factory; cases the provider cannot take part in are
 * not registered, so the report lists exactly what each provider covers.
 */
export function runProviderContract(
  name: string,
  provider: { supports: ProviderPeer['supports']; start: () => Promise<ProviderPeer> },
): void {
  const { supports } = provider;
  // A case the provider cannot take part in is not registered at all (never a skipped test).
  const caseIf = (applies: boolean) => (applies ? it : () => {});
  // A group with no case registered is an error in vitest: groups a provider cannot play are left out.
  const groupIf = (applies: boolean) => (applies ? describe : () => {});
  const canFault = (kind: FaultKind) => supports.faults.includes(kind);
  // Receipts and inbound by HTTP webhook (false for session providers: SMPP's arrive over the bind).
  const webhooks = supports.webhooks !== false;
  const errorFaults: FaultKind[] = [
    'invalid_address',
    'server_error',
    'html_page',
    'reset',
    'hang',
    'throttled',
  ];
  describe(`${name}: provider contract`, () => {
    let c: ContractEnv;
    let peer: ProviderPeer;
    let n = 0;
    const next = () => ++n;
    /** A fresh channel on the peer for one case (settings merged into the peer's body). */
    const channelOnPeer = async (settings: Record<string, unknown> = {}): Promise<ChannelView & any> => {
      const body = peer.channelBody();
      const channel = await createChannel(c, {
        ...body,
        ...settings,
        config: { ...(body.config as object), ...((settings.config as object) ?? {}) },
      });
      if (supports.verifyRegistersWebhook) {
        // The provider learns the webhook's secret when the platform verifies the channel.
        const verified = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
        expect(verified.body.status, verified.text).toBe('connected');
      }
      return channel;
    };

    /** A message to `to` on the channel, its recipient's window opened first where the provider has one. */
    const sendOnPeer = async (channel: ChannelView, to: string) => {
      await openSessions(c, peer, channel, [to]);
      return sendTo(c, channel.id, to);
    };
    const failedReceipts = supports.failedReceipts ?? true;

    beforeAll(async () => {
      c = await startContractEnv();
      peer = await provider.start();
    });
    afterAll(async () => {
      await peer?.close();
      await stopContractEnv(c);
    });

    groupIf(supports.send)('send', () => {
      caseIf(supports.send)('sends through the provider API and records its message id', async () => {
        const channel = await channelOnPeer();
        const to = peer.recipient(next());
        const created = await sendOnPeer(channel, to);
        const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
        const received = peer.sent.find((s) => s.providerMessageId === sent.provider_message_id);
        expect(received).toMatchObject({ to, body: 'Hello from the contract' });
        expect(sent).toMatchObject({ attempts: 1, error_details: null });
      });

      caseIf(supports.send)(
        'reuses connections across a broadcast (no TCP handshake per message)',
        async () => {
          const channel = await channelOnPeer();
          const before = peer.connections;
          const count = 150;
          const groupId = await broadcast(c, peer, channel, count, 1_000);
          await waitFor(
            async () => (await readGroup(c, groupId)).sent_count === count,
            'broadcast sent',
            80_000,
          );
          const opened = peer.connections - before;
          expect(opened).toBeGreaterThan(0);
          // The channel's pool holds at most 64 sockets per origin (providers/http/client.ts), and
          // reuses them: without keep-alive every message would have opened its own.
          expect(opened).toBeLessThanOrEqual(64);
          expect(opened).toBeLessThan(count / 2);
        },
        // 150 contacts (and, with a session window, 150 inbound webhooks) before the broadcast itself:
        // more than the default 30 s on a loaded machine.
        90_000,
      );
    });

    groupIf(supports.send || canFault('bad_credentials'))('verify', () => {
      caseIf(supports.send)('connects a channel whose credentials the provider accepts', async () => {
        const channel = await channelOnPeer();
        const res = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
        expect(res.status, res.text).toBe(200);
        expect(res.body).toMatchObject({ status: 'connected', error_message: null });
        expect(res.body.last_verified_at).not.toBeNull();
      });

      caseIf(canFault('bad_credentials'))(
        'puts a channel whose credentials are refused in error, with the reason',
        async () => {
          const channel = await channelOnPeer();
          peer.failNext({ kind: 'bad_credentials' }, Number.POSITIVE_INFINITY);
          try {
            const res = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
            expect(res.status, res.text).toBe(200);
            expect(res.body.status).toBe('error');
            expect(res.body.error_message).toMatch(/credential|authenticat/i);
          } finally {
            peer.clearFaults();
          }
        },
      );
    });

    groupIf(errorFaults.some(canFault) || canFault('bad_credentials'))('errors', () => {
      caseIf(canFault('invalid_address'))(
        'fails an invalid number permanently, with the provider’s code',
        async () => {
          const channel = await channelOnPeer();
          peer.failNext({ kind: 'invalid_address' });
          const created = await sendOnPeer(channel, peer.recipient(next()));
          const failed = await waitForMessage(
            c,
            created.id,
            (m) => m.status === 'permanently_failed',
            'failure',
          );
          expect(failed.attempts).toBe(1);
          expect(failed.error_details).toMatchObject({ code: 'invalid_address', retryable: false });
          expect(failed.error_details.provider_code).toBeTruthy();
        },
      );

      for (const kind of ['server_error', 'html_page', 'reset', 'hang'] as const) {
        caseIf(canFault(kind))(`treats ${kind} as retryable and sends on the retry`, async () => {
          const channel = await channelOnPeer({ retry_interval: 1, retry_count: 2 });
          peer.failNext({ kind });
          const created = await sendOnPeer(channel, peer.recipient(next()));
          const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'retried send');
          expect(sent.attempts).toBe(2);
        });

        caseIf(canFault(kind))(`records ${kind} as a retryable failure when no retry is left`, async () => {
          const channel = await channelOnPeer({ retry_count: 0 });
          peer.failNext({ kind });
          const created = await sendOnPeer(channel, peer.recipient(next()));
          const failed = await waitForMessage(
            c,
            created.id,
            (m) => m.status === 'permanently_failed',
            'failure',
          );
          expect(failed.error_details).toMatchObject({ retryable: true, reason: 'retries_exhausted' });
          expect(failed.error_details.code).toMatch(
            /^provider_(unavailable|bad_response|timeout|connection_failed)$/,
          );
        });
      }

      caseIf(canFault('throttled'))(
        'pauses the channel on throttling and sends after Retry-After, never dropping the message',
        async () => {
          const channel = await channelOnPeer({ retry_interval: 60, retry_count: 2 });
          peer.failNext({ kind: 'throttled', retryAfterSeconds: 1 });
          const before = peer.requests;
          const created = await sendOnPeer(channel, peer.recipient(next()));
          const sent = await waitForMessage(
            c,
            created.id,
            (m) => m.status === 'sent',
            'send after throttling',
          );
          // Retry-After (1 s) won over retry_interval (60 s), and only one retry was needed.
          expect(sent.attempts).toBe(2);
          expect(peer.requests - before).toBe(2);
          const statuses = await c.env.sql.query(
            `SELECT payload->>'status' AS status FROM outbox_events
           WHERE aggregate_id = $1 AND event_type = 'channel.status_changed' ORDER BY occurred_at`,
            [channel.id],
          );
          expect(statuses.rows.map((r) => r.status)).toContain('rate_limited');
        },
      );

      caseIf(canFault('throttled'))(
        'spends no retry on throttling: a channel with no retries left still sends after Retry-After',
        async () => {
          const channel = await channelOnPeer({ retry_interval: 60, retry_count: 0 });
          peer.failNext({ kind: 'throttled', retryAfterSeconds: 1 }, 2);
          const created = await sendOnPeer(channel, peer.recipient(next()));
          const sent = await waitForMessage(
            c,
            created.id,
            (m) => m.status === 'sent' || m.status === 'permanently_failed',
            'send after throttling',
          );
          expect(sent.status, JSON.stringify(sent.error_details)).toBe('sent');
          expect(sent.attempts).toBe(3);
        },
      );

      caseIf(canFault('bad_credentials'))(
        'stops the channel on refused credentials, keeps its messages, and resumes after a verify',
        async () => {
          const channel = await channelOnPeer({ retry_count: 0 });
          peer.failNext({ kind: 'bad_credentials' }, Number.POSITIVE_INFINITY);
          let created: any;
          try {
            created = await sendOnPeer(channel, peer.recipient(next()));
            const stopped = await waitFor(async () => {
              const ch = await getChannel(c, channel.id);
              return ch.status === 'error' ? ch : undefined;
            }, 'channel in error');
            expect(stopped.error_message).toMatch(/credential|authenticat/i);
            // Not lost, not failed: it waits for the channel.
            const waiting = await getMessage(c, created.id);
            expect(waiting.status).toBe('queued');
          } finally {
            peer.clearFaults();
          }
          const verified = await c.t.request('POST', `/v1/channels/${channel.id}/verify`, as(c.owner));
          expect(verified.body.status).toBe('connected');
          const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'send after verify');
          expect(peer.sent.some((s) => s.providerMessageId === sent.provider_message_id)).toBe(true);
        },
      );
    });

    groupIf(canFault('insufficient_balance'))('balance', () => {
      caseIf(canFault('insufficient_balance'))(
        'stops the channel when the balance runs out, keeping its messages',
        async () => {
          const channel = await channelOnPeer({ retry_count: 0 });
          peer.failNext({ kind: 'insufficient_balance' }, Number.POSITIVE_INFINITY);
          try {
            const created = await sendOnPeer(channel, peer.recipient(next()));
            const stopped = await waitFor(async () => {
              const ch = await getChannel(c, channel.id);
              return ch.status === 'error' ? ch : undefined;
            }, 'channel in error');
            expect(stopped.error_message).toMatch(/balance|funds|credit/i);
            expect((await getMessage(c, created.id)).status).toBe('queued');
          } finally {
            peer.clearFaults();
          }
        },
      );
    });

    groupIf(supports.receipts || supports.read)('receipts', () => {
      caseIf(supports.receipts)('moves a broadcast to delivered and failed, counters in step', async () => {
        const channel = await channelOnPeer();
        const groupId = await broadcast(c, peer, channel, 3, 2_000);
        await waitFor(async () => (await readGroup(c, groupId)).sent_count === 3, 'broadcast sent');
        const list = await c.t.request(
          'GET',
          `/v1/messages?filter=group_message_id:eq:${groupId}`,
          as(c.owner),
        );
        const ids: string[] = list.body.items.map((m: any) => m.provider_message_id);
        expect(ids).toHaveLength(3);
        // Without failed receipts (Messenger) all three are delivered.
        const fails = failedReceipts ? 1 : 0;
        for (const [i, id] of ids.entries()) {
          const status = i === 2 && failedReceipts ? 'failed' : 'delivered';
          const res = await deliver(c.t, peer.receipt(channel, id, status));
          expect(res.status, res.text).toBe(200);
        }
        const group = await waitFor(async () => {
          const g = await readGroup(c, groupId);
          return g.delivered_count === 3 - fails && g.failed_count === fails ? g : undefined;
        }, 'receipts applied');
        expect(group).toMatchObject({
          sent_count: 3 - fails,
          delivered_count: 3 - fails,
          failed_count: fails,
          pending_count: 0,
        });
        if (!failedReceipts) return;
        const failed = list.body.items.find((m: any) => m.provider_message_id === ids[2]);
        const failedNow = await getMessage(c, failed.id);
        expect(failedNow.status).toBe('permanently_failed');
        expect(failedNow.error_details.code).toBe('delivery_failed');
        expect(failedNow.error_details.provider_code).toBeTruthy();
      });

      caseIf(supports.read)('keeps a read receipt in the metadata', async () => {
        const channel = await channelOnPeer();
        const created = await sendOnPeer(channel, peer.recipient(next()));
        const sent = await waitForMessage(c, created.id, (m) => m.status === 'sent', 'sent');
        expect((await deliver(c.t, peer.receipt(channel, sent.provider_message_id, 'read'))).status).toBe(
          200,
        );
        const read = await waitForMessage(c, created.id, (m) => m.metadata.read_at !== undefined, 'read');
        expect(read.status).toBe('delivered');
      });

      caseIf(supports.receipts)('applies a receipt that arrives before the send is recorded', async () => {
        const channel = await channelOnPeer();
        // The provider reports delivery before it answers the send: the platform has no id for it yet.
        peer.beforeAnswer(async (send) => {
          const res = await deliver(c.t, peer.receipt(channel, send.providerMessageId, 'delivered'));
          expect(res.status).toBe(200);
        });
        try {
          const created = await sendOnPeer(channel, peer.recipient(next()));
          const delivered = await waitForMessage(
            c,
            created.id,
            (m) => m.status === 'delivered',
            'early receipt',
          );
          expect(delivered.delivered_at).not.toBeNull();
        } finally {
          peer.beforeAnswer(undefined);
        }
      });

      caseIf(supports.receipts)(
        'changes nothing on a replayed receipt, an unknown message or an unknown status',
        async () => {
          const channel = await channelOnPeer();
          const groupId = await broadcast(c, peer, channel, 1, 3_000);
          await waitFor(async () => (await readGroup(c, groupId)).sent_count === 1, 'broadcast sent');
          const list = await c.t.request(
            'GET',
            `/v1/messages?filter=group_message_id:eq:${groupId}`,
            as(c.owner),
          );
          const message = list.body.items[0];
          const receipt = peer.receipt(channel, message.provider_message_id, 'delivered');
          expect((await deliver(c.t, receipt)).status).toBe(200);
          await waitFor(async () => (await readGroup(c, groupId)).delivered_count === 1, 'delivered');
          // The same webhook again, a receipt for a message nobody sent, a status nobody knows.
          expect((await deliver(c.t, receipt)).status).toBe(200);
          const unknown = peer.receipt(channel, `unknown-${next()}`, failedReceipts ? 'failed' : 'delivered');
          expect((await deliver(c.t, unknown)).status).toBe(200);
          expect((await deliver(c.t, peer.unknownReceipt(channel, message.provider_message_id))).status).toBe(
            200,
          );
          // Wait until the worker handled all of them (stored rows, none pending), then compare.
          await waitFor(async () => {
            const r = await c.env.sql.query(
              `SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1 AND state = 'pending'`,
              [channel.id],
            );
            return r.rows[0].n === 0;
          }, 'webhooks handled');
          const group = await readGroup(c, groupId);
          expect(group).toMatchObject({ sent_count: 1, delivered_count: 1, failed_count: 0 });
          expect((await getMessage(c, message.id)).status).toBe('delivered');
        },
      );
    });

    groupIf(webhooks)('inbound', () => {
      it('stores an inbound message, creating the contact, and emits message.received', async () => {
        const channel = await channelOnPeer();
        const from = peer.sender(next());
        const id = `in-${randomBytes(6).toString('hex')}`;
        const call = peer.inbound(channel, { id, from, text: 'Hi there' });
        const res = await deliver(c.t, call);
        expect(res.status, res.text).toBe(200);
        const [message] = await waitFor(async () => {
          const items = await inboundMessages(c, channel.id);
          return items.length > 0 ? items : undefined;
        }, 'inbound stored');
        expect(message).toMatchObject({
          direction: 'inbound',
          message_body: 'Hi there',
          provider_message_id: call.providerMessageId ?? id,
          delivery_address: from,
        });
        const [contact] = await contactsWithAddress(c, peer, from);
        expect(contact).toBeDefined();
        expect(message.contact_id).toBe(contact.id);
        const events = await c.env.sql.query(
          `SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'message.received'`,
          [message.id],
        );
        expect(events.rows).toHaveLength(1);
        expect(JSON.stringify(events.rows[0].payload)).not.toContain('Hi there');
        // When the contact last wrote on this channel (WhatsApp's 24-hour window reads it).
        const activity = await c.env.sql.query(
          `SELECT last_inbound_at FROM contact_channel_activity WHERE contact_id = $1 AND channel_id = $2`,
          [contact.id, channel.id],
        );
        expect(activity.rows).toHaveLength(1);
      });

      it('links an inbound message to the existing contact with that address', async () => {
        const channel = await channelOnPeer();
        const from = peer.sender(next());
        const existing = await c.t.request('POST', '/v1/contacts', {
          ...as(c.owner),
          body: { name: 'Known Sender', [peer.addressField ?? 'phone']: from },
        });
        expect(existing.status, existing.text).toBe(201);
        const res = await deliver(
          c.t,
          peer.inbound(channel, { id: `in-${next()}-${Date.now()}`, from, text: 'Again' }),
        );
        expect(res.status, res.text).toBe(200);
        const [message] = await waitFor(async () => {
          const items = await inboundMessages(c, channel.id);
          return items.length > 0 ? items : undefined;
        }, 'inbound stored');
        expect(message.contact_id).toBe(existing.body.id);
        expect(await contactsWithAddress(c, peer, from)).toHaveLength(1);
      });

      it('stores a replayed inbound webhook once', async () => {
        const channel = await channelOnPeer();
        const call = peer.inbound(channel, {
          id: `in-${next()}-${Date.now()}`,
          from: peer.sender(n),
          text: 'Once',
        });
        expect((await deliver(c.t, call)).status).toBe(200);
        expect((await deliver(c.t, call)).status).toBe(200);
        await waitFor(async () => (await inboundMessages(c, channel.id)).length > 0, 'inbound stored');
        await waitFor(async () => {
          const r = await c.env.sql.query(
            `SELECT count(*)::int AS n FROM webhook_events WHERE channel_id = $1 AND state = 'pending'`,
            [channel.id],
          );
          return r.rows[0].n === 0;
        }, 'webhooks handled');
        expect(await inboundMessages(c, channel.id)).toHaveLength(1);
      });
    });

    groupIf(webhooks)('webhook security', () => {
      it('refuses a forged signature and an unknown channel token with 401 and no detail', async () => {
        const channel = await channelOnPeer();
        const call = peer.inbound(channel, { id: `in-${next()}`, from: peer.sender(n), text: 'Forged' });
        const forged = await deliver(c.t, peer.forge(call));
        expect(forged.status).toBe(401);
        expect(forged.text).not.toMatch(/signature|token|secret/i);
        const otherToken = {
          ...call,
          url: call.url.replace(
            /\/v1\/webhooks\/([^/]+)\/[^/]+/,
            '/v1/webhooks/$1/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
          ),
        };
        expect((await deliver(c.t, otherToken)).status).toBe(401);
        expect(await inboundMessages(c, channel.id)).toHaveLength(0);
      });

      it('answers 400 to a malformed body and 413 to one over 1 MB', async () => {
        const channel = await channelOnPeer();
        const call = peer.inbound(channel, { id: `in-${next()}`, from: peer.sender(n), text: 'x' });
        const malformed = await deliver(c.t, peer.malformedInbound(channel));
        expect(malformed.status, malformed.text).toBe(400);
        const huge = await deliver(c.t, { ...call, body: 'x'.repeat(1024 * 1024 + 10) });
        expect(huge.status).toBe(413);
      });
    });
  });
}
